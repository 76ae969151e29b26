"""Putting someone into the cohort pipeline from the Candidates or Scoring tab."""

from __future__ import annotations

from typing import Callable

from textual.app import App

from advocacy_tui.program.cohort import CHANNEL_LABELS
from advocacy_tui.screens.step_dialog import StepAnswer, StepDialog
from advocacy_tui.workspace import Workspace

CHANNEL_CHOICES = [(label.capitalize(), channel) for channel, label in CHANNEL_LABELS.items()]


def ask_nomination(app: App, workspace: Workspace, employee_id: str, name: str, done: Callable[[str], None]) -> None:
    """Ask for the channel, the nominating manager and the date, then record it in a
    worker; `done` gets a sentence for the user (what happened, or why not)."""

    def answered(answer: StepAnswer | None) -> None:
        if answer is not None:
            app.run_worker(
                lambda: _record(app, workspace, employee_id, name, answer, done),
                thread=True,
                group="nominate",
                exclusive=True,
            )

    app.push_screen(
        StepDialog(
            f"Nominate {name} for the cohort",
            workspace.today,
            choices=CHANNEL_CHOICES,
            choice_value="manager",
            text_label="Nominating manager (email; empty: their own manager)",
            explain="A manager nomination, a voluntary sign-up, or a direct invitation from "
            "the audit (outreach, which starts at the invited stage).",
        ),
        answered,
    )


def _record(app: App, workspace: Workspace, employee_id: str, name: str, answer: StepAnswer, done) -> None:
    from advocacy_tui.store import cohort
    from advocacy_tui.store.errors import StoreError

    store, by, on = workspace.store, workspace.settings.scorer, answer.on
    try:
        if answer.choice == "volunteer":
            cohort.sign_up(store, employee_id, on, by)
            message = f"{name} signed up as a volunteer (nominated)."
        elif answer.choice == "outreach":
            cohort.invite(store, employee_id, on, by)
            message = f"{name} invited by direct outreach."
        else:
            cohort.nominate(store, employee_id, "manager", answer.text or None, on, by)
            message = f"{name} nominated by their manager."
    except StoreError as error:
        app.call_from_thread(done, str(error))
        return
    app.call_from_thread(done, message + " See the Cohort tab (3).")


