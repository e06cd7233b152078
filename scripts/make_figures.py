"""Draw the packet's simple labelled figures as SVG files in handouts/images/<lang>/.

Run it after changing a drawing or a label: `python scripts/make_figures.py`. The labels are drawn as outlines
from the shipped Noto Sans font (styles/fonts/), so every machine renders the same picture and no text inside a
picture is read twice (the figure's alt text says what it shows). Black, white and grays only: clinic printers are
often black and white.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "styles" / "fonts"
OUT = ROOT / "handouts" / "images"
WIDTH, HEIGHT = 760, 400
LABEL = 32  # label size in drawing units: printed at DISPLAY, about 12 pt
DISPLAY = 0.5  # printed size: 760 units are about 4 in wide
INK, GRAY, LIGHT, FLUID = "#000", "#666", "#d9d9d9", "#9e9e9e"

#: Each figure's labels in each language; a label may hold line breaks.
LABELS = {
    "en": {
        "lungs": "Lungs", "pleura": "Pleura:\nthe lining around\nthe lungs", "heart": "Heart",
        "belly": "Belly organs", "peritoneum": "Peritoneum:\nthe lining of\nthe belly",
        "pericardium": "Pericardium:\nthe lining around\nthe heart", "lung": "Lung", "fluid": "Fluid",
        "tube": "Thin tube\n(drain)", "bottle": "Bottle or bag\ncollects the fluid",
        "belly_fluid": "Fluid in\nthe belly",
        "needle": "Needle", "sac_fluid": "Fluid between the\nheart and its lining",
        "upright": "Sit upright", "lean": "Lean forward,\narms on a table\nor pillow",
    },
    "es": {
        "lungs": "Pulmones", "pleura": "Pleura:\nel revestimiento de\nlos pulmones", "heart": "Corazón",
        "belly": "Órganos del vientre", "peritoneum": "Peritoneo:\nel revestimiento\ndel vientre",
        "pericardium": "Pericardio:\nel revestimiento\ndel corazón", "lung": "Pulmón", "fluid": "Líquido",
        "tube": "Tubo delgado\n(drenaje)", "bottle": "Una botella o bolsa\nrecoge el líquido",
        "belly_fluid": "Líquido en\nel vientre", "needle": "Aguja",
        "sac_fluid": "Líquido entre el\ncorazón y su\nrevestimiento",
        "upright": "Siéntese derecho", "lean": "Inclínese hacia\ndelante, con los brazos\nen una mesa o almohada",
    },
}


def _number(value: float) -> str:
    """Write a coordinate with one decimal at most (small files)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


class Lettering:
    """Turn text into SVG path outlines of the shipped font."""

    def __init__(self, font: Path):
        self.font = TTFont(font)
        self.glyphs = self.font.getGlyphSet()
        self.cmap = self.font.getBestCmap()
        self.scale = LABEL / self.font["head"].unitsPerEm
        self.used: dict[str, str] = {}  # glyph name -> id in this figure's <defs>

    def width(self, line: str) -> float:
        """Return the width of one line of text in px."""
        return sum(self.font["hmtx"][self.cmap[ord(c)]][0] for c in line) * self.scale

    def path(self, text: str, x: float, y: float, anchor: str = "start") -> str:
        """Return `text` with its first baseline at y (lines 1.25 labels apart): each letter a <use> of its outline,
        drawn once in the file's <defs> (see defs())."""
        uses = []
        for row, line in enumerate(text.split("\n")):
            left = x - (self.width(line) if anchor == "end" else self.width(line) / 2 if anchor == "middle" else 0)
            cursor = 0.0
            for char in line:
                name = self.cmap[ord(char)]
                ident = self.used.setdefault(name, f"g{len(self.used)}")
                if char != " ":
                    uses.append(f'<use href="#{ident}" transform="translate({_number(left + cursor)} '
                                f'{_number(y + row * LABEL * 1.25)}) scale({self.scale:.5f} {-self.scale:.5f})"/>')
                cursor += self.font["hmtx"][name][0] * self.scale
        return f'<g fill="{INK}">{"".join(uses)}</g>'

    def defs(self) -> str:
        """Return the outlines of the letters used so far, in font units, and forget them (one figure's worth)."""
        paths = []
        for name, ident in self.used.items():
            pen = SVGPathPen(self.glyphs, ntos=_number)
            self.glyphs[name].draw(pen)
            paths.append(f'<path id="{ident}" d="{pen.getCommands()}"/>')
        self.used = {}
        return f"<defs>{''.join(paths)}</defs>"


