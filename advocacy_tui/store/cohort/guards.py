"""The guards on the enrolled cohort, from the Cohort listing (its size, executives and
each enrolled advocate's scoring mark), and what `advocacy cohort --json` prints."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from advocacy_tui.program.cohort import CohortWarning, cohort_warnings
from advocacy_tui.program.scoring import Thresholds
from advocacy_tui.store.cohort.queries import CohortListing, cohort_listing, cohort_rows
from advocacy_tui.store.database import Store

if TYPE_CHECKING:
    from advocacy_tui.config import Settings


def thresholds_of(settings: "Settings") -> Thresholds:
    scoring = settings.scoring
    return Thresholds(
        consistent_min=scoring.consistent_min,
        max_spread=scoring.max_spread,
        lopsided_high=scoring.lopsided_high,
        lopsided_low=scoring.lopsided_low,
    )


def cohort_guard(store: Store, settings: "Settings", most_names: int | None = None) -> list[CohortWarning]:
    """The guards the Cohort tab and `cohort --json` always show: the cohort's size and
    executive share, and each enrolled advocate's scoring mark (`cohort_listing`). With
    `most_names`, a sentence names that many people at most and counts the others."""
    return listing_warnings(cohort_listing(store, thresholds_of(settings)), settings, most_names)


def listing_warnings(listing: CohortListing, settings: "Settings", most_names: int | None = None) -> list[CohortWarning]:
    """The guards over a listing already read (the Cohort tab reads one for its rows)."""
    return cohort_warnings(
        len(listing.enrolled),
        listing.executives,
        settings.cohort.max_size,
        settings.cohort.executive_share,
        listing.enrolled,
        most_names=most_names,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def cohort_json(store: Store, settings: "Settings") -> dict:
    """What `advocacy cohort --json` prints."""
    thresholds = thresholds_of(settings)
    rows = cohort_rows(store, thresholds)
    listing = cohort_listing(store, thresholds)
    counts = listing.counts
    return {
        "enrolled": [
            {
                "email": row.email,
                "name": row.name,
                "department": row.department,
                "seniority": row.seniority,
                "channel": row.channel,
                "nominated_by": row.nominated_by,
                "category": row.category,
                "orientation_on": _iso(row.orientation_on),
                "policy_ack_on": _iso(row.policy_ack_on),
                "opted_in_on": _iso(row.opted_in_on),
                "mark": row.mark,
            }
            for row in rows
            if row.status == "enrolled"
        ],
        "stages": dict(counts.stages),
        "channels": dict(counts.channels),
        "warnings": [
            {"code": warning.code, "sentence": warning.sentence, "advocates": list(warning.advocates)}
            for warning in listing_warnings(listing, settings)
        ],
    }
