"""Step 4's output measure: weeks of ready-to-share content per advocate category.

The guide's target is "at least four weeks of ready-to-share assets per advocate category".
A week is one drop of `per_drop` assets. Since a drop never repeats an asset for an
advocate, what counts is what is still deliverable to them: approved, in date, not held for
review, of their category (or for everyone), not delivered to them before. A category is as
covered as its least covered advocate; a category nobody is enrolled in yet is measured by
what any newcomer would receive.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET_WEEKS = 4


@dataclass(frozen=True)
class CategoryCoverage:
    category: str
    advocates: int  # enrolled advocates in the category
    deliverable: int  # assets still deliverable to its least covered advocate
    per_drop: int

    @property
    def weeks(self) -> float:
        return self.deliverable / self.per_drop

    @property
    def under_target(self) -> bool:
        return self.weeks < TARGET_WEEKS

    @property
    def short_by(self) -> int:
        """Assets to approve to reach the target."""
        return max(0, TARGET_WEEKS * self.per_drop - self.deliverable)

    @property
    def weeks_text(self) -> str:
        """'1 week', '2.3 weeks', '0 weeks'."""
        weeks = f"{self.weeks:.1f}".rstrip("0").rstrip(".")
        return f"{weeks} week" if weeks == "1" else f"{weeks} weeks"

    def sentence(self) -> str:
        label = self.category or "(general only)"
        if self.under_target:
            return f"{label} has {self.weeks_text} of content (target {TARGET_WEEKS}): approve {self.short_by} more"
        return f"{label} has {self.weeks_text} of content"


def coverage_of(
    category_assets: dict[str, int], advocate_assets: dict[str, list[int]], per_drop: int
) -> list[CategoryCoverage]:
    """Coverage per category, from SQL counts.

    `category_assets`: deliverable assets per category for someone who has received nothing
    (general assets, with an empty category, counted in every category).
    `advocate_assets`: per category, each enrolled advocate's count of assets still
    deliverable to them.
    """
    least = {category: (len(counts), min(counts, default=0)) for category, counts in advocate_assets.items()}
    return coverage_of_least(category_assets, least, per_drop)


def coverage_of_least(
    category_assets: dict[str, int], least: dict[str, tuple[int, int]], per_drop: int
) -> list[CategoryCoverage]:
    """`coverage_of` from what SQL can aggregate per category: `least` maps a category to
    (its enrolled advocates, the fewest assets still deliverable to one of them)."""
    categories = sorted(set(category_assets) | set(least), key=lambda c: (c == "", c.casefold()))
    result = []
    for category in categories:
        advocates, fewest = least.get(category, (0, 0))
        deliverable = fewest if advocates else category_assets.get(category, 0)
        result.append(CategoryCoverage(category, advocates, deliverable, per_drop))
    return result
