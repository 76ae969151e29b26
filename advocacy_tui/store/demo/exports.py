"""Sample exports for the demo: the files a coordinator would download from Slack, Teams,
GA4, Lever and LinkedIn, built from the demo's own rows, so `T` in the app (or `advocacy
import-from auto`) has something real to read, match and import.

`write_demo_exports(store, folder, today, seed)` reads the demo through SQLAlchemy (the
employees, the enrolled advocates, their posts of assets, the requisitions) and writes,
into `folder`, each file in the layout the tool publishes and the readers in
program/exports accept:

- `slack-member-analytics.csv`: about 60 members (UTF-8 with a BOM, the newer layout with
  Email). Three have the Email cell empty, as Slack writes a hidden email, so they come out
  unmatched with a same-name suggestion; one is an agency guest who is no employee. The file
  has no dates: import it with the period `--period-end <today - 1> --period-days 30`.
- `teams-user-activity.csv`: about 40 users by sign-in name (= email), refreshed the day
  before `today` over 30 days, with two concealed users (32-hex names).
- `ga4-traffic-acquisition.csv`: the last 30 days before `today`; one row per advocate's
  post of an asset in them that brought visits (manual ad content = the post's tracking
  value, sessions = the demo's referral visits, so importing it keeps them), other traffic,
  and two tracking values that match no post.
- `lever-candidates.csv`: about 25 candidates for the demo's requisitions over the last 60
  days; some carry an advocate's tracking value among their Sources (as `lever-source`
  records it), some are employee referrals.
- `linkedin-page-content.xlsx`: the company Page's posts of the last 60 days (`All posts`),
  with an engagement rate of about 2-4%: the health signal's baseline once imported.
- `Content_<start>_<end>_<FirstLast>.xlsx`: one enrolled advocate's creator analytics over 90
  days, with their demo posts' URLs (updated on import) and two posts the program never
  recorded (added). The file names its owner only by name: they are matched once confirmed
  (`a` in the app, `--accept-suggested`), or named with `--advocate EMAIL`.

Deterministic: the demo's rows are read in a fixed order and every choice comes from
`random.Random(f"{seed}:exports:<file>")`. (The XLSX files' zip stamps still say when they
were written.) A `README.txt` in the folder says what each file is and how to import it.
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
from sqlalchemy import select

from advocacy_tui.program.exports.linkedin_creator import owner_from_file_name
from advocacy_tui.program.links import MEDIUM_DEFAULT, utm_content
from advocacy_tui.store.database import Store
from advocacy_tui.store.demo.company import COMPANY, COORDINATOR_TITLE
from advocacy_tui.store.models import Asset, Delivery, Employee, Enrollment, Post, Requisition

SLACK_FILE = "slack-member-analytics.csv"
TEAMS_FILE = "teams-user-activity.csv"
GA4_FILE = "ga4-traffic-acquisition.csv"
LEVER_FILE = "lever-candidates.csv"
PAGE_FILE = "linkedin-page-content.xlsx"

SLACK_MEMBERS = 60  # employees in the Slack file (plus the guest)
SLACK_WITHOUT_EMAIL = 3
TEAMS_USERS = 40  # employees in the Teams file (plus the concealed ones)
TEAMS_CONCEALED = 2
CANDIDATES = 25
PAGE_POSTS = 12
CHAT_DAYS = 30  # the Slack and Teams period, and the GA4 window
HIRING_DAYS = 60  # Lever's candidates and the Page's posts
CREATOR_DAYS = 90

# ------------------------------------------------------------------- the layouts (issue 10)
# As the tools publish them; the same layouts tests/program/exports/fixtures.py builds.

SLACK_HEADER = (
    "Name", "What I Do", "User ID", "Username", "Account type", "Account created (UTC)",
    "Claimed Date (UTC)", "Deactivated date (UTC)", "Days active", "Days active (Desktop)",
    "Days active (Android)", "Days active (iOS)", "Messages posted", "Messages posted in channels",
    "Reactions added", "Last active (UTC)", "Last active (Desktop) (UTC)", "Last active (Android) (UTC)",
    "Last active (iOS) (UTC)",
    # The newer layout's columns.
    "Display name", "Email", "Days using Slack Connect", "Files uploaded", "Slack Huddles", "Searches",
    "Channels joined",
)
TEAMS_HEADER = (
    "Report Refresh Date", "Tenant Display Name", "Shared Channel Tenant Display Names", "User Id",
    "User Principal Name", "Last Activity Date", "Is Deleted", "Deleted Date", "Assigned Products",
    "Team Chat Message Count", "Private Chat Message Count", "Call Count", "Meeting Count",
    "Post Messages", "Reply Messages", "Urgent Messages", "Meetings Organized Count",
    "Meetings Attended Count", "Report Period",
)
GA4_HEADER = (
    "Session source / medium", "Session campaign", "Session manual ad content", "Sessions",
    "Engaged sessions", "Key events",
)
LEVER_HEADER = (
    "Candidate Name", "Profile ID", "Application ID", "Posting ID", "Posting Title", "Posting Owner Name",
    "Origin", "Sources", "Applied At (GMT)", "Created At (GMT)", "Candidate Owner Name", "Current Stage",
    "Archive Reason", "Referred", "Is Social Referral", "Is Employee Referral", "Is Manual Referral",
)
PAGE_SHEET = "All posts"
PAGE_BANNER = "All posts: This report includes all organic and sponsored posts in the selected date range."
PAGE_HEADER = (
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views", "Offsite Views",
    "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows",
    "Engagement rate", "Content Type",
)
CREATOR_BANNER = "Maximum of 50 posts available to include in this list"
CREATOR_HEADER = ("Post URL", "Post publish date", "Engagements", None, "Post URL", "Post publish date", "Impressions")
TOP_POSTS = 50

# ------------------------------------------------------------------- made-up outsiders
# Names outside the demo's name lists (company.py), so no employee has them.

GUEST = ("Morgan Reid", "Brand agency, Brightlane", "brightlane.example")
GUEST_SPARES = (("Quinn Halloway", "Video producer, Brightlane", "brightlane.example"),
                ("Robin Ashdown", "Copywriter, Brightlane", "brightlane.example"))
CANDIDATE_FIRST = ("Avery", "Blair", "Cora", "Dev", "Ellis", "Frankie", "Greer", "Harper", "Indira", "Jules",
                   "Kit", "Lennox", "Marlowe", "Nico", "Orla", "Petra", "Remy", "Saoirse", "Tobin", "Uma")
CANDIDATE_LAST = ("Achterberg", "Brannigan", "Delacroix", "Esposito", "Falkenrath", "Grimaldi", "Holmqvist",
                  "Iwasaki", "Jovanovic", "Kowalczyk", "Lindqvist", "Mbeki", "Nakashima", "Okonkwo",
                  "Pemberton", "Rasmussen", "Szabo", "Thorvaldsen", "Umarov", "Virtanen")
PAGE_TITLES = (
    ("Inside our Portland robotics lab: a day with the perception team", "Video"),
    ("Northwind fleet software 4.2 is out: faster route planning for mixed fleets", "Image"),
    ("What our customers' warehouses taught us about autonomy this year", "Article"),
    ("Meet the firmware engineers who keep 10,000 motors in sync", "Video"),
    ("Our 2026 sustainability report: less energy per pick", "Document"),
    ("Thank you to everyone who visited our booth at ProMat", "Image"),
    ("How we run blameless postmortems across hardware and software", "Article"),
    ("Northwind Robotics named a top workplace in Oregon", "Image"),
    ("A customer story: 38% fewer mis-picks in six weeks", "Video"),
    ("Behind the build: the new gripper, from sketch to field trial", "Image"),
    ("Five questions with our field service team", "Text"),
    ("Our internship program is open for summer 2027", "Image"),
)
SPONSORED_CAMPAIGN = "Hiring Q4 2026"
LEVER_STAGES = ("New applicant", "Recruiter screen", "Phone interview", "On-site interview", "Offer", "Hired")
ARCHIVE_REASONS = ("Underqualified", "Withdrew", "Position filled", "Timing")
OTHER_SOURCES = ("LinkedIn", "Indeed", "Company website", "Glassdoor", "LinkedIn")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    department: str
    title: str
    network: int
    token: str


@dataclass(frozen=True)
class SharedPost:
    """An advocate's post of an asset: its link carried `<advocate token>-<asset_token>`."""

    advocate: str  # employee id
    posted_on: date
    platform: str
    referral_visits: int
    asset_token: str
    campaign: str


