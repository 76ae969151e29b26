"""Google Analytics 4 -> the referral visits of advocates' posts.

A row whose manual ad content is a tracking value (`<advocate token>-<asset token>`)
belongs to that advocate's post of that asset: the latest one on or before the row's day
(or the file's last day). Its sessions are kept per (post, tracking value, day or window)
in `referral_visit`, several rows of one key in a file adding up (the same link reached
through two source/medium pairs), and the post's `referral_visits` is the sum of its
rows: May then June add up, May twice changes nothing. Rows with a tracking value that
matches no post are reported; rows without one are other traffic and not stored.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from advocacy_tui.program.exports.outcome import ADDED, NO_POST, SKIPPED, UNCHANGED, UPDATED
from advocacy_tui.program.exports.records import CampaignVisits
from advocacy_tui.program.links import parse_utm_content
from advocacy_tui.store.imports.run import Progress, Run, day
from advocacy_tui.store.models import Asset, Post, ReferralVisit


def import_visits(run: Run, progress: Progress | None) -> None:
    records = [record for record in run.batch.records if isinstance(record, CampaignVisits)]
    assets = _asset_ids(run, records)
    # (post id, tracking value, first day, last day)
    #   -> [sessions, engaged sessions, key events, first row, advocate id, description]
    totals: dict[tuple[str, str, date, date], list[int]] = {}
    for done, record in enumerate(records, 1):
        _attribute(run, record, assets, totals)
        if progress is not None:
            progress(done, len(records))
    touched = _store(run, totals)
    if not run.outcome.dry_run:  # a dry run reports the visits; the posts' sums are not shown
        run.session.flush()
        _sum_into_posts(run, touched)


def _asset_ids(run: Run, records: list[CampaignVisits]) -> dict[str, str]:
    tokens = set()
    for record in records:
        parsed = parse_utm_content(record.tracking_value)
        if parsed and parsed[1]:
            tokens.add(parsed[1])
    if not tokens:
        return {}
    query = select(Asset.token, Asset.id).where(Asset.token.in_(sorted(tokens)))
    return dict(run.session.execute(query).all())


def _window(run: Run, record: CampaignVisits) -> tuple[date, date] | None:
    if record.on is not None:
        return record.on, record.on
    first, last = record.window_start or run.batch.period_start, record.window_end or run.batch.period_end
    if first is None or last is None:
        return None
    return first, last


def _attribute(run: Run, record: CampaignVisits, assets: dict[str, str], totals: dict) -> None:
    if not record.tracking_value:
        return  # other traffic: not the program's
    what = f"{record.content} ({record.sessions:,} sessions"
    window = _window(run, record)
    if window is not None:
        what += f", {day(window[0])}" + (f" to {day(window[1])}" if window[1] != window[0] else "")
    parsed = parse_utm_content(record.tracking_value)
    advocate = run.people.by_token.get(parsed[0]) if parsed else None
    asset = assets.get(parsed[1]) if parsed and parsed[1] else None
    if window is None or advocate is None or asset is None:
        # Say which half of the tracking value is unknown: a typo, or a departed advocate.
        reason = "; no employee has that advocate token" if advocate is None else (
            "; no asset has that asset token" if asset is None else ""
        )
        run.stored(record.row, "referral visits", advocate, what + reason + ")", NO_POST)
        return
    what += ")"
    post_id = run.session.execute(
        select(Post.id)
        .where(
            Post.deleted_at.is_(None), Post.advocate_id == advocate, Post.asset_id == asset,
            Post.posted_on <= window[1],
        )
        .order_by(Post.posted_on.desc(), Post.id.desc())
        .limit(1)
    ).scalar()
    if post_id is None:
        run.stored(record.row, "referral visits", advocate, what, NO_POST)
        return
    key = (post_id, record.tracking_value, window[0], window[1])
    if key in totals:
        for index, value in enumerate((record.sessions, record.engaged_sessions, record.key_events)):
            totals[key][index] += value
    else:
        totals[key] = [record.sessions, record.engaged_sessions, record.key_events, record.row, advocate, what]


def _store(run: Run, totals: dict) -> set[str]:
    if not totals:
        return set()
    post_ids = sorted({key[0] for key in totals})
    existing = {
        (visit.post_id, visit.tracking_value, visit.first_day, visit.last_day): visit
        for visit in run.session.execute(
            select(ReferralVisit).where(ReferralVisit.deleted_at.is_(None), ReferralVisit.post_id.in_(post_ids))
        ).scalars()
    }
    touched = set()
    for key, (sessions, engaged, events, row, advocate, what) in totals.items():
        post_id, value, first, last = key
        values = {"sessions": sessions, "engaged_sessions": engaged, "key_events": events}
        visit = existing.get(key)
        overlap = _overlapping(key, existing) if visit is None else None
        if overlap is not None:
            # A daily report of a month already imported whole (or the reverse) would count
            # the same sessions twice: the rows already stored stand.
            span = f"{day(overlap.first_day)} to {day(overlap.last_day)}"
            run.stored(row, "referral visits", advocate, f"{what}: overlaps the {span} already imported", SKIPPED)
            continue
        if visit is None:
            run.session.add(ReferralVisit(post_id=post_id, tracking_value=value, first_day=first, last_day=last, **values))
            outcome = ADDED
        else:
            outcome = UPDATED if run.touch(visit, **values) else UNCHANGED
        if outcome != UNCHANGED:
            touched.add(post_id)
        run.stored(row, "referral visits", advocate, what, outcome)
    return touched


def _overlapping(key: tuple, existing: dict) -> ReferralVisit | None:
    post_id, value, first, last = key
    for (other_post, other_value, other_first, other_last), visit in existing.items():
        if other_post == post_id and other_value == value and other_first <= last and first <= other_last:
            return visit
    return None


def _sum_into_posts(run: Run, post_ids: set[str]) -> None:
    """A post's referral visits are the sum of its imported rows."""
    if not post_ids:
        return
    sums: dict[str, int] = defaultdict(int)
    query = (
        select(ReferralVisit.post_id, func.sum(ReferralVisit.sessions))
        .where(ReferralVisit.deleted_at.is_(None), ReferralVisit.post_id.in_(sorted(post_ids)))
        .group_by(ReferralVisit.post_id)
    )
    sums.update(dict(run.session.execute(query).all()))
    for post in run.session.execute(select(Post).where(Post.id.in_(sorted(post_ids)))).scalars():
        run.touch(post, referral_visits=int(sums[post.id]))
