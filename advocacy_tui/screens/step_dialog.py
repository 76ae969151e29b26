"""A small dialog for one dated step of the cohort pipeline: the date (today by default),
and, where the step needs one, a line of text (a reason, a category, a nominator) or a
choice (the recruitment channel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static


@dataclass(frozen=True)
class StepAnswer:
    on: date
    text: str = ""
    choice: str = ""


class StepDialog(ModalScreen[StepAnswer | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="step.cancel")]

    def __init__(
        self,
        title: str,
        today: date,
        *,
        text_label: str | None = None,
        text_value: str = "",
        text_required: bool = False,
        choices: list[tuple[str, str]] | None = None,
        choice_value: str | None = None,
        choice_label: str = "Channel",
        explain: str = "",
        dated: bool = True,
    ) -> None:
        super().__init__()
        self.heading = title
        self.today = today
        self.text_label = text_label
        self.text_value = text_value
        self.text_required = text_required
        self.choices = choices
        self.choice_value = choice_value
        self.choice_label = choice_label
        # A note (a topic idea, a flag) is given today: no date to ask for.
        self.dated = dated
        self.explain = explain

    def compose(self) -> ComposeResult:
        with Vertical(id="step-dialog", classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            if self.explain:
                yield Static(self.explain, classes="step-explain")
            if self.choices:
                yield Label(self.choice_label)
                yield Select(self.choices, value=self.choice_value or self.choices[0][1], allow_blank=False, id="step-choice")
            if self.text_label:
                yield Label(self.text_label)
                yield Input(self.text_value, id="step-text")
            if self.dated:
                yield Label("Date (YYYY-MM-DD)")
            when = Input(self.today.isoformat(), id="step-date")
            when.display = self.dated  # kept (hidden) so a note is recorded today
            yield when
            yield Static("", id="step-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record (Enter)", id="record", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        # The text (or the date) first: Enter then records at once with the defaults, and
        # shift+tab reaches the channel when it needs changing.
        self.query("#step-text, #step-date").first().focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#record")
    def _record(self) -> None:
        problem = self.query_one("#step-problem", Static)
        raw_date = self.query_one("#step-date", Input).value.strip()
        try:
            when = date.fromisoformat(raw_date)
        except ValueError:
            problem.update(f"“{raw_date}” is not a date; write it as YYYY-MM-DD.")
            self.query_one("#step-date", Input).focus()
            return
        if when > self.today:
            problem.update("That date is in the future; a step is recorded when it has happened.")
            return
        text = self.query_one("#step-text", Input).value.strip() if self.text_label else ""
        if self.text_required and not text:
            problem.update(f"{self.text_label} is needed.")
            self.query_one("#step-text", Input).focus()
            return
        choice = str(self.query_one("#step-choice", Select).value) if self.choices else ""
        self.dismiss(StepAnswer(when, text, choice))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
