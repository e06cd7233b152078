"""One language's content: every file of it read, validated against the schema, and cross-checked as a whole.

A process that loads the same content more than once (the tests, the staff form, `review` after its `check`)
reads and validates it once: loaded content is kept, by project, language and clinic profile, for as long as
its files are the same (stamps.py). Content holds no patient's details; those travel in the build's options.
"""

from __future__ import annotations

import base64
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ContentError, raise_all
from ..options import CONTENT_DIR, LANGUAGE, Options
from ..stamps import files_digest, sha256_file
from . import inline
from .loader import Loader
from .localized import localize
from .model import Content, Sources
from .schema import Clinic, Glossary, Image, MesoType, PacketSpec, Reference, Section
from .yamlsource import LocatedDict, LocatedList, read_bytes


def load_content(options: Options) -> Content:
    """Load, validate and cross-check all content of one language; raise every problem found."""
    content = read_content(options)
    raise_all(list(content.problems))
    return content


def languages(project: Path) -> list[str]:
    """Return the languages the project has content for, the default first."""
    base = project / CONTENT_DIR
    found = sorted(p.name for p in base.iterdir() if (p / "packet.yaml").is_file()) if base.is_dir() else []
    return sorted(found, key=lambda lang: lang != LANGUAGE)


#: How many loaded contents a process keeps (the least recently used go first).
KEPT = 8
_kept: OrderedDict[tuple[Path, str, Path], tuple[str, str | None, Content]] = OrderedDict()
_kept_lock = threading.Lock()


def read_content(options: Options) -> Content:
    """Load and validate all content (raising on any error); cross-check problems are kept in it. Content
    whose files did not change since this process last loaded it is not read again."""
    key, stamp = (options.project.resolve(), options.lang, options.clinic_path().resolve()), _stamp(options)
    with _kept_lock:
        known = _kept.get(key)
    if stamp is not None and known is not None and known[0] == stamp and known[1] == _logo_stamp(known[2]):
        return known[2]
    content = _read_content(options)
    if stamp is not None:
        with _kept_lock:
            _kept[key] = (stamp, _logo_stamp(content), content)
            _kept.move_to_end(key)
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return content


def _stamp(options: Options) -> str | None:
    """Return a hash of every file the content may be read from (handouts/ and the clinic profile), or None
    when one cannot be read (the loader then says which, with its message)."""
    base, clinic = options.project / CONTENT_DIR, options.clinic_path()
    try:
        files = sorted(path for path in base.rglob("*") if path.is_file())
        return files_digest(options.project, [*files, *([clinic] if clinic.is_file() else [])], options.lang)
    except OSError:
        return None


def _logo_stamp(content: Content) -> str | None:
    """Return the hash of the clinic's logo (it may sit outside handouts/, beside the profile)."""
    try:
        return sha256_file(content.sources.logo) if content.sources.logo else None
    except OSError:
        return "unreadable"


def _read_content(options: Options) -> Content:
    """Read, validate and cross-check one language's content."""
    base = options.project / CONTENT_DIR
    lang_dir = base / options.lang
    loader = Loader(options.project)
    if not lang_dir.is_dir():
        raise ContentError(f"no content for language '{options.lang}' in {loader.shown(lang_dir)}; "
                           f"choose one of: {', '.join(languages(options.project)) or 'none found'}")
    sources = Sources(options.project, lang_dir, references=base / "references.yaml", clinic=options.clinic_path())
    sources = replace(sources, types=_yaml_files(loader, sources.type_file("*").parent),
                      sections=_yaml_files(loader, sources.section_file("*").parent))
    loaded_types = {key: loader.model(path, MesoType) for key, path in sources.types.items()}
    loaded_sections = {key: loader.model(path, Section) for key, path in sources.sections.items()}
    references = _load_references(loader, sources.references)
    spec, glossary = loader.require(sources.packet, PacketSpec), loader.require(sources.glossary, Glossary)
    clinic = load_clinic(loader, sources.clinic, options.lang)
    raise_all(loader.problems)
    logo_path, logo = _clinic_logo(loader, clinic, sources.clinic)
    raise_all(loader.problems)
    sources = replace(sources, logo=logo_path)
    types = dict(sorted(((k, v) for k, v in loaded_types.items() if v is not None), key=lambda item: item[1].order))
    sections = {k: v for k, v in loaded_sections.items() if v is not None}
    _check_packet(loader, spec, types, sections, sources)
    _check_sections(loader, sections, types, references, sources)
    files = {sid: loader.shown(path) for sid, path in sources.sections.items()}
    return Content(options.lang, spec, types, sections, references, clinic, glossary, sources, logo, files,
                   loader.raw, tuple(loader.problems))


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def load_clinic(loader: Loader, path: Path, lang: str) -> Clinic:
    """Load a clinic profile with its texts in one language (see localized.py)."""
    langs = languages(loader.project)
    return loader.require(path, Clinic, lambda data, shown: localize(loader, data, shown, lang, langs))


