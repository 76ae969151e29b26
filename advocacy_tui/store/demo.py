"""A realistic sample program for a fictional company, Northwind Robotics (`advocacy demo`).

Everything is synthetic (names, emails `first.last@northwind.example`, links under
`northwind.example`) and derived from one seed: ids, tokens and timestamps come from
`random.Random` streams and from `today`, never from the clock or `uuid4`, so the same seed
and the same `today` give byte-identical data.

The company part scales with `employees` (the audit's people and their signals, used for
benchmarks at 100,000 employees); the program part (scores, cohort, library, queue, posts,
pipeline, recognition) stays cohort-sized, as the guide says it should. The story it tells
follows the guide: executives with large networks and weak engagement, mid-level experts
with small, highly engaged networks at the top of the audit, many silent employees; a cohort
of about fourteen that launched eight weeks ago with weekly drops of three assets.
"""

from __future__ import annotations

import random
import uuid
from base64 import b32encode
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable, Sequence

from sqlalchemy import delete, exists, insert, select

from advocacy_tui.program.audit import AUDIT_WINDOW_DAYS
from advocacy_tui.program.vocabulary import DIMENSIONS
from advocacy_tui.store.database import Store
from advocacy_tui.store.models import (
    ENTITIES,
    Application,
    Asset,
    Award,
    Base,
    Delivery,
    Employee,
    Enrollment,
    Feedback,
    Post,
    Requisition,
    Score,
    Signal,
    StoreMeta,
    Survey,
)

Progress = Callable[[str, float], None]

COMPANY = "Northwind Robotics"
DOMAIN = "northwind.example"
CAREERS = f"https://careers.{DOMAIN}"
SCORERS = ("coordinator", "hr-partner")  # the first is the config's default scorer
CHUNK = 5000
AUDIT_DAYS = 182  # six months of signals, all before today
DEFAULT_SIGNALS_PER_ACTIVE = 20.0
SILENT_SHARE = 0.30  # employees with no signal at all
UNKNOWN_NETWORK_SHARE = 0.015
EXPERT_SHARE = 0.09  # of individual contributors and managers
CANDIDATES = 40  # the config's default `scoring.candidates`
PROGRAM_WEEKS = 8
PER_DROP = 3
# Weeks of approved, not yet delivered assets left per category (the guide's target is 4;
# one category is short so the coverage warning has something to say).
COVERAGE_WEEKS = {"Engineering voices": 4, "Sales & customers": 4, "Culture & people": 2}


@dataclass(frozen=True)
class DemoSummary:
    employees: int
    signals: int
    scores: int
    enrollments: int
    assets: int
    deliveries: int
    posts: int
    applications: int
    requisitions: int
    surveys: int
    awards: int
    feedback: int


# --------------------------------------------------------------------------- the store


def is_empty(store: Store) -> bool:
    """True when no entity table holds a live (not tombstoned) row."""
    with store.reading() as session:
        for model in ENTITIES:
            live = select(exists().where(model.deleted_at.is_(None)))  # type: ignore[attr-defined]
            if session.execute(live).scalar():
                return False
    return True


def clear(store: Store) -> None:
    """Delete every row of every table, children before parents, in one transaction.

    Derived tables (`audit_rank`) and every `store_meta` key but the schema version go too,
    so nothing cached about the old program survives into the new one.
    """
    with store.writing() as session:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name == StoreMeta.__tablename__:
                session.execute(delete(table).where(table.c.key != "schema_version"))
            else:
                session.execute(delete(table))


# --------------------------------------------------------------------------- the company

# (department, share of employees, advocate category)
DEPARTMENTS: tuple[tuple[str, float, str], ...] = (
    ("Engineering", 0.30, "Engineering voices"),
    ("Product", 0.09, "Engineering voices"),
    ("Sales", 0.15, "Sales & customers"),
    ("Marketing", 0.08, "Sales & customers"),
    ("Customer Success", 0.12, "Sales & customers"),
    ("People", 0.07, "Culture & people"),
    ("Finance", 0.07, "Culture & people"),
    ("Operations", 0.12, "Culture & people"),
)
CATEGORY_OF = {name: category for name, _, category in DEPARTMENTS}
CATEGORIES = ("Engineering voices", "Sales & customers", "Culture & people")

TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "Engineering": {
        "ic": ("Software Engineer", "Robotics Engineer", "Firmware Engineer", "Controls Engineer",
               "QA Engineer", "Site Reliability Engineer", "Mechanical Engineer",
               "Perception Engineer", "Data Engineer", "Embedded Systems Engineer"),
        "manager": ("Engineering Manager", "Manager, Firmware", "Manager, Test & Validation"),
        "director": ("Director of Engineering", "Director of Robotics Software", "Director of Hardware"),
        "executive": ("Chief Technology Officer", "VP Engineering", "SVP Hardware Engineering"),
    },
    "Product": {
        "ic": ("Product Manager", "Product Designer", "UX Researcher", "Technical Product Manager",
               "Product Analyst"),
        "manager": ("Group Product Manager", "Design Manager"),
        "director": ("Director of Product", "Director of Design"),
        "executive": ("Chief Product Officer", "VP Product"),
    },
    "Sales": {
        "ic": ("Account Executive", "Sales Engineer", "Sales Development Representative",
               "Solutions Consultant", "Channel Partner Manager"),
        "manager": ("Regional Sales Manager", "Sales Engineering Manager"),
        "director": ("Director of Sales, West", "Director of Sales, EMEA", "Director of Channel Sales"),
        "executive": ("Chief Revenue Officer", "VP Sales"),
    },
    "Marketing": {
        "ic": ("Product Marketing Manager", "Content Strategist", "Demand Generation Specialist",
               "Brand Designer", "Events Specialist", "Social Media Specialist"),
        "manager": ("Marketing Manager", "Brand Manager"),
        "director": ("Director of Marketing", "Director of Communications"),
        "executive": ("Chief Marketing Officer", "VP Marketing"),
    },
    "Customer Success": {
        "ic": ("Customer Success Manager", "Field Service Engineer", "Support Engineer",
               "Implementation Specialist", "Training Specialist"),
        "manager": ("Support Team Lead", "Manager, Field Service"),
        "director": ("Director of Customer Success", "Director of Support"),
        "executive": ("VP Customer Success", "Chief Customer Officer"),
    },
    "People": {
        "ic": ("Talent Acquisition Partner", "HR Business Partner", "People Operations Specialist",
               "Learning & Development Specialist", "Recruiting Coordinator"),
        "manager": ("Recruiting Manager", "People Operations Manager"),
        "director": ("Director of Talent", "Director of People Operations"),
        "executive": ("Chief People Officer", "VP People"),
    },
    "Finance": {
        "ic": ("Financial Analyst", "Accountant", "FP&A Analyst", "Payroll Specialist",
               "Procurement Specialist"),
        "manager": ("Accounting Manager", "FP&A Manager"),
        "director": ("Controller", "Director of FP&A"),
        "executive": ("Chief Financial Officer", "VP Finance"),
    },
    "Operations": {
        "ic": ("Supply Chain Planner", "Manufacturing Technician", "Quality Inspector",
               "Logistics Coordinator", "Production Engineer", "Buyer"),
        "manager": ("Production Manager", "Warehouse Manager", "Quality Manager"),
        "director": ("Director of Manufacturing", "Director of Supply Chain"),
        "executive": ("Chief Operating Officer", "VP Operations"),
    },
}
EXPERT_PREFIXES = ("Senior", "Senior", "Staff", "Principal", "Lead")
COORDINATOR_TITLE = "Employer Brand & Advocacy Lead"

