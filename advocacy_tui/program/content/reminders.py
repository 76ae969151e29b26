"""Step 6's reminders: an RFC 5322 message per delivery due soon, as a `.eml` file.

The tick writes to an outbox folder rather than talking to a mail server: the program works
offline, and any mail client opens (and sends) a `.eml`. Everything in a message comes from
the delivery, so writing it twice gives the same bytes: the tick can be run again safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime


@dataclass(frozen=True)
class DueDelivery:
    """A delivery due within a day and not shared: what its reminder says."""

    delivery_id: str
    advocate_name: str
    advocate_email: str
    advocate_token: str
    asset_title: str
    platform: str
    caption: str
    tracked_link: str
    due_on: date

    @property
    def file_name(self) -> str:
        # The due date first, so the outbox sorts by day; the ids make it unique and stable.
        return f"{self.due_on.isoformat()}-{self.advocate_token}-{self.delivery_id[:8]}.eml"


def greeting_name(name: str) -> str:
    """'Ada Lovelace' -> 'Ada'; 'Lovelace, Ada' -> 'Ada'; a single name as it is."""
    name = name.strip()
    if "," in name:
        name = name.split(",", 1)[1].strip() or name.split(",", 1)[0].strip()
    return name.split()[0] if name.split() else "there"


def _when(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def reminder_message(due: DueDelivery, *, sender: str, today: date) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = Address(display_name=due.advocate_name, addr_spec=due.advocate_email)
    when = "today" if due.due_on <= today else "tomorrow"
    message["Subject"] = f"Reminder: \u201c{due.asset_title}\u201d is due {when}"
    # A fixed hour on the tick's day, not the wall clock: the same reminder is the same file.
    message["Date"] = format_datetime(datetime.combine(today, time(8, 0), tzinfo=timezone.utc))
    message["Message-ID"] = f"<reminder-{due.delivery_id}@advocacy.invalid>"
    first = greeting_name(due.advocate_name)
    lines = [
        f"Hi {first},",
        "",
        f"\u201c{due.asset_title}\u201d in your queue is due {when}, {_when(due.due_on)}.",
        "It takes five minutes: start from the suggested caption below and say it in your own words.",
        "",
        f"Suggested caption ({due.platform}):",
        f"  {due.caption}" if due.caption else "  (none: write your own line)",
        "",
        "Your tracked link (use this one, so we can show you what your post brought in):",
        f"  {due.tracked_link}" if due.tracked_link else "  (this asset has no link)",
        "",
        "Not for you this week? Skip it in your queue; no one minds.",
        "",
        "Thank you for sharing,",
        "The advocacy program",
    ]
    message.set_content("\n".join(lines) + "\n")
    return message


def reminder_bytes(due: DueDelivery, *, sender: str, today: date) -> bytes:
    return reminder_message(due, sender=sender, today=today).as_bytes()
