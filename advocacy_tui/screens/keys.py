"""An advocate's SSH public keys: the keys the SSH door will let in as them."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from advocacy_tui.workspace import Workspace


class KeysScreen(ModalScreen[bool]):
    """Returns True if a key was added or removed."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="keys.close"),
        Binding("delete", "remove", "Remove key", id="keys.remove"),
    ]

    def __init__(self, workspace: Workspace, email: str, name: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.email = email
        self.advocate = name
        self.fingerprints: list[str] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="keys-dialog", classes="dialog"):
            yield Label(f"SSH keys of {self.advocate} ({self.email})", classes="dialog-title")
            yield OptionList(id="keys-list")
            yield Label("Paste a public key (ssh-ed25519 AAAA… comment) and press Enter to add it:")
            yield Input(placeholder="ssh-ed25519 AAAAC3Nza… name@laptop", id="keys-new")
            yield Static("Delete removes the highlighted key. Escape closes.", id="keys-status")

    def on_mount(self) -> None:
        self.query_one("#keys-new", Input).focus()
        self.refresh_keys()

    @work(thread=True, exclusive=True, group="keys")
    def refresh_keys(self) -> None:
        from advocacy_tui.store.cohort import list_ssh_keys
        from advocacy_tui.store.errors import StoreError

        try:
            keys = list_ssh_keys(self.workspace.store, self.email)
        except StoreError as error:
            self.app.call_from_thread(self._status, str(error))
            return
        self.app.call_from_thread(self._show, [(key.fingerprint, key.label) for key in keys])

    def _show(self, keys: list[tuple[str, str]]) -> None:
        self.fingerprints = [fingerprint for fingerprint, _ in keys]
        options = self.query_one("#keys-list", OptionList)
        options.clear_options()
        options.add_options([label for _, label in keys] or ["No keys yet."])

    def _status(self, text: str) -> None:
        self.query_one("#keys-status", Static).update(text)

    @on(Input.Submitted, "#keys-new")
    def _add(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.add_key(event.value.strip())

    @work(thread=True, exclusive=True, group="keys")
    def add_key(self, text: str) -> None:
        from advocacy_tui.store.cohort import add_ssh_key
        from advocacy_tui.store.errors import StoreError

        try:
            key = add_ssh_key(self.workspace.store, self.email, text)
        except StoreError as error:
            self.app.call_from_thread(self._status, str(error))
            return
        self.changed = True
        self.app.call_from_thread(self._added, key.label)

    def _added(self, label: str) -> None:
        self.query_one("#keys-new", Input).value = ""
        self._status(f"Added {label}.")
        self.refresh_keys()

    def action_remove(self) -> None:
        index = self.query_one("#keys-list", OptionList).highlighted
        if index is not None and index < len(self.fingerprints):
            self.remove_key(self.fingerprints[index])

    @work(thread=True, exclusive=True, group="keys")
    def remove_key(self, fingerprint: str) -> None:
        from advocacy_tui.store.cohort import remove_ssh_key
        from advocacy_tui.store.errors import StoreError

        try:
            remove_ssh_key(self.workspace.store, self.email, fingerprint)
        except StoreError as error:
            self.app.call_from_thread(self._status, str(error))
            return
        self.changed = True
        self.app.call_from_thread(self._status, f"Removed {fingerprint}.")
        self.app.call_from_thread(self.refresh_keys)

    def action_close(self) -> None:
        self.dismiss(self.changed)