FIRST_NAMES = (
    "Aaliyah", "Aaron", "Abigail", "Adrian", "Aisha", "Alejandro", "Alex", "Alice", "Amara",
    "Amir", "Ana", "Andre", "Andrea", "Anika", "Ashley", "Ben", "Beatriz", "Bianca", "Brian",
    "Caleb", "Camila", "Carlos", "Carmen", "Chen", "Chloe", "Chris", "Clara", "Daniel", "Dario",
    "David", "Deepa", "Diego", "Dmitri", "Elena", "Eli", "Emeka", "Emily", "Emma", "Erik",
    "Esther", "Fatima", "Felix", "Fiona", "Gabriel", "Grace", "Hana", "Hannah", "Hassan",
    "Hector", "Ingrid", "Isaac", "Isabel", "Ivan", "Jack", "Jamal", "James", "Jana", "Javier",
    "Jin", "Joao", "Jordan", "Jose", "Julia", "Kai", "Kamala", "Karim", "Kate", "Kenji",
    "Kevin", "Kofi", "Laila", "Lars", "Laura", "Leah", "Leon", "Li", "Lucas", "Lucia", "Luis",
    "Maya", "Marco", "Maria", "Mateo", "Mei", "Mia", "Michael", "Miguel", "Mina", "Mohammed",
    "Nadia", "Naomi", "Nathan", "Nia", "Nikhil", "Nina", "Noah", "Olivia", "Omar", "Oscar",
    "Pablo", "Paul", "Priya", "Rafael", "Rahul", "Rania", "Rebecca", "Ricardo", "Rosa", "Ryan",
    "Sakura", "Samuel", "Sara", "Sean", "Sofia", "Sophie", "Stefan", "Sunil", "Tariq", "Theo",
    "Thomas", "Tomas", "Valentina", "Victor", "Wei", "William", "Yara", "Yusuf", "Zainab", "Zoe",
)
LAST_NAMES = (
    "Abbott", "Adeyemi", "Agarwal", "Ahmed", "Alvarez", "Andersen", "Bailey", "Banerjee",
    "Becker", "Bennett", "Bianchi", "Brooks", "Campbell", "Castillo", "Chan", "Chang", "Chowdhury",
    "Clarke", "Cohen", "Costa", "Cruz", "Dang", "Davies", "Diaz", "Dubois", "Edwards", "Eriksson",
    "Evans", "Farah", "Fernandes", "Fischer", "Fitzgerald", "Fong", "Garcia", "Gonzalez", "Gupta",
    "Haddad", "Hall", "Hansen", "Harris", "Hayes", "Hernandez", "Hoffmann", "Hughes", "Ibrahim",
    "Ivanova", "Jackson", "Jensen", "Johansson", "Kaur", "Kelly", "Khan", "Kim", "Kowalski",
    "Kumar", "Larsen", "Lee", "Lopez", "Martin", "Martinez", "Mendoza", "Meyer", "Morales",
    "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "Obi", "Okafor", "Olsen",
    "Ortiz", "Osei", "Park", "Patel", "Pereira", "Petrov", "Phillips", "Quinn", "Ramirez", "Rao",
    "Reyes", "Rivera", "Robinson", "Rossi", "Russo", "Sato", "Schmidt", "Schneider", "Sharma",
    "Silva", "Singh", "Sokolov", "Suzuki", "Tanaka", "Taylor", "Thompson", "Torres", "Tran",
    "Turner", "Vargas", "Vasquez", "Wagner", "Walker", "Wang", "Weber", "Williams", "Wilson",
    "Wong", "Wright", "Yamamoto", "Yang", "Young", "Zhang", "Zhou", "Zimmermann",
)
LOCATIONS = (
    ("Portland, OR", 35), ("Austin, TX", 15), ("Boston, MA", 12), ("Remote, US", 15),
    ("Toronto, ON", 8), ("Manchester, UK", 7), ("Munich, DE", 5), ("Singapore", 3),
)
# seniority: (network low, network high, engagement propensity median, cap, activity weight)
PROFILES = {
    "ic": (80, 2500, 0.0030, 0.009, 1.0),
    "manager": (400, 3000, 0.0030, 0.009, 1.0),
    "director": (1500, 8000, 0.0020, 0.005, 0.8),
    "executive": (5000, 30000, 0.0012, 0.003, 0.6),
}
EXPERT_PROFILE = (300, 2000, 0.018, 0.045, 1.6)

# source: (share of signals, kinds as a 20-slot table by weight)
SOURCE_KINDS = {
    "platform": ["share"] * 12 + ["tag"] * 4 + ["mention"] * 4,
    "linkedin": ["share"] * 8 + ["post"] * 7 + ["mention"] * 3 + ["tag"] * 2,
    "internal": ["answer"] * 8 + ["post"] * 7 + ["share"] * 5,
}
KIND_REACH = {"share": 0.8, "post": 1.2, "tag": 0.5, "mention": 0.4, "answer": 1.0}


def _stamp(day: date) -> datetime:
    """created_at/updated_at of a row born on `day`: its midnight (never after today's)."""
    return datetime.combine(day, time())


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


class _Ids:
    """Deterministic UUIDs and short tokens from one Random stream."""

    def __init__(self, rng: random.Random):
        self._bits = rng.getrandbits
        self._tokens: set[str] = set()

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._bits(128), version=4))

    def token(self) -> str:
        while True:
            token = b32encode(self._bits(40).to_bytes(5, "big")).decode("ascii").lower()
            if token not in self._tokens:
                self._tokens.add(token)
                return token


