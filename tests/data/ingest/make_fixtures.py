"""Regenerate the binary fixtures in this folder: `python tests/data/ingest/make_fixtures.py`.

The outputs are committed; this script documents how they were made. It needs fpdf2 (a test
dependency). Everything is deterministic: same script, same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).parent

PARAGRAPHS = [
    "Islamabad and Beijing reaffirmed their commitment to the China-Pakistan Economic "
    "Corridor (CPEC) during the state visit of President Asif Ali Zardari to China from "
    "4 to 8 February 2025.",
    "The two sides agreed to accelerate the upgrading of the Main Line-1 (ML-1) railway and "
    "the realignment of the Karakoram Highway (KKH) between Thakot and Raikot, and to speed "
    "up work at the Rashakai Special Economic Zone.",
    "The Chinese side welcomed the operationalisation of the New Gwadar International "
    "Airport and pledged support for the development of Gwadar Port as a regional hub.",
]
SECOND_PAGE = [
    "Both sides will strengthen cooperation in agriculture, information technology, mining "
    "and the green energy transition, including solar and hydropower projects.",
    "The leaders witnessed the signing of agreements and memoranda of understanding on trade, "
    "media, and people-to-people exchanges.",
]


def article_pdf() -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title("Joint Statement on CPEC Phase II")
    pdf.set_author("Ministry of Foreign Affairs")
    pdf.set_creation_date(datetime(2025, 2, 8, 12, 0, tzinfo=UTC))
    pdf.set_font("Helvetica", size=11)
    for page in (PARAGRAPHS, SECOND_PAGE):
        pdf.add_page()
        for paragraph in page:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(4)
    return bytes(pdf.output())


def broken_pdf(good: bytes) -> bytes:
    # The header survives, the cross-reference table and every object after 300 bytes do not,
    # and what is left in between is overwritten: a PDF no reader can rebuild.
    head = bytearray(good[:300])
    for i in range(20, len(head), 7):
        head[i] = 0x00
    return bytes(head) + b"\nstartxref\n999999\n%%EOF\n"


def main() -> None:
    good = article_pdf()
    (HERE / "article.pdf").write_bytes(good)
    (HERE / "broken.pdf").write_bytes(broken_pdf(good))
    # Latin-1 bytes that are not UTF-8: "café" and a pound sign.
    (HERE / "undecodable.txt").write_bytes(
        "Karachi caf\xe9 owners paid \xa3200 in new port fees.\n".encode("latin-1")
    )
    (HERE / "utf16.txt").write_bytes(
        "Gwadar Port update\n\nThe port handled its first bulk carrier at the new terminal on "
        "Tuesday, officials said.\n".encode("utf-16")
    )


if __name__ == "__main__":
    main()
