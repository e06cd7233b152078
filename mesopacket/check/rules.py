"""`check`: measure the content against the health-literacy standards and refuse what falls short."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field, replace

from ..content import inline
from ..content.load import read_content
from ..content.model import Content, Packet, PacketSection
from ..content.texts import located_texts, packet_texts
from ..content.yamlsource import line_of
from ..options import LANGUAGE, Options
from ..pipeline import plan
from ..render.fingerprint import section_fingerprints
from ..render.glossary import explained, first_use, said_in
from . import readability, sources
from .translation import stale_translations

ACTION_BLOCKS = ("urgent", "action")
TOOL_BLOCKS_FOR_PATIENTS = ("diary", "questions")


@dataclass(frozen=True)
class Finding:
    """One result of a rule: a failure stops content from landing; a report is for the editor."""

    rule: str
    fails: bool
    message: str
    file: str | None = None
    line: int | None = None
    section: str | None = None
    types: tuple[str, ...] = ()


@dataclass
class Report:
    """Everything `check` found."""

    scale: readability.Scale = readability.SCALES["en"]  # what the grades are
    grades: dict[str, dict[str, float]] = field(default_factory=dict)  # type -> section -> grade
    averages: dict[str, float] = field(default_factory=dict)  # type -> mean of its section grades
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no rule failed."""
        return not any(f.fails for f in self.findings)

    def add(self, finding: Finding) -> None:
        """Add a finding once, merging the types of one found again for another packet."""
        for i, old in enumerate(self.findings):
            if (old.rule, old.message, old.file, old.line) == (finding.rule, finding.message, finding.file,
                                                                 finding.line):
                self.findings[i] = Finding(old.rule, old.fails, old.message, old.file, old.line, old.section,
                                           old.types + finding.types)
                return
        self.findings.append(finding)


def run_check(options: Options, today: datetime.date) -> Report:
    """Check all content of one language; bad input (unreadable content) raises as in a build."""
    content = read_content(options)
    report = Report()
    for problem in content.problems:
        report.add(Finding(problem.rule, True, problem.message, str(problem.file), problem.line))
    if content.problems:
        return report
    check_references(options, content, report)
    check_review(content, today, report)
    if content.lang != LANGUAGE:
        source = read_content(replace(options, lang=LANGUAGE))
        for file, stale in stale_translations(content, source):
            report.add(Finding("translation", False, stale, file))
    for type_id in content.types:
        packet = plan(replace(options, type=type_id, today=today), content).packet
        check_reading(content, packet, report)
        check_terms(content, packet, report)
        check_structure(content, packet, report)
    return report


def finding(content: Content, rule: str, fails: bool, message: str, section: PacketSection | str,
            index: int | None = None, type_id: str | None = None) -> Finding:
    """Make a finding located at a section (and block) of its file."""
    sid = section if isinstance(section, str) else section.id
    file, line = content.locate(sid, ("blocks", index) if index is not None else ())
    return Finding(rule, fails, message, file, line, sid, (type_id,) if type_id else ())


def check_reading(content: Content, packet: Packet, report: Report) -> None:
    """Grade each section's prose; list long sentences and long words not in the glossary."""
    grades = report.grades.setdefault(packet.type_id, {})
    scale, held = readability.scale_for(packet.lang)
    report.scale = scale
    known = {w.lower() for entry in content.glossary.terms for w in entry.words()}
    known |= {w.lower() for meso in content.types.values() for w in meso.name.split()}  # the reader's diagnosis
    for section in packet.sections:
        texts = [(index, text) for s, index, _block, text in located_texts(packet) if s is section]
        prose = readability.as_sentences(inline.plain(text) for _, text in texts)
        grades[section.id] = readability.grade(prose, packet.lang)
        if held and scale.too_hard(grades[section.id], scale.section):
            report.add(finding(content, "reading-level", True, f"{_score(scale, grades[section.id])} is "
                               f"{_past(scale)} {scale.section:g}", section, type_id=packet.type_id))
        seen = set(known)
        for index, text in texts:
            said = readability.as_sentences([inline.plain(text)])
            for words, sentence in readability.long_sentences(said):
                report.add(finding(content, "sentences", True, f"{words} words (at most "
                                   f"{readability.LONG_SENTENCE}): \"{sentence}\"", section, index, packet.type_id))
            for word in set(readability.long_words(said, packet.lang)) - seen:
                seen.add(word)
                report.add(finding(content, "words", False, f"long word: {word}", section, index, packet.type_id))
    average = report.averages[packet.type_id] = round(statistics.mean(grades.values()), 1)
    if held and scale.too_hard(average, scale.average):
        report.add(Finding("reading-level", True, f"packet average {_score(scale, average)} is "
                           f"{_past(scale)} {scale.average:g}", types=(packet.type_id,)))