def line(x1: float, y1: float, x2: float, y2: float, width: float = 2, color: str = INK) -> str:
    """Return a straight line (a label's pointer, a tube)."""
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" stroke-width="{width}"/>'


#: The drawings are made around x = 290; they are moved left by this much to leave room for the labels.
SHIFT = 90
LABEL_X = 430


def label(pen: Lettering, text: str, y: float, point: tuple[float, float]) -> str:
    """Return a label at the right, first baseline at y, with a pointer to `point` of the drawing."""
    width = max(pen.width(row) for row in text.split("\n"))
    rows = text.count("\n") + 1
    if LABEL_X + width > WIDTH - 4 or y + (rows - 1) * LABEL * 1.25 + 8 > HEIGHT:
        raise ValueError(f"label {text!r} does not fit: shorten it or move it")
    return line(point[0] - SHIFT, point[1], LABEL_X - 10, y - LABEL * 0.35) + pen.path(text, LABEL_X, y)


def drawing(body: str) -> str:
    """Return the drawing, moved left to leave room for the labels."""
    return f'<g transform="translate({-SHIFT} 0)">{body}</g>'


def torso() -> str:
    """Return a simple outline of a body from the neck to the hips."""
    return (f'<path d="M250 20 h80 v30 c70 5 110 30 115 90 v240 c0 20 -10 20 -30 20 h-250 c-20 0 -30 0 -30 -20'
            f' v-240 c5 -60 45 -85 115 -90 z" fill="#fff" stroke="{GRAY}" stroke-width="3"/>')


def lungs(lining: bool) -> str:
    """Return two lungs, with their lining drawn thick when it is the subject."""
    edge = f'stroke="{INK}" stroke-width="9"' if lining else f'stroke="{GRAY}" stroke-width="2"'
    left = "M270 80 c-50 5 -80 60 -80 140 c0 30 20 35 50 30 c25 -5 35 -20 35 -50 z"
    right = "M310 80 c50 5 80 60 80 140 c0 30 -20 35 -50 30 c-25 -5 -35 -20 -35 -50 z"
    return f'<path d="{left}" fill="{LIGHT}" {edge}/><path d="{right}" fill="{LIGHT}" {edge}/>'


def heart(lining: bool, big: bool = False) -> str:
    """Return the heart; with its lining drawn thick, and (big) with fluid between the two."""
    if big:
        shape = "M290 262 c-62 -38 -62 -92 -31 -95 c15 -2 28 8 31 18 c3 -10 16 -20 31 -18 c31 3 31 57 -31 95 z"
        return (f'<ellipse cx="290" cy="215" rx="78" ry="70" fill="{FLUID}" stroke="{INK}" stroke-width="8"/>'
                f'<path d="{shape}" fill="{INK}"/>')
    sac = f'<ellipse cx="290" cy="215" rx="36" ry="31" fill="none" stroke="{INK}" stroke-width="7"/>' if lining else ""
    shape = "M290 245 c-40 -25 -40 -60 -20 -62 c10 -1 18 5 20 12 c2 -7 10 -13 20 -12 c20 2 20 37 -20 62 z"
    return sac + f'<path d="{shape}" fill="{GRAY}"/>'


def belly(stroke: str, width: float) -> str:
    """Return the belly's organs inside their lining."""
    return f'<ellipse cx="290" cy="315" rx="120" ry="62" fill="{LIGHT}" stroke="{stroke}" stroke-width="{width}"/>'


def container(x: float, y: float) -> str:
    """Return a bottle or bag, partly filled."""
    return (f'<rect x="{x}" y="{y}" width="60" height="80" rx="8" fill="#fff" stroke="{INK}" stroke-width="3"/>'
            f'<rect x="{x + 4}" y="{y + 40}" width="52" height="36" fill="{FLUID}"/>')


def svg(body: str, title: str) -> str:
    """Return a whole SVG file."""
    size = f'width="{round(WIDTH * DISPLAY)}" height="{round(HEIGHT * DISPLAY)}" viewBox="0 0 {WIDTH} {HEIGHT}"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" {size} '
            f'role="img"><title>{title}</title><rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>{body}</svg>\n')


