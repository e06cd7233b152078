"""The validated content of one language, and one packet of it tailored to a mesothelioma type."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError
from .schema import Block, Clinic, Glossary, MesoType, PacketSpec, Reference, Section
from .yamlsource import line_of

TOOL_BLOCKS = ("diary", "questions", "lines")


@dataclass(frozen=True)
class PacketSection:
    """One section as it appears in one packet: only the blocks for that packet's type."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    indexes: tuple[int, ...] = ()  # each block's place in its section file, for line numbers
    short_title: str = ""  # the running header: the section's short_title, or its title

    @property
    def header(self) -> str:
        """Return the words of the running header: the short title, or the title when it has none."""
        return self.short_title or self.title

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
class Sources:
    """Where each part of one language's content comes from: the one place that knows the files' layout."""

    project: Path
    folder: Path  # the language's folder: handouts/<lang>
    references: Path
    clinic: Path
    types: dict[str, Path] = field(default_factory=dict)  # type id -> file found
    sections: dict[str, Path] = field(default_factory=dict)  # section id -> file found
    logo: Path | None = None

    @property
    def packet(self) -> Path:
        """Return the language's packet.yaml."""
        return self.folder / "packet.yaml"

    @property
    def signoffs(self) -> Path:
        """Return the sign-off file (shared by all languages): handouts/signoffs.yaml."""
        return self.references.parent / "signoffs.yaml"

    @property
    def glossary(self) -> Path:
        """Return the language's glossary.yaml."""
        return self.folder / "glossary.yaml"

    def shown(self, path: Path) -> str:
        """Return a file as the user should see it: relative to the project."""
        return str(path.relative_to(self.project))

    def type_file(self, type_id: str) -> Path:
        """Return where a type's file is (or would be) in this language."""
        return self.folder / "types" / f"{type_id}.yaml"

    def section_file(self, section_id: str) -> Path:
        """Return where a section's file is (or would be) in this language."""
        return self.folder / "sections" / f"{section_id}.yaml"


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
    sources: Sources
    logo: str | None = None  # the clinic's logo as a data: URI
    files: dict[str, str] = field(default_factory=dict)  # section id -> file as shown to the user
    raw: dict[str, Any] = field(default_factory=dict, repr=False)  # file as shown -> data with lines
    problems: tuple[ContentError, ...] = ()  # cross-check problems: the build stops, `check` reports
    #: derived data, computed once: the sign-offs (review/signoffs.py), the fingerprints (review/fingerprint.py)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def locate(self, section_id: str, path: tuple[Any, ...] = ()) -> tuple[str, int | None]:
        """Return the file and line of a part of a section."""
        shown = self.files[section_id]
        return shown, line_of(self.raw.get(shown), path)

    def default_type(self) -> str:
        """Return the id of the type marked `default: true`."""
        return next(type_id for type_id, meso in self.types.items() if meso.default)

    def available(self, type_id: str) -> list[str]:
        """Return the ids of the sections a packet of this type holds, in packet order."""
        return [sid for sid in self.spec.sections if applies(self.sections[sid].types, type_id)]

    def inputs(self, type_id: str) -> list[Path]:
        """Return the files a packet of this type is made from: its language's packet, glossary and type,
        the sections it holds, the references, the clinic profile and its logo."""
        src = self.sources
        return [src.packet, src.glossary, src.types[type_id], *(src.sections[sid] for sid in self.available(type_id)),
                src.references, src.clinic, *([src.logo] if src.logo else [])]

    def packet(self, type_id: str | None, chosen: tuple[str, ...] | None = None) -> Packet:
        """Return the packet for one type, optionally with chosen sections in a chosen order."""
        type_id = type_id or self.default_type()
        if type_id not in self.types:
            raise ContentError(f"unknown type '{type_id}'; choose one of: {', '.join(self.types)}")
        available = self.available(type_id)
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
    return PacketSection(sid, section.title, tuple(b for _, b in kept), tuple(i for i, _ in kept),
                         section.short_title or "")


def applies(types: tuple[str, ...] | None, type_id: str) -> bool:
    """Tell whether something tailored to `types` belongs in a packet of `type_id`."""
    return types is None or type_id in types
