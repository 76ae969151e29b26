"""The asset form: create or edit one piece of the content library (step 4).

The form saves through the store itself, in a worker, and stays open when the store refuses
(an approved asset edited into something approval would refuse, say): the coordinator's
typing is never lost to an error.
"""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static, TextArea

from advocacy_tui.program.content.assets import (
    FORMAT_TIPS,
    PLATFORMS,
    AssetFields,
    approval_problems,
    parse_hashtags,
    save_problems,
)
from advocacy_tui.workspace import Workspace

# (field, label, placeholder) for the one-line inputs, in the order of the issue.
LINE_FIELDS = (
    ("title", "Title", "What the asset is about, as advocates will see it"),
    ("topic", "Topic", "job posting, culture story, industry insight, team achievement, product milestone"),
    ("platform", "Platform", ", ".join(PLATFORMS)),
    ("tone", "Tone", "warm, proud, thoughtful…"),
)
LATER_FIELDS = (
    ("hashtags", "Hashtags", "#robotics #careers"),
    ("format", "Format recommendation", "Empty: the platform's standard tip"),
)
LINK_FIELDS = (
    ("link", "Link", "https://careers.example.com/jobs/…"),
    ("campaign", "Campaign (utm_campaign)", "spring-hiring"),
    ("category", "Advocate category", "Empty: for every advocate"),
    ("available_from", "Available from", "YYYY-MM-DD; empty: at once"),
    ("expires_on", "Expires on", "YYYY-MM-DD; empty: never"),
)


class AssetForm(ModalScreen[str | None]):
    """Dismissed with the saved asset's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="asset_form.save"),
        Binding("escape", "cancel", "Cancel", id="asset_form.cancel"),
    ]

    def __init__(
        self,
        workspace: Workspace,
        asset_id: str | None = None,
        fields: AssetFields | None = None,
        status: str = "draft",
        suggestions: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.asset_id = asset_id
        self.fields = fields
        self.status = status
        self.suggestions = suggestions or {}

    def _value(self, name: str) -> str:
        if self.fields is None:
            return ""
        value = getattr(self.fields, name)
        if name == "hashtags":
            return " ".join(value)
        if isinstance(value, date):
            return value.isoformat()
        return value or ""

    def _input(self, name: str, label: str, placeholder: str) -> ComposeResult:
        yield Label(label, classes="form-label")
        known = self.suggestions.get(name, [])
        if name == "platform":
            known = sorted(set(known) | set(PLATFORMS))
        yield Input(
            self._value(name),
            placeholder=placeholder,
            id=f"asset-{name}",
            suggester=SuggestFromList(known, case_sensitive=False) if known else None,
            compact=True,
        )

    def compose(self) -> ComposeResult:
        title = f"Edit \u201c{self.fields.title}\u201d ({self.status})" if self.fields else "New asset (saved as a draft)"
        # Label and field side by side, compact inputs: the whole asset fits on one screen.
        with VerticalScroll(id="asset-form", classes="dialog"):
            yield Label(title, classes="dialog-title")
            with Grid(classes="form-grid"):
                for name, label, placeholder in LINE_FIELDS:
                    yield from self._input(name, label, placeholder)
                yield Label("Suggested caption", classes="form-label")
                yield TextArea(
                    self._value("caption"), id="asset-caption", soft_wrap=True, tab_behavior="focus", compact=True
                )
                for name, label, placeholder in LATER_FIELDS:
                    yield from self._input(name, label, placeholder)
                yield Label("Sentence starters\n(one per line)", classes="form-label")
                yield TextArea(
                    "\n".join(self.fields.starters) if self.fields else "",
                    id="asset-starters",
                    soft_wrap=True,
                    tab_behavior="focus",
                    compact=True,
                )
                for name, label, placeholder in LINK_FIELDS:
                    yield from self._input(name, label, placeholder)
            yield Static("", id="asset-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#asset-title", Input).focus()
        self._show_tip()

    @on(Input.Changed, "#asset-platform")
    def _show_tip(self) -> None:
        platform = self.query_one("#asset-platform", Input).value.strip().lower()
        self.query_one("#asset-format", Input).placeholder = FORMAT_TIPS.get(platform, "Empty: the platform's standard tip")

    def _text(self, name: str) -> str:
        return self.query_one(f"#asset-{name}", Input).value.strip()

    def _date(self, name: str, label: str) -> date | None:
        raw = self._text(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{label}: \u201c{raw}\u201d is not a date; write it as YYYY-MM-DD.") from None

    def read_fields(self) -> AssetFields:
        """What the form holds; ValueError with the reason when a date is not one."""
        starters = self.query_one("#asset-starters", TextArea).text.splitlines()
        return AssetFields(
            title=self._text("title"),
            topic=self._text("topic"),
            platform=self._text("platform").lower(),
            tone=self._text("tone"),
            caption=self.query_one("#asset-caption", TextArea).text.strip(),
            hashtags=parse_hashtags(self._text("hashtags")),
            format=self._text("format"),
            starters=tuple(line.strip() for line in starters if line.strip()),
            link=self._text("link"),
            campaign=self._text("campaign"),
            category=self._text("category"),
            available_from=self._date("available_from", "Available from"),
            expires_on=self._date("expires_on", "Expires on"),
        )

    def _problem(self, text: str) -> None:
        self.query_one("#asset-problem", Static).update(text)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            fields = self.read_fields()
        except ValueError as error:
            self._problem(str(error))
            return
        problems = save_problems(fields)
        if problems:
            self._problem(" ".join(problems))
            return
        self._problem("Saving…")
        self.save(fields)

    @work(thread=True, exclusive=True, group="asset-save")
    def save(self, fields: AssetFields) -> None:
        from advocacy_tui.store.content.library import save_asset
        from advocacy_tui.store.errors import StoreError

        try:
            asset_id = save_asset(
                self.workspace.store, fields, self.asset_id, disclosure=self.workspace.settings.compliance.disclosure
            )
        except StoreError as error:
            self.app.call_from_thread(self._problem, str(error))
            return
        self.app.call_from_thread(self._saved, asset_id, fields)

    def _saved(self, asset_id: str, fields: AssetFields) -> None:
        if self.status == "draft":
            # Say now what approval will need, so the coordinator is not surprised by `a`.
            missing = approval_problems(fields, self.workspace.settings.compliance.disclosure)
            if missing:
                self.notify("Saved as a draft. Before it can be approved: " + " ".join(missing), timeout=10)
            else:
                self.notify(f"Saved \u201c{fields.title}\u201d. Ready to approve (a).")
        else:
            self.notify(f"Saved \u201c{fields.title}\u201d.")
        self.dismiss(asset_id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
