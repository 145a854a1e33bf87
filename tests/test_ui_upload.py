"""Uploads: bad files are refused or reported, good ones go in under safe names; removal."""

from __future__ import annotations

import pytest

from tests.browser import chromium, open_app, open_tab, running_app, shot
from ui.uploads import KINDS, UPLOADS_DIR, Uploads, refusal, safe_name

PLANNING_MINUTES = """EASTMERE BOROUGH COUNCIL

PLANNING COMMITTEE

MINUTES of a meeting of the Planning Committee held in the Council Chamber, Civic Offices,
Quayside Road, Eastmere on Wednesday, 2 April 2025.

PRESENT: Cllr J Aldous (Chair), Cllr K Brindle, Cllr L Corran and Cllr N Dray

14. Land at Saltings Lane, Eastmere (Item 5)

1. The Planning Manager introduced application 24/0917/FUL for 36 homes on land at Saltings
Lane, of which 11 would be affordable. The site lies within flood zone 2 and the Environment
Agency had withdrawn its objection after the finished floor levels were raised by 600 mm.

2. RESOLVED that planning permission be granted subject to a section 106 agreement securing
the affordable housing and a contribution of £212,000 towards primary school places.
"""
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nthis is not really a pdf"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Cabinet 12-03 (final).PDF", "Cabinet-12-03-final.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system.ini", "system.ini"),
        ("Café minutes – March.docx", "Cafe-minutes-March.docx"),
        (".htaccess", "upload.htaccess"),
        ("report.txt\x00.pdf", "report-txt.pdf"),
        ("agenda", "agenda"),
    ],
)
def test_upload_names_are_made_safe(name, safe):
    assert safe_name(name) == safe


@pytest.mark.parametrize(
    ("name", "size", "reason"),
    [
        ("virus.exe", 10, f"unsupported file type '.exe': upload {KINDS} files"),
        ("minutes", 10, f"unsupported file type '(none)': upload {KINDS} files"),
        ("big.pdf", 3 * 1024 * 1024, "too large (3.0 MB; the limit is 2 MB)"),
        ("empty.txt", 0, "the file is empty"),
        ("minutes.TXT", 10, ""),
    ],
)
def test_files_are_refused_before_ingestion(name, size, reason):
    assert refusal(name, size, max_bytes=2 * 1024 * 1024) == reason


@pytest.fixture
def uploads(make_components, tmp_path):
    parts = make_components()
    return Uploads(parts.ingestor, parts.config.data_dir, max_bytes=1024 * 1024)


def upload(tmp_path, name, data):
    folder = tmp_path / "incoming" / str(len(list(tmp_path.glob("incoming/*"))))
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path, name


@pytest.mark.slow
def test_good_bad_and_refused_files_each_get_their_own_result(uploads, tmp_path):
    files = [
        upload(tmp_path, "Planning minutes 2 April.txt", PLANNING_MINUTES),
        upload(tmp_path, "budget.pdf", CORRUPT_PDF),
        upload(tmp_path, "notes.exe", b"MZ"),
        upload(tmp_path, "minutes.pdf", "Plain text, not what its name says."),
    ]
    results = list(uploads.ingest(files))
    assert [r.status for r in results] == ["added", "failed", "refused", "failed"]
    assert results[0].detail.endswith("chunks)")
    for failed in (results[1], results[3]):
        assert failed.detail and str(tmp_path) not in failed.detail
        assert UPLOADS_DIR not in failed.detail
    assert results[2].detail.startswith("unsupported file type '.exe'")
    stored = sorted(p.name for p in (uploads.folder.parent / UPLOADS_DIR).iterdir())
    assert stored == ["Planning-minutes-2-April.txt"]


@pytest.mark.slow
def test_same_name_with_new_content_never_overwrites(uploads, tmp_path):
    first = list(uploads.ingest([upload(tmp_path, "minutes.txt", PLANNING_MINUTES)]))
    again = list(uploads.ingest([upload(tmp_path, "minutes.txt", PLANNING_MINUTES)]))
    other = PLANNING_MINUTES.replace("36 homes", "38 homes")
    changed = list(uploads.ingest([upload(tmp_path, "minutes.txt", other)]))
    assert [first[0].status, again[0].status, changed[0].status] == ["added", "skipped", "added"]
    names = sorted(p.name for p in uploads.folder.iterdir())
    assert names[0] == "minutes-" + names[0][8:16] + ".txt" and names[1] == "minutes.txt"


# --- in the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, embed_model):
    with running_app(tmp_path_factory.mktemp("ui-upload"), embed_model, max_upload_mb=1) as url:
        yield url


@pytest.mark.browser
@pytest.mark.slow
def test_upload_a_good_and_a_corrupt_file_then_remove_the_good_one(app_url, tmp_path):
    good = tmp_path / "Planning Committee 2 April 2025.txt"
    good.write_text(PLANNING_MINUTES)
    corrupt = tmp_path / "budget-2019.pdf"
    corrupt.write_bytes(CORRUPT_PDF)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 800})
        open_app(page, app_url)
        assert "no papers you can see" in page.locator("#conversation .empty-library").inner_text()
        open_tab(page, "Upload")
        page.locator("#upload-files input[type=file]").set_input_files([str(good), str(corrupt)])
        page.locator("#upload-files").get_by_text("budget-2019").wait_for()
        page.locator("#upload-start").click()
        summary = page.locator("#upload-summary .upload-summary.partial")
        summary.wait_for(timeout=60_000)
        assert "1 of 2 files in the library" in summary.inner_text()
        results = page.locator("#upload-results").inner_text()
        assert "Planning Committee 2 April 2025.txt\nAdded\n" in results
        assert "budget-2019.pdf\nFailed\nthe PDF is cut short" in results
        shot(page, "10-upload-results")

        open_tab(page, "Library")
        table = page.locator("#library-table")
        page.locator("#library-count").get_by_text("1 paper").wait_for()
        assert "Planning Committee" in table.inner_text()
        shot(page, "11-library")
        page.locator("#to-remove input").click()
        page.get_by_role("option").first.click()
        page.locator("#remove").click()
        page.locator("#confirm-text").get_by_text("This cannot be undone").wait_for()
        shot(page, "12-library-confirm-remove")
        page.locator("#confirm").click()
        page.locator("#library-message").get_by_text("Removed").wait_for()
        page.locator("#library-count").get_by_text("0 papers").wait_for()
        assert "Planning Committee" not in table.inner_text()