@dataclass
class _Person:
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


def _employees(rng: random.Random, ids: _Ids, count: int) -> list[_Person]:
    people: list[_Person] = []
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
        by_level: dict[str, list[_Person]] = {}
        for seniority, how_many in (
            ("executive", executives),
            ("director", directors),
            ("manager", managers),
            ("ic", ics),
        ):
            level: list[_Person] = []
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
                    _Person(
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


def _employee_rows(people: Iterable[_Person], born: datetime) -> Iterable[dict]:
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


def _signal_rows(
    rng: random.Random, ids: _Ids, people: list[_Person], today: date, per_active: float
) -> Iterable[tuple[int, list[dict]]]:
    """Signals per person, yielded in chunks with the index of the person reached.

    Also fills each person's 90-day engagement (the audit's numerator), so the program part
    can rank candidates exactly as the audit query will, without reading the rows back.
    """
    days = [today - timedelta(days=offset) for offset in range(AUDIT_DAYS + 1)]
    stamps = [_stamp(day + timedelta(days=1)) for day in days]  # imported the next morning
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
                audience = 30 + 270 * random_()  # a Slack or Teams channel, not their network
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


def _ranking(people: list[_Person]) -> list[_Person]:
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


# --------------------------------------------------------------------------- the program


@dataclass
class _Program:
    """What the program-level generators share."""

    rng: random.Random
    ids: _Ids
    today: date
    people: list[_Person]
    mondays: list[date] = field(default_factory=list)
    advocates: list[tuple[_Person, dict]] = field(default_factory=list)  # enrolled, with row
    assets: dict[str, dict] = field(default_factory=dict)
    deliveries: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    requisitions: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)

    def row(self, born: date, updated: date | None = None, **values) -> dict:
        return {
            "id": self.ids.uuid(),
            "created_at": _stamp(born),
            "updated_at": _stamp(updated or born),
            **values,
        }

    @property
    def launch(self) -> date:
        return self.mondays[0]


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


def _showcase_executive(people: list[_Person]) -> _Person | None:
    """The executive with the broadest network who signals at all: the guide's mistake 1."""
    executives = [p for p in people if p.seniority == "executive" and p.signals > 0 and p.network >= 5000]
    return min(executives, key=lambda p: (-p.network, p.id)) if executives else None


def _scores(
    program: _Program, candidates: list[_Person], executive: _Person | None
) -> tuple[list[dict], list[_Person]]:
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
    consistent: list[_Person] = []
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
                notes="Huge network, little engagement on what they share; nominated from the top.",
                network_relevance=5,
                engagement_quality=1,
                subject_depth=4,
                cultural_alignment=4,
            )
        )
    return rows, consistent


