"""Finish the tags inside WeasyPrint's `finisher` hook: page furniture becomes artifacts, links get readable text.

WeasyPrint 70 tags the text of `@page` margin boxes (running header, footer, "Page N of M", the DRAFT or
EXAMPLE mark, "This page is intentionally blank") as marked content with an MCID whose structure element is
never linked into the tree, so PDF/UA readers meet it as untagged text. Here each such marked-content sequence
is rewritten as a pagination `/Artifact` and dropped from the parent tree. WeasyPrint also sets each link
annotation's `/Contents` to its raw target ("ref-3", "what-stage-4-means"): here it becomes the link's text,
or for a bare number (a citation) the start of the entry it points to. All of this edits the pydyf objects in
memory before the file is written, so the structure tree stays intact.

An element with `aria-hidden="true"` (drawn for the eye, e.g. the contents' dotted leaders and the blank question
slots' numbers) is left out of the tree the same way, so its text becomes an artifact too.

WeasyPrint 70 also ignores `lang` below `<html>` in the tags, and drops the space where a line breaks, so the
tagged text runs words together ("andyour"). While a packet renders, `wrap_box_tree` stands in for WeasyPrint's
tag builder (mesopacket/workarounds.py applies it and undoes it after) to give elements with `lang` a `/Lang`,
and to remember each text box's MCID; the finisher then gives a line's last text box an `/ActualText` with the
space when the source text had one there.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes as box_types

#: How much of a cited entry a citation link's description holds.
CITATION_CHARS = 100


def finish_tags(document: Any, pdf: pydyf.PDF) -> None:
    """Mark page furniture as artifacts and give every link annotation readable /Contents."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    mark_furniture(pdf)
    describe_links(document)
    keep_line_end_spaces(document, pdf)


def resolve(pdf: pydyf.PDF, reference: Any) -> Any:
    """Return the object a pydyf reference (b'12 0 R') points to."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return pdf.objects[int(text.split()[0])]


def reachable(pdf: pydyf.PDF) -> set[int]:
    """Return the object numbers of the structure elements linked into the tree."""
    root = resolve(pdf, pdf.catalog["StructTreeRoot"])
    seen: set[int] = set()
    todo = [kid for kid in root["K"]]
    while todo:
        reference = todo.pop()
        if not isinstance(reference, bytes) or not reference.endswith(b"R"):
            continue  # an MCID
        element = resolve(pdf, reference)
        if element.number in seen or not isinstance(element, pydyf.Dictionary):
            continue
        seen.add(element.number)
        todo.extend(element.get("K", []))
    return seen


def mark_furniture(pdf: pydyf.PDF) -> None:
    """Turn marked content whose structure element is outside the tree into pagination artifacts."""
    root = resolve(pdf, pdf.catalog["StructTreeRoot"])
    nums = resolve(pdf, root["ParentTree"])["Nums"]
    linked = reachable(pdf)
    pages = [resolve(pdf, reference) for reference in pdf.page_references]
    for key, value in zip(nums[::2], nums[1::2]):
        if not isinstance(value, pydyf.Array) or key >= len(pages):
            continue  # an annotation's entry
        orphans = {mcid for mcid, reference in enumerate(value) if resolve(pdf, reference).number not in linked}
        if orphans:
            artifact(resolve(pdf, pages[key]["Contents"]), orphans)
            for mcid in orphans:
                value[mcid] = "null"


def artifact(stream: pydyf.Stream, mcids: set[int]) -> None:
    """Rewrite `/Tag <</MCID n>> BDC` as `/Artifact <</Type /Pagination>> BDC` for these MCIDs."""
    ops = stream.stream
    for index in range(1, len(ops) - 1):
        props = ops[index]
        if isinstance(props, pydyf.Dictionary) and props.get("MCID") in mcids and ops[index + 1] == b"BDC":
            ops[index - 1] = "/Artifact"
            ops[index] = pydyf.Dictionary({"Type": "/Pagination"})


def boxes(document: Any) -> Iterator[Any]:
    """Yield every laid-out box of every page."""
    for page in document.pages:
        yield from page._page_box.descendants()


def text_of(element: Any) -> str:
    """Return an element's text with white space folded."""
    return " ".join("".join(element.itertext()).split())


def describe_links(document: Any) -> None:
    """Set each link annotation's /Contents to what the link says (or, for a citation, what it cites)."""
    targets = {}
    links = []
    for box in boxes(document):
        element = getattr(box, "element", None)
        if element is not None and element.get("id") and element.get("id") not in targets:
            targets[element.get("id")] = element
        if getattr(box, "link_annotation", None) is not None and element is not None:
            links.append((box.link_annotation, element))
    for annotation, element in links:
        text = element.get("aria-label") or element.get("title") or text_of(element)
        destination = annotation.get("Dest")
        if text.isdigit() and isinstance(destination, pydyf.String) and destination.string in targets:
            cited = text_of(targets[destination.string])
            text = cited if len(cited) <= CITATION_CHARS else cited[:CITATION_CHARS].rsplit(" ", 1)[0] + " ..."
        if text:
            annotation["Contents"] = pydyf.String(text)


class RecordingTags:
    """Stand in for WeasyPrint's box-to-MCID mapping while it builds the tags; note each box's MCID on it."""

    def __init__(self, tags: dict[Any, dict[str, Any]]) -> None:
        self.tags = tags

    def pop(self, box: Any) -> dict[str, Any]:
        """Pop the box's marked-content entry, as WeasyPrint does, and remember its MCID."""
        kid = self.tags.pop(box)
        box.mesopacket_mcid = kid["mcid"]
        return kid