def _past(scale: readability.Scale) -> str:
    """Say which way a score is past its limit."""
    return "above" if scale.higher_is_harder else "below"


def _score(scale: readability.Scale, value: float) -> str:
    """Name a score: 'grade 9.1' on a grade scale, 'Fernandez-Huerta reading ease 55.0' on another."""
    return f"grade {value}" if scale.higher_is_harder else f"{scale.name} {value}"


def check_references(options: Options, content: Content, report: Report) -> None:
    """Sources: a cited reference a reader cannot look up, one cited in no language, one not in AMA form, and a
    citation mark after a number all fail."""
    refs = content.sources.shown(content.sources.references)
    cited = {key for type_id in content.types for text in packet_texts(content.packet(type_id))
             for key in inline.citation_keys(text)}
    found = [*sources.check_unused(options, content), *sources.check_ama(content),
             *sources.check_numbers_before_citations(content)]
    for problem in found:
        report.add(Finding(problem.rule, True, problem.message, problem.file, problem.line))
    for key, ref in content.references.items():
        line = line_of(content.raw.get(refs), (key,))
        if not (ref.doi or ref.pmid or ref.url):
            report.add(Finding("references", key in cited, f"reference '{key}' has no DOI, PubMed ID or URL"
                               + (": a reader cannot look it up" if key in cited else ""), refs, line))


def check_review(content: Content, today: datetime.date, report: Report) -> None:
    """Every section needs a sign-off of its current text; a changed or overdue one fails at its line."""
    prints = section_fingerprints(content)
    signoffs = content.sources.shown(content.sources.signoffs)
    for sid in content.sections:
        signed = content.signoffs.get(sid)
        if signed is None:
            report.add(finding(content, "review", True, f"not signed off: no entry for '{sid}' under "
                               f"'{content.lang}' in {signoffs} (sign it with `make_handout.py review --section "
                               f"{sid}`)", sid))
            continue
        file, line = content.locate_signoff(sid)
        if signed.fingerprint != prints[sid]:
            report.add(Finding("review", True, f"changed since review on {signed.reviewed_on} by {signed.reviewer} "
                               f"(see `make_handout.py changes --since-review`; sign it again once reviewed)",
                               file, line, sid))
        elif signed.next_review < today:
            report.add(Finding("review", True, f"review overdue since {signed.next_review}", file, line, sid))
    if content.spec.example:
        report.add(Finding("review", False, "example content: a clinic's nurse educator and physician must "
                           "review it (then set `example: false`)", content.sources.shown(content.sources.packet)))


def check_terms(content: Content, packet: Packet, report: Report) -> None:
    """Each glossary term is explained at its first use; watched words must be in the glossary."""
    said = said_in(packet)
    for entry in content.glossary.terms:
        use = first_use(said, entry.words())
        if use and not explained(use, entry):
            report.add(finding(content, "terms", True, f"'{entry.term}' is not explained where first used: "
                               f"\"{use.sentence}\"", use.section, use.index, packet.type_id))
    known = {w.lower() for entry in content.glossary.terms for w in entry.words()}
    for word in content.glossary.watch:
        if word.lower() not in known and (use := first_use(said, [word])):
            report.add(finding(content, "terms", False, f"'{word}' is used but not in the glossary",
                               use.section, use.index, packet.type_id))


def check_structure(content: Content, packet: Packet, report: Report) -> None:
    """PEMAT-P: topics open with key points and carry an action; the packet holds a tool."""
    for section in packet.sections:
        if section.is_tool():
            continue
        if not section.blocks or section.blocks[0].kind != "key_points":
            report.add(finding(content, "structure", True, "a topic section must open with key_points",
                               section, type_id=packet.type_id))
        if not any(block.kind in ACTION_BLOCKS for block in section.blocks):
            report.add(finding(content, "structure", True, "a topic section needs an action box (urgent or "
                               "action)", section, type_id=packet.type_id))
    if not any(b.kind in TOOL_BLOCKS_FOR_PATIENTS for s in packet.sections for b in s.blocks):
        report.add(Finding("structure", True, "the packet holds no tool for the patient (a diary or questions)",
                           types=(packet.type_id,)))


def structure_met(report: Report) -> bool:
    """Tell whether every PEMAT structure rule held."""
    return not any(f.rule == "structure" and f.fails for f in report.findings)