def _enrollments(
    program: _Program,
    ranking: list[_Person],
    candidates: list[_Person],
    consistent: list[_Person],
    score_rows: list[dict],
    executive: _Person | None,
) -> list[dict]:
    """The cohort: about fourteen enrolled plus people at every other stage, by all three channels."""
    rng, today, launch, mondays = program.rng, program.today, program.launch, program.mondays
    used: set[str] = set()
    scored_ids = {row["employee_id"] for row in score_rows}
    unscored_top = [p for p in candidates[:CANDIDATES] if p.id not in scored_ids]
    # Mid-level, active, outside the flagged list: the people managers know and data misses.
    outside = [
        p
        for p in ranking[CANDIDATES : CANDIDATES + 200]
        if p.seniority in ("ic", "manager") and p.quality is not None and p.signals > 0
    ]
    rng.shuffle(outside)
    pools = {
        "consistent": list(consistent),
        "unscored": unscored_top,
        "outside": outside,
        "executive": [executive] if executive else [],
        "anyone": [p for p in ranking if p.network > 0],
    }

    def take(*names: str) -> _Person | None:
        for name in (*names, "anyone"):
            pool = pools[name]
            while pool:
                person = pool.pop(0)
                if person.id not in used:
                    used.add(person.id)
                    return person
        return None

    coordinator = next((p.email for p in program.people if p.title == COORDINATOR_TITLE), None)
    orientation = launch - timedelta(days=10)
    late_orientation = mondays[3] - timedelta(days=4)
    plan: list[tuple[str, str, tuple[str, ...], str]] = (
        [("enrolled", "outreach", ("consistent",), "main")] * 8
        + [("enrolled", "manager", ("consistent",), "main")] * 2
        + [("enrolled", "manager", ("outside",), "late")]
        + [("enrolled", "volunteer", ("consistent",), "main")]
        + [("enrolled", "volunteer", ("outside",), "late")]
        + [("enrolled", "volunteer", ("executive",), "main")]
        + [("oriented", "outreach", ("consistent",), "")]
        + [("oriented", "volunteer", ("outside",), "")]
        + [("oriented", "manager", ("outside",), "")]
        + [("invited", "outreach", ("consistent", "unscored"), "")] * 4
        + [("nominated", "manager", ("unscored",), "")] * 2
        + [("nominated", "manager", ("outside",), "")] * 2
        + [("declined", "outreach", ("consistent", "unscored"), "after-orientation")]
        + [("declined", "outreach", ("consistent", "unscored"), "")]
        + [("declined", "manager", ("outside",), "")]
        + [("withdrawn", "volunteer", ("outside",), "main")]
        + [("withdrawn", "outreach", ("consistent",), "main")]
    )
    rows: list[dict] = []
    for status, channel, pool_names, timing in plan:
        person = take(*pool_names)
        if person is None:
            break
        nominated_by = {
            "manager": person.manager_email,
            "outreach": coordinator,
            "volunteer": None,
        }[channel]
        oriented_on = acked_on = opted_on = None
        if status in ("enrolled", "withdrawn"):
            session = late_orientation if timing == "late" else orientation
            oriented_on = session
            acked_on = session + timedelta(days=rng.randint(0, 2))
            opted_on = acked_on + timedelta(days=rng.randint(0, 2))
            born = session - timedelta(days=rng.randint(8, 16))
        elif status == "oriented":
            oriented_on = mondays[-1] - timedelta(days=4)
            acked_on = oriented_on + timedelta(days=1) if rng.random() < 0.5 else None
            born = oriented_on - timedelta(days=rng.randint(6, 12))
        elif status == "declined":
            if timing == "after-orientation":
                oriented_on = orientation
            born = orientation - timedelta(days=rng.randint(8, 16))
        else:  # nominated, invited: recent, nothing done yet
            born = today - timedelta(days=rng.randint(1, 12))
        updated = max(d for d in (born, oriented_on, acked_on, opted_on) if d is not None)
        if status == "withdrawn":
            updated = mondays[3] + timedelta(days=2)
        elif status == "declined":
            updated = max(updated, born + timedelta(days=5))
        row = program.row(
            born,
            min(updated, today),
            employee_id=person.id,
            channel=channel,
            nominated_by=nominated_by,
            status=status,
            category=person.category,
            orientation_on=oriented_on,
            policy_ack_on=acked_on,
            opted_in_on=opted_on,
        )
        rows.append(row)
        if status == "enrolled":
            program.advocates.append((person, row))
    return rows


