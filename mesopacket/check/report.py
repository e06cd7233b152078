"""Print a `check` report: a table on a terminal, plain text when piped, JSON for machines."""

from __future__ import annotations

import dataclasses
import json
from typing import TextIO

from rich.console import Console
from rich.table import Table

from .rules import Finding, Report, structure_met


def as_json(report: Report) -> str:
    """Return the report as JSON: grades, averages, findings, and the verdicts."""
    return json.dumps({
        "ok": report.ok,
        "structure_met": structure_met(report),
        "grades": report.grades,
        "averages": report.averages,
        "scale": report.scale.name,
        "findings": [dataclasses.asdict(f) for f in report.findings],
    }, indent=2)


def grade_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of the grade table: one row per section, one column per type."""
    types = list(report.grades)
    sections = list(dict.fromkeys(s for grades in report.grades.values() for s in grades))
    rows = [[s, *(f"{report.grades[t][s]:.1f}" if s in report.grades[t] else "-" for t in types)] for s in sections]
    rows.append(["packet average", *(f"{report.averages[t]:.1f}" for t in types)])
    return ["section", *types], rows


def finding_line(f: Finding) -> str:
    """Return one finding as a line: verdict, rule, place, message, types."""
    place = f"{f.file}:{f.line}" if f.file and f.line else (f.file or "")
    section = f" [{f.section}]" if f.section else ""
    types = f" ({', '.join(f.types)})" if f.types else ""
    return f"{'FAIL' if f.fails else 'note'}  {f.rule:<13} {place}{section}: {f.message}{types}"


def summary(report: Report) -> list[str]:
    """Return the closing lines: PEMAT structure and the counts."""
    failures = sum(f.fails for f in report.findings)
    return [f"PEMAT structure: {'met' if structure_met(report) else 'NOT met'}",
            f"{'OK' if report.ok else 'FAILED'}: {failures} failures, {len(report.findings) - failures} notes"]


def print_plain(report: Report, out: TextIO) -> None:
    """Print the report as aligned plain text."""
    header, rows = grade_rows(report)
    print(f"Reading level ({report.scale.limits()})", file=out)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))),
              file=out)
    print(file=out)
    for f in report.findings:
        print(finding_line(f), file=out)
    print(*summary(report), sep="\n", file=out)


def print_table(report: Report, out: TextIO) -> None:
    """Print the report with rich tables, for a terminal."""
    console = Console(file=out)
    header, rows = grade_rows(report)
    table = Table(title=f"Reading level ({report.scale.limits()})")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    for f in report.findings:
        console.print(finding_line(f), style="bold red" if f.fails else None, highlight=False, markup=False)
    for line in summary(report):
        console.print(line, style="bold", markup=False)