LUNG_FLUID = "M308 212 H390 C390 240 370 255 340 250 C322 247 310 235 308 212 Z"
BELLY_FLUID = f'<ellipse cx="290" cy="345" rx="100" ry="28" fill="{FLUID}"/>'
SYRINGE = f'<rect x="150" y="362" width="60" height="22" fill="#fff" stroke="{INK}" stroke-width="3"/>'


def figures(t: dict[str, str], pen: Lettering) -> dict[str, Callable[[], str]]:
    """Return how to draw every figure of one language, by file name."""
    return {
        "lining-pleural.svg": lambda: drawing(torso() + lungs(True) + heart(False))
        + label(pen, t["pleura"], 90, (392, 140)) + label(pen, t["lungs"], 260, (345, 200)),
        "lining-peritoneal.svg": lambda: drawing(torso() + lungs(False) + heart(False) + belly(INK, 9))
        + label(pen, t["peritoneum"], 250, (408, 305)) + label(pen, t["belly"], 150, (330, 300)),
        "lining-pericardial.svg": lambda: drawing(torso() + lungs(False) + heart(True))
        + label(pen, t["pericardium"], 90, (324, 205)) + label(pen, t["heart"], 290, (300, 228)),
        "drain-pleural.svg": lambda: drawing(lungs(False) + f'<path d="{LUNG_FLUID}" fill="{FLUID}"/>'
                                     + line(365, 240, 455, 300, 5) + container(440, 300))
        + label(pen, t["lung"], 60, (350, 140)) + label(pen, t["fluid"], 160, (350, 235))
        + label(pen, t["tube"], 230, (410, 270)) + label(pen, t["bottle"], 330, (500, 340)),
        "drain-peritoneal.svg": lambda: drawing(torso() + belly(GRAY, 3) + BELLY_FLUID + line(360, 345, 470, 330, 5)
                                                + container(455, 300))
        + label(pen, t["belly_fluid"], 250, (300, 350)) + label(pen, t["tube"], 160, (420, 337))
        + label(pen, t["bottle"], 60, (490, 300)),
        "drain-pericardial.svg": lambda: drawing(lungs(False) + heart(True, big=True) + line(250, 280, 190, 370, 4)
                                         + SYRINGE)
        + label(pen, t["sac_fluid"], 45, (350, 190)) + label(pen, t["pericardium"].split(":")[0], 170, (366, 215))
        + label(pen, t["heart"], 250, (300, 230)) + label(pen, t["needle"], 340, (225, 320)),
        "breathing-positions.svg": lambda: _positions(t, pen),
    }


def _positions(t: dict[str, str], pen: Lettering) -> str:
    """Return two breathing positions: sitting upright, and leaning forward onto a table."""
    chair = f'stroke="{GRAY}" stroke-width="5" fill="none"'
    person = f'stroke="{INK}" stroke-width="9" fill="none" stroke-linecap="round" stroke-linejoin="round"'
    upright = (f'<path d="M70 210 v130 M70 270 h90 v70" {chair}/><circle cx="115" cy="115" r="24" fill="{INK}"/>'
               f'<path d="M115 145 v120 h75 v75 M115 180 l30 55 h35" {person}/>')
    lean = (f'<path d="M410 210 v130 M410 270 h90 v70 M520 240 h160 M600 240 v100" {chair}/>'
            f'<rect x="540" y="220" width="80" height="20" rx="8" fill="{LIGHT}" stroke="{GRAY}" stroke-width="3"/>'
            f'<circle cx="525" cy="165" r="24" fill="{INK}"/>'
            f'<path d="M500 190 l-45 75 h75 v75 M485 210 l50 12 h70" {person}/>')
    return (upright + lean + line(360, 30, 360, 390, 2, LIGHT) + pen.path(t["upright"], 180, 50, "middle")
            + pen.path(t["lean"], 560, 50, "middle"))


def main() -> None:
    """Write every figure in every language."""
    pen = Lettering(FONTS / "NotoSans-Regular.ttf")
    for lang, labels in LABELS.items():
        folder = OUT / lang
        folder.mkdir(parents=True, exist_ok=True)
        for name, draw in figures(labels, pen).items():
            body = draw()  # collects the letters it uses in pen.used, for defs()
            (folder / name).write_text(svg(pen.defs() + body, name.removesuffix(".svg")), encoding="utf-8")
            print(f"wrote {(folder / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
