"""The employees: who they are, whom they report to, how big their networks are and how
much they signal (the audit's raw material)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

from advocacy_tui.store.demo.company import (
    CATEGORY_OF,
    COORDINATOR_TITLE,
    DEPARTMENTS,
    DOMAIN,
    EXPERT_PREFIXES,
    FIRST_NAMES,
    LAST_NAMES,
    LOCATIONS,
    TITLES,
)
from advocacy_tui.store.demo.ids import Ids

SILENT_SHARE = 0.30  # employees with no signal at all
UNKNOWN_NETWORK_SHARE = 0.015
EXPERT_SHARE = 0.09  # of individual contributors and managers

# seniority: (network low, network high, engagement propensity median, cap, activity weight)
PROFILES = {
    "ic": (80, 2500, 0.0030, 0.009, 1.0),
    "manager": (400, 3000, 0.0030, 0.009, 1.0),
    "director": (1500, 8000, 0.0020, 0.005, 0.8),
    "executive": (5000, 30000, 0.0012, 0.003, 0.6),
}
EXPERT_PROFILE = (300, 2000, 0.018, 0.045, 1.6)


@dataclass
class Person:
    id: str
    name: str
    email: str
    department: str
    title: str
    seniority: str
    network: int
    token: str
    manager_email: str | None
    expert: bool
    propensity: float  # share of the audience that engages with one of their signals
    activity: float  # relative signal volume (0 = silent)
    location: str = ""
    engagement_90: int = 0
    signals: int = 0

    @property
    def category(self) -> str:
        return CATEGORY_OF[self.department]

    @property
    def quality(self) -> float | None:
        return self.engagement_90 / self.network if self.network > 0 else None


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` by weights, largest remainders first (deterministic)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def make_people(rng: random.Random, ids: Ids, count: int) -> list[Person]:
    people: list[Person] = []
    emails: dict[str, int] = {}
    location_names = [name for name, _ in LOCATIONS]
    location_weights = [weight for _, weight in LOCATIONS]

    def new_name() -> tuple[str, str]:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{first}.{last}".lower()
        seen = emails.get(local, 0) + 1
        emails[local] = seen
        if seen > 1:
            local = f"{local}{seen}"
        return f"{first} {last}", f"{local}@{DOMAIN}"

    sizes = _allocate(count, [share for _, share, _ in DEPARTMENTS])
    for (department, _, _), size in zip(DEPARTMENTS, sizes):
        if size == 0:
            continue
        executives = min(size, max(1, round(size * 0.05)))
        directors = min(size - executives, round(size * 0.08))
        managers = min(size - executives - directors, round(size * 0.15))
        ics = size - executives - directors - managers
        titles = TITLES[department]
        by_level: dict[str, list[Person]] = {}
        for seniority, how_many in (
            ("executive", executives),
            ("director", directors),
            ("manager", managers),
            ("ic", ics),
        ):
            level: list[Person] = []
            for index in range(how_many):
                name, email = new_name()
                expert = seniority in ("ic", "manager") and rng.random() < EXPERT_SHARE
                low, high, median, cap, activity = EXPERT_PROFILE if expert else PROFILES[seniority]
                if expert:
                    propensity = rng.uniform(median, cap)
                else:
                    propensity = min(cap, rng.lognormvariate(0, 0.5) * median)
                network = round(low * (high / low) ** rng.random())
                if seniority != "executive" and rng.random() < UNKNOWN_NETWORK_SHARE:
                    network = 0
                if seniority == "executive":
                    title = titles["executive"][index % len(titles["executive"])]
                else:
                    title = rng.choice(titles[seniority])
                    if seniority == "ic" and (expert or rng.random() < 0.3):
                        title = f"{rng.choice(EXPERT_PREFIXES if expert else ('Senior',))} {title}"
                silent = not expert and rng.random() < SILENT_SHARE
                # The level above, in the same department; the top executive reports to no one.
                above = {
                    "executive": by_level.get("executive", [])[:1],
                    "director": by_level.get("executive", []),
                    "manager": by_level.get("director") or by_level.get("executive", []),
                    "ic": by_level.get("manager")
                    or by_level.get("director")
                    or by_level.get("executive", []),
                }[seniority]
                manager = rng.choice(above).email if above else None
                level.append(
                    Person(
                        id=ids.uuid(),
                        name=name,
                        email=email,
                        department=department,
                        title=title,
                        seniority=seniority,
                        network=network,
                        token=ids.token(),
                        manager_email=manager,
                        expert=expert,
                        propensity=propensity,
                        activity=0.0 if silent else activity * min(3.5, rng.lognormvariate(0, 0.7)),
                    )
                )
            by_level[seniority] = level
            people.extend(level)
        if department == "People" and by_level.get("manager"):
            by_level["manager"][0].title = COORDINATOR_TITLE
    for person in people:
        person.location = rng.choices(location_names, location_weights)[0]
    return people


def employee_rows(people: Iterable[Person], born: datetime) -> Iterable[dict]:
    for p in people:
        yield {
            "id": p.id,
            "created_at": born,
            "updated_at": born,
            "email": p.email,
            "name": p.name,
            "department": p.department,
            "title": p.title,
            "seniority": p.seniority,
            "manager_email": p.manager_email,
            "network_size": p.network,
            "location": p.location,
            "advocate_token": p.token,
            "ssh_keys": "",
        }