# The library: subjects per category and type; titles, captions and starters come from them.
SUBJECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "Engineering voices": {
        "product milestone": (
            "Atlas AMR passes 10 million autonomous miles",
            "FleetOS 4.0 ships multi-site orchestration",
            "Northwind Lift earns its mobile-robot safety certification",
            "The new battery swap station cuts downtime by a third",
            "Our vision stack now handles shrink-wrapped pallets",
            "The fleet simulator opens to customers in beta",
        ),
        "team achievement": (
            "Firmware team ships over-the-air updates to the whole fleet",
            "The test lab logs 1,000 hours of collision testing",
            "An intern's path-planning project goes to production",
            "A quarter with zero customer-facing outages",
            "Our robotics team wins the warehouse picking challenge",
            "Controls team halves motor calibration time",
        ),
        "culture story": (
            "Inside our hardware hackathon",
            "A day in the Portland test lab",
            "How we do code review at Northwind",
            "Why our engineers spend a week on customer sites",
            "Open-source Fridays: what we gave back to ROS 2",
            "Meet the perception team",
        ),
        "industry insight": (
            "What humanoid hype means for warehouse robots",
            "Five lessons from running robots in cold storage",
            "Mobile-robot safety standards, explained",
            "Why simulation-first testing pays off",
            "Edge AI on a battery budget",
            "Where robots fit in the logistics labor gap",
        ),
    },
    "Sales & customers": {
        "product milestone": (
            "Atlas AMR is now available across the EU",
            "Pay-per-pick pricing launches",
            "The customer portal adds live fleet dashboards",
            "Certified integrations with the leading warehouse systems",
            "Northwind Lift ships to its 100th site",
            "24/7 remote support goes global",
        ),
        "team achievement": (
            "Customer Success reaches 98% renewal",
            "A cold-storage site goes live in six weeks",
            "Sales engineering wins partner demo day",
            "Field service hits a four-hour response in every region",
            "Support posts its best satisfaction score yet",
            "Our first customer in Singapore goes live",
        ),
        "culture story": (
            "Ride along with a field service engineer",
            "What go-live week really looks like",
            "How our sales team learns the robots hands-on",
            "What we heard at the customer advisory board",
            "Meet the people behind 24/7 support",
            "From the support desk to solutions consulting",
        ),
        "industry insight": (
            "Measuring the return on warehouse automation",
            "Peak season without overtime: a customer story",
            "What buyers ask before automating a warehouse",
            "Robots as a service, or buying the fleet?",
            "How automation changes warehouse jobs",
            "Three myths about robot deployments",
        ),
    },
    "Culture & people": {
        "culture story": (
            "Our new parental leave policy",
            "Mentorship circles turn one",
            "Volunteer day at the food bank",
            "Inside the new Portland headquarters",
            "Employee resource groups lead Pride month",
            "What people spent their learning budget on",
            "Why we publish salary bands",
        ),
        "team achievement": (
            "The assembly line reaches a year without a lost-time injury",
            "How supply chain beat the chip shortage",
            "Finance closes the books in four days",
            "Operations cuts packaging waste by 40%",
            "Our first apprenticeship graduates",
            "The People team wins a regional workplace award",
        ),
        "industry insight": (
            "Skills-based hiring: what we learned",
            "The case for apprenticeships in advanced manufacturing",
            "Pay transparency, one year in",
            "Retaining technicians in a tight labor market",
            "Sustainable packaging in robotics",
        ),
        "product milestone": (
            "The 1,000th robot built in Portland",
            "Our Austin assembly line opens",
            "Northwind is now carbon-neutral in its own operations",
        ),
    },
}
TONES = {
    "job posting": "inviting",
    "culture story": "warm",
    "industry insight": "thoughtful",
    "team achievement": "celebratory",
    "product milestone": "proud",
}
LINK_PATHS = {
    "job posting": "jobs",
    "culture story": "life",
    "industry insight": "insights",
    "team achievement": "news",
    "product milestone": "news",
}
CAMPAIGNS = {
    "culture story": "life-at-northwind",
    "industry insight": "thought-leadership",
    "team achievement": "team-wins",
    "product milestone": "product-news",
}
CAPTIONS = {
    "job posting": "We're hiring a {subject} to join the team{where}. If you want your work to move real robots, this one is for you.",
    "culture story": "{subject}. A look at how we work at {company}, told by the people who do it.",
    "industry insight": "{subject}. Our take, from people who deploy robots for a living.",
    "team achievement": "{subject}. Proud of the people who made it happen.",
    "product milestone": "{subject}. A milestone years in the making.",
}
STARTERS = {
    "job posting": ("I'd love to work with someone who…", "If you know a great {role}…", "What I love about this team…"),
    "culture story": ("What I love about working here…", "I'm proud that…", "Something people don't know about us…"),
    "industry insight": ("What I've learned from our customers…", "Here's what I think most people miss…", "In my corner of the work…"),
    "team achievement": ("I'm proud that…", "Shout-out to the people who…", "What made this possible…"),
    "product milestone": ("I'm proud that…", "What this means for our customers…", "I worked on a small piece of this…"),
}
HASHTAGS = {
    "Engineering voices": ("#robotics", "#engineering", "#ROS2", "#automation"),
    "Sales & customers": ("#logistics", "#warehouseautomation", "#customersuccess", "#supplychain"),
    "Culture & people": ("#NorthwindLife", "#culture", "#careers", "#manufacturing"),
}
PLATFORMS = (("linkedin", 6), ("x", 2), ("instagram", 2))
FORMATS = {
    "linkedin": "Native post with one image; open with your own line, two or three hashtags, link last.",
    "x": "Under 280 characters; one hashtag; the link at the end.",
    "instagram": "Square image or a 30-second reel; the link goes in your bio or story.",
}

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


