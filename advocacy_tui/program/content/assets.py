"""Step 4's library: what an asset holds, what a coordinator may save, and what approval needs.

An asset is saved as a draft with whatever the coordinator has so far (a title, a topic and
a platform at least); approval is the gate that keeps unfinished or non-compliant content
out of every advocate's queue: a caption, a well-formed link and hashtags, and the
disclosure text when the company's policy requires one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import cache

from advocacy_tui.program.links import hashtag_problem, link_problem, shortener_of

# Statuses an asset moves through, and the steps between them.
TRANSITIONS = {
    "approve": ("draft", "approved"),
    "retire": ("approved", "retired"),
    "reopen": ("retired", "draft"),  # a retired asset can be reworked and approved again
}

# Known platforms, with the guide's "platform-specific format recommendation" to start from.
FORMAT_TIPS = {
    "linkedin": "Native post with one image; open with your own line, two or three hashtags, link last.",
    "x": "Under 280 characters; one hashtag; the link at the end.",
    "instagram": "Square image or a 30-second reel; the link goes in your bio or story.",
    "facebook": "One image or a short video; a question to open, the link in the post.",
    "mastodon": "Under 500 characters; hashtags in CamelCase so screen readers say them well.",
    "bluesky": "Under 300 characters; the link as a card; one hashtag at most.",
}
PLATFORMS = tuple(FORMAT_TIPS)

LIMITS = {"title": 200, "topic": 120, "platform": 32, "tone": 64, "campaign": 120, "category": 120}


@dataclass(frozen=True)
class AssetFields:
    """What the asset form edits; lists are Python lists here, "|"-joined in the store."""

    title: str
    topic: str
    platform: str
    tone: str = ""
    caption: str = ""
    hashtags: tuple[str, ...] = ()
    format: str = ""
    starters: tuple[str, ...] = ()
    link: str = ""
    campaign: str = ""
    category: str = ""
    available_from: date | None = None
    expires_on: date | None = None

    def stored(self) -> dict:
        """The columns as the store keeps them."""
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        values["hashtags"] = join_list(self.hashtags)
        values["starters"] = join_list(self.starters)
        values["platform"] = self.platform.strip().lower()
        return values

    @classmethod
    def from_stored(cls, row) -> "AssetFields":
        """From anything with the asset's columns as attributes (an ORM row, a Row)."""
        values = {name: getattr(row, name) for name in _field_names(cls)}
        values["hashtags"] = split_list(values["hashtags"])
        values["starters"] = split_list(values["starters"])
        return cls(**values)


@cache
def _field_names(cls) -> tuple[str, ...]:
    # Read once per class: `fields()` rebuilds its answer on every call, and the library
    # listing calls `from_stored` for every asset.
    return tuple(field.name for field in fields(cls))


def split_list(stored: str | None) -> tuple[str, ...]:
    """'#a|#b' -> ('#a', '#b'): the store's "|"-separated lists, blanks dropped."""
    return tuple(part.strip() for part in (stored or "").split("|") if part.strip())


def join_list(items) -> str:
    return "|".join(item.strip().replace("|", "/") for item in items if item.strip())


def parse_hashtags(text: str) -> tuple[str, ...]:
    """What a coordinator types ('#a #b', '#a, #b', 'a b') as hashtags, each with its '#'."""
    words = text.replace(",", " ").split()
    return tuple(word if word.startswith("#") else f"#{word}" for word in words)


def save_problems(asset: AssetFields) -> list[str]:
    """Why the asset cannot be saved even as a draft (empty when it can)."""
    problems = []
    for name in ("title", "topic", "platform"):
        if not getattr(asset, name).strip():
            problems.append(f"{name.capitalize()} is required.")
    for name, limit in LIMITS.items():
        if len(getattr(asset, name)) > limit:
            problems.append(f"{name.capitalize()} is longer than {limit} characters.")
    if asset.available_from and asset.expires_on and asset.expires_on < asset.available_from:
        problems.append("Expires on is before Available from.")
    return problems


def approval_problems(asset: AssetFields, disclosure: str = "") -> list[str]:
    """Why the asset cannot be approved, one sentence each (empty when it can).

    The gate of DESIGN.md ("Content") and the issue: a caption, a well-formed link and
    hashtags, and the configured disclosure text in the caption.
    """
    problems = save_problems(asset)
    if not asset.caption.strip():
        problems.append("It has no suggested caption.")
    if asset.link.strip():
        problem = link_problem(asset.link.strip())
        if problem:
            problems.append(f"The link is malformed: {problem}.")
    for tag in asset.hashtags:
        problem = hashtag_problem(tag)
        if problem:
            problems.append(f"A hashtag is malformed: {problem}.")
    if disclosure.strip() and disclosure.strip().casefold() not in asset.caption.casefold():
        problems.append(f"The caption lacks the required disclosure text \u201c{disclosure.strip()}\u201d.")
    return problems


def approval_warnings(asset: AssetFields) -> list[str]:
    """What approval allows but a coordinator should know."""
    warnings = []
    host = shortener_of(asset.link.strip()) if asset.link.strip() else None
    if host:
        warnings.append(
            f"{host} is a URL shortener: its redirect drops the tracking parameters. Use the full link."
        )
    if not asset.link.strip():
        warnings.append("It has no link, so shares of it cannot be attributed to anyone.")
    if not asset.campaign.strip() and asset.link.strip():
        warnings.append("It has no campaign, so its links carry no utm_campaign.")
    return warnings


def format_tip(platform: str, asset_format: str = "") -> str:
    """The asset's own format recommendation, else the platform's standard one."""
    return asset_format.strip() or FORMAT_TIPS.get(platform.strip().lower(), "")


def check_transition(step: str, status: str) -> str | None:
    """None when `step` may be taken from `status`; else the reason it may not."""
    before, _after = TRANSITIONS[step]
    if status != before:
        article = "an" if before[0] in "aeiou" else "a"
        done = "reopened as a draft" if step == "reopen" else step + "d"
        return f"only {article} {before} asset can be {done} (this one is {status})"
    return None


def in_date(asset_available: date | None, asset_expires: date | None, on: date) -> bool:
    """Deliverable on `on`: available by then and not expiring that day or before."""
    return (asset_available is None or asset_available <= on) and (
        asset_expires is None or asset_expires > on
    )
