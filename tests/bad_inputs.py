"""Builders for the files the loader tests feed in, good and bad, made at test time.

Only one binary fixture is committed (an AES-encrypted PDF, which pypdf cannot write
without the optional ``cryptography`` package); everything else is generated here.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pypdf

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad"
AES_EMPTY_PASSWORD_PDF = FIXTURES / "aes-empty-password.pdf"
AES_PDF_TEXT = "Cabinet minutes: the budget of 4.2m was approved by the Cabinet on 3 March."

MINUTES = [
    "Minutes of the Planning Committee held on Tuesday 4 March 2025.",
    "The committee approved the capital budget of £4.2m for the new library.",
]


def text_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF with a real text layer: one line of Helvetica per string, by hand."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in once the page numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        shown = "".join(f"({_pdf_string(line)}) Tj T*\n" for line in lines)
        stream = f"BT /F1 12 Tf 14 TL 72 720 Td\n{shown}ET".encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return _pdf_file(objects)


def flate_bomb_pdf(inflated_bytes: int) -> bytes:
    """A one-page PDF whose compressed page content inflates to ``inflated_bytes`` of spaces."""
    packer = zlib.compressobj(1)
    spaces = b" " * (1024 * 1024)
    content = packer.compress(b"BT /F1 12 Tf 72 720 Td (Minutes) Tj ET ")
    content += b"".join(packer.compress(spaces) for _ in range(inflated_bytes // len(spaces)))
    content += packer.flush()
    return _pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(content), content),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def blank_pdf() -> bytes:
    """One blank page and no text at all, like a scan without OCR."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return _written(writer)


def encrypted_pdf(user_password: str) -> bytes:
    """The minutes PDF encrypted with RC4 (AES needs the optional cryptography package)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf([MINUTES]))))
    writer.encrypt(user_password=user_password, owner_password="clerk", algorithm="RC4-128")
    return _written(writer)


def _written(writer: pypdf.PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def random_bytes(size: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(size)


def council_docx(path: Path) -> Path:
    path.write_bytes(council_docx_bytes())
    return path


def council_docx_bytes() -> bytes:
    """A Word document with a heading, a paragraph and a table, saved by python-docx."""
    document = docx.Document()
    document.add_heading("Cabinet minutes", level=1)
    document.add_paragraph("The Cabinet approved the budget.")
    rows = [["Service", "2024/25", "2025/26"], ["Libraries", "£1.2m", "£1.4m"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.add_paragraph("RESOLVED: that the budget be noted.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(path: Path, inflated_bytes: int) -> Path:
    """A real DOCX whose document.xml is ``inflated_bytes`` of zeros, packed about 200:1."""
    template = council_docx_bytes()
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for name in source.namelist():
            if name != "word/document.xml":
                archive.writestr(name, source.read(name))
        with archive.open("word/document.xml", "w") as member:
            for _ in range(inflated_bytes // len(chunk)):
                member.write(chunk)
    return path


def understate_size(path: Path, member: str, declared: int) -> Path:
    """Rewrite the central directory so that ``member`` claims to inflate to ``declared``."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, declared)
    path.write_bytes(bytes(data))
    return path


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space and is never held in memory."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path
