"""The guide's authenticity rule: personalise, do not post identical texts.

"The goal is to reduce the blank-page problem, not to produce identical posts across all
advocates." Two advocates' texts for one asset are compared as sets of word triples
(shingles), ignoring case, links and hashtags: the Jaccard similarity of those sets is near 1
only when the wording is near-identical, and computing it costs a set intersection, so a
whole quarter of deliveries is checked in milliseconds (difflib would take seconds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

_LINK = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_TAG = re.compile(r"[#@]\w+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 3


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(_TAG.sub(" ", _LINK.sub(" ", text)).casefold())
    if len(words) < SHINGLE:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(zip(*(words[i:] for i in range(SHINGLE))))


def similarity(first: str, second: str) -> float:
    """0 (nothing in common) to 1 (the same words in the same order)."""
    a, b = shingles(first), shingles(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class PersonalText:
    advocate: str  # the advocate's name
    text: str


@dataclass(frozen=True)
class CopyWarning:
    """Advocates whose texts for one asset are near-identical."""

    asset_id: str
    asset_title: str
    advocates: tuple[str, ...]
    similarity: float  # the highest pair's

    def sentence(self) -> str:
        names = ", ".join(self.advocates[:4]) + (f" and {len(self.advocates) - 4} more" if len(self.advocates) > 4 else "")
        return (
            f"\u201c{self.asset_title}\u201d: {len(self.advocates)} advocates posted near-identical "
            f"texts ({self.similarity:.0%} alike: {names}). Encourage them to use their own words."
        )


def copy_warnings(
    texts_by_asset: dict[str, tuple[str, list[PersonalText]]], threshold: float
) -> list[CopyWarning]:
    """One warning per asset with two or more advocates' texts at or above `threshold`,
    most alike first. `texts_by_asset`: asset id -> (title, the advocates' texts)."""
    warnings = []
    for asset_id, (title, texts) in texts_by_asset.items():
        if len(texts) < 2:
            continue  # no pair to compare (and no shingles to make)
        prints = [(text.advocate, shingles(text.text)) for text in texts if text.text.strip()]
        alike: set[str] = set()
        top = 0.0
        for (name_a, a), (name_b, b) in combinations(prints, 2):
            if not a or not b:
                continue
            score = len(a & b) / len(a | b)
            if score >= threshold:
                alike.update((name_a, name_b))
                top = max(top, score)
        if len(alike) >= 2:
            warnings.append(CopyWarning(asset_id, title, tuple(sorted(alike)), top))
    warnings.sort(key=lambda warning: (-warning.similarity, -len(warning.advocates), warning.asset_title))
    return warnings
