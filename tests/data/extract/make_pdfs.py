"""Render the labelled set's PDF documents from their text sources.

Each `pdf_src/<stem>.txt` holds a few header lines (`Title:`, `Author:`, `Date:`, `Header:`,
`Footer:`), a line `---`, then the article body, paragraphs separated by blank lines. The body
is the document's clean text: `expected/<stem>.json` is labelled against it. The PDF adds page
furniture (a running header, a footer with page numbers) that a reader must drop, and carries
title, author and date in its metadata.

    python tests/data/extract/make_pdfs.py          # writes docs/<stem>.pdf

The PDFs are committed; rerun after editing a source. Core fonts only, so sources must be
Latin-1, and the output does not depend on the fonts installed on the machine.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "pdf_src"
DOCS = HERE / "docs"


def parse_source(path: Path) -> tuple[dict[str, str], str]:
    """Split a source file into its header fields and its body."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields, body.strip("\n")


class _Page(FPDF):
    running_header = ""
    running_footer = ""

    def header(self) -> None:
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.running_header, align="C", new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.running_footer, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def render(source: Path, target: Path) -> None:
    fields, body = parse_source(source)
    pdf = _Page(format="A4")
    pdf.running_header = fields.get("header", "")
    pdf.running_footer = fields.get("footer", "")
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.set_title(fields["title"])
    if fields.get("author"):
        pdf.set_author(fields["author"])
    pdf.set_creator("corridor labelled set (synthetic)")
    stamp = fields.get("date") or "2020-01-01"
    pdf.set_creation_date(datetime.fromisoformat(stamp).replace(hour=10, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, fields["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    for paragraph in body.split("\n\n"):
        pdf.multi_cell(0, 5.5, " ".join(paragraph.split()), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(target))


def main(argv: list[str]) -> int:
    stems = argv or sorted(p.stem for p in SOURCES.glob("*.txt"))
    for stem in stems:
        render(SOURCES / f"{stem}.txt", DOCS / f"{stem}.pdf")
        print(f"wrote docs/{stem}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
