"""PDF: the text layer and info metadata; malformed files are E304, never a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corridor.ingest import pdf as pdf_module
from corridor.ingest import read_bytes, read_path
from corridor.ingest.pdf import reflow

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
ARTICLE = DATA / "article.pdf"


def test_read_pdf_reads_text_layer_and_metadata():
    [result] = read_path(ARTICLE)
    assert result.error is None
    document = result.document
    assert document is not None
    assert document.title == "Joint Statement on CPEC Phase II"
    assert document.author == "Ministry of Foreign Affairs"
    assert document.published == date(2025, 2, 8)
    assert document.published_from_file  # the file's creation date: a given date wins
    paragraphs = document.text.split("\n\n")
    assert paragraphs[0].startswith("Islamabad and Beijing reaffirmed their commitment")
    assert paragraphs[0].endswith("from 4 to 8 February 2025.")
    assert "Karakoram Highway (KKH) between Thakot and Raikot" in document.text  # reflowed
    assert paragraphs[-1].startswith("The leaders witnessed the signing")  # second page
    assert len(paragraphs) == 5


def test_read_pdf_broken_file_is_e304():
    [result] = read_path(DATA / "broken.pdf")
    assert result.document is None
    assert result.error is not None and result.error.code == "E304"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
        b"%PDF-" + bytes(range(256)) * 4,
        b"not a pdf at all, despite the name",
    ],
)
def test_read_pdf_malformed_bytes_are_e304(data):
    [result] = read_bytes(data, name="bad.pdf")
    assert result.error is not None and result.error.code == "E304", result.error


def test_read_pdf_truncated_file_never_raises():
    good = ARTICLE.read_bytes()
    for cut in range(0, len(good), 97):
        results = read_bytes(good[:cut], name="cut.pdf")
        assert all(r.document is not None or r.error is not None for r in results)


def test_read_pdf_stops_at_page_cap(monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 1)
    [result] = read_path(ARTICLE)
    assert result.document is not None
    assert "Islamabad and Beijing" in result.document.text
    assert "The leaders witnessed" not in result.document.text
    assert result.note == "only the first 1 of 2 pages were read"  # QA: it had said nothing


def test_reflow_joins_wrapped_lines_and_hyphens():
    page = (
        "Heading\n"
        "The corridor links Kashgar to Gwadar through a long net-\n"
        "work of roads and railways across the country.\n"
        "Short end.\n"
        "Next paragraph starts here and it is also quite long now.\n"
    )
    assert reflow(page).split("\n\n") == [
        "Heading",
        "The corridor links Kashgar to Gwadar through a long network of roads and railways "
        "across the country. Short end.",
        "Next paragraph starts here and it is also quite long now.",
    ]


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_read_pdf_reads_a_pdf_encrypted_with_an_empty_user_password(tmp_path, algorithm):
    # Permission-only encryption, as many official PDFs carry: anyone may open them. AES
    # needs the `cryptography` package (QA: "DependencyError: cryptography>=3.1 is required").
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=ARTICLE)
    writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm)
    path = tmp_path / f"statement-{algorithm}.pdf"
    with path.open("wb") as out:
        writer.write(out)
    [result] = read_path(path)
    assert result.error is None
    assert result.document is not None
    assert "Rashakai Special Economic Zone" in result.document.text


def _with_a_huge_page(tmp_path: Path, lines: int) -> Path:
    """article.pdf and a third page whose compressed content decodes to `lines` text lines
    (QA: a 52 KB file whose one page holds 16 MB of text operators took the whole 90 s)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=ARTICLE)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    }))  # fmt: skip
    page = writer.add_blank_page(612, 792)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    stream = DecodedStreamObject()
    line = b"(word word word word word word word word word word word word) Tj 0 -14 Td\n"
    stream.set_data(b"BT /F1 12 Tf 72 720 Td\n" + line * lines + b"ET\n")
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    path = tmp_path / "huge-page.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


@pytest.mark.timeout(60)
def test_read_pdf_skips_a_page_of_more_content_than_a_document_may_hold(tmp_path):
    path = _with_a_huge_page(tmp_path, 80_000)  # 6 MB of content, some 40 KB on disk
    assert path.stat().st_size < 200_000
    [result] = read_path(path)
    assert result.error is None and result.document is not None
    assert "Rashakai Special Economic Zone" in result.document.text  # the other pages
    assert "word word" not in result.document.text
    assert result.note is not None and "page(s) 3 not read" in result.note


def test_reflow_is_linear_in_one_endless_paragraph():
    # (a string grown line by line was quadratic; the result is the same)
    lines = ["a line of a paragraph that never ends, with no full stop"] * 20_000
    assert reflow("\n".join(lines)) == " ".join(lines)


def test_reflow_joins_hyphenated_lines_once():
    # review: the hyphen's join still grew one string line by line
    assert reflow("inter-\nnational co-\noperation") == "international cooperation"
    lines = ["ab-"] * 50_000 + ["cd"]
    assert reflow("\n".join(lines)) == "ab" * 50_000 + "cd"
