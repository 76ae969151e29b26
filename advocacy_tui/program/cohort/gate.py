"""The gate an enrollment must pass: what an enrolled (or oriented) advocate needs, and
who receives content at all."""

from __future__ import annotations

from datetime import date


def enrollment_gate(
    status: str | None,
    orientation_on: date | None,
    policy_ack_on: date | None,
    opted_in_on: date | None,
) -> list[tuple[str, str]]:
    """(column, reason) for each rule an enrollment breaks; empty when it is acceptable.

    Enrolled needs orientation, a policy acknowledgement and an explicit opt-in, none of
    them after the opt-in; oriented needs its orientation date.
    """
    problems: list[tuple[str, str]] = []
    if status == "enrolled":
        for column, what in (
            ("orientation_on", "an orientation date"),
            ("policy_ack_on", "a policy acknowledgement date"),
            ("opted_in_on", "an explicit opt-in date"),
        ):
            if {"orientation_on": orientation_on, "policy_ack_on": policy_ack_on, "opted_in_on": opted_in_on}[column] is None:
                problems.append((column, f"an enrolled advocate needs {what}"))
        if opted_in_on is not None:
            for column, earlier, what in (
                ("orientation_on", orientation_on, "orientation"),
                ("policy_ack_on", policy_ack_on, "the policy acknowledgement"),
            ):
                if isinstance(earlier, date) and isinstance(opted_in_on, date) and earlier > opted_in_on:
                    problems.append(
                        ("opted_in_on", f"the opt-in ({opted_in_on.isoformat()}) comes before {what} ({earlier.isoformat()})")
                    )
    elif status == "oriented" and orientation_on is None:
        problems.append(("orientation_on", "an oriented advocate needs an orientation date"))
    return problems


def enrollment_problems(
    status: str | None,
    orientation_on: date | None,
    policy_ack_on: date | None,
    opted_in_on: date | None,
) -> list[str]:
    """The reasons an enrollment is refused, as phrases; empty when it is acceptable."""
    return [reason for _column, reason in enrollment_gate(status, orientation_on, policy_ack_on, opted_in_on)]


def receives_content(status: str | None) -> bool:
    """Only an enrolled advocate receives anything; a declined or withdrawn person nothing."""
    return status == "enrolled"
