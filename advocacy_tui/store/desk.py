"""The advocate's desk: the only door an advocate's view has into the store.

An `AdvocateDesk` is bound to one advocate when it is opened, and every query and every
write it makes carries `advocate_id = <that advocate>` in its WHERE clause. It has no call
that takes an advocate, and the ids it does take (a delivery, an asset) are looked up only
among the advocate's own rows: another advocate's id finds nothing, so it reads nothing and
changes nothing, whatever it is given. Writes also re-check that the advocate is still
enrolled, so a withdrawal takes effect in a session that is already open.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from advocacy_tui.program.content.assets import format_tip, split_list
from advocacy_tui.program.desk import AdvocateResults, Award as AwardRow, PostResult, QueueItem
from advocacy_tui.program.links import MEDIUM_DEFAULT, link_problem, tracked_link
from advocacy_tui.program.milestones import current_streak, milestones
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.content.drops import week_start
from advocacy_tui.store.content.feedback import MAX_TEXT, FeedbackRow, add_feedback, feedback_rows
from advocacy_tui.store.database import Store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Application, Asset, Award, Delivery, Employee, Enrollment, Post

NOT_YOURS = "That is not in your queue; nothing was saved."


class AdvocateDesk:
    def __init__(self, store: Store, advocate_id: str, name: str, email: str, token: str, category: str):
        self._store = store
        self._advocate_id = advocate_id
        self.name = name
        self.email = email
        self.token = token
        self.category = category

    # Opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, store: Store, email: str) -> "AdvocateDesk":
        """The desk of the enrolled advocate with this email; StoreError for anyone else
        (unknown, not yet enrolled, declined or withdrawn), in one sentence."""
        query = (
            select(Employee.id, Employee.name, Employee.email, Employee.advocate_token, Enrollment.category)
            .join(Enrollment, Enrollment.employee_id == Employee.id)
            .where(func.lower(Employee.email) == email.strip().lower(), receives())
        )
        with store.reading() as session:
            row = session.execute(query).first()
        if row is None:
            raise StoreError(f"{email} is not an enrolled advocate; the queue is open to enrolled advocates only.")
        return cls(store, *row)

    def _where(self, column):
        return column == self._advocate_id

    def still_enrolled(self) -> bool:
        query = (
            select(func.count())
            .select_from(Enrollment)
            .join(Employee, Employee.id == Enrollment.employee_id)
            .where(self._where(Enrollment.employee_id), receives())
        )
        with self._store.reading() as session:
            return bool(session.execute(query).scalar())

    def _check_enrolled(self, session) -> None:
        query = (
            select(func.count())
            .select_from(Enrollment)
            .join(Employee, Employee.id == Enrollment.employee_id)
            .where(self._where(Enrollment.employee_id), receives())
        )
        if not session.execute(query).scalar():
            raise StoreError("You are no longer enrolled in the program; nothing was saved.")

    def _own_delivery(self, session, delivery_id: str) -> Delivery:
        delivery = session.scalars(
            select(Delivery).where(
                Delivery.id == delivery_id, self._where(Delivery.advocate_id), Delivery.deleted_at.is_(None)
            )
        ).first()
        if delivery is None:
            raise StoreError(NOT_YOURS)
        return delivery

    # The queue --------------------------------------------------------------------------

    def queue(self, on: date, medium: str = MEDIUM_DEFAULT, ats: str = "") -> list[QueueItem]:
        """This week's deliveries first (by due date), then older ones (newest first)."""
        start = week_start(on)
        query = (
            select(Delivery, Asset)
            .join(Asset, Asset.id == Delivery.asset_id)
            .where(self._where(Delivery.advocate_id), Delivery.deleted_at.is_(None), Delivery.delivered_on <= on)
            .order_by(
                (Delivery.delivered_on >= start).desc(),
                Delivery.delivered_on.desc(),
                Delivery.due_on,
                func.lower(Asset.title),
            )
        )
        with self._store.reading() as session:
            rows = session.execute(query).all()
        items = []
        for delivery, asset in rows:
            tracked = tracked_link(
                asset.link, platform=asset.platform, medium=medium, campaign=asset.campaign,
                advocate_token=self.token, asset_token=asset.token, ats=ats,
            ) if asset.link else None
            items.append(
                QueueItem(
                    delivery_id=delivery.id,
                    asset_id=asset.id,
                    title=asset.title,
                    topic=asset.topic,
                    platform=asset.platform,
                    caption=asset.caption,
                    starters=split_list(asset.starters),
                    hashtags=split_list(asset.hashtags),
                    format_tip=format_tip(asset.platform, asset.format),
                    link=tracked.url if tracked else "",
                    link_warnings=tracked.warnings if tracked else (),
                    delivered_on=delivery.delivered_on,
                    due_on=delivery.due_on,
                    status=delivery.status,
                    shared_on=delivery.shared_on,
                    post_url=delivery.post_url,
                    text=delivery.personalized_text,
                    this_week=delivery.delivered_on >= start,
                )
            )
        return items

    def save_text(self, delivery_id: str, text: str) -> None:
        """Keep the advocate's own version of the post (opening an item marks it seen)."""
        if len(text) > 5000:
            raise StoreError("Keep your post under 5,000 characters; nothing was saved.")
        with self._store.writing() as session:
            self._check_enrolled(session)
            delivery = self._own_delivery(session, delivery_id)
            delivery.personalized_text = text
            if delivery.status == "queued":
                delivery.status = "delivered"

    def mark_seen(self, delivery_id: str) -> None:
        """A queued item the advocate has opened counts as delivered."""
        with self._store.writing() as session:
            self._check_enrolled(session)
            delivery = self._own_delivery(session, delivery_id)
            if delivery.status == "queued":
                delivery.status = "delivered"

    def mark_shared(self, delivery_id: str, on: date, post_url: str | None = None) -> None:
        """Record that they posted it: the delivery is shared, and the post is counted (its
        reach arrives later from the platform's analytics)."""
        post_url = (post_url or "").strip() or None
        if post_url and link_problem(post_url):
            raise StoreError(f"The post's address is not a web link: {link_problem(post_url)}; nothing was saved.")
        with self._store.writing() as session:
            self._check_enrolled(session)
            delivery = self._own_delivery(session, delivery_id)
            if on < delivery.delivered_on:
                raise StoreError(f"It was delivered on {delivery.delivered_on}; it cannot be shared before that.")
            asset = session.get(Asset, delivery.asset_id)
            first_time = delivery.status != "shared"
            delivery.status = "shared"
            delivery.shared_on = on
            delivery.post_url = post_url
            post = session.scalars(
                select(Post).where(
                    self._where(Post.advocate_id), Post.asset_id == delivery.asset_id, Post.deleted_at.is_(None)
                )
            ).first()
            if post is None and first_time:
                session.add(
                    Post(advocate_id=self._advocate_id, asset_id=delivery.asset_id, platform=asset.platform,
                         posted_on=on, url=post_url)
                )
            elif post is not None:
                post.posted_on, post.url = on, post_url or post.url

    def skip(self, delivery_id: str, on: date) -> None:
        with self._store.writing() as session:
            self._check_enrolled(session)
            delivery = self._own_delivery(session, delivery_id)
            if delivery.status == "shared":
                raise StoreError(f"You shared it on {delivery.shared_on}; it cannot be skipped now.")
            delivery.status = "skipped"
            delivery.shared_on = None

    # Feedback ---------------------------------------------------------------------------

    def _own_asset(self, asset_id: str) -> None:
        """An asset the advocate may give feedback on: one delivered to them."""
        query = select(func.count()).select_from(Delivery).where(
            self._where(Delivery.advocate_id), Delivery.asset_id == asset_id, Delivery.deleted_at.is_(None)
        )
        with self._store.reading() as session:
            if not session.execute(query).scalar():
                raise StoreError(NOT_YOURS)

    def _feedback(self, kind: str, text: str, on: date, asset_id: str | None) -> str:
        if not self.still_enrolled():
            raise StoreError("You are no longer enrolled in the program; nothing was saved.")
        if asset_id is not None:
            self._own_asset(asset_id)
        return add_feedback(self._store, self._advocate_id, kind, text[:MAX_TEXT], on, asset_id)

    def flag(self, asset_id: str, reason: str, on: date) -> str:
        """This asset does not feel authentic for me (with why)."""
        return self._feedback("flag", reason, on, asset_id)

    def suggest_topic(self, text: str, on: date) -> str:
        return self._feedback("topic", text, on, None)

    def request_support(self, text: str, on: date, asset_id: str | None = None) -> str:
        return self._feedback("support", text, on, asset_id)

    def feedback(self) -> list[FeedbackRow]:
        return feedback_rows(self._store, advocate_id=self._advocate_id)

    # Results ----------------------------------------------------------------------------

    def results(self, on: date) -> AdvocateResults:
        """Their posts with reach, engagement, referral visits and the applications their
        links brought (per asset), their streak, milestones and awards."""
        own = f"{self.token}%"
        per_content = (
            select(Application.utm_content, func.count())
            .where(Application.deleted_at.is_(None), Application.utm_content.like(own), Application.applied_on <= on)
            .group_by(Application.utm_content)
        )
        first_attributed = select(func.min(Application.applied_on)).where(
            Application.deleted_at.is_(None), Application.utm_content.like(own), Application.applied_on <= on
        )
        posts = (
            select(Post, Asset.title, Asset.token)
            .outerjoin(Asset, Asset.id == Post.asset_id)
            .where(self._where(Post.advocate_id), Post.deleted_at.is_(None), Post.posted_on <= on)
            .order_by(Post.posted_on.desc(), Post.id)
        )
        awards = (
            select(Award)
            .where(self._where(Award.advocate_id), Award.deleted_at.is_(None), Award.awarded_on <= on)
            .order_by(Award.awarded_on.desc())
        )
        with self._store.reading() as session:
            by_content = {content: count for content, count in session.execute(per_content)}
            first_app = session.execute(first_attributed).scalar()
            post_rows = session.execute(posts).all()
            award_rows = [
                AwardRow(a.milestone, a.awarded_on, a.reward, a.note, a.spotlight_quarter)
                for a in session.scalars(awards)
            ]
        by_asset: dict[str, int] = {}
        for content, count in by_content.items():
            parts = (content or "").split("-", 1)
            if parts[0] == self.token and len(parts) == 2:
                by_asset[parts[1]] = by_asset.get(parts[1], 0) + count
        results = AdvocateResults(applications=sum(by_content.values()), awards=award_rows)
        for post, title, asset_token in post_rows:
            results.posts.append(
                PostResult(
                    title=title or "(your own post)",
                    platform=post.platform,
                    posted_on=post.posted_on,
                    url=post.url,
                    impressions=post.impressions,
                    engagement=(
                        post.engagements
                        if post.engagements is not None
                        else post.reactions + post.comments + post.shares
                    ),
                    referral_visits=post.referral_visits,
                    applications=by_asset.get(asset_token, 0) if asset_token else 0,
                )
            )
        days = [post.posted_on for post in results.posts]
        results.streak = current_streak(days, on)
        results.milestones = milestones(days, [first_app] if first_app else [], on)
        return results


def advocate_for_login(store: Store, settings, login: str) -> str:
    """The email of the advocate behind an SSH login: the `access.ssh_users` mapping, else the
    live employee whose email's part before @ is the login. StoreError when there is none."""
    from advocacy_tui.config import ssh_user_map

    login = login.strip().lower()
    if not login:
        raise StoreError("No login name: pass --ssh-user LOGIN or run it from an SSH session ($USER).")
    mapped = ssh_user_map(settings.access.ssh_users)
    if login in mapped:
        return mapped[login]
    # LIKE's wildcards are escaped: a login "ada_l" must not match "adaxl@...".
    escaped = login.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(Employee.email).where(
        Employee.deleted_at.is_(None), func.lower(Employee.email).like(f"{escaped}@%", escape="\\")
    )
    with store.reading() as session:
        emails = list(session.scalars(query.limit(2)))
    if len(emails) != 1:
        raise StoreError(f"No advocate is known by the login {login!r}; map it in the settings (access.ssh_users).")
    return emails[0]
