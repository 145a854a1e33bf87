"""The Themes tab's views of a :class:`ThemeReport`: grouped HTML and the timeline's data."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from assistant.answer import Passage
from assistant.recency import long_date
from assistant.themes import ThemeReport
from ui.export import Linker
from ui.render import QUOTE_SEPARATOR, nice_title


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary_text(report: ThemeReport) -> str:
    """'15 passages in 5 papers from 4 councils'."""
    return (
        f"{plural(report.count, 'passage')} in {plural(len(report.papers), 'paper')} "
        f"from {plural(len(report.councils), 'council')}"
    )


def theme_html(report: ThemeReport | None, link: Linker) -> str:
    """Council → paper (oldest first) → quoted passages, each with its count and a link."""
    if report is None:
        return (
            '<div class="theme-empty"><p>Type a theme such as <em>culture change</em>, '
            "<em>debt recovery</em> or <em>risk management</em> to see every passage on it, "
            "by council and paper in date order.</p></div>"
        )
    if not report.count:
        return (
            f'<div class="theme-empty" role="status"><p>No passages on '
            f"<strong>{escape(report.theme)}</strong> in the papers you can see.</p></div>"
        )
    parts = [
        f'<p class="theme-summary"><strong>{escape(report.theme)}</strong>: '
        f"{escape(summary_text(report))}</p>"
    ]
    for council in report.councils:
        parts.append(
            f'<section class="theme-council"><h3>{escape(council.council)} '
            f'<span class="count">{plural(council.count, "passage")}</span></h3>'
        )
        for paper in council.papers:
            body = " · ".join(x for x in (paper.committee, paper.doc_type) if x)
            parts.append(
                f'<div class="theme-paper"><p class="theme-paper-title">'
                f'<span class="theme-date">{escape(long_date(paper.meeting_date) or "undated")}'
                f"</span> {escape(nice_title(paper.paper))}"
                f'<span class="theme-body">{escape(" · " + body if body else "")}</span>'
                f'<span class="count">{paper.count}</span></p><ul>'
            )
            for mention in paper.mentions:
                parts.append(_mention_html(mention.passage, mention.quote, link))
            parts.append("</ul></div>")
        parts.append("</section>")
    return f'<div class="theme-results">{"".join(parts)}</div>'


def _mention_html(passage: Passage, quote: str, link: Linker) -> str:
    where = []
    if passage.agenda_item:
        where.append(f"item {passage.agenda_item}")
    if passage.page:
        where.append(f"p. {passage.page}")
    label = escape(", ".join(where) or "open")
    url = link(passage)
    place = f'<a href="{escape(url)}" target="_blank" rel="noopener">{label}</a>' if url else label
    exempt = (
        ' <span class="badge badge-exempt">Exempt</span>'
        if passage.classification == "exempt"
        else ""
    )
    quotes = "".join(f"<q>{escape(piece)}</q> " for piece in quote.split(QUOTE_SEPARATOR))
    return f'<li><span class="theme-where">{place}</span>{exempt} {quotes}</li>'


def timeline_figure(report: ThemeReport | None) -> Any:
    """Passages per paper over time, one line of dated papers per council (None: nothing to
    plot). A matplotlib ``Figure`` made without pyplot, so requests never share state."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    series = {
        council.council: [
            (date.fromisoformat(paper.meeting_date), paper.count)
            for paper in council.papers
            if paper.meeting_date
        ]
        for council in (report.councils if report else [])
    }
    series = {name: points for name, points in series.items() if points}
    if not series:
        return None
    figure = Figure(figsize=(10, 3.2), layout="constrained")
    axes = figure.subplots()
    for name, points in series.items():
        axes.plot(*zip(*points, strict=True), marker="o", markersize=7, linewidth=1.5, label=name)
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylim(bottom=0)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylabel("passages on the theme")
    axes.set_title(f"“{report.theme}”: passages per paper over time", fontsize=11)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return figure


def undated_note(report: ThemeReport | None) -> str:
    undated = [paper for paper in (report.papers if report else []) if not paper.meeting_date]
    if not undated:
        return ""
    count = sum(paper.count for paper in undated)
    return (
        f'<p class="theme-note">{plural(len(undated), "undated paper")} '
        f"({plural(count, 'passage')}) listed below but not plotted.</p>"
    )