def _clinic_logo(loader: Loader, clinic: Clinic, profile: Path) -> tuple[Path | None, str | None]:
    """Read the clinic's logo (next to its profile) into a data: URI; a missing, odd or outside file is an error.

    Messages name the logo as the profile gives it, never the file's bytes.
    """
    if clinic.logo is None:
        return None, None
    shown, path = loader.shown(profile), profile.parent / clinic.logo
    kind = LOGO_TYPES.get(path.suffix.lower())
    target = path.resolve()
    allowed = (loader.project.resolve(), profile.parent.resolve())
    problem = None
    if kind is None:
        problem = f"logo '{clinic.logo}' must be an SVG or PNG file"
    elif not any(target.is_relative_to(root) for root in allowed):
        problem = f"logo '{clinic.logo}' must be inside the project or the clinic profile's folder"
    elif not path.is_file():
        problem = f"logo file '{clinic.logo}' not found next to the clinic profile"
    else:
        data = _logo_bytes(path, shown)
        if not data.startswith(LOGO_MAGIC[kind]) and not (kind == "image/svg+xml" and b"<svg" in data[:4096]):
            problem = f"logo '{clinic.logo}' is not a {path.suffix[1:].upper()} image"
        else:
            return path, f"data:{kind};base64," + base64.b64encode(data).decode("ascii")
    loader.problem(problem, shown, loader.raw[shown], ("logo",))
    return None, None


#: How each logo file begins (an SVG may also begin with an XML declaration or a comment before `<svg`).
LOGO_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/svg+xml": b"<svg"}


def _logo_bytes(path: Path, shown: str) -> bytes:
    """Read a logo of at most MAX_FILE_BYTES."""
    return read_bytes(path, shown)


def _yaml_files(loader: Loader, folder: Path) -> dict[str, Path]:
    """Return every `*.yaml` in a folder by file name (without .yaml); a missing folder is a problem."""
    if not folder.is_dir():
        loader.problems.append(ContentError("folder not found", loader.shown(folder)))
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def _load_references(loader: Loader, path: Path) -> dict[str, Reference]:
    """Load references.yaml: a mapping from citation key to reference."""
    data = loader.load(path)
    if data is None:
        if loader.shown(path) in loader.raw:
            raise_all([*loader.problems, ContentError("the file is empty", loader.shown(path))])
        return {}
    if not isinstance(data, dict):
        loader.problem("references.yaml must map citation keys to references", loader.shown(path), data)
        return {}
    shown, folded = loader.shown(path), dict[str, Any]()
    for key in data:
        other = folded.setdefault(str(key).casefold(), key)
        if other != key:
            loader.problem(f"citation key '{key}' differs from '{other}' only in case; give each source one key",
                           shown, data, (key,), rule="references")
    refs = {key: loader.validate(value, Reference, shown, (key,)) for key, value in data.items()}
    return {key: ref for key, ref in refs.items() if ref is not None}


def _check_packet(loader: Loader, spec: PacketSpec, types: dict[str, MesoType],
                  sections: dict[str, Section], sources: Sources) -> None:
    """Check packet.yaml against the sections and types that exist."""
    shown = loader.shown(sources.packet)
    raw = loader.raw.get(shown)
    for index, sid in enumerate(spec.sections):
        if sid not in sections:
            loader.problem(f"section '{sid}' has no file sections/{sid}.yaml", shown, raw, ("sections", index))
        elif spec.sections.index(sid) != index:
            loader.problem(f"section '{sid}' is listed twice", shown, raw, ("sections", index))
    defaults = [type_id for type_id, meso in types.items() if meso.default]
    if len(defaults) != 1:
        loader.problems.append(ContentError(
            f"exactly one type must have `default: true`; found {len(defaults)}",
            loader.shown(sources.type_file("*").parent)))


def _check_sections(loader: Loader, sections: dict[str, Section], types: dict[str, MesoType],
                    references: dict[str, Reference], sources: Sources) -> None:
    """Check every section's types, markup, citations and images."""
    for sid, section in sections.items():
        shown = loader.shown(sources.sections[sid])
        raw = loader.raw[shown]
        if section.review is not None:
            loader.problem(f"`review:` is no longer read from section files: sign-offs live in "
                           f"{loader.shown(sources.signoffs)}; delete this block and sign the section with "
                           f"`make_handout.py review --section {sid}`", shown, raw, ("review",), rule="review")
        for path, value in _walk(raw):
            if path[-2:-1] == ("types",) or path[-1:] == ("types",):
                if isinstance(value, str) and value not in types:
                    loader.problem(f"unknown type '{value}'; choose one of: {', '.join(types)}", shown, raw, path)
                continue
            for message in inline.problems(value):
                loader.problem(message, shown, raw, path)
            for key in inline.citation_keys(value):
                if key and key not in references:
                    loader.problem(f"citation key '{key}' has no entry in references.yaml", shown, raw, path,
                                   rule="references")
        for index, block in enumerate(section.blocks):
            if isinstance(block, Image):
                _check_image(loader, block.image.src, shown, raw, ("blocks", index, "image", "src"))


def _walk(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield (path, text) for every string value in raw YAML data."""
    if isinstance(data, LocatedDict):
        for key, value in data.items():
            yield from _walk(value, path + (key,))
    elif isinstance(data, LocatedList):
        for index, value in enumerate(data):
            yield from _walk(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def _check_image(loader: Loader, src: str, shown: str, raw: Any, path: tuple[Any, ...]) -> None:
    """An image must be a file inside handouts/; URLs and paths outside are refused."""
    base = (loader.project / CONTENT_DIR).resolve()
    target = (base / src).resolve()
    if "://" in src or src.startswith(("/", "data:")) or not target.is_relative_to(base):
        loader.problem(f"image '{src}' must be a path inside {CONTENT_DIR}/", shown, raw, path)
    elif not target.is_file():
        loader.problem(f"image '{src}' not found in {CONTENT_DIR}/", shown, raw, path)
