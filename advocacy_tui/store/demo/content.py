"""The library's assets, the weekly queue that delivers them, and the posts they became."""

from __future__ import annotations

import random
from base64 import b32encode
from datetime import date, timedelta

from advocacy_tui.program.tokens import asset_token
from advocacy_tui.store.demo.company import CAREERS, CATEGORIES, CATEGORY_OF, COMPANY
from advocacy_tui.store.demo.library import (
    ANGLES,
    CAMPAIGNS,
    CAPTIONS,
    FORMATS,
    HASHTAGS,
    LINK_PATHS,
    PLATFORMS,
    STARTERS,
    SUBJECTS,
    TONES,
)
from advocacy_tui.store.demo.people import Person
from advocacy_tui.store.demo.program import Program

PER_DROP = 3
# Weeks of approved, not yet delivered assets left per category (the guide's target is 4;
# one category is short so the coverage warning has something to say).
COVERAGE_WEEKS = {"Engineering voices": 4, "Sales & customers": 4, "Culture & people": 2}


def _slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def make_assets(program: Program) -> list[dict]:
    """The library, built week by week: each category's drop of three, then what is left.

    History: one drop per category per Monday (the assets everyone in the category got).
    Coverage: approved assets not delivered yet. A few drafts (one without a caption, which
    cannot be approved) and a couple retired after an advocate flagged them.
    """
    rng, today, mondays = program.rng, program.today, program.mondays
    platforms = [name for name, _ in PLATFORMS]
    weights = [weight for _, weight in PLATFORMS]
    program.drops = {category: [] for category in CATEGORIES}
    subjects = {
        category: [(kind, subject) for kind, items in SUBJECTS[category].items() for subject in items]
        for category in CATEGORIES
    }
    for items in subjects.values():
        rng.shuffle(items)
    cursor = dict.fromkeys(CATEGORIES, 0)
    used_titles: set[str] = set()
    postings_done: set[str] = set()

    def make(category: str, available: date | None, status: str, *, caption: bool = True) -> dict:
        kind, subject, requisition = "", "", None
        for req in program.requisitions:  # an open, promoted role of this category first
            if (
                req["promoted"]
                and req["id"] not in postings_done
                and CATEGORY_OF[req["_department"]] == category
                and available is not None
                and req["opened_on"] <= available
                and (req["filled_on"] is None or req["filled_on"] > available + timedelta(days=3))
            ):
                kind, subject, requisition = "job posting", req["title"], req
                postings_done.add(req["id"])
                break
        title = f"We're hiring: {subject}"
        if requisition is None:
            items = subjects[category]
            kind, subject = items[cursor[category] % len(items)]
            # Second and later rounds revisit a story from another angle.
            title = ANGLES[(cursor[category] // len(items)) % len(ANGLES)].format(subject)
            cursor[category] += 1
        platform = rng.choices(platforms, weights)[0]
        suffix = 2
        while title in used_titles:
            title = f"{title.rsplit(' #', 1)[0]} #{suffix}"
            suffix += 1
        used_titles.add(title)
        where = ""
        if requisition:
            where = " in Portland" if rng.random() < 0.6 else " (remote-friendly)"
        text = CAPTIONS[kind].format(subject=subject, where=where, company=COMPANY) if caption else ""
        starters = rng.sample(STARTERS[kind], 2)
        starters = [s.replace("{role}", subject.split(",")[0].lower()) for s in starters]
        tags = [f"#{'hiring' if requisition else kind.split()[0]}"] + rng.sample(HASHTAGS[category], 2)
        slug = _slug(subject)
        link = f"{CAREERS}/{LINK_PATHS[kind]}/{slug}"
        if requisition:
            opened = requisition["opened_on"]
            campaign = f"hiring-{opened.year}q{(opened.month - 1) // 3 + 1}"
        else:
            campaign = CAMPAIGNS[kind]
        expires = None
        if requisition and requisition["filled_on"] is not None:
            expires = requisition["filled_on"]  # a posting expires when the role is filled
        elif kind in ("team achievement", "product milestone") and available is not None:
            news_end = available + timedelta(days=rng.choice((21, 28, 35)))
            expires = news_end if news_end <= today else None
        born = available - timedelta(days=rng.randint(2, 6)) if available else today - timedelta(days=rng.randint(1, 6))
        row = program.row(
            born,
            expires if expires is not None else (available or born),
            title=title,
            topic=kind,
            platform=platform,
            tone=TONES[kind],
            caption=text,
            hashtags="|".join(tags),
            format=FORMATS[platform],
            starters="|".join(starters),
            link=link,
            campaign=campaign,
            category=category,
            status=status,
            available_from=available,
            expires_on=expires,
        )
        row["token"] = asset_token(row["id"])  # what the ORM hook on Asset would set
        row["_requisition"] = requisition["id"] if requisition else None
        program.assets[row["id"]] = row
        return row

    for monday in mondays:
        for category in CATEGORIES:
            drop = [make(category, monday - timedelta(days=3), "approved") for _ in range(PER_DROP)]
            program.drops[category].append([row["id"] for row in drop])
    for category in CATEGORIES:
        for _ in range(COVERAGE_WEEKS[category] * PER_DROP):
            make(category, today - timedelta(days=rng.randint(1, 14)), "approved")
        make(category, None, "draft")
    make(CATEGORIES[0], None, "draft", caption=False)
    return list(program.assets.values())


OPENERS = (  # the advocate's own first line, before the suggested caption
    "Proud of this team.",
    "This one is close to my heart.",
    "Worth a read if you work anywhere near logistics.",
    "I worked on a small piece of this!",
    "The people here make hard problems fun.",
    "Three years in, still learning something every week.",
)
ENDINGS = (
    "the late nights paid off.",
    "I saw it from the test floor and it still amazes me.",
    "our customers noticed before we told them.",
    "it started as a whiteboard sketch last spring.",
    "nobody on the team gave up on it.",
    "it makes the work of the people on the floor easier.",
    "we argued about it for weeks, in the best way.",
    "a lot of quiet people did the hard parts.",
    "it is the reason I joined.",
    "I learned more this year than in the three before.",
    "it changed how my own team plans its week.",
    "the details are where it gets interesting.",
    "my friends outside tech finally get what I do.",
    "we built it with the people who use it.",
    "it was harder than it looks.",
    "I'd do it all again.",
)
CLOSINGS = (
    "Ask me anything about it.",
    "Happy to tell you more over coffee.",
    "Link below if you are curious.",
    "More soon.",
    "Worth your five minutes.",
    "DM me if this sounds like your kind of work.",
    "Proud to be part of it.",
    "",
)
# The caption pasted as is, by several advocates, on one recent asset: the demo's example of
# what the authenticity check is for.
COPIED_ASSET_WEEK = -2
ORGANIC_POSTS = 14


def personal_text(person: Person, asset: dict) -> str:
    """An advocate's own version: their opener, a starter finished in their words, a closing.

    Drawn from a generator seeded by the pair, not the program's, so texts vary per person
    without shifting the rest of the demo.
    """
    own = random.Random(f"{person.id}/{asset['id']}")
    starters = [s.rstrip("…").rstrip(".") for s in asset["starters"].split("|") if s]
    starter = own.choice(starters) if starters else "I'm proud that"
    first, second = own.sample(ENDINGS, 2)
    second = second[0].upper() + second[1:]
    return " ".join(
        part for part in (own.choice(OPENERS), f"{starter}: {first}", second, own.choice(CLOSINGS)) if part
    )


def _post_url(rng: random.Random, platform: str, person: Person) -> str:
    handle = person.email.split("@")[0].replace(".", "-")
    if platform == "x":
        return f"https://x.com/{handle.replace('-', '_')}/status/{1800000000000000000 + rng.getrandbits(56)}"
    if platform == "instagram":
        code = b32encode(rng.getrandbits(55).to_bytes(7, "big")).decode("ascii")[:11]
        return f"https://www.instagram.com/p/{code}/"
    return f"https://www.linkedin.com/posts/{handle}_activity-{7200000000000000000 + rng.getrandbits(56)}"


def _post_metrics(rng: random.Random, person: Person, week: int, tracked: bool) -> dict:
    """Reach scaled to the network, engagement to the person's propensity; growing weekly."""
    network = person.network or 500
    impressions = int(network * rng.uniform(0.25, 0.8) * (1 + 0.06 * week))
    rate = max(0.004, min(0.15, person.propensity * rng.uniform(1.0, 2.0)))
    engaged = impressions * rate
    clicks = int(impressions * rng.uniform(0.006, 0.02) + rng.random()) if tracked else int(impressions * 0.002)
    return {
        "impressions": impressions,
        "reactions": int(engaged * 0.72 + rng.random()),
        "comments": int(engaged * 0.18 + rng.random()),
        "shares": int(engaged * 0.10 + rng.random()),
        "clicks": clicks,
        "referral_visits": int(clicks * rng.uniform(0.45, 0.8)) if tracked else 0,
    }


def make_queue(program: Program) -> None:
    """Weekly drops to enrolled advocates; what they shared became posts."""
    rng, today, mondays = program.rng, program.today, program.mondays
    lagging = program.advocates[len(program.advocates) // 2][0].id if len(program.advocates) > 3 else None
    for person, enrollment in program.advocates:
        if person.seniority == "executive":
            keenness = 0.3  # broad network, little time: the guide's mistake 1
        else:
            keenness = rng.uniform(0.55, 0.9)
        for week, monday in enumerate(mondays):
            if enrollment["opted_in_on"] >= monday:
                continue
            chance = min(0.97, keenness * (0.85 + 0.3 * week / max(1, len(mondays) - 1)))
            if person.id == lagging and week >= len(mondays) - 2:
                chance = 0.0  # went quiet: the tick's "no post in 7 days" flag
            age = (today - monday).days
            due = monday + timedelta(days=7)  # as the tick sets it
            for asset_id in program.drops[person.category][week]:
                asset = program.assets[asset_id]
                shared_on = post_url = None
                text = ""
                # Whether they share it, and after how many days (most within two).
                will_share = rng.random() < chance
                delay = min(4, int(rng.expovariate(0.5)))
                if will_share and delay <= age:
                    status = "shared"
                    shared_on = monday + timedelta(days=delay)
                    post_url = _post_url(rng, asset["platform"], person)
                    text = (
                        asset["caption"]
                        if week == len(mondays) + COPIED_ASSET_WEEK and asset_id == program.drops[CATEGORIES[0]][week][0]
                        else personal_text(person, asset)
                    )
                elif age < 7:  # the latest drop: some not even opened yet
                    status = "queued" if rng.random() < 0.4 else "delivered"
                else:
                    status = "skipped" if rng.random() < 0.6 else "delivered"
                delivery = program.row(
                    monday,
                    shared_on or (monday + timedelta(days=min(age, 5)) if status == "skipped" else monday),
                    advocate_id=person.id,
                    asset_id=asset_id,
                    delivered_on=monday,
                    due_on=due,
                    status=status,
                    shared_on=shared_on,
                    post_url=post_url,
                    personalized_text=text,
                )
                program.deliveries.append(delivery)
                if shared_on is not None:
                    program.posts.append(
                        program.row(
                            shared_on,
                            advocate_id=person.id,
                            asset_id=asset_id,
                            platform=asset["platform"],
                            posted_on=shared_on,
                            url=post_url,
                            **_post_metrics(rng, person, week, tracked=True),
                        )
                    )
    # A few posts of their own, outside the queue (no asset, no tracked link).
    for _ in range(ORGANIC_POSTS if program.advocates else 0):
        person, enrollment = rng.choice(program.advocates)
        start = max(enrollment["opted_in_on"] + timedelta(days=1), program.launch)
        if start > today:
            continue
        posted = start + timedelta(days=rng.randint(0, (today - start).days))
        if person.id == lagging and (today - posted).days < 14:
            continue
        program.posts.append(
            program.row(
                posted,
                advocate_id=person.id,
                asset_id=None,
                platform="linkedin",
                posted_on=posted,
                url=_post_url(rng, "linkedin", person),
                **_post_metrics(rng, person, (posted - program.launch).days // 7, tracked=False),
            )
        )
