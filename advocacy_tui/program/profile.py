"""Step 2's written output: the ranked candidate list and the profile document, in Markdown,
for HR and managers to read and to nominate future cohorts with."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from advocacy_tui.program.scoring import Rubric, Thresholds
from advocacy_tui.program.vocabulary import DIMENSION_LABELS, DIMENSION_QUESTIONS, DIMENSIONS

RUBRIC_SCALE = (
    ("1", "No evidence of this attribute."),
    ("2", "Occasional or weak evidence."),
    ("3", "Solid: clearly present in their professional activity."),
    ("4", "Strong: a visible strength colleagues would name."),
    ("5", "Exceptional: a recognised reference inside and outside the company."),
)


def attribute_lines(company: str) -> list[str]:
    """The four attributes of the profile, as the guide asks them (Markdown lines)."""
    lines = [
        f"Follower count is the wrong primary criterion. {company[:1].upper() + company[1:]} looks "
        "for people who combine four attributes:",
        "",
    ]
    lines += [
        f"{number}. **{DIMENSION_LABELS[dim]}**: {DIMENSION_QUESTIONS[dim]}"
        for number, dim in enumerate(DIMENSIONS, start=1)
    ]
    return lines


def rubric_table_lines() -> list[str]:
    """The 1-5 scale as a Markdown table."""
    return ["| mark | meaning |", "|---|---|", *(f"| {mark} | {meaning} |" for mark, meaning in RUBRIC_SCALE)]


def _mark(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def profile_markdown(
    ranked: Sequence[tuple[str, str, str, Rubric]],
    limits: Thresholds,
    today: date,
    company: str = "our company",
) -> str:
    """`ranked` holds (name, department, title, rubric) in ranking order."""
    lines = [
        f"# Micro-influencer candidates and profile — {today.isoformat()}",
        "",
        "## The profile we look for",
        "",
        *attribute_lines(company),
        "",
        "## The rubric",
        "",
        "Each scorer marks each attribute from 1 to 5:",
        "",
        *rubric_table_lines(),
        "",
        f"A candidate is **consistent** when every attribute averages at least "
        f"{limits.consistent_min:g} and no two are more than {limits.max_spread:g} apart. "
        f"A candidate is **lopsided** when one attribute reaches {limits.lopsided_high:g} "
        f"while another is {limits.lopsided_low:g} or lower: we look for people who score "
        "consistently across all four, not those who max one and score zero on the rest.",
        "",
        "When you nominate someone for a future cohort, score them against these four "
        "questions first. Do not nominate by seniority: mid-level experts with smaller, "
        "relevant networks usually outperform senior leaders with broad but shallow ones.",
        "",
        "## Ranked candidates",
        "",
        "Consistent candidates first, then by composite (the mean of the four), then by the "
        "weakest attribute.",
        "",
        "| # | name | department | title | "
        + " | ".join(DIMENSION_LABELS[d].lower() for d in DIMENSIONS)
        + " | composite | scorers | mark |",
        "|---:|---|---|---|" + "---:|" * 4 + "---:|---:|---|",
    ]
    scored = 0
    for position, (name, department, title, rubric) in enumerate(ranked, start=1):
        if rubric.scored:
            scored += 1
        marks = " | ".join(_mark(value) for value in rubric.marks())
        lines.append(
            f"| {position} | {_cell(name)} | {_cell(department)} | {_cell(title)} | {marks} | "
            f"{_mark(rubric.composite)} | {rubric.scorers} | {rubric.mark(limits)} |"
        )
    consistent = sum(1 for *_, rubric in ranked if rubric.consistent(limits))
    lines += [
        "",
        f"{len(ranked)} candidates, {scored} scored, {consistent} consistent. "
        "The guide's target for outreach is 15 to 25 scored candidates.",
        "",
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Keep a table cell on one line and its pipes literal."""
    return " ".join(text.split()).replace("|", "\\|")
