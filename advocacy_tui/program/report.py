"""The monthly retrospective (step 7), as Markdown or as one self-contained HTML page.

The HTML has its charts inline as SVG, and no scripts, fonts or links to fetch: it opens
offline, from an email attachment, and prints the same.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from advocacy_tui.program.metrics import ProgramMetrics, Rankings, TrendPoint

BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class AwardLine:
    advocate: str
    milestone: str
    awarded_on: date
    reward: str
    spotlight_quarter: str | None


@dataclass(frozen=True)
class Retrospective:
    figures: ProgramMetrics
    trend: list[TrendPoint]
    rankings: Rankings
    awards: list[AwardLine]
    program: str = "Advocacy program"


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _num(value: float | None, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:,.0f}{suffix}"


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1%}"


def tier_rows(figures: ProgramMetrics) -> dict[str, list[tuple[str, str]]]:
    """The three tiers as (label, shown value) pairs, shared by both formats."""
    w, m, q = figures.weekly, figures.monthly, figures.quarterly
    shift = "n/a" if q.sentiment_shift is None else f"{q.sentiment_shift:+.2f}"
    sentiment = "n/a" if q.sentiment is None else f"{q.sentiment:.2f}"
    return {
        "Weekly (7 days)": [
            ("Enrolled advocates", _num(w.enrolled)),
            ("Active advocates", _num(w.active_advocates)),
            ("Participation rate", _rate(w.participation_rate)),
            ("Posts", _num(w.posts)),
            ("Deliveries", _num(w.deliveries)),
            ("Shared", _num(w.shared)),
            ("Queue utilization", _rate(w.queue_utilization)),
        ],
        "Monthly (30 days)": [
            ("Reach (impressions)", _num(m.reach)),
            ("Engagement rate", _rate(m.engagement_rate)),
            ("Reach per advocate", _num(m.reach_per_advocate)),
            ("Referral visits", _num(m.referral_visits)),
            ("Reach growth", _signed(m.reach_growth)),
            ("Posts", _num(m.posts)),
        ],
        "Quarterly (91 days)": [
            ("Attributed applications", _num(q.attributed_applications)),
            ("Time to fill, promoted roles", _num(q.time_to_fill_promoted_days, " days")),
            ("Time to fill, other roles", _num(q.time_to_fill_control_days, " days")),
            ("Candidate sentiment", sentiment),
            ("Sentiment shift", shift),
        ],
    }


def health_lines(figures: ProgramMetrics) -> list[str]:
    health = figures.health
    marks = [
        ("Participation", health.participation_ok),
        ("Reach", health.reach_ok),
        ("Attribution", health.attribution_ok),
    ]
    lines = [f"{'✔' if ok else '✘'} {name}" for name, ok in marks]
    return lines + [f"→ {sentence}" for sentence in health.diagnosis]


def spark(values: list[float]) -> str:
    if not values:
        return ""
    top = max(values) or 1.0
    return "".join(BLOCKS[min(len(BLOCKS) - 1, int(value / top * (len(BLOCKS) - 1)))] for value in values)


def _series(trend: list[TrendPoint]) -> list[tuple[str, list[float], str]]:
    return [
        ("Participation rate", [p.participation_rate or 0.0 for p in trend], "rate"),
        ("Reach", [float(p.reach) for p in trend], "count"),
        ("Engagement rate", [p.engagement_rate or 0.0 for p in trend], "rate"),
    ]


def _ranking_tables(rankings: Rankings) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    return [
        ("Best content types (engagement rate, 30 days)", ("Topic", "Posts", "Reach", "Engagement rate"),
         [(t.topic, str(t.posts), f"{t.reach:,}", _rate(t.engagement_rate)) for t in rankings.topics]),
        ("Advocates driving referral traffic", ("Advocate", "Referral visits (30 d)", "Applications (91 d)"),
         [(a.name, f"{a.referral_visits:,}", str(a.attributed_applications)) for a in rankings.advocates]),
        ("Best channels (30 days)", ("Platform", "Posts", "Reach", "Engagement rate"),
         [(p.platform, str(p.posts), f"{p.reach:,}", _rate(p.engagement_rate)) for p in rankings.platforms]),
    ]


def _awards(retro: Retrospective) -> list[tuple[str, ...]]:
    return [
        (a.awarded_on.isoformat(), a.advocate, a.milestone + (f" ({a.spotlight_quarter} spotlight)" if a.spotlight_quarter else ""), a.reward)
        for a in retro.awards
    ]


def markdown(retro: Retrospective) -> str:
    figures = retro.figures
    out = [f"# {retro.program}: retrospective as of {figures.as_of:%d %B %Y}", ""]
    for title, rows in tier_rows(figures).items():
        out += [f"## {title}", "", "| Figure | Value |", "|---|---:|"]
        out += [f"| {label} | {value} |" for label, value in rows]
        out.append("")
    out += ["## Health", ""] + [f"- {line}" for line in health_lines(figures)] + [""]
    if retro.trend:
        out += [f"## Trends ({retro.trend[0].start:%d %b} to {retro.trend[-1].end:%d %b})", ""]
        for label, values, kind in _series(retro.trend):
            latest = _rate(values[-1]) if kind == "rate" else _num(values[-1])
            out.append(f"- {label}: `{spark(values)}` (now {latest})")
        out.append("")
    for title, headers, rows in _ranking_tables(retro.rankings):
        out += [f"## {title}", ""]
        if rows:
            out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
            out += ["| " + " | ".join(row) + " |" for row in rows]
        else:
            out.append("Nothing in the window.")
        out.append("")
    out += ["## Awards of the period", ""]
    awards = _awards(retro)
    if awards:
        out += ["| Date | Advocate | Milestone | Reward |", "|---|---|---|---|"]
        out += ["| " + " | ".join(row) + " |" for row in awards]
    else:
        out.append("No awards in the last 30 days.")
    out.append("")
    return "\n".join(out)


def svg_line(values: list[float], *, width: int = 320, height: int = 90, label: str = "") -> str:
    """A small line chart as inline SVG (no scripts, no external files)."""
    pad = 6
    if not values:
        values = [0.0]
    top = max(values) or 1.0
    step = (width - 2 * pad) / max(1, len(values) - 1)
    points = " ".join(
        f"{pad + index * step:.1f},{height - pad - (value / top) * (height - 2 * pad):.1f}"
        for index, value in enumerate(values)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(label)}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="#f7f7f9"/>'
        f'<polyline fill="none" stroke="#2f6fdf" stroke-width="2" points="{points}"/>'
        "</svg>"
    )


def _html_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.25rem .75rem;border-bottom:1px solid #ddd;"
    "text-align:left}td:not(:first-child){text-align:right}.charts{display:flex;gap:1.5rem;flex-wrap:wrap}"
    "figure{margin:0}figcaption{font-size:.9rem;color:#555}.ok{color:#17803d}.bad{color:#b42318}"
)


def html_page(retro: Retrospective) -> str:
    figures = retro.figures
    title = f"{retro.program}: retrospective as of {figures.as_of:%d %B %Y}"
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>",
             f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"]
    for tier, rows in tier_rows(figures).items():
        parts.append(f"<h2>{html.escape(tier)}</h2>" + _html_table(("Figure", "Value"), rows))
    parts.append("<h2>Health</h2><ul>")
    for line in health_lines(figures):
        css = "ok" if line.startswith("✔") else ("bad" if line.startswith("✘") else "")
        parts.append(f'<li class="{css}">{html.escape(line)}</li>')
    parts.append("</ul>")
    if retro.trend:
        parts.append(f"<h2>Trends ({retro.trend[0].start:%d %b} to {retro.trend[-1].end:%d %b})</h2><div class=\"charts\">")
        for label, values, kind in _series(retro.trend):
            latest = _rate(values[-1]) if kind == "rate" else _num(values[-1])
            parts.append(f"<figure>{svg_line(values, label=label)}<figcaption>{html.escape(label)}: now {latest}</figcaption></figure>")
        parts.append("</div>")
    for section, headers, rows in _ranking_tables(retro.rankings):
        parts.append(f"<h2>{html.escape(section)}</h2>")
        parts.append(_html_table(headers, rows) if rows else "<p>Nothing in the window.</p>")
    parts.append("<h2>Awards of the period</h2>")
    awards = _awards(retro)
    parts.append(_html_table(("Date", "Advocate", "Milestone", "Reward"), awards) if awards else "<p>No awards in the last 30 days.</p>")
    parts.append("</body></html>\n")
    return "".join(parts)
