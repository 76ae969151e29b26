"""Settings (command palette: "Settings"): every setting, editable from the keyboard, saved to config.toml.

The form is generated from the pydantic model, so a setting added to `config.Settings` shows up
here without touching this file: one row per field under a heading per section, with the field's
description beside it. ctrl+s checks the whole form with `validate_change` and writes the file;
escape leaves without writing anything.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch

from advocacy_tui.config import ConfigError, Settings, save_settings, validate_change
from advocacy_tui.widgets.keys_footer import KeysFooter

GENERAL = "General"


@dataclass(frozen=True)
class SettingField:
    """One editable setting, read from the model."""

    key: str  # "section.name", or "name" for a top-level setting
    section: str  # "" for a top-level setting
    name: str
    description: str
    kind: str  # "int", "float", "str", "bool", "choice" or "other"
    optional: bool = False
    choices: tuple = ()

    @property
    def widget_id(self) -> str:
        return "setting-" + self.key.replace(".", "-")


@dataclass(frozen=True)
class SettingSection:
    name: str  # "" for top-level settings
    heading: str
    fields: tuple[SettingField, ...]


def _kind(annotation: Any) -> tuple[str, bool, tuple]:
    """(kind, optional, choices) for a field's type."""
    optional = False
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        optional = len(members) < len(get_args(annotation))
        if len(members) == 1:
            annotation = members[0]
    if get_origin(annotation) is Literal:
        return "choice", optional, get_args(annotation)
    if annotation is bool:
        return "bool", optional, ()
    if annotation is int:
        return "int", optional, ()
    if annotation is float:
        return "float", optional, ()
    if annotation is str:
        return "str", optional, ()
    return "other", optional, ()


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _fields_of(model: type[BaseModel], section: str) -> tuple[SettingField, ...]:
    found = []
    for name, info in model.model_fields.items():
        if _is_section(info.annotation):
            continue
        kind, optional, choices = _kind(info.annotation)
        found.append(
            SettingField(
                key=f"{section}.{name}" if section else name,
                section=section,
                name=name,
                description=info.description or "",
                kind=kind,
                optional=optional,
                choices=choices,
            )
        )
    return tuple(found)


def setting_sections(model: type[BaseModel] = Settings) -> list[SettingSection]:
    """The model's settings, top-level ones first under "General", then one group per section."""
    sections = []
    general = _fields_of(model, "")
    if general:
        sections.append(SettingSection("", GENERAL, general))
    for name, info in model.model_fields.items():
        if not _is_section(info.annotation):
            continue
        doc = (info.annotation.__dict__.get("__doc__") or "").strip().rstrip(".")
        title = name.replace("_", " ").capitalize()
        heading = f"{title} — {doc}" if doc else title
        sections.append(SettingSection(name, heading, _fields_of(info.annotation, name)))
    return sections


def setting_fields(model: type[BaseModel] = Settings) -> Iterator[SettingField]:
    for section in setting_sections(model):
        yield from section.fields


def current_value(settings: BaseModel, field: SettingField) -> Any:
    owner = getattr(settings, field.section) if field.section else settings
    return getattr(owner, field.name)


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


_CONVERSIONS = {"int": (int, "must be a whole number"), "float": (float, "must be a number")}


def convert(field: SettingField, raw: Any) -> Any:
    """The typed value for what a widget holds; ValueError with a message naming the key."""
    if field.kind in ("choice", "bool"):
        return raw
    text = str(raw)
    if field.optional and not text.strip():
        return None
    if field.kind in _CONVERSIONS:
        parse, problem = _CONVERSIONS[field.kind]
        try:
            return parse(text.strip())
        except ValueError:
            raise ValueError(f"{field.key}: {problem}") from None
    return text


