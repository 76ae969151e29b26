"""What the program led to: requisitions, applications, candidate surveys, awards and the
advocates' feedback."""

from __future__ import annotations

from datetime import date, timedelta

from advocacy_tui.store.demo.dates import AUDIT_DAYS, midnight, quarter
from advocacy_tui.store.demo.people import Person
from advocacy_tui.store.demo.program import Program

# (title, department, opened days ago, promoted by advocates, days to fill or None if open)
REQUISITIONS = (
    ("Senior Robotics Software Engineer", "Engineering", 170, False, 68),
    ("Financial Analyst", "Finance", 160, False, 52),
    ("Customer Success Manager", "Customer Success", 140, False, 61),
    ("Supply Chain Planner", "Operations", 120, False, None),
    ("Field Service Engineer", "Customer Success", 90, False, 70),
    ("Firmware Engineer, Motor Control", "Engineering", 75, True, 34),
    ("Account Executive, Mid-Market", "Sales", 70, True, 29),
    ("Perception Engineer", "Engineering", 62, True, 38),
    ("Product Manager, Fleet Software", "Product", 55, True, None),
    ("Sales Engineer", "Sales", 40, True, 31),
    ("Talent Acquisition Partner", "People", 30, True, None),
    ("Technical Writer", "Product", 25, False, None),
)
APPLICATION_SOURCES = (
    ("linkedin jobs", 35), ("careers site", 25), ("referral", 15), ("indeed", 15),
    ("university", 5), ("agency", 5),
)


def make_requisitions(program: Program) -> None:
    rng, today = program.rng, program.today
    for title, department, opened_ago, promoted, fill_days in REQUISITIONS:
        opened = today - timedelta(days=opened_ago + rng.randint(-2, 2))
        filled = opened + timedelta(days=fill_days + rng.randint(-2, 2)) if fill_days else None
        if filled is not None and filled > today:
            filled = None
        row = program.row(
            opened, filled or opened, title=title, opened_on=opened, filled_on=filled, promoted=promoted
        )
        row["_department"] = department
        program.requisitions.append(row)


def make_applications(program: Program) -> None:
    """About 150 over six months: most from job boards and the careers site, some from posts."""
    rng, today = program.rng, program.today
    start = today - timedelta(days=AUDIT_DAYS)
    reqs = program.requisitions

    def open_on(day: date) -> list[dict]:
        return [r for r in reqs if r["opened_on"] <= day and (r["filled_on"] is None or r["filled_on"] >= day)]

    sources = [name for name, _ in APPLICATION_SOURCES]
    weights = [weight for _, weight in APPLICATION_SOURCES]
    for _ in range(120):
        day = start + timedelta(days=rng.randint(0, AUDIT_DAYS))
        candidates = open_on(day)
        requisition = rng.choice(candidates)["id"] if candidates else None
        program.applications.append(
            program.row(
                day,
                requisition_id=requisition,
                applied_on=day,
                source=rng.choices(sources, weights)[0],
                utm_campaign=None,
                utm_content=None,
            )
        )
    people = {p.id: p for p, _ in program.advocates}
    tracked = [post for post in program.posts if post["asset_id"] is not None]
    if not tracked:
        return
    postings = [p for p in tracked if program.assets[p["asset_id"]]["_requisition"]]
    for _ in range(32):
        post = rng.choice(postings) if postings and rng.random() < 0.6 else rng.choice(tracked)
        asset = program.assets[post["asset_id"]]
        day = min(today, post["posted_on"] + timedelta(days=int(rng.expovariate(0.3))))
        requisition = asset["_requisition"]
        if requisition is None or requisition not in {r["id"] for r in open_on(day)}:
            candidates = open_on(day)
            requisition = rng.choice(candidates)["id"] if candidates else None
        program.applications.append(
            program.row(
                day,
                requisition_id=requisition,
                applied_on=day,
                source="employee post",
                utm_campaign=asset["campaign"],
                utm_content=f"{people[post['advocate_id']].token}-{asset['token']}",
            )
        )