def _requisitions(program: _Program) -> None:
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


def _assets(program: _Program) -> list[dict]:
    """The library, built week by week: each category's drop of three, then what is left.

    History: one drop per category per Monday (the assets everyone in the category got).
    Coverage: approved assets not delivered yet. A few drafts (one without a caption, which
    cannot be approved) and a couple retired after an advocate flagged them.
    """
    rng, today, mondays = program.rng, program.today, program.mondays
    platforms = [name for name, _ in PLATFORMS]
    weights = [weight for _, weight in PLATFORMS]
    program_weeks: dict[str, list[list[str]]] = {category: [] for category in CATEGORIES}
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
        if requisition is None:
            items = subjects[category]
            kind, subject = items[cursor[category] % len(items)]
            cursor[category] += 1
        platform = rng.choices(platforms, weights)[0]
        title = f"We're hiring: {subject}" if requisition else subject
        if title in used_titles:
            title = f"{title} ({'X' if platform == 'x' else platform.capitalize()} edition)"
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
            token=program.ids.token(),
        )
        row["_requisition"] = requisition["id"] if requisition else None
        program.assets[row["id"]] = row
        return row

    for monday in mondays:
        for category in CATEGORIES:
            drop = [make(category, monday - timedelta(days=3), "approved") for _ in range(PER_DROP)]
            program_weeks[category].append([row["id"] for row in drop])
    for category in CATEGORIES:
        for _ in range(COVERAGE_WEEKS[category] * PER_DROP):
            make(category, today - timedelta(days=rng.randint(1, 14)), "approved")
        make(category, None, "draft")
    make(CATEGORIES[0], None, "draft", caption=False)
    program._weeks = program_weeks  # type: ignore[attr-defined]
    return list(program.assets.values())


OPENERS = (  # the advocate's own first line, before the suggested caption
    "Proud of this team.",
    "This one is close to my heart.",
    "Worth a read if you work anywhere near logistics.",
    "I worked on a small piece of this!",
    "The people here make hard problems fun.",
    "Three years in, still learning something every week.",
)
ORGANIC_POSTS = 14


def _post_url(rng: random.Random, platform: str, person: _Person) -> str:
    handle = person.email.split("@")[0].replace(".", "-")
    if platform == "x":
        return f"https://x.com/{handle.replace('-', '_')}/status/{1800000000000000000 + rng.getrandbits(56)}"
    if platform == "instagram":
        code = b32encode(rng.getrandbits(55).to_bytes(7, "big")).decode("ascii")[:11]
        return f"https://www.instagram.com/p/{code}/"
    return f"https://www.linkedin.com/posts/{handle}_activity-{7200000000000000000 + rng.getrandbits(56)}"


def _post_metrics(rng: random.Random, person: _Person, week: int, tracked: bool) -> dict:
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


def _queue(program: _Program) -> None:
    """Weekly drops to enrolled advocates; what they shared became posts."""
    rng, today, mondays = program.rng, program.today, program.mondays
    weeks = program._weeks  # type: ignore[attr-defined]
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
            if age < 5:
                chance *= age / 5
            due = min(monday + timedelta(days=4), today)
            for asset_id in weeks[person.category][week]:
                asset = program.assets[asset_id]
                shared_on = post_url = None
                text = ""
                if rng.random() < chance:
                    status = "shared"
                    shared_on = min(today, monday + timedelta(days=min(4, int(rng.expovariate(0.8)))))
                    post_url = _post_url(rng, asset["platform"], person)
                    text = f"{rng.choice(OPENERS)} {asset['caption']}".strip()
                elif age <= 7:  # the latest drop: some not even opened yet
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


def _applications(program: _Program) -> None:
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


def _surveys(program: _Program) -> list[dict]:
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


def _awards(program: _Program) -> list[dict]:
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

    def award(person: _Person, milestone: str, day: date, reward: str, note: str, spotlight: bool) -> None:
        day = min(today, day)
        rows.append(
            program.row(
                day,
                advocate_id=person.id,
                milestone=milestone,
                awarded_on=day,
                reward=reward,
                note=note,
                spotlight_quarter=_quarter(day) if spotlight else None,
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


def _feedback(program: _Program) -> list[dict]:
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
            asset["updated_at"] = max(asset["updated_at"], _stamp(resolved_on))
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
            )
        )
    return rows


# --------------------------------------------------------------------------- writing