@dataclass
class Demo:
    people: list[Person]  # live employees, by email
    by_id: dict[str, Person]
    advocates: list[Person]  # enrolled, by email
    shared: list[SharedPost]  # advocates' posts of assets, by day
    linkedin: dict[str, list[tuple]]  # advocate id -> (url, posted_on, impressions, engagements)
    unshared: list[tuple[str, str]]  # (advocate token, asset token) delivered but never posted
    requisitions: list[tuple[str, date, date | None]]  # (title, opened, filled)
    asset_tokens: list[str]


def write_demo_exports(store: Store, folder: Path, today: date, seed: int) -> list[Path]:
    """Write the sample exports (and a README.txt) into `folder`; the export files' paths."""
    demo = _read_demo(store)
    folder.mkdir(parents=True, exist_ok=True)
    rng = lambda name: random.Random(f"{seed}:exports:{name}")  # noqa: E731
    paths = [
        _slack(folder / SLACK_FILE, demo, today, rng("slack")),
        _teams(folder / TEAMS_FILE, demo, today, rng("teams")),
        _ga4(folder / GA4_FILE, demo, today, rng("ga4")),
        _lever(folder / LEVER_FILE, demo, today, rng("lever")),
        _page(folder / PAGE_FILE, demo, today, rng("page")),
    ]
    creator = _creator(folder, demo, today, rng("creator"))
    if creator is not None:
        paths.append(creator)
    _readme(folder / "README.txt", paths, today, store.path)
    return paths


