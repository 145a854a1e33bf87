"""Fuzzing: any bytes under any supported name, and any page text, never crash ingestion.

A file may be refused, but only with a ``CouncilQAError`` of one line naming it; cleaning
accepts any text and always returns page offsets that point into the text.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.cleaning import clean_pages
from ingest.errors import CouncilQAError
from ingest.loaders import SUPPORTED_SUFFIXES, Page, load_file
from tests import bad_inputs

VALID_FILES = [
    bad_inputs.text_pdf([bad_inputs.MINUTES, ["Item 2: Apologies for absence."]]),
    bad_inputs.council_docx_bytes(),
    b"<html><body><h1>Cabinet</h1><table><tr><td>Libraries</td><td>1.2m</td></tr></table>",
]
MAGIC = [b"%PDF-1.7\n", b"PK\x03\x04", b"<!DOCTYPE html>", b"\xef\xbb\xbf", b"\xff\xfe"]
COUNCIL_LINES = [
    "KENT COUNTY COUNCIL",
    "Governance and Audit Committee - 25 October 2023",
    "Page 3 of 15",
    "- 4 -",
    "12",
    "This page is intentionally left blank",
    "1. Introduction",
    "• Apologies were received from Mr Chard.",
    "RESOLVED: that the report be noted.",
    "Date:",
    "The committee approved the budget of £4.2m for the new library, subject to",
    "Vice-",
    '<p>Item</p> <ul style="list-style-type: none"> &amp; &#9999999; &#x41;',
    "<http://sharepoint.bromley.gov.uk>",
    "| Libraries | £1.2m |",
    "\x0c",
    "",
    "   ",
]


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few bytes changed, cut out or added, and perhaps cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["change", "cut", "add"]))
        if edit == "change" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


FILE_BYTES = st.one_of(
    st.binary(max_size=2048),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=2048)).map(b"".join),
    st.sampled_from(VALID_FILES).flatmap(damaged),
)
PAGE_TEXT = st.lists(st.one_of(st.text(max_size=100), st.sampled_from(COUNCIL_LINES)), max_size=12)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=200, deadline=None)
@given(data=FILE_BYTES, suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_any_bytes_under_a_supported_name_load_or_are_refused_in_one_line(folder, data, suffix):
    path = folder / f"paper{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_file(path)
    except CouncilQAError as exc:
        assert str(exc).startswith(f"{path}: ")
        assert "\n" not in str(exc)
    else:
        assert any(page.text.strip() for page in loaded.pages)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(PAGE_TEXT.map("\n".join), min_size=1, max_size=6),
    wrapped=st.booleans(),
    paginated=st.booleans(),
)
def test_clean_pages_accepts_any_text_and_maps_every_offset_to_a_page(texts, wrapped, paginated):
    pages = [Page(number if paginated else 0, text) for number, text in enumerate(texts, 1)]
    clean = clean_pages(pages, wrapped=wrapped)
    starts, numbers = clean.page_starts, clean.page_numbers
    assert len(starts) == len(numbers)
    assert all(before < after for before, after in pairwise(starts))
    assert all(0 <= start < len(clean.text) for start in starts)
    assert all(clean.page_at(start) == n for start, n in zip(starts, numbers, strict=True))
    for offset in range(0, len(clean.text) + 1, 7):
        assert clean.page_at(offset) in (numbers or (0,))
    assert set(numbers) <= {page.number for page in pages}