class SettingsScreen(ModalScreen[Settings | None]):
    """Edit any setting; dismisses with the saved `Settings`, or None when cancelled."""

    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", show=True),
        Binding("escape", "cancel", "Cancel", id="settings.cancel", show=True),
    ]

    def __init__(self, settings: Settings, path: Path) -> None:
        super().__init__()
        self.settings = settings
        self.path = Path(path)
        self.sections = setting_sections(type(settings))
        self.widgets: dict[str, tuple[SettingField, Widget]] = {}

    # Building the form ----------------------------------------------------------------

    def _editor(self, field: SettingField) -> Widget:
        value = current_value(self.settings, field)
        common = dict(id=field.widget_id, name=field.key, tooltip=field.description or None)
        if field.kind == "choice":
            options = [(str(choice), choice) for choice in field.choices]
            return Select(options, value=value, allow_blank=False, compact=True, **common)
        if field.kind == "bool":
            return Switch(value=bool(value), **common)
        input_type = {"int": "integer", "float": "number"}.get(field.kind, "text")
        return Input(
            _as_text(value),
            type=input_type,
            placeholder="(empty)" if field.kind in ("str", "other") or field.optional else "",
            valid_empty=field.optional,
            compact=True,
            **common,
        )

    def _keys(self) -> Iterator[str]:
        for section in self.sections:
            for field in section.fields:
                yield field.key

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-dialog"):
            yield Label(f"Settings — {self.path}", id="settings-title", markup=False)
            yield Label(
                "tab / shift+tab move between settings · ctrl+s saves to this file · esc leaves without saving",
                id="settings-hint",
            )
            key_width = max(len(key) for key in self._keys()) + 1
            with VerticalScroll(id="settings-form", can_focus=False):
                for section in self.sections:
                    yield Label(section.heading, classes="settings-heading")
                    for field in section.fields:
                        editor = self._editor(field)
                        self.widgets[field.key] = (field, editor)
                        with Horizontal(classes="settings-row"):
                            key_label = Label(field.key, classes="settings-key", markup=False)
                            key_label.styles.width = key_width
                            yield key_label
                            yield editor
                            yield Label(field.description, classes="settings-description", markup=False)
            yield Static("", id="settings-error")
            with Horizontal(id="settings-buttons"):
                yield Button("Save (ctrl+s)", id="settings-save", variant="primary")
                yield Button("Cancel (esc)", id="settings-cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = str(self.path)
        self.focus_setting(next(iter(self.widgets)))

    # Reading and saving ---------------------------------------------------------------

    def editor(self, key: str) -> Widget:
        return self.widgets[key][1]

    def focus_setting(self, key: str) -> None:
        self.editor(key).focus()

    def changes(self) -> dict[str, Any]:
        """{"section.key": typed value} for every edited setting; ValueError naming the keys."""
        changed: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for key, (field, widget) in self.widgets.items():
            try:
                value = convert(field, widget.value)
            except ValueError as error:
                problems.append((key, str(error)))
                continue
            if value != current_value(self.settings, field):
                changed[key] = value
        if problems:
            raise _FormError(problems)
        return changed

    def show_error(self, message: str) -> None:
        error = self.query_one("#settings-error", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")

    def _first_key_in(self, message: str) -> str | None:
        """The setting named first in `message`, matched whole (not "a.b" inside "a.b_c")."""
        found = []
        for key in self.widgets:
            match = re.search(rf"(?<![\w.]){re.escape(key)}(?![\w])", message)
            if match:
                found.append((match.start(), key))
        return min(found)[1] if found else None

    def action_save(self) -> None:
        try:
            new = validate_change(self.settings, self.changes())
        except _FormError as error:
            self.show_error(str(error))
            self.focus_setting(error.problems[0][0])
            return
        except ConfigError as error:
            # validate_change names the source "settings" and whole-model problems "(file)".
            message = str(error).removeprefix("settings: ").replace("(file): ", "").replace("Input should be", "must be")
            self.show_error(message)
            key = self._first_key_in(message)
            if key is not None:
                self.focus_setting(key)
            return
        try:
            save_settings(new, self.path)
        except OSError as error:
            self.show_error(f"Cannot write {self.path}: {error.strerror or error}")
            return
        self.dismiss(new)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#settings-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#settings-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()


class _FormError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _key, message in problems))
        self.problems = problems
