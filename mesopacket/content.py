"""Read every content file, validate it against the schema, and cross-check it as a whole."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import inline
from .errors import ContentError, raise_all
from .loader import Loader, Model
from .options import CONTENT_DIR, LANGUAGE, Options
from .schema import Block, Clinic, Glossary, MesoType, PacketSpec, Reference, Review, Section
from .yamlsource import LocatedDict, LocatedList, line_of

TOOL_BLOCKS = ("diary", "questions", "lines")


@dataclass(frozen=True)
class PacketSection:
    """One section as it appears in one packet: only the blocks for that packet's type."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    review: Review | None
    indexes: tuple[int, ...] = ()  # each block's place in its section file, for line numbers

    def is_tool(self) -> bool:
        """Tell whether this is a tool page (diary, questions, notes) rather than a topic."""
        return any(block.kind in TOOL_BLOCKS for block in self.blocks)


@dataclass(frozen=True)
class Packet:
    """Everything one packet shows, already tailored to one mesothelioma type."""

    type_id: str
    type: MesoType
    lang: str
    spec: PacketSpec
    sections: tuple[PacketSection, ...]
    clinic: Clinic
    references: dict[str, Reference]
    glossary: Glossary


@dataclass(frozen=True)
class Content:
    """All the validated content of one language, and where each part came from."""

    lang: str
    spec: PacketSpec
    types: dict[str, MesoType]
    sections: dict[str, Section]
    references: dict[str, Reference]
    clinic: Clinic
    glossary: Glossary
    logo: str | None = None  # the clinic's logo as a data: URI
    files: dict[str, str] = field(default_factory=dict)  # section id -> file as shown to the user
    raw: dict[str, Any] = field(default_factory=dict, repr=False)  # file as shown -> data with lines
    problems: tuple[ContentError, ...] = ()  # cross-check problems: the build stops, `check` reports

    def locate(self, section_id: str, path: tuple[Any, ...] = ()) -> tuple[str, int | None]:
        """Return the file and line of a part of a section."""
        shown = self.files[section_id]
        return shown, line_of(self.raw.get(shown), path)

    def default_type(self) -> str:
        """Return the id of the type marked `default: true`."""
        return next(type_id for type_id, meso in self.types.items() if meso.default)

    def packet(self, type_id: str | None, chosen: tuple[str, ...] | None = None) -> Packet:
        """Return the packet for one type, optionally with chosen sections in a chosen order."""
        type_id = type_id or self.default_type()
        if type_id not in self.types:
            raise ContentError(f"unknown type '{type_id}'; choose one of: {', '.join(self.types)}")
        available = [sid for sid in self.spec.sections if applies(self.sections[sid].types, type_id)]
        for sid in chosen or ():
            if sid not in available:
                raise ContentError(f"unknown section '{sid}' for a {type_id} packet; choose from: "
                                   f"{', '.join(available)}")
        sections = tuple(_tailor(sid, self.sections[sid], type_id) for sid in (chosen or available))
        return Packet(type_id, self.types[type_id], self.lang, self.spec, sections, self.clinic, self.references,
                      self.glossary)


def _tailor(sid: str, section: Section, type_id: str) -> PacketSection:
    """Return a section with only the blocks for one type."""
    kept = [(i, b) for i, b in enumerate(section.blocks) if applies(b.types, type_id)]
    return PacketSection(sid, section.title, tuple(b for _, b in kept), section.review, tuple(i for i, _ in kept))


def applies(types: tuple[str, ...] | None, type_id: str) -> bool:
    """Tell whether something tailored to `types` belongs in a packet of `type_id`."""
    return types is None or type_id in types


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