def _clean(rows: Iterable[dict]) -> list[dict]:
    """Drop the generators' private keys (those starting with '_')."""
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


def write_demo(
    store: Store,
    *,
    today: date,
    seed: int = 2026,
    employees: int = 300,
    signals_per_employee: float | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write the demo program as of `today` in one transaction; the same arguments give the
    same rows. `signals_per_employee` is the mean per employee who signals at all (about
    70% do); the default, 20, gives about 14 signals per employee overall."""
    if employees < 1:
        raise ValueError("employees must be at least 1")
    per_active = DEFAULT_SIGNALS_PER_ACTIVE if signals_per_employee is None else float(signals_per_employee)
    report = progress or (lambda label, fraction: None)
    # Independent streams, so the people do not change when the signal rate does.
    people_rng = random.Random(f"{seed}:people")
    signal_rng = random.Random(f"{seed}:signals")
    program_rng = random.Random(f"{seed}:program")
    program_ids = _Ids(random.Random(f"{seed}:program-ids"))

    report("employees", 0.0)
    people_ids = _Ids(people_rng)
    people = _employees(people_rng, people_ids, employees)
    hired = _stamp(today - timedelta(days=AUDIT_DAYS + 1))
    program_ids._tokens = people_ids._tokens  # asset tokens never repeat an advocate's

    counts: dict[str, int] = {}
    with store.writing() as session:
        connection = session.connection()
        pragma = None
        if store.is_sqlite:
            # A larger page cache for the bulk load (the signal table's random-key indexes).
            pragma = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            connection.exec_driver_sql("PRAGMA cache_size = -131072")
        try:
            counts["employees"] = _bulk(connection, Employee, _employee_rows(people, hired))
            report("employees", 0.05)

            counts["signals"] = 0
            signal_ids = _Ids(signal_rng)
            for reached, chunk in _signal_rows(signal_rng, signal_ids, people, today, per_active):
                connection.execute(insert(Signal), chunk)
                counts["signals"] += len(chunk)
                report("signals", 0.05 + 0.85 * (reached + 1) / len(people))

            ranking = _ranking(people)
            candidates = [p for p in ranking if p.quality is not None and p.engagement_90 > 0]
            program = _Program(program_rng, program_ids, today, people)
            first = today - timedelta(days=PROGRAM_WEEKS * 7)
            first += timedelta(days=(0 - first.weekday()) % 7)
            program.mondays = [first + timedelta(weeks=w) for w in range(PROGRAM_WEEKS) if first + timedelta(weeks=w) < today]

            report("scores", 0.9)
            executive = _showcase_executive(people)
            score_rows, consistent = _scores(program, candidates, executive)
            counts["scores"] = _bulk(connection, Score, score_rows)
            enrollment_rows = _enrollments(program, ranking, candidates, consistent, score_rows, executive)
            counts["enrollments"] = _bulk(connection, Enrollment, enrollment_rows)

            report("library", 0.92)
            _requisitions(program)
            counts["requisitions"] = _bulk(connection, Requisition, _clean(program.requisitions))
            asset_rows = _assets(program)
            _queue(program)
            _applications(program)  # after the posts they come from
            feedback_rows = _feedback(program)  # may retire flagged assets: before writing them
            counts["assets"] = _bulk(connection, Asset, _clean(asset_rows))

            report("queue", 0.95)
            counts["deliveries"] = _bulk(connection, Delivery, program.deliveries)
            counts["posts"] = _bulk(connection, Post, program.posts)
            counts["applications"] = _bulk(connection, Application, program.applications)
            counts["surveys"] = _bulk(connection, Survey, _surveys(program))
            counts["awards"] = _bulk(connection, Award, _awards(program))
            counts["feedback"] = _bulk(connection, Feedback, feedback_rows)
        finally:
            if pragma is not None:
                connection.exec_driver_sql(f"PRAGMA cache_size = {int(pragma)}")
        report("saving", 0.98)
    report("done", 1.0)
    return DemoSummary(**{name: counts[name] for name in DemoSummary.__dataclass_fields__})


def _bulk(connection, model, rows: Iterable[dict]) -> int:
    """Core executemany inserts in chunks of CHUNK rows; returns how many were written."""
    written = 0
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            connection.execute(insert(model), chunk)
            written += len(chunk)
            chunk = []
    if chunk:
        connection.execute(insert(model), chunk)
        written += len(chunk)
    return written
