"""Loading council papers: good files give their text; every bad file gives one clear line."""

from __future__ import annotations

import importlib.util
import time
import tracemalloc
from pathlib import Path

import pytest

from ingest.errors import UnreadableFileError
from ingest.loaders import MAX_HTML_TAGS, load_file
from tests import bad_inputs
from tests.bad_inputs import MINUTES

HAS_CRYPTOGRAPHY = importlib.util.find_spec("cryptography") is not None


def refusal(path: Path, **kwargs) -> str:
    """The message ``load_file`` refuses ``path`` with, checked to be a single line."""
    with pytest.raises(UnreadableFileError) as caught:
        load_file(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.path == str(path)
    return message


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- PDF -------------------------------------------------------------------------------


def test_pdf_with_text_layer_loads_each_page_numbered(tmp_path):
    path = write(tmp_path, "minutes.pdf", bad_inputs.text_pdf([MINUTES, ["Item 2: Apologies."]]))
    loaded = load_file(path)
    assert loaded.file_type == "pdf"
    assert loaded.paginated
    assert [page.number for page in loaded.pages] == [1, 2]
    assert loaded.pages[0].text.splitlines() == MINUTES
    assert loaded.pages[1].text.strip() == "Item 2: Apologies."


def test_pdf_encrypted_with_empty_user_password_loads(tmp_path):
    path = write(tmp_path, "minutes.pdf", bad_inputs.encrypted_pdf(user_password=""))
    assert load_file(path).pages[0].text.splitlines() == MINUTES


def test_pdf_encrypted_with_a_password_is_refused(tmp_path):
    path = write(tmp_path, "x.pdf", bad_inputs.encrypted_pdf(user_password="s3cret"))
    assert refusal(path) == f"{path}: the PDF is encrypted and needs a password"


@pytest.mark.skipif(not HAS_CRYPTOGRAPHY, reason="AES needs the cryptography package")
def test_aes_encrypted_pdf_with_empty_password_loads():
    loaded = load_file(bad_inputs.AES_EMPTY_PASSWORD_PDF)
    assert loaded.pages[0].text.strip() == bad_inputs.AES_PDF_TEXT


@pytest.mark.skipif(HAS_CRYPTOGRAPHY, reason="cryptography is installed, so AES works")
def test_aes_encrypted_pdf_without_cryptography_names_the_missing_package():
    path = bad_inputs.AES_EMPTY_PASSWORD_PDF
    assert refusal(path) == (
        f"{path}: reading this PDF needs a package that is not installed "
        "(cryptography>=3.1 is required for AES algorithm)"
    )


def test_image_only_pdf_is_refused_as_needing_ocr(tmp_path):
    path = write(tmp_path, "scan.pdf", bad_inputs.blank_pdf())
    assert refusal(path) == (
        f"{path}: no text layer (a scanned or image-only PDF); OCR is not supported"
    )


def test_real_scanned_council_paper_is_refused_as_needing_ocr(shared_corpus):
    path = shared_corpus / "real" / "real-02.pdf"
    assert refusal(path) == (
        f"{path}: no text layer (a scanned or image-only PDF); OCR is not supported"
    )


@pytest.mark.parametrize("keep", [9, 100, 0.5])
def test_pdf_cut_short_is_refused_as_incomplete(tmp_path, keep):
    data = bad_inputs.text_pdf([MINUTES, MINUTES])
    cut = data[: int(len(data) * keep) if isinstance(keep, float) else keep]
    path = write(tmp_path, "cut.pdf", cut)
    assert refusal(path) == (
        f"{path}: the PDF is cut short (its end is missing; an interrupted download?)"
    )


def test_real_pdf_cut_in_half_loads_real_text_or_is_refused(shared_corpus, tmp_path):
    data = (shared_corpus / "pdf" / "002_1f87ef84fb8f7cad.pdf").read_bytes()
    path = write(tmp_path, "half.pdf", data[: len(data) // 2])
    try:
        loaded = load_file(path)
    except UnreadableFileError as exc:
        assert "\n" not in str(exc)
    else:
        assert "GOVERNANCE AND AUDIT COMMITTEE" in loaded.pages[0].text


def test_pdf_with_a_damaged_body_is_refused_as_unreadable(tmp_path):
    data = bad_inputs.text_pdf([MINUTES])
    damaged = data.replace(b"/Type /Pages", b"/Type /Junk!").replace(b"xref", b"xxxx")
    path = write(tmp_path, "damaged.pdf", damaged)
    assert refusal(path).startswith(f"{path}: not a readable PDF (")


def test_pdf_without_pages_is_refused(tmp_path):
    path = write(tmp_path, "empty.pdf", bad_inputs.text_pdf([]))
    assert refusal(path) == f"{path}: the PDF has no pages"


def test_pdf_whose_page_inflates_past_pypdf_limit_is_refused(tmp_path):
    path = write(tmp_path, "bomb.pdf", bad_inputs.flate_bomb_pdf(80 * 1024 * 1024))
    assert refusal(path) == f"{path}: the PDF holds data too large to unpack safely"


# -- Plain text ------------------------------------------------------------------------


def test_windows_1252_text_keeps_its_pound_signs(tmp_path):
    text = "Budget 2025/26 – the council tax rises by £1.99 a week.\r\n"
    path = write(tmp_path, "budget.txt", text.encode("cp1252"))
    loaded = load_file(path)
    assert loaded.file_type == "text"
    assert loaded.pages[0].text == text


def test_utf16_text_with_byte_order_mark_loads(tmp_path):
    text = "Minutes: the £4.2m scheme was approved."
    path = write(tmp_path, "minutes.txt", text.encode("utf-16"))
    assert load_file(path).pages[0].text == text


def test_text_mixing_utf8_and_windows_1252_lines_decodes_each_line(tmp_path):
    data = "Capital: £2m\n".encode() + "Revenue: £3m\n".encode("cp1252")
    path = write(tmp_path, "mixed.txt", data)
    assert load_file(path).pages[0].text == "Capital: £2m\nRevenue: £3m\n"


def test_whitespace_only_text_is_refused_as_empty_of_text(tmp_path):
    path = write(tmp_path, "blank.txt", b" \n\t\n")
    assert refusal(path) == f"{path}: contains no text"


# -- HTML ------------------------------------------------------------------------------

COUNCIL_PAGE = """<!DOCTYPE html>
<html><head><title>Cabinet</title><style>p { color: red }</style></head>
<body><nav>Home | Meetings</nav>
<h1>Cabinet  minutes</h1>
<p>The <b>budget</b> of £4.2m was
   approved.<br>Councillor Smith abstained.</p>
<script>alert("hello")</script>
<table>
  <tr><th>Service</th> <th>2025/26</th></tr>
  <tr>
    <td>Libraries</td>
    <td>£1.2m</td>
  </tr>
  <tr><td></td><td>£3.0m</td></tr>
</table>
<!-- a comment --><ul><li>Item one</li><li>Item <i>two</i></li></ul>
</body></html>"""


def test_html_keeps_text_and_tab_separated_table_cells_and_drops_scripts_and_styles(
    tmp_path,
):
    path = write(tmp_path, "cabinet.html", COUNCIL_PAGE.encode())
    loaded = load_file(path)
    assert loaded.file_type == "html"
    assert loaded.pages[0].text == (
        "Cabinet minutes\n"
        "The budget of £4.2m was approved.\n"
        "Councillor Smith abstained.\n"
        "Service\t2025/26\n"
        "Libraries\t£1.2m\n"
        "\t£3.0m\n"
        "Item one\n"
        "Item two"
    )


def test_deeply_nested_html_loads_without_recursion(tmp_path):
    depth = 20_000
    page = "<div>" * depth + "Deep minutes" + "</div>" * depth
    path = write(tmp_path, "deep.html", page.encode())
    started = time.perf_counter()
    assert load_file(path).pages[0].text == "Deep minutes"
    assert time.perf_counter() - started < 10


def test_html_with_too_many_tags_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, "tags.html", b"<b>" * (MAX_HTML_TAGS + 1))
    started = time.perf_counter()
    assert refusal(path) == f"{path}: too much markup to read safely (over 100,000 tags)"
    assert time.perf_counter() - started < 1


# -- Word ------------------------------------------------------------------------------


def test_docx_keeps_paragraphs_and_tables_in_order_with_tab_separated_cells(tmp_path):
    path = bad_inputs.council_docx(tmp_path / "cabinet.docx")
    loaded = load_file(path)
    assert loaded.file_type == "docx"
    assert loaded.pages[0].text == (
        "Cabinet minutes\n"
        "The Cabinet approved the budget.\n"
        "Service\t2024/25\t2025/26\n"
        "Libraries\t£1.2m\t£1.4m\n"
        "RESOLVED: that the budget be noted."
    )


def test_docx_merged_table_cells_appear_once(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Capital programme"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "£12m"
    table.cell(1, 0).text = "Schools"
    table.cell(1, 1).text = "Roads"
    document.save(tmp_path / "merged.docx")
    text = load_file(tmp_path / "merged.docx").pages[0].text
    assert text == "Capital programme\t£12m\nSchools\tRoads"


# -- Files that are not what they claim, or are hostile --------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.pdf", b"", "the file is empty (0 bytes)"),
        ("notes.pdf", b"Minutes of the meeting\n", "named .pdf but is not a PDF file"),
        ("noise.pdf", bad_inputs.random_bytes(4096, seed=1), "named .pdf but is not a PDF file"),
        (
            "noise.docx",
            bad_inputs.random_bytes(4096, seed=2),
            "named .docx but is not a Word document",
        ),
        ("noise.txt", bad_inputs.random_bytes(4096, seed=3), "binary data, not text"),
        ("junk.txt", b"MZ\x90\x00\x03\x00\x00\x00" * 64, "binary data, not text"),
        ("zip.docx", b"PK\x03\x04" + bytes(64), "a damaged zip archive (File is not a zip file)"),
        (
            "old.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "an old-format (.doc) or password-protected Office file; "
            "save it as an unprotected .docx",
        ),
    ],
)
def test_bad_file_is_refused_with_one_line_naming_file_and_reason(tmp_path, name, data, reason):
    path = write(tmp_path, name, data)
    assert refusal(path) == f"{path}: {reason}"


def test_zip_that_is_not_a_word_document_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "budget.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert refusal(path) == f"{path}: a zip archive, not a Word document"


def test_missing_file_is_refused(tmp_path):
    path = tmp_path / "gone.pdf"
    assert refusal(path) == f"{path}: cannot be read (No such file or directory)"


def test_folder_is_refused_as_not_a_file(tmp_path):
    assert refusal(tmp_path) == f"{tmp_path}: not a regular file"


def test_200_mb_file_is_refused_by_size_without_being_read(tmp_path):
    path = bad_inputs.sparse_file(tmp_path / "huge.pdf", 200 * 1024 * 1024)
    tracemalloc.start()
    try:
        message = refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == f"{path}: too large (200 MB; the limit is 50 MB)"
    assert peak < 1024 * 1024


def test_size_limit_can_be_lowered(tmp_path):
    path = write(tmp_path, "minutes.txt", b"Minutes " * 200)
    reason = "too large (1,600 bytes; the limit is 1,000 bytes)"
    assert refusal(path, max_bytes=1000) == f"{path}: {reason}"


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """250 MB of zeros as word/document.xml, in a file of about 1 MB."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    return bad_inputs.zip_bomb_docx(path, inflated_bytes=250 * 1024 * 1024)


def test_docx_zip_bomb_is_refused_before_inflating(zip_bomb):
    tracemalloc.start()
    try:
        message = refusal(zip_bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 250 MB of zeros plus python-docx's own template parts
    assert message == f"{zip_bomb}: the Word document would inflate to 251 MB (a zip bomb?)"
    assert peak < 20 * 1024 * 1024


def test_docx_zip_bomb_that_understates_its_size_stops_at_the_stated_size(zip_bomb, tmp_path):
    liar = tmp_path / "liar.docx"
    liar.write_bytes(zip_bomb.read_bytes())
    bad_inputs.understate_size(liar, "word/document.xml", declared=1000)
    tracemalloc.start()
    try:
        message = refusal(liar)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == (f"{liar}: a damaged zip archive (Bad CRC-32 for file 'word/document.xml')")
    assert peak < 20 * 1024 * 1024