def slack_period(today: date) -> tuple[date, int]:
    """The period the Slack file covers (the coordinator gives it): (last day, days)."""
    return today - timedelta(days=1), CHAT_DAYS


# ------------------------------------------------------------------- reading the demo


def _read_demo(store: Store) -> Demo:
    with store.reading() as session:
        people = [
            Person(*row)
            for row in session.execute(
                select(
                    Employee.id, Employee.name, Employee.email, Employee.department, Employee.title,
                    Employee.network_size, Employee.advocate_token,
                )
                .where(Employee.deleted_at.is_(None))
                .order_by(Employee.email, Employee.id)
            )
        ]
        by_id = {person.id: person for person in people}
        enrolled = set(
            session.execute(
                select(Enrollment.employee_id).where(Enrollment.deleted_at.is_(None), Enrollment.status == "enrolled")
            ).scalars()
        )
        shared = [
            SharedPost(*row)
            for row in session.execute(
                select(
                    Post.advocate_id, Post.posted_on, Post.platform, Post.referral_visits, Asset.token,
                    Asset.campaign,
                )
                .join(Asset, Asset.id == Post.asset_id)
                .where(Post.deleted_at.is_(None), Asset.deleted_at.is_(None))
                .order_by(Post.posted_on, Post.id)
            )
            if row[0] in by_id
        ]
        linkedin: dict[str, list[tuple]] = defaultdict(list)
        for advocate, url, posted, impressions, reactions, comments, shares, engagements in session.execute(
            select(
                Post.advocate_id, Post.url, Post.posted_on, Post.impressions, Post.reactions, Post.comments,
                Post.shares, Post.engagements,
            )
            .where(Post.deleted_at.is_(None), Post.platform == "linkedin", Post.advocate_id.in_(sorted(enrolled)))
            .order_by(Post.posted_on, Post.id)
        ):
            total = engagements if engagements is not None else reactions + comments + shares
            linkedin[advocate].append((url, posted, impressions, total))
        posted_pairs = {(post.advocate, post.asset_token) for post in shared}
        unshared = [
            (by_id[advocate].token, token)
            for advocate, token in session.execute(
                select(Delivery.advocate_id, Asset.token)
                .join(Asset, Asset.id == Delivery.asset_id)
                .where(Delivery.deleted_at.is_(None), Delivery.status != "shared")
                .order_by(Delivery.delivered_on, Delivery.id)
            )
            if advocate in by_id and (advocate, token) not in posted_pairs
        ]
        requisitions = [
            (title, opened, filled)
            for title, opened, filled in session.execute(
                select(Requisition.title, Requisition.opened_on, Requisition.filled_on)
                .where(Requisition.deleted_at.is_(None))
                .order_by(Requisition.opened_on, Requisition.id)
            )
        ]
        asset_tokens = list(session.execute(select(Asset.token).order_by(Asset.token)).scalars())
    advocates = [person for person in people if person.id in enrolled]
    return Demo(people, by_id, advocates, shared, dict(linkedin), unshared, requisitions, asset_tokens)


