"""axe-core (the npm package in tests/node, installed by tests/install-node-packages.sh) injected by Playwright."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from playwright.sync_api import Page

NODE = Path(__file__).resolve().parent / "node"
AXE = NODE / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.2 levels A and AA (axe's tags for 2.0, 2.1 and 2.2).
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@functools.cache
def axe_source() -> str:
    """Return axe-core's script, installing the pinned package first when it is missing."""
    if not AXE.is_file():
        subprocess.run(["sh", str(NODE.parent / "install-node-packages.sh")], check=True)
    return AXE.read_text(encoding="utf-8")


def violations(page: Page) -> list[str]:
    """Run axe on the page at WCAG 2.2 A and AA; return one line per violation and element."""
    page.add_script_tag(content=axe_source())
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return result.violations.flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary}`));
    }""", WCAG_AA)
    return list(found)
