"""The document ID and sign-offs in the PDF's XMP metadata, added to the stream WeasyPrint writes for PDF/UA-1.

WeasyPrint's XMP packet holds `pdfuaid:part` (PDF/UA-1 requires it) and the title; this adds one more
rdf:Description inside the same rdf:RDF, so a viewer or a script can read which content a copy was made from:
    dc:identifier              the document ID printed on the cover and the last page
    mesopacket:documentID      the same
    mesopacket:signoffs        an rdf:Seq, one "section: reviewer, reviewed YYYY-MM-DD, next review YYYY-MM-DD" each
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

import pydyf

from .artifacts import resolve

NAMESPACE = "https://mesopacket.invalid/ns/1.0/"  # ours; .invalid: a name that can never be fetched
DOCUMENT_ID, SIGNOFFS = "mesopacket-document-id", "mesopacket-signoffs"  # the <meta> names in packet.html


def add_xmp(pdf: pydyf.PDF, custom: dict[str, str]) -> None:
    """Add the document ID and sign-offs (from the HTML's <meta>) to the catalog's XMP metadata stream."""
    if DOCUMENT_ID not in custom or "Metadata" not in pdf.catalog:
        return
    stream = resolve(pdf, pdf.catalog["Metadata"])
    data = b"".join(stream.stream)
    if b"</rdf:RDF>" not in data:
        return
    stream.stream = [data.replace(b"</rdf:RDF>", description(custom).encode("utf-8") + b"</rdf:RDF>", 1)]


def description(custom: dict[str, str]) -> str:
    """Return our rdf:Description."""
    doc_id = escape(custom[DOCUMENT_ID])
    signed = json.loads(custom.get(SIGNOFFS) or "[]")
    items = "".join(f"<rdf:li>{escape(_signed(s))}</rdf:li>" for s in signed)
    return (f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:mesopacket="{NAMESPACE}"><dc:identifier>{doc_id}</dc:identifier>'
            f"<mesopacket:documentID>{doc_id}</mesopacket:documentID>"
            f"<mesopacket:signoffs><rdf:Seq>{items}</rdf:Seq></mesopacket:signoffs></rdf:Description>")


def _signed(entry: dict[str, str]) -> str:
    """Return one sign-off as a line."""
    return (f"{entry['section']}: {entry['reviewer']}, reviewed {entry['reviewed_on']}, next review "
            f"{entry['next_review']} ({entry['kind']})")