def make_surveys(program: Program) -> list[dict]:
    """Candidate sentiment, about two a week for six months, a little warmer since launch."""
    rng, today = program.rng, program.today
    rows = []
    for week in range(AUDIT_DAYS // 7):
        for _ in range(rng.choice((1, 2, 2, 2, 3))):
            day = today - timedelta(days=week * 7 + rng.randint(0, 6))
            mean = 3.9 if day >= program.launch else 3.4
            score = float(max(1, min(5, round(rng.gauss(mean, 0.9)))))
            rows.append(program.row(day, survey_on=day, score=score))
    return rows


def _streak_day(days: list[date]) -> date | None:
    """The day a run of posts (no gap over 7 days) first spans 30 days."""
    run_start = None
    previous = None
    for day in days:
        if previous is None or (day - previous).days > 7:
            run_start = day
        if run_start is not None and (day - run_start).days >= 30:
            return day
        previous = day
    return None


def make_awards(program: Program) -> list[dict]:
    """Milestones already recognised; some first posts are still waiting for theirs."""
    rng, today = program.rng, program.today
    rows = []
    posted: dict[str, list[date]] = {}
    for post in program.posts:
        posted.setdefault(post["advocate_id"], []).append(post["posted_on"])
    advocates = [p for p, _ in program.advocates if p.id in posted]
    attributed: dict[str, date] = {}
    by_token = {p.token: p.id for p in advocates}
    for application in program.applications:
        if application["utm_content"]:
            advocate = by_token.get(application["utm_content"].split("-")[0])
            if advocate and (advocate not in attributed or application["applied_on"] < attributed[advocate]):
                attributed[advocate] = application["applied_on"]

    def award(person: Person, milestone: str, day: date, reward: str, note: str, spotlight: bool) -> None:
        day = min(today, day)
        rows.append(
            program.row(
                day,
                advocate_id=person.id,
                milestone=milestone,
                awarded_on=day,
                reward=reward,
                note=note,
                spotlight_quarter=quarter(day) if spotlight else None,
            )
        )

    for person in advocates[: max(1, len(advocates) * 2 // 3)]:
        first = min(posted[person.id])
        award(person, "first post", first + timedelta(days=rng.randint(1, 3)), "Northwind hoodie",
              "Welcome to the cohort!", False)
    streaks = 0
    for person in advocates:
        day = _streak_day(sorted(posted[person.id]))
        if day is not None and streaks < 3:
            streaks += 1
            award(person, "30-day streak", day + timedelta(days=2), "$250 learning credit",
                  "Named in the all-hands spotlight.", streaks == 1)
    for person in advocates:
        if person.id in attributed and sum(1 for r in rows if r["milestone"] == "attributed application") < 2:
            award(person, "attributed application", attributed[person.id] + timedelta(days=3),
                  "Conference pass", "Your post brought in a candidate.", False)
    return rows


FEEDBACK = (
    ("flag", "This caption sounds like an ad; I wouldn't say it this way."),
    ("flag", "The image is from two product versions ago."),
    ("topic", "I'd like to share something about our warehouse safety record."),
    ("topic", "Could we have a post about the apprenticeship program?"),
    ("support", "Can someone help me turn my conference talk into a post?"),
    ("topic", "More about what a week on a customer site looks like, please."),
    ("support", "Is it fine to tag the customer in the go-live post?"),
    ("flag", "Too much jargon for my network; they're mostly recruiters."),
    ("topic", "I'd share a post on how we review firmware changes."),
    ("support", "I'd like a second pair of eyes on a personal story before I post it."),
)


RESOLUTIONS = {
    "flag": "Agreed: retired it and asked marketing for a plainer caption.",
    "topic": "Added to next month's content plan; you'll see it in your queue.",
    "support": "Paired you with someone from the comms team; they'll be in touch this week.",
}


def make_feedback(program: Program) -> list[dict]:
    rng, today = program.rng, program.today
    rows = []
    if not program.advocates:
        return rows
    delivered = [d for d in program.deliveries if d["delivered_on"] < today - timedelta(days=14)]
    retired = 0
    for kind, text in FEEDBACK:
        if kind == "flag" and delivered:
            delivery = rng.choice(delivered)
            advocate, asset_id, day = delivery["advocate_id"], delivery["asset_id"], delivery["delivered_on"]
            day = day + timedelta(days=rng.randint(0, 2))
        else:
            advocate = rng.choice(program.advocates)[0].id
            asset_id = None
            day = program.launch + timedelta(days=rng.randint(0, (today - program.launch).days))
        resolved = (today - day).days > 14 and rng.random() < 0.8
        resolved_on = min(today, day + timedelta(days=rng.randint(2, 6))) if resolved else day
        if kind == "flag" and asset_id and resolved and retired < 2:
            asset = program.assets[asset_id]  # the coordinator agreed and retired it
            asset["status"] = "retired"
            asset["updated_at"] = max(asset["updated_at"], midnight(resolved_on))
            retired += 1
        rows.append(
            program.row(
                day,
                resolved_on,
                advocate_id=advocate,
                asset_id=asset_id,
                kind=kind,
                text=text,
                status="resolved" if resolved else "open",
                created_on=day,
                resolution=RESOLUTIONS[kind] if resolved else "",
                resolved_on=resolved_on if resolved else None,
            )
        )
    return rows
