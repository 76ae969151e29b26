"""LinkedIn: a person's creator analytics -> their posts; the Page content -> the company's.

A creator post is found again by its URL (the advocate's own "mark shared" may already have
recorded it with that URL), so a re-import updates figures instead of adding posts. The
file gives a post's engagements only as a total: it goes to `engagements`, and a figure
the file lacks (a post on one half of TOP POSTS only) leaves the stored one alone. Where
the advocate shared that URL from their queue, the post is tied to the delivery's asset.

Company posts are keyed by their link, or by title and day for the few that have none.
"""

from __future__ import annotations

from sqlalchemy import select

from advocacy_tui.program.exports.outcome import ADDED, SKIPPED, UNCHANGED, UPDATED
from advocacy_tui.program.exports.records import CompanyPost as PagePost
from advocacy_tui.program.exports.records import CreatorPost, PersonRef
from advocacy_tui.store.imports.run import Progress, Run, day
from advocacy_tui.store.models import CompanyPost, Delivery, Post


def import_creator_posts(run: Run, owner_id: str | None, progress: Progress | None) -> None:
    """`owner_id`: the employee named on the command line (--advocate), else the file's
    owner as its name gives them, matched like anyone else."""
    records = [record for record in run.batch.records if isinstance(record, CreatorPost)]
    if owner_id is None:
        # Whose file it is: the name in the file name, matched like anyone else.
        owner = run.batch.owner or PersonRef(handle=run.batch.file)
        for record in records:
            owner_id = run.employee(owner, record.row, "post")
        if owner_id is None:
            return
    urls = sorted({record.url for record in records})
    existing: dict[str, Post] = {}
    shared: dict[str, str] = {}
    if urls:
        for post in run.session.execute(
            select(Post).where(Post.deleted_at.is_(None), Post.url.in_(urls)).order_by(Post.posted_on, Post.id)
        ).scalars():
            existing.setdefault(post.url, post)
        shared = dict(
            run.session.execute(
                select(Delivery.post_url, Delivery.asset_id).where(
                    Delivery.deleted_at.is_(None), Delivery.advocate_id == owner_id, Delivery.post_url.in_(urls)
                )
            ).all()
        )
    for done, record in enumerate(records, 1):
        _store_creator_post(run, record, owner_id, existing, shared)
        if progress is not None:
            progress(done, len(records))


def _figures(record: CreatorPost) -> str:
    parts = [day(record.published_on)]
    if record.impressions is not None:
        parts.append(f"{record.impressions:,} impressions")
    if record.engagements is not None:
        parts.append(f"{record.engagements:,} engagements")
    return ", ".join(parts)


def _store_creator_post(run: Run, record: CreatorPost, owner_id: str, existing: dict, shared: dict) -> None:
    post = existing.get(record.url)
    what = f"{record.url}: {_figures(record)}"
    if post is not None and post.advocate_id != owner_id:
        holder = run.people.names.get(post.advocate_id, "another employee")
        run.stored(record.row, "post", owner_id, f"{record.url} is already {holder}'s post", SKIPPED)
        return
    values: dict[str, object] = {}
    if record.impressions is not None:
        values["impressions"] = record.impressions
    if record.engagements is not None:
        values["engagements"] = record.engagements
    if post is None:
        post = Post(
            advocate_id=owner_id, platform="linkedin", posted_on=record.published_on, url=record.url,
            asset_id=shared.get(record.url), impressions=values.get("impressions", 0),
            engagements=values.get("engagements"),
        )
        run.session.add(post)
        existing[record.url] = post
        run.stored(record.row, "post", owner_id, what, ADDED)
        return
    if post.asset_id is None and shared.get(record.url):
        values["asset_id"] = shared[record.url]
    changed = run.touch(post, **values)
    run.stored(record.row, "post", owner_id, what, UPDATED if changed else UNCHANGED)


def import_company_posts(run: Run, progress: Progress | None) -> None:
    records = [record for record in run.batch.records if isinstance(record, PagePost)]
    by_url: dict[str, CompanyPost] = {}
    by_title: dict[tuple[str, object], CompanyPost] = {}
    for post in run.session.execute(
        select(CompanyPost).where(CompanyPost.deleted_at.is_(None)).order_by(CompanyPost.created_at, CompanyPost.id)
    ).scalars():
        if post.url:
            by_url.setdefault(post.url, post)
        else:
            by_title.setdefault((post.title, post.created_on), post)
    for done, record in enumerate(records, 1):
        values = {
            "url": record.url or None,
            "title": record.title or "",
            "created_on": record.created_on,
            "post_type": record.post_type or "",
            "campaign": record.campaign_name or "",
            "impressions": record.impressions,
            "clicks": record.clicks,
            "reactions": record.likes,
            "comments": record.comments,
            "reposts": record.reposts,
            "follows": record.follows,
        }
        post = by_url.get(record.url) if record.url else by_title.get((values["title"], record.created_on))
        name = record.title or record.url or "untitled post"
        what = f"{name[:60]}: {day(record.created_on)}, {record.impressions:,} impressions, {record.engagements:,} engagements"
        if post is None:
            post = CompanyPost(**values)
            run.session.add(post)
            if record.url:
                by_url[record.url] = post
            else:
                by_title[(values["title"], record.created_on)] = post
            run.stored(record.row, "company post", None, what, ADDED)
        else:
            changed = run.touch(post, **values)
            run.stored(record.row, "company post", None, what, UPDATED if changed else UNCHANGED)
        if progress is not None:
            progress(done, len(records))