# ------------------------------------------------------------------- Slack


def _slack(path: Path, demo: Demo, today: date, rng: random.Random) -> Path:
    end, _ = slack_period(today)
    advocates = demo.advocates[:SLACK_MEMBERS]
    chosen = {person.id for person in advocates}
    others = [person for person in demo.people if person.id not in chosen]
    members = advocates + rng.sample(others, min(len(others), SLACK_MEMBERS - len(advocates)))
    names = _name_counts(demo.people)
    # Hidden emails: people whose name is theirs alone, so the suggestion is one employee.
    unique = [person for person in members if names[_key(person.name)] == 1]
    hidden = {person.id for person in rng.sample(unique, min(SLACK_WITHOUT_EMAIL, len(unique)))}
    enrolled = {person.id for person in demo.advocates}
    rows = []
    for person in members:
        keen = person.id in enrolled
        rows.append(_slack_row(rng, person.name, person.title, person.email, end, keen, hide=person.id in hidden))
    guest = next((g for g in (GUEST, *GUEST_SPARES) if names[_key(g[0])] == 0), None)
    if guest is not None:
        name, what, domain = guest
        email = f"{name.lower().replace(' ', '.')}@{domain}"
        rows.append(_slack_row(rng, name, what, email, end, False, account="Multi-Channel Guest"))
    rows.sort(key=lambda row: row[0].casefold())
    return _write_csv(path, [SLACK_HEADER, *rows], bom=True)


def _slack_row(rng: random.Random, name: str, what: str, email: str, end: date, keen: bool, *,
               hide: bool = False, account: str = "Member") -> list[str]:
    created = end - timedelta(days=rng.randint(200, 1800))
    days_active = rng.randint(14, 22) if keen else rng.choice((0, 3, 6, 9, 12, 15, 17, 19, 21))
    channels = 0 if days_active == 0 else (rng.randint(18, 95) if keen else int(rng.lognormvariate(2.0, 1.0)))
    messages = channels + (0 if days_active == 0 else rng.randint(10, 420))
    reactions = 0 if days_active == 0 else rng.randint(0, 60 if keen else 25)
    desktop = max(0, days_active - rng.randint(0, 2))
    mobile = rng.randint(0, days_active // 2)
    last = end - timedelta(days=rng.randint(0, 4)) if days_active else None
    local = email.split("@")[0]
    return [
        name, what, "U0" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9)), local,
        account, _month_name(created), _month_name(created), "", str(days_active), str(desktop), "0",
        str(mobile), f"{messages:,}", str(channels), str(reactions), _month_name(last),
        _month_name(last), "", _month_name(last - timedelta(days=rng.randint(0, 6))) if last and mobile else "",
        name.split()[0], "" if hide else email, "0", str(rng.randint(0, 12)), str(rng.randint(0, 9)),
        str(rng.randint(0, 60)), str(rng.randint(6, 40)),
    ]


# ------------------------------------------------------------------- Teams


def _teams(path: Path, demo: Demo, today: date, rng: random.Random) -> Path:
    refreshed = today - timedelta(days=1)
    # Sales and the field talk to customers in Teams; anyone may be in it.
    teams_side = ("Sales", "Customer Success", "Operations", "Finance")
    pool = [person for person in demo.people if person.department in teams_side] or demo.people
    users = sorted(rng.sample(pool, min(len(pool), TEAMS_USERS)), key=lambda person: person.email)
    rows = []
    for index, person in enumerate(users):
        quiet = index % 13 == 5  # a licensed user who did nothing in the period
        rows.append(_teams_row(rng, refreshed, person.email, quiet))
    for _ in range(TEAMS_CONCEALED):
        rows.append(_teams_row(rng, refreshed, "%032x" % rng.getrandbits(128), False))
    return _write_csv(path, [TEAMS_HEADER, *rows], bom=True)


