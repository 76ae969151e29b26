"""The advocate's three notes to the coordinator, each a small StepDialog with their words:
not authentic for me (a flag), a topic idea, and a request for help with a post."""

from __future__ import annotations

from datetime import date

from advocacy_tui.screens.step_dialog import StepDialog


def flag_dialog(today: date, title: str) -> StepDialog:
    return StepDialog(
        f"Not authentic for me: \u201c{title}\u201d",
        today,
        text_label="Why does it not feel like you? (the coordinator reads this)",
        text_required=True,
        explain="Honest flags make the library better. The post is held back from new drops "
        "until the coordinator has looked at it; you can still skip it (k).",
        dated=False,
    )


def topic_dialog(today: date) -> StepDialog:
    return StepDialog(
        "Suggest a topic",
        today,
        text_label="What would you like to post about?",
        text_required=True,
        explain="Something from your work you would be glad to share: the coordinator may turn it into a post.",
        dated=False,
    )


def support_dialog(today: date, title: str | None) -> StepDialog:
    about = f" about \u201c{title}\u201d" if title else ""
    return StepDialog(
        "Ask for help with a post",
        today,
        text_label="What would you like help with?",
        text_required=True,
        explain=f"Your note goes to the coordinator{about}: a post idea of your own, "
        "a question about what you may say, or a second pair of eyes on a draft.",
        dated=False,
    )


def shared_dialog(today: date, title: str, post_url: str | None, platform: str) -> StepDialog:
    return StepDialog(
        f"Mark as shared: \u201c{title}\u201d",
        today,
        text_label="Post URL (optional)",
        text_value=post_url or "",
        explain=f"Paste the address of your {platform} post if you have it: it lets the program "
        "count what your post did. The date is the day you posted.",
    )
