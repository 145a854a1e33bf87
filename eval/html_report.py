"""``report.html``: the metrics, plots (embedded PNGs) and every question, worst first."""

from __future__ import annotations

from html import escape

from eval.grading import QuestionResult
from eval.plots import plot_images
from eval.report import ROWS, format_value, meets, primary, worst
from eval.runner import EvalRun

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { background: #e6f4ea; } .missed { background: #fce8e6; }
.pass { color: #137333; font-weight: bold; } .fail { color: #c5221f; font-weight: bold; }
.quote { color: #555; font-size: 12px; } .small { font-size: 12px; color: #555; }
.questions td { max-width: 32em; } img { max-width: 100%; }
"""


def render_html(run: EvalRun) -> str:
    main = primary(run)
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>councilqa eval: {escape(run.corpus)}</title><style>{STYLE}</style></head><body>",
        f"<h1>councilqa eval — corpus: {escape(run.corpus)}</h1>",
        _overview(run),
        _metrics(run),
        _plots(run),
        _sweep(run),
        f"<h2>Questions ({escape(main.mode)}), worst first</h2>",
        _questions(run),
        "</body></html>",
    ]
    return "\n".join(parts)


def _overview(run: EvalRun) -> str:
    index = run.index
    settings = ", ".join(f"{k} = {escape(str(v))}" for k, v in run.settings.items())
    where = "a temporary index" if index.temporary else f"the index in {escape(index.data_dir)}"
    lines = [
        f"<p>{index.papers} papers, {index.chunks} chunks in {where}"
        + (f", ingested in {index.ingest_seconds:.0f} s" if index.ingest_seconds else "")
        + f". Whole run {run.seconds:.0f} s. {settings}.</p>",
        f"<p>LLM judge: {escape(run.judge) or 'none (offline support judge only)'}.</p>",
    ]
    if index.failures:
        failed = "".join(f"<li>{escape(f)}</li>" for f in index.failures)
        lines.append(f"<p>Files the ingest refused:</p><ul>{failed}</ul>")
    if index.unreachable:
        quotes = "".join(f"<li>{escape(q)}</li>" for q in index.unreachable)
        lines.append(
            "<p>Gold quotes that no single chunk contains (split by chunking, so no "
            f"retrieval can find them):</p><ul>{quotes}</ul>"
        )
    return "\n".join(lines)


def _metrics(run: EvalRun) -> str:
    blocks = ["<h2>Metrics</h2>"]
    for name in run.runs[0].summaries:
        first = run.runs[0].summaries[name]
        head = "".join(f"<th>{escape(r.mode)}</th>" for r in run.runs)
        rows = []
        for key, label, direction, target in ROWS:
            values = [getattr(r.summaries[name], key) for r in run.runs]
            if key.startswith("judge_") and all(v is None for v in values):
                continue
            cells = "".join(_cell(v, direction, target) for v in values)
            goal = "" if target is None else f"{'≥' if direction == 'up' else '≤'} {target:g}"
            rows.append(f"<tr><td>{escape(label)}</td>{cells}<td>{goal}</td></tr>")
        blocks.append(
            f"<h3>{escape(name)}: {first.questions} questions ({first.answerable} answerable,"
            f" {first.unanswerable} unanswerable)</h3>"
            f"<table><tr><th>metric</th>{head}<th>target</th></tr>{''.join(rows)}</table>"
        )
    return "\n".join(blocks)


def _cell(value: float | None, direction: str, target: float | None) -> str:
    css = "num"
    if value is not None and target is not None:
        css += " ok" if meets(value, direction, target) else " missed"
    return f"<td class='{css}'>{format_value(value)}</td>"


def _plots(run: EvalRun) -> str:
    images = plot_images(run)
    if not images:
        return "<p>(Plots need matplotlib: <code>pip install matplotlib</code>.)</p>"
    return "<h2>Plots</h2>" + "".join(
        f"<figure><img alt='{escape(title)}' src='data:image/png;base64,{data}'>"
        f"<figcaption>{escape(title)}</figcaption></figure>"
        for title, data in images
    )


def _sweep(run: EvalRun) -> str:
    if not run.sweep:
        return ""
    rows = "".join(
        f"<tr><td class='num'>{p.min_score:.2f}</td>"
        + "".join(
            f"<td class='num'>{format_value(getattr(p.summaries['overall'], key))}</td>"
            for key in ("refusal_recall", "false_refusal_rate", "refusal_precision", "fact_recall")
        )
        + "</tr>"
        for p in run.sweep
    )
    return (
        "<h2>Refusal threshold (answer.min_score), hybrid</h2><table><tr><th>min_score</th>"
        "<th>refusal recall</th><th>false refusals</th><th>refusal precision</th>"
        f"<th>fact recall</th></tr>{rows}</table>"
    )


def _questions(run: EvalRun) -> str:
    main = primary(run)
    others = [r for r in run.runs if r is not main]
    verdicts = {r.mode: {q.id: q.passed for q in r.results} for r in others}
    head = "".join(f"<th>{escape(r.mode)}</th>" for r in others)
    rows = []
    for result in worst(main.results):
        extra = "".join(_verdict(verdicts[r.mode].get(result.id)) for r in others)
        rows.append(
            f"<tr>{_verdict(result.passed)}<td>{_question(result)}</td>"
            f"<td>{_answer(result)}</td><td class='small'>{_figures(result)}</td>{extra}"
            f"<td>{_reasons(result)}</td></tr>"
        )
    return (
        "<table class='questions'><tr><th>result</th><th>question</th><th>answer</th>"
        f"<th>figures</th>{head}<th>reasons</th></tr>{''.join(rows)}</table>"
    )


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return "<td></td>"
    return "<td class='pass'>pass</td>" if passed else "<td class='fail'>FAIL</td>"


def _question(result: QuestionResult) -> str:
    flags = [result.corpus, result.persona]
    flags += [name for name in ("paraphrased", "multi_paper") if getattr(result, name)]
    if not result.answerable:
        flags.append("unanswerable")
    if result.follow_up_of:
        flags.append(f"follow-up of {result.follow_up_of}")
    searched = ""
    if result.search_question != result.question:
        searched = f"<div class='small'>searched as: {escape(result.search_question)}</div>"
    return (
        f"<b>{escape(result.id)}</b> <span class='small'>{escape(', '.join(flags))}</span>"
        f"<div>{escape(result.question)}</div>{searched}"
    )


def _answer(result: QuestionResult) -> str:
    cites = "".join(
        f"<li>[{c['number']}] {escape(str(c['reference']))}"
        f"<div class='quote'>“{escape(str(c['quote']))}”</div></li>"
        for c in result.citations
    )
    refused = " <i>(refused)</i>" if result.refused else ""
    return f"<div>{escape(result.answer)}{refused}</div><ol class='small'>{cites}</ol>"


def _figures(result: QuestionResult) -> str:
    figures = [
        ("hit@5", result.hit_at_5),
        ("MRR", result.mrr),
        ("facts", result.fact_recall),
        ("cit. prec.", result.citation_precision),
        ("cit. recall", result.citation_recall),
    ]
    lines = [f"{name} {format_value(v)}" for name, v in figures if v is not None]
    ranks = ", ".join("–" if r is None else str(r) for r in result.ranks)
    if ranks:
        lines.append(f"gold ranks {ranks}")
    lines.append(f"{result.latency:.2f} s")
    return "<br>".join(escape(line) for line in lines)


def _reasons(result: QuestionResult) -> str:
    if not result.reasons:
        return ""
    return "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in result.reasons) + "</ul>"