def read_content(options: Options) -> Content:
    """Load and validate all content (raising on any error); cross-check problems are kept in it."""
    base = options.project / CONTENT_DIR
    lang_dir = base / options.lang
    loader = Loader(options.project)
    if not lang_dir.is_dir():
        raise ContentError(f"no content for language '{options.lang}' in {loader.shown(lang_dir)}; "
                           f"choose one of: {', '.join(languages(options.project)) or 'none found'}")
    spec = loader.model(lang_dir / "packet.yaml", PacketSpec)
    types = _load_folder(loader, lang_dir / "types", MesoType)
    sections = _load_folder(loader, lang_dir / "sections", Section)
    references = _load_references(loader, base / "references.yaml")
    clinic = loader.model(options.clinic_path(), Clinic)
    glossary = loader.model(lang_dir / "glossary.yaml", Glossary)
    raise_all(loader.problems)
    assert spec is not None and clinic is not None and glossary is not None
    logo = _clinic_logo(loader, clinic, options.clinic_path())
    raise_all(loader.problems)
    types = dict(sorted(types.items(), key=lambda item: item[1].order))
    _check_packet(loader, spec, types, sections, lang_dir)
    _check_sections(loader, sections, types, references, lang_dir)
    files = {sid: loader.shown(lang_dir / "sections" / f"{sid}.yaml") for sid in sections}
    return Content(options.lang, spec, types, sections, references, clinic, glossary, logo, files, loader.raw,
                   tuple(loader.problems))


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def _clinic_logo(loader: Loader, clinic: Clinic, profile: Path) -> str | None:
    """Read the clinic's logo (next to its profile) into a data: URI; a missing or odd file is an error."""
    if clinic.logo is None:
        return None
    shown, path = loader.shown(profile), profile.parent / clinic.logo
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        loader.problem(f"logo '{clinic.logo}' must be an SVG or PNG file", shown, loader.raw[shown], ("logo",))
    elif not path.is_file():
        loader.problem(f"logo file '{clinic.logo}' not found next to the clinic profile", shown,
                       loader.raw[shown], ("logo",))
    else:
        return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    return None


def _load_folder(loader: Loader, folder: Path, model: type[Model]) -> dict[str, Model]:
    """Load every `*.yaml` in a folder as one model each, keyed by file name."""
    if not folder.is_dir():
        loader.problems.append(ContentError("folder not found", loader.shown(folder)))
        return {}
    loaded = {path.stem: loader.model(path, model) for path in sorted(folder.glob("*.yaml"))}
    return {key: value for key, value in loaded.items() if value is not None}


def _load_references(loader: Loader, path: Path) -> dict[str, Reference]:
    """Load references.yaml: a mapping from citation key to reference."""
    data = loader.load(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        loader.problem("references.yaml must map citation keys to references", loader.shown(path), data)
        return {}
    refs = {key: loader.validate(value, Reference, loader.shown(path), (key,)) for key, value in data.items()}
    return {key: ref for key, ref in refs.items() if ref is not None}


def _check_packet(loader: Loader, spec: PacketSpec, types: dict[str, MesoType],
                  sections: dict[str, Section], lang_dir: Path) -> None:
    """Check packet.yaml against the sections and types that exist."""
    shown = loader.shown(lang_dir / "packet.yaml")
    raw = loader.raw.get(shown)
    for index, sid in enumerate(spec.sections):
        if sid not in sections:
            loader.problem(f"section '{sid}' has no file sections/{sid}.yaml", shown, raw, ("sections", index))
        elif spec.sections.index(sid) != index:
            loader.problem(f"section '{sid}' is listed twice", shown, raw, ("sections", index))
    defaults = [type_id for type_id, meso in types.items() if meso.default]
    if len(defaults) != 1:
        loader.problems.append(ContentError(
            f"exactly one type must have `default: true`; found {len(defaults)}", loader.shown(lang_dir / "types")))


def _check_sections(loader: Loader, sections: dict[str, Section], types: dict[str, MesoType],
                    references: dict[str, Reference], lang_dir: Path) -> None:
    """Check every section's types, markup, citations and images."""
    for sid, section in sections.items():
        shown = loader.shown(lang_dir / "sections" / f"{sid}.yaml")
        raw = loader.raw[shown]
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
            if block.kind == "image":
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