def wrap_box_tree(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Return WeasyPrint's tag builder wrapped: /Lang from lang attributes, and MCIDs noted on text boxes."""
    def build_box_tree(box: Any, parent: Any, pdf: Any, page: int, nums: Any, annots: Any,
                       marks: Any) -> Iterator[Any]:
        marks = marks if isinstance(marks, RecordingTags) else RecordingTags(marks)
        element = getattr(box, "element", None)
        if element is not None and element.get("aria-hidden") == "true":  # drawn, not read: as for margin boxes,
            tuple(original(box, parent, pdf, page, nums, annots, marks))  # its content is mapped but not linked,
            return  # so finish_tags marks it as an artifact (the contents' leaders, the blank question slots)
        lang = None
        if element is not None and not isinstance(box, box_types.PageBox) and box.element_tag not in ("html", "body"):
            lang = element.get("lang")
        for built in original(box, parent, pdf, page, nums, annots, marks):
            if lang:
                built["Lang"] = pydyf.String(lang)
            if built.get("S") == "/Table" and element is not None:
                first = _tables(pdf).setdefault(element, built)
                if first is not built:  # the same table, continued on a new page: one Table in the tree
                    continue_table(pdf, first, built)
                    continue
            yield built

    return build_box_tree


def _tables(pdf: Any) -> dict[Any, Any]:
    """Return this render's first Table element of each HTML table (kept on the PDF being built)."""
    if not hasattr(pdf, "mesopacket_tables"):
        pdf.mesopacket_tables = {}
    return pdf.mesopacket_tables


def continue_table(pdf: pydyf.PDF, first: pydyf.Dictionary, more: pydyf.Dictionary) -> None:
    """Move a table's rows on a later page into its first Table element; its repeated header row is left out of
    the tree (so finish_tags marks it as an artifact), and the cells below it point to the first page's headers."""
    renamed: dict[str, pydyf.String] = {}
    for reference in more["K"]:
        kid = resolve(pdf, reference)
        if kid.get("S") == "/THead":
            first_head = next((resolve(pdf, r) for r in first["K"] if resolve(pdf, r).get("S") == "/THead"), None)
            renamed.update(zip(_header_ids(pdf, kid), _header_ids(pdf, first_head) if first_head else []))
            continue
        kid["P"] = first.reference
        first["K"].append(reference)
    for cell in _descendants(pdf, first):
        headers = cell.get("A", {}).get("Headers") if isinstance(cell.get("A"), pydyf.Dictionary) else None
        if headers:
            cell["A"]["Headers"] = pydyf.Array([pydyf.String(renamed[h.string]) if h.string in renamed else h
                                                for h in headers])


def _descendants(pdf: pydyf.PDF, element: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
    """Yield the structure elements below one (not marked content)."""
    for kid in element.get("K", []):
        if isinstance(kid, bytes) and kid.endswith(b"R"):
            child = resolve(pdf, kid)
            if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
                yield child
                yield from _descendants(pdf, child)


def _header_ids(pdf: pydyf.PDF, head: pydyf.Dictionary) -> list[str]:
    """Return the IDs of a table header's TH cells, in order."""
    return [cell["ID"].string for cell in _descendants(pdf, head) if "ID" in cell]


def line_end_boxes(document: Any) -> Generator[tuple[int, Any], None, None]:
    """Yield (page index, text box) for the text boxes that end a line where the source text had a space."""
    shown: dict[Any, int] = {}  # element -> how much of its text the lines so far have shown
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            lines = [child for child in getattr(box, "children", ()) if isinstance(child, box_types.LineBox)]
            if lines and box.element is not None:
                shown[box.element] = yield from _line_ends(index, box, lines, shown.get(box.element, 0))


def _line_ends(index: int, box: Any, lines: list[Any], position: int) -> Generator[tuple[int, Any], None, int]:
    """Match one block's lines to its element's text from `position`; yield line ends that lost a space."""
    full = " ".join("".join(box.element.itertext()).split())
    for line in lines:
        # Generated text (list markers, ::before, ::after) is not in the element's text: leave it out.
        texts = [child for child in line.descendants() if isinstance(child, box_types.TextBox) and child.text
                 and "::" not in (child.element_tag or "")]
        for text_box in texts:
            found = full.find(text_box.text, position)
            if found not in (position, position + 1):
                return len(full) + 2  # text the element does not hold here (generated content): stop matching
            position = found + len(text_box.text)
        if texts and full[position:position + 1] == " ":
            yield index, texts[-1]
    return position


def keep_line_end_spaces(document: Any, pdf: pydyf.PDF) -> None:
    """Give each line-ending text box that lost its space an /ActualText with the space."""
    wanted: dict[int, dict[int, str]] = {}
    for index, text_box in line_end_boxes(document):
        mcid = getattr(text_box, "mesopacket_mcid", None)
        if mcid is not None:
            wanted.setdefault(index, {})[mcid] = text_box.text + " "
    for index, texts in wanted.items():
        stream = resolve(pdf, resolve(pdf, pdf.page_references[index])["Contents"])
        for item in stream.stream:
            if isinstance(item, pydyf.Dictionary) and item.get("MCID") in texts:
                item["ActualText"] = pydyf.String(texts[item["MCID"]])