def _teams_row(rng: random.Random, refreshed: date, principal: str, quiet: bool) -> list[str]:
    posts = 0 if quiet else int(rng.lognormvariate(1.6, 0.9))
    replies = 0 if quiet else int(rng.lognormvariate(2.1, 0.9))
    private = 0 if quiet else rng.randint(20, 600)
    meetings = 0 if quiet else rng.randint(4, 45)
    last = "" if quiet else (refreshed - timedelta(days=rng.randint(0, 5))).isoformat()
    return [
        refreshed.isoformat(), COMPANY, "", _uuid(rng), principal, last, "False", "", "MICROSOFT 365 E3",
        str(posts + replies), str(private), str(0 if quiet else rng.randint(0, 30)), str(meetings),
        str(posts), str(replies), "0", str(meetings // 4), str(meetings - meetings // 4), str(CHAT_DAYS),
    ]


# ------------------------------------------------------------------- GA4


def _ga4(path: Path, demo: Demo, today: date, rng: random.Random) -> Path:
    end = today - timedelta(days=1)
    start = today - timedelta(days=CHAT_DAYS)
    rows: list[tuple[str, str, str, int, int, int]] = []
    tracked_assets: list[str] = []
    for post in demo.shared:
        if not start <= post.posted_on <= end or post.referral_visits <= 0:
            continue  # GA4 lists only the links that brought a session in its window
        value = utm_content(demo.by_id[post.advocate].token, post.asset_token)
        source = f"{post.platform} / {MEDIUM_DEFAULT}"
        rows.append((source, post.campaign or "(not set)", value, *_engaged(rng, post.referral_visits)))
        tracked_assets.append(post.asset_token)
    # Two tracking values no post carries: a link an advocate passed round without marking
    # it shared, and one whose advocate token nobody has (a departed advocate's, or a typo).
    tokens = {person.token for person in demo.people}
    asset = (tracked_assets or demo.asset_tokens or [_token(rng, set())])[0]
    unknown = [demo.unshared[rng.randrange(len(demo.unshared))]] if demo.unshared else []
    while len(unknown) < 2:
        stranger = _token(rng, tokens)
        tokens.add(stranger)
        unknown.append((stranger, asset))
    for (advocate, asset_token), sessions in zip(unknown, (14, 6)):
        value = utm_content(advocate, asset_token)
        rows.append((f"linkedin / {MEDIUM_DEFAULT}", "(not set)", value, *_engaged(rng, sessions)))
    for source_medium, campaign, sessions in (
        ("google / organic", "(organic)", rng.randint(3800, 5200)),
        ("(direct) / (none)", "(direct)", rng.randint(2100, 3000)),
        ("linkedin.com / referral", "(referral)", rng.randint(600, 900)),
        ("bing / organic", "(organic)", rng.randint(250, 420)),
        ("indeed.com / referral", "(referral)", rng.randint(150, 320)),
    ):
        rows.append((source_medium, campaign, "(not set)", *_engaged(rng, sessions)))
    rows.sort(key=lambda row: (-row[3], row[2]))
    totals = [sum(row[index] for row in rows) for index in (3, 4, 5)]
    buffer = io.StringIO()
    for line in (
        "# ----------------------------------------",
        "# Traffic acquisition: Session manual ad content",
        f"# Account: {COMPANY}",
        f"# Property: {COMPANY} careers site",
        "# ----------------------------------------",
        "#",
        "# All Users",
        f"# Start date: {start:%Y%m%d}",
        f"# End date: {end:%Y%m%d}",
        "# ----------------------------------------",
        "",
    ):
        buffer.write(line + "\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(GA4_HEADER)
    writer.writerow(["Grand total", "", "", *totals])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _engaged(rng: random.Random, sessions: int) -> tuple[int, int, int]:
    engaged = round(sessions * rng.uniform(0.5, 0.75))
    return sessions, engaged, round(engaged * rng.uniform(0.0, 0.08))


# ------------------------------------------------------------------- Lever


def _lever(path: Path, demo: Demo, today: date, rng: random.Random) -> Path:
    first = today - timedelta(days=HIRING_DAYS)
    open_roles = [req for req in demo.requisitions if req[2] is None or req[2] >= first] or demo.requisitions
    postings = {title: _uuid(rng) for title, _, _ in open_roles}
    recruiters = [p.name for p in demo.people if "Talent" in p.title or "Recruit" in p.title] or [COMPANY]
    recent = [post for post in demo.shared if first <= post.posted_on <= today - timedelta(days=1)]
    tracked = rng.sample(recent, min(len(recent), 9))
    rows = []
    for index in range(CANDIDATES if open_roles else 0):
        candidate = f"{rng.choice(CANDIDATE_FIRST)} {rng.choice(CANDIDATE_LAST)}"
        origin, referral = "applied", False
        if index < len(tracked):
            post = tracked[index]
            value = utm_content(demo.by_id[post.advocate].token, post.asset_token)
            sources = rng.choice((value, f"LinkedIn, {value}", f"Company website, {value}"))
            applied = min(today, post.posted_on + timedelta(days=rng.randint(0, 6)))
        elif index < len(tracked) + 5:
            origin, referral, sources = "referred", True, "Employee Referral"
            applied = first + timedelta(days=rng.randint(0, HIRING_DAYS - 1))
        elif index % 7 == 3:
            origin, sources = "sourced", "LinkedIn Recruiter"
            applied = None  # a sourced candidate never applied: Lever leaves Applied At empty
        else:
            sources = rng.choice(OTHER_SOURCES)
            applied = first + timedelta(days=rng.randint(0, HIRING_DAYS - 1))
        created_on = applied or first + timedelta(days=rng.randint(0, HIRING_DAYS - 1))
        roles = [req for req in open_roles if req[1] <= created_on and (req[2] is None or req[2] >= created_on)]
        title = rng.choice(roles or open_roles)[0]
        applied_at = _stamp(rng, applied) if applied else ""
        created_at = applied_at or _stamp(rng, created_on)
        stage = rng.choice(LEVER_STAGES[:4]) if rng.random() < 0.8 else rng.choice(LEVER_STAGES[4:])
        archived = rng.choice(ARCHIVE_REASONS) if stage in LEVER_STAGES[:3] and rng.random() < 0.25 else ""
        if stage == "Hired":
            archived = "Hired"
        rows.append([
            candidate, _uuid(rng), _uuid(rng), postings[title], title, rng.choice(recruiters), origin, sources,
            applied_at, created_at, rng.choice(recruiters), stage, archived, _flag(referral), "false",
            _flag(referral), "false",
        ])
    rows.sort(key=lambda row: row[9])
    return _write_csv(path, [LEVER_HEADER, *rows])


# ------------------------------------------------------------------- LinkedIn Page


def _page(path: Path, demo: Demo, today: date, rng: random.Random) -> Path:
    coordinator = next((p.name for p in demo.people if p.title == COORDINATOR_TITLE), COMPANY)
    hiring = [title for title, _, filled in demo.requisitions if filled is None][:3]
    titles = [(f"We're hiring: {title}", "Image") for title in hiring] + list(PAGE_TITLES)
    span = HIRING_DAYS - 2
    days = sorted(today - timedelta(days=1 + round(span * (index + rng.random() * 0.6) / PAGE_POSTS))
                  for index in range(PAGE_POSTS))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = PAGE_SHEET
    sheet.append([PAGE_BANNER])
    sheet.append(list(PAGE_HEADER))
    for index, created in enumerate(reversed(days)):  # newest first, as LinkedIn lists them
        title, content = titles[index % len(titles)]
        sponsored = index in (2, 7)
        impressions = rng.randint(9000, 22000) if sponsored else rng.randint(2500, 9500)
        # LinkedIn's engagement rate (clicks, likes, comments, reposts, follows over
        # impressions): 2-4%, as a company page's usually is.
        engaged = impressions * rng.uniform(0.021, 0.037)
        weights = [rng.uniform(0.35, 0.5), rng.uniform(0.38, 0.48), rng.uniform(0.03, 0.07),
                   rng.uniform(0.02, 0.06), rng.uniform(0.01, 0.05)]
        clicks, likes, comments, reposts, follows = (round(engaged * w / sum(weights)) for w in weights)
        engagements = clicks + likes + comments + reposts + follows
        views = rng.randint(impressions // 5, impressions // 3) if content == "Video" else 0
        sheet.append([
            title, _activity_url(rng, "feed/update/urn:li:activity:"), "Sponsored" if sponsored else "Organic",
            SPONSORED_CAMPAIGN if sponsored else "", coordinator, _us(created, padded=True),
            _us(created, padded=True) if sponsored else "",
            _us(created + timedelta(days=14), padded=True) if sponsored else "",
            "Targeted" if sponsored else "All followers", f"{impressions:,}", f"{views:,}" if views else "",
            str(rng.randint(0, views // 20)) if views else "", f"{clicks:,}", _percent(clicks / impressions),
            f"{likes:,}", str(comments), str(reposts), str(follows), _percent(engagements / impressions), content,
        ])
    book.create_sheet("Metrics").append(["Date", "Impressions (organic)", "Impressions (sponsored)"])
    book.save(path)
    return path


# ------------------------------------------------------------------- LinkedIn creator


def _creator(folder: Path, demo: Demo, today: date, rng: random.Random) -> Path | None:
    end = today - timedelta(days=1)
    start = today - timedelta(days=CREATOR_DAYS)
    names = _name_counts(demo.people)
    owner, posts = None, []
    for person in demo.advocates:
        # The file names its owner by name only: one whose name is theirs alone and reads
        # back from the file name as written (JaneDoe -> Jane Doe).
        file_name = _creator_name(start, end, person.name)
        found, _, _ = owner_from_file_name(file_name)
        if names[_key(person.name)] != 1 or found is None or found.name != person.name:
            continue
        mine = [post for post in demo.linkedin.get(person.id, []) if post[0] and start <= post[1] <= end]
        if len(mine) > len(posts):
            owner, posts = person, mine
    if owner is None:
        return None
    top = []  # (url, published, impressions, engagements)
    for url, posted, impressions, engagements in posts:
        # LinkedIn's figures on the export day: a little more than the demo recorded.
        grown = (end - posted).days / CREATOR_DAYS
        impressions = round(impressions * (1 + 0.15 * grown))
        engagements += round(engagements * 0.2 * grown) + rng.randint(0, 3)
        top.append((url, posted, impressions, engagements))
    # Two posts of their own the program never recorded: they come in as new posts.
    handle = owner.email.split("@")[0].replace(".", "-")
    for _ in range(2):
        posted = start + timedelta(days=rng.randint(0, CREATOR_DAYS - 10))
        impressions = round(max(owner.network, 300) * rng.uniform(0.4, 1.1))
        top.append((_activity_url(rng, f"posts/{handle}_activity-"), posted, impressions,
                    round(impressions * rng.uniform(0.02, 0.06))))
    path = folder / _creator_name(start, end, owner.name)
    # Earlier samples for another owner or period would be read as a second person's file.
    for old in folder.glob("Content_*.xlsx"):
        if old != path:
            old.unlink()
    book = openpyxl.Workbook()
    discovery = book.active
    discovery.title = "DISCOVERY"
    total_impressions = sum(post[2] for post in top)
    discovery.append(["Overall Performance", f"{_us(start)} - {_us(end)}"])
    discovery.append(["Impressions", f"{total_impressions:,}"])
    discovery.append(["Members reached", f"{round(total_impressions * rng.uniform(0.55, 0.7)):,}"])
    engagement = book.create_sheet("ENGAGEMENT")
    engagement.append(["Date", "Impressions", "Engagements"])
    daily = _daily(top, start, end)
    for day, (impressions, engaged) in daily.items():
        engagement.append([_us(day), f"{impressions:,}", f"{engaged:,}"])
    sheet = book.create_sheet("TOP POSTS")
    sheet.append([CREATOR_BANNER])
    sheet.append([])
    sheet.append(list(CREATOR_HEADER))
    by_engagement = sorted(top, key=lambda post: (-post[3], post[0]))[:TOP_POSTS]
    by_impressions = sorted(top, key=lambda post: (-post[2], post[0]))[:TOP_POSTS]
    for left, right in zip(by_engagement, by_impressions):
        sheet.append([left[0], _us(left[1]), left[3], None, right[0], _us(right[1]), right[2]])
    followers = book.create_sheet("FOLLOWERS")
    followers.append([f"Total followers on {_us(end)}:", f"{max(owner.network, 1):,}"])
    followers.append([])
    followers.append(["Date", "New followers"])
    for day in daily:
        followers.append([_us(day), rng.choice((0, 0, 0, 1, 1, 2, 3))])
    demographics = book.create_sheet("DEMOGRAPHICS")
    demographics.append(["Top Demographics", "Value", "Percentage"])
    for category, values in (
        ("Job titles", ("Software Engineer", "Robotics Engineer", "Recruiter", "Product Manager")),
        ("Locations", ("Portland, Oregon Metropolitan Area", "Greater Boston", "Austin, Texas Metropolitan Area")),
        ("Industries", ("Automation Machinery Manufacturing", "Software Development", "Logistics")),
        ("Seniority", ("Senior", "Entry", "Manager")),
    ):
        share = rng.uniform(0.08, 0.2)
        for value in values:
            demographics.append([category, value, _percent(share, digits=0) if share >= 0.01 else "< 1%"])
            share *= rng.uniform(0.35, 0.8)
    book.save(path)
    return path


def _creator_name(start: date, end: date, name: str) -> str:
    return f"Content_{start.isoformat()}_{end.isoformat()}_{''.join(name.split())}.xlsx"


def _daily(posts: list[tuple], start: date, end: date) -> dict[date, tuple[int, int]]:
    """Each post's figures spread over the days after it (most on the first), by day."""
    days = {start + timedelta(days=offset): [0, 0] for offset in range((end - start).days + 1)}
    for _, posted, impressions, engagements in posts:
        weights = [0.45, 0.25, 0.12, 0.08, 0.05, 0.03, 0.02]
        for offset, weight in enumerate(weights):
            day = posted + timedelta(days=offset)
            if day in days:
                days[day][0] += round(impressions * weight)
                days[day][1] += round(engagements * weight)
    return {day: (figures[0], figures[1]) for day, figures in days.items()}


# ------------------------------------------------------------------- README.txt


def _readme(path: Path, files: list[Path], today: date, database: Path | None) -> None:
    end, days = slack_period(today)
    what = {
        SLACK_FILE: f"Slack member analytics. The file has no dates: give the period ({end.isoformat()}, "
        f"{days} days). Three members have no email (match them: same name), one is an agency guest.",
        TEAMS_FILE: "Microsoft Teams user activity over 30 days; two users are concealed.",
        GA4_FILE: "Google Analytics 4 traffic acquisition: sessions of the advocates' tracked links; "
        "two tracking values match no post.",
        LEVER_FILE: "Lever candidates: some arrived through an advocate's link (lever-source), some referred.",
        PAGE_FILE: "LinkedIn Page content: the company's own posts, the engagement baseline.",
    }
    lines = [
        f"Sample exports written from the demo program (as of {today.isoformat()}), to try importing.",
        "In the app press T and give one of these files; or, for all of them at once:",
        "",
        f"  advocacy --db {database or '<the demo database>'} import-from auto \\",
        f"      {path.parent}/*.csv {path.parent}/*.xlsx \\",
        f"      --period-end {end.isoformat()} --period-days {days} --dry-run",
        "",
        "--period-end and --period-days are for the Slack file, which has no dates; the other files",
        "say their own, and only note that the period is not used. Drop --dry-run to import; add",
        "--accept-suggested to confirm the people matched by their same name.",
        "",
    ]
    for file in files:
        text = what.get(file.name) or (
            "LinkedIn creator analytics of one advocate (named only by the file name: confirm who "
            "they are, or give --advocate EMAIL)."
        )
        lines.append(f"{file.name}\n    {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------- small helpers


def _write_csv(path: Path, rows: list, *, bom: bool = False) -> Path:
    """CSV as the tools write it: CRLF line ends, optionally a UTF-8 BOM."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _name_counts(people: list[Person]) -> defaultdict[str, int]:
    counts: defaultdict[str, int] = defaultdict(int)
    for person in people:
        counts[_key(person.name)] += 1
    return counts


def _month_name(day: date | None) -> str:
    """Slack's `Mar 17, 2025`."""
    return f"{day:%b} {day.day}, {day.year}" if day else ""


def _us(day: date, *, padded: bool = False) -> str:
    return f"{day:%m/%d/%Y}" if padded else f"{day.month}/{day.day}/{day.year}"


def _percent(rate: float, digits: int = 2) -> str:
    return f"{rate * 100:.{digits}f}%"


def _stamp(rng: random.Random, day: date) -> str:
    """Lever's `YYYY-MM-DD HH:MM:SS` (GMT), during someone's working day."""
    moment = datetime.combine(day, time(rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59)))
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _uuid(rng: random.Random) -> str:
    text = "%032x" % rng.getrandbits(128)
    return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{'89ab'[int(text[16], 16) % 4]}{text[17:20]}-{text[20:]}"


def _token(rng: random.Random, taken: set[str]) -> str:
    """An eight-character [a-z2-7] token nobody in `taken` has."""
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    while True:
        token = "".join(rng.choice(alphabet) for _ in range(8))
        if token not in taken:
            return token


def _activity_url(rng: random.Random, path: str) -> str:
    return f"https://www.linkedin.com/{path}{7250000000000000000 + rng.getrandbits(56)}"

