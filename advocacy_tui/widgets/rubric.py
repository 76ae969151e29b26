"""The rubric input: four 1-5 marks typed from the keyboard, one dimension at a time."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from advocacy_tui.program.vocabulary import DIMENSION_LABELS, DIMENSION_QUESTIONS, DIMENSIONS


class RubricInput(Widget, can_focus=True):
    """Left/right (or tab) moves between dimensions, 1-5 marks and moves on, Enter saves."""

    BINDINGS = [
        Binding("left,shift+tab", "move(-1)", "Previous", id="rubric.previous", show=False),
        Binding("right,tab", "move(1)", "Next", id="rubric.next", show=False),
        *(
            Binding(str(mark), f"mark({mark})", f"Mark {mark}", id=f"rubric.mark{mark}", show=False)
            for mark in range(1, 6)
        ),
        Binding("backspace,delete", "clear_mark", "Clear", id="rubric.clear", show=False),
        Binding("enter", "save", "Save score", id="rubric.save"),
        Binding("escape", "cancel", "Back to list", id="rubric.cancel"),
    ]

    @dataclass
    class Submitted(Message):
        rubric: "RubricInput"
        employee_id: str
        marks: dict[str, int]

        @property
        def control(self) -> "RubricInput":
            return self.rubric

    @dataclass
    class Cancelled(Message):
        rubric: "RubricInput"

        @property
        def control(self) -> "RubricInput":
            return self.rubric

    active: reactive[int] = reactive(0)
    problem: reactive[str] = reactive("")

    def __init__(self, *, scorer: str = "", name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.scorer = scorer
        self.employee_id: str | None = None
        self.candidate = ""
        self.marks: dict[str, int | None] = dict.fromkeys(DIMENSIONS)

    def show_candidate(self, employee_id: str | None, candidate: str, marks: dict[str, int] | None) -> None:
        """Start from this scorer's latest marks for the candidate (or blanks)."""
        self.employee_id = employee_id
        self.candidate = candidate
        self.marks = {dim: (marks or {}).get(dim) for dim in DIMENSIONS}
        self.active = 0
        self.problem = ""
        self.refresh()

    def action_move(self, step: int) -> None:
        self.active = (self.active + step) % len(DIMENSIONS)

    def action_mark(self, mark: int) -> None:
        self.marks[DIMENSIONS[self.active]] = mark
        self.problem = ""
        if self.active < len(DIMENSIONS) - 1:
            self.active += 1
        self.refresh()

    def action_clear_mark(self) -> None:
        self.marks[DIMENSIONS[self.active]] = None
        self.refresh()

    def action_save(self) -> None:
        if self.employee_id is None:
            return
        missing = [DIMENSION_LABELS[dim] for dim, mark in self.marks.items() if mark is None]
        if missing:
            self.problem = "Mark every dimension before saving; missing: " + ", ".join(missing) + "."
            return
        self.post_message(self.Submitted(self, self.employee_id, dict(self.marks)))  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.problem = ""
        self.post_message(self.Cancelled(self))

    def render(self) -> Text:
        text = Text()
        if self.employee_id is None:
            return Text("Highlight a candidate in the list, then press Enter to score them.", style="dim")
        editing = self.has_focus
        text.append(f"{'Scoring' if editing else 'Your marks for'} {self.candidate}", style="bold")
        text.append(f" as {self.scorer}", style="dim")
        if editing:
            text.append("   ←/→ move · 1-5 mark · Enter save · Esc back", style="dim")
        text.append("\n")
        for index, dim in enumerate(DIMENSIONS):
            mark = self.marks[dim]
            label = f" {DIMENSION_LABELS[dim]} "
            box = f"[{mark if mark is not None else ' '}]"
            style = "reverse bold" if editing and index == self.active else ""
            text.append(label, style=style)
            text.append(box, style=style or "bold")
            text.append("  ")
        text.append("\n")
        if self.problem:
            text.append(self.problem, style="bold red")
        elif editing:
            text.append(DIMENSION_QUESTIONS[DIMENSIONS[self.active]], style="italic")
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
