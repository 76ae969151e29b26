"""The audit's signals: six months of shares, posts and answers per employee, and the
ranking the audit will compute from them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Iterable

from advocacy_tui.program.audit import AUDIT_WINDOW_DAYS
from advocacy_tui.store.demo.bulk import CHUNK
from advocacy_tui.store.demo.company import DOMAIN
from advocacy_tui.store.demo.dates import AUDIT_DAYS, midnight
from advocacy_tui.store.demo.ids import Ids
from advocacy_tui.store.demo.people import Person

DEFAULT_SIGNALS_PER_ACTIVE = 20.0

# source: (share of signals, kinds as a 20-slot table by weight)
SOURCE_KINDS = {
    "platform": ["share"] * 12 + ["tag"] * 4 + ["mention"] * 4,
    "linkedin": ["share"] * 8 + ["post"] * 7 + ["mention"] * 3 + ["tag"] * 2,
    "internal": ["answer"] * 8 + ["post"] * 7 + ["share"] * 5,
}
KIND_REACH = {"share": 0.8, "post": 1.2, "tag": 0.5, "mention": 0.4, "answer": 1.0}


def signal_rows(
    rng: random.Random, ids: Ids, people: list[Person], today: date, per_active: float
) -> Iterable[tuple[int, list[dict]]]:
    """Signals per person, yielded in chunks with the index of the person reached.

    Also fills each person's 90-day engagement (the audit's numerator), so the program part
    can rank candidates exactly as the audit query will, without reading the rows back.
    """
    days = [today - timedelta(days=offset) for offset in range(AUDIT_DAYS + 1)]
    stamps = [midnight(day + timedelta(days=1)) for day in days]  # imported the next morning
    in_window = AUDIT_WINDOW_DAYS - 1  # offsets 0..89 are the audit's 90 days
    active = [p.activity for p in people if p.activity > 0]
    mean_activity = sum(active) / len(active) if active else 1.0
    random_ = rng.random
    randrange = rng.randrange
    bits = rng.getrandbits
    make_id = ids.uuid
    chunk: list[dict] = []
    for index, person in enumerate(people):
        if person.activity <= 0:
            continue
        count = int(per_active * person.activity / mean_activity + random_())
        if count == 0:
            continue
        network = person.network or 400
        propensity = person.propensity
        # Experts draw substantive replies and shares, not only likes.
        split = (0.6, 0.25, 0.15) if person.expert else (0.78, 0.14, 0.08)
        engagement_90 = 0
        for _ in range(count):
            offset = randrange(1, AUDIT_DAYS + 1)
            pick = random_()
            if pick < 0.35:
                source = "platform"
            elif pick < 0.70:
                source = "linkedin"
            else:
                source = "internal"
            kind = SOURCE_KINDS[source][int(random_() * 20)]
            reach = KIND_REACH[kind]
            if source == "internal":
                # A Slack or Teams channel: colleagues, capped by how many people know them.
                audience = min(network, 30 + 270 * random_())
                impressions = int(audience)
                url = None
            else:
                audience = network * reach
                impressions = int(audience * (0.1 + 0.5 * random_()))
                if source == "linkedin":
                    url = f"https://www.linkedin.com/feed/update/urn:li:activity:{7200000000000000000 + bits(56)}"
                else:
                    url = f"https://advocacy.{DOMAIN}/activity/{bits(48):012x}"
            expected = propensity * audience * (0.3 + 1.4 * random_())
            reactions = int(expected * split[0] + random_())
            comments = int(expected * split[1] + random_())
            shares = int(expected * split[2] + random_())
            engaged = reactions + comments + shares
            if impressions < engaged:
                impressions = engaged
            if offset <= in_window:
                engagement_90 += engaged
            stamp = stamps[offset]
            chunk.append(
                {
                    "id": make_id(),
                    "created_at": stamp,
                    "updated_at": stamp,
                    "employee_id": person.id,
                    "source": source,
                    "kind": kind,
                    "occurred_on": days[offset],
                    "impressions": impressions,
                    "reactions": reactions,
                    "comments": comments,
                    "shares": shares,
                    "url": url,
                }
            )
        person.engagement_90 = engagement_90
        person.signals = count
        if len(chunk) >= CHUNK:
            yield index, chunk
            chunk = []
    if chunk:
        yield len(people) - 1, chunk


def rank(people: list[Person]) -> list[Person]:
    """The audit's order (store.audit): quality desc, unknown last, engagement, name, id."""
    return sorted(
        people,
        key=lambda p: (
            p.quality is None,
            -(p.quality or 0.0),
            -p.engagement_90,
            p.name,
            p.id,
        ),
    )
