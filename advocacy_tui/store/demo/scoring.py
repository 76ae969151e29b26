"""Rubric scores for the audit's top candidates, with the disagreements a real cohort has."""

from __future__ import annotations

from datetime import timedelta

from advocacy_tui.program.vocabulary import DIMENSIONS
from advocacy_tui.store.demo.people import Person
from advocacy_tui.store.demo.program import Program

SCORERS = ("coordinator", "hr-partner")  # the first is the config's default scorer
CANDIDATES = 40  # the config's default `scoring.candidates`

SCORE_NOTES = (
    "Replies on technical threads get real discussion, not just likes.",
    "Network is full of the peers we hire from.",
    "Known internally as the go-to person for this topic.",
    "Talks about how we work without being asked.",
    "Strong writer; posts are specific and generous with credit.",
    "Mostly shares, rarely adds a personal line yet.",
    "",
    "",
)
LOPSIDED_NOTES = (
    "Huge engagement, but the tone can be off-brand.",
    "Deep expert, but the network is mostly outside our talent pools.",
    "Very visible; little evidence of expertise in what we hire for.",
)


def showcase_executive(people: list[Person]) -> Person | None:
    """The executive with the broadest network who signals at all: the guide's mistake 1."""
    executives = [p for p in people if p.seniority == "executive" and p.signals > 0 and p.network >= 5000]
    return min(executives, key=lambda p: (-p.network, p.id)) if executives else None


def make_scores(
    program: Program, candidates: list[Person], executive: Person | None
) -> tuple[list[dict], list[Person]]:
    """Rubric marks for most of the top candidates, leaving about ten of the top 40 to do.

    Mostly consistent profiles; three lopsided (a 5 and a 1), two with a weak dimension, two
    marked by one scorer only, and the showcase executive: broad network, little engagement.
    """
    rng, today = program.rng, program.today
    top = candidates[:CANDIDATES]
    skipped = set(rng.sample(range(10, min(30, len(top))), 2)) if len(top) > 12 else set()
    scored = [p for i, p in enumerate(top[:32]) if i not in skipped]
    lopsided = set(rng.sample(range(5, len(scored)), 3)) if len(scored) > 10 else set()
    middling = set(rng.sample([i for i in range(8, len(scored)) if i not in lopsided], 2)) if len(scored) > 12 else set()
    singles = {len(scored) - 1: SCORERS[0], len(scored) - 4: SCORERS[1]} if len(scored) > 8 else {}
    rows: list[dict] = []
    consistent: list[Person] = []
    for index, person in enumerate(scored):
        base = {
            "network_relevance": 4 if person.department in ("Engineering", "Sales", "Product") else 3,
            "engagement_quality": 5 if index < 10 else 4,
            "subject_depth": 4 if person.expert else 3,
            "cultural_alignment": rng.choice((3, 4, 4, 5)),
        }
        notes = rng.choice(SCORE_NOTES)
        fixed: tuple[str, ...] = ()
        if index in lopsided:
            fixed = tuple(rng.sample(DIMENSIONS, 2))
            base[fixed[0]], base[fixed[1]] = 5, 1
            notes = rng.choice(LOPSIDED_NOTES)
        elif index in middling:
            fixed = (rng.choice(DIMENSIONS),)
            base[fixed[0]] = 2
        else:
            consistent.append(person)
        scorers = (singles[index],) if index in singles else SCORERS
        for scorer in scorers:
            marks = dict(base)
            for dim in DIMENSIONS:  # two people rarely agree to the point
                if dim not in fixed and rng.random() < 0.3:
                    marks[dim] = max(3, min(5, marks[dim] + rng.choice((-1, 1))))
            scored_on = today - timedelta(days=rng.randint(1, 20))
            rows.append(
                program.row(
                    scored_on,
                    employee_id=person.id,
                    scorer=scorer,
                    scored_on=scored_on,
                    notes=notes if scorer == SCORERS[0] else "",
                    **marks,
                )
            )
    if executive is not None and all(p.id != executive.id for p in scored):
        scored_on = today - timedelta(days=rng.randint(1, 20))
        rows.append(
            program.row(
                scored_on,
                employee_id=executive.id,
                scorer=SCORERS[0],
                scored_on=scored_on,
                notes="Huge network, little engagement on what they share; signed up to lead by example.",
                network_relevance=5,
                engagement_quality=1,
                subject_depth=4,
                cultural_alignment=4,
            )
        )
    return rows, consistent
