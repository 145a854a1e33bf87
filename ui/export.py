"""The evidence table, for pasting into a scrutiny report: CSV and XLSX.

One row per quoted passage — council, committee, date, paper, item, page, quote, link — from
a theme report (every passage on a theme) or from an answer's references. A row's page is
that of its first quoted sentence, not of the passage's start. The link is made by the
caller: the app links to its own file route, which checks the reader's role; the command
line links to the original file, or to ``--link-base`` (a running ``councilqa serve``).

Spreadsheets run formulas: a cell starting with ``=``, ``+``, ``-`` or ``@`` is written so
that it stays text (CSV: a leading apostrophe, as OWASP advises; XLSX: a string cell).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, fields
from datetime import date, datetime
from pathlib import Path

from assistant.answer import Answer, Passage
from assistant.themes import ThemeReport
from index.filters import SearchFilters
from ingest.errors import CouncilQAError
from ui.render import QUOTE_SEPARATOR, nice_title

COLUMNS = ("council", "committee", "date", "paper", "item", "page", "quote", "link")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = {"council": 24, "committee": 28, "date": 12, "paper": 40, "item": 28, "page": 6,
          "quote": 90, "link": 40}  # fmt: skip

Linker = Callable[[Passage], str]


class ExportError(CouncilQAError):
    """The evidence table cannot be written (unknown file type, or the file cannot be saved)."""


@dataclass(frozen=True)
class EvidenceRow:
    council: str
    committee: str
    date: str  # ISO, or "" when the paper gives none
    paper: str
    item: str
    page: int | None
    quote: str
    link: str

    @classmethod
    def from_passage(cls, passage: Passage, quote: str, link: str) -> EvidenceRow:
        item = passage.agenda_item
        if item and passage.agenda_item_title:
            item = f"{item} – {passage.agenda_item_title}"
        return cls(
            council=passage.council,
            committee=passage.committee,
            date=passage.meeting_date,
            paper=nice_title(passage.paper),
            item=item or passage.agenda_item_title,
            page=passage.page or None,
            quote=" ".join(quote.split()),
            link=link,
        )


def theme_rows(report: ThemeReport, link: Linker) -> list[EvidenceRow]:
    """Every mention, in the report's order (council, then paper by date)."""
    rows = []
    for _, _, mention in report.mentions():
        passage = mention.passage.locate(mention.quote.split(QUOTE_SEPARATOR)[0])
        rows.append(EvidenceRow.from_passage(passage, mention.quote, link(passage)))
    return rows


def answer_rows(answer: Answer, link: Linker) -> list[EvidenceRow]:
    """The answer's references, numbered as in the answer (a refusal has none)."""
    rows = []
    for citation in answer.citations:
        passage = citation.passage.locate(citation.quote.split(QUOTE_SEPARATOR)[0])
        rows.append(EvidenceRow.from_passage(passage, citation.quote, link(passage)))
    return rows


def write_csv(rows: Iterable[EvidenceRow], path: Path, about: dict[str, str]) -> Path:
    """UTF-8 with a byte-order mark, so that Excel reads "£" and "–" correctly."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_safe_text(v) if isinstance(v, str) else v for v in astuple(row)])
    return path


def write_xlsx(rows: Iterable[EvidenceRow], path: Path, about: dict[str, str]) -> Path:
    """An "Evidence" sheet (header frozen, quotes wrapped, links clickable, dates as dates)
    and an "About" sheet saying what was searched, for whom and when."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Evidence"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, (name, value) in enumerate(zip(COLUMNS, astuple(row), strict=True), start=1):
            cell = sheet.cell(number, column)
            if name == "date" and value:
                cell.value = date.fromisoformat(value)
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # never a formula, whatever it starts with
            else:
                cell.value = value
            if name == "quote":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if name == "link" and value:
                cell.hyperlink = value
                cell.style = "Hyperlink"
    for column, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    info = book.create_sheet("About")
    for key, value in about.items():
        info.append([key, ILLEGAL_CHARACTERS_RE.sub("", value)])
        info.cell(info.max_row, 2).data_type = "s"
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 80
    book.save(path)
    return path


WRITERS = {".csv": write_csv, ".xlsx": write_xlsx}


def export_evidence(rows: list[EvidenceRow], path: Path, about: dict[str, str]) -> Path:
    """Write ``rows`` to ``path`` as CSV or XLSX, chosen by its suffix."""
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ExportError(f"{path}: unknown export type {path.suffix!r}; use .csv or .xlsx")
    try:
        return writer(rows, path, about)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the export ({exc.strerror or exc})") from exc


def about(
    what: str, filters: SearchFilters, rows: int, filters_known: bool = True
) -> dict[str, str]:
    """What the export holds, for its "About" sheet. ``filters_known`` is false for a chat
    answer's references, whose filters are those set when the question was asked."""
    exempt = "exempt" in filters.classifications
    described = filters.describe() or "none" if filters_known else "as set for the question"
    return {
        "Export": what,
        "Filters": described,
        "Searched": "public and exempt (Part 2) papers: do not publish"
        if exempt
        else "public papers",
        "Rows": str(rows),
        "Columns": ", ".join(field.name for field in fields(EvidenceRow)),
        "Generated": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "Tool": "councilqa",
    }


def file_link(passage: Passage) -> str:
    """The original file on this machine, at the cited page for a PDF (the CLI's default)."""
    if not passage.source:
        return ""
    path = Path(passage.source).expanduser().resolve()
    anchor = f"#page={passage.page}" if passage.page and path.suffix.lower() == ".pdf" else ""
    return path.as_uri() + anchor


def app_link(base: str) -> Linker:
    """Links into a running app's file route (``councilqa serve``), which checks the role."""
    from ui.files import file_url

    root = base.rstrip("/") + "/"
    return lambda passage: root + file_url(passage.doc_id, passage.file_name, passage.page)


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value
