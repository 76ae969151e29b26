"""The App: tabs, global keys, the command palette and opening the database.

Kept to composition and routing; each tab lives in its own module under screens/. The
database is opened in a worker after the first frame, so start-up never waits for
SQLAlchemy or a large file.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Header, Static, TabbedContent, TabPane
from textual.worker import WorkerState

from advocacy_tui.screens.tab import ProgramTab
from advocacy_tui.screens.tabs import TABS, TabSpec
from advocacy_tui.widgets.keys_footer import KeysFooter
from advocacy_tui.workspace import Workspace

if TYPE_CHECKING:
    from textual.command import Provider

    from advocacy_tui.config import Settings


# Seconds without a key before a hidden tab is read ahead.
READ_AHEAD_QUIET = 1.0

# New objects between two collections of the youngest generation (Python's default: 700).
GC_YOUNG_THRESHOLD = 10_000

# Styles the first frame does not need (the hidden tabs' and the dialogs'), added to the
# app's stylesheet once it is drawn, or before anything that needs them is mounted.
LATER_STYLES = tuple(
    Path(__file__).parent / "screens" / f"{name}.tcss"
    for name in ("dialogs", "content", "recognition", "metrics", "tool_import")
)


def program_commands() -> "type[Provider]":
    """The palette's provider, imported when the palette first opens (textual.command is
    not needed for the first frame)."""
    from advocacy_tui.commands import ProgramCommands

    return ProgramCommands


class AdvocacyApp(App[None]):
    CSS_PATH = "app.tcss"
    # Focus the first tab's table straight away (not the tab bar), so arrow keys work at
    # once and the footer is built once.
    AUTO_FOCUS = "#candidates-table"
    TITLE = "advocacy"
    COMMANDS = App.COMMANDS | {program_commands}
    BINDINGS = [
        *(
            Binding(str(number), f"show_tab('{tab.tab_id}')", tab.title, id=f"tab.{tab.tab_id}", show=False)
            for number, tab in enumerate(TABS, start=1)
        ),
        # Capitals: the tabs' own lower-case letters are their steps (i invites, e enrols).
        # Left out of the footer, which at 120 columns is the tabs' own keys' (Cohort has
        # nine); help (?) and the palette (ctrl+p) list them.
        Binding("I", "import_csv", "Import", id="app.import", show=False),
        Binding("T", "import_tool", "From a tool", id="app.import-tool", show=False),
        Binding("E", "export_csv", "Export", id="app.export", show=False),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    # always_update: handing the tabs the same workspace again means "reload" (after an import).
    workspace: reactive[Workspace | None] = reactive(None, init=False, always_update=True)

    def __init__(
        self, *, db: str, config_path: Path, today: date, settings: "Settings | None" = None
    ) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.config_path = config_path
        self.today = today
        self.store = None
        self._later_styles_added = False

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with TabbedContent(id="tabs", classes="drawless"):
            for number, tab in enumerate(TABS, start=1):
                with TabPane(f"{number} {tab.title}", id=tab.tab_id, classes="drawless"):
                    if number == 1:
                        yield tab.load()().data_bind(AdvocacyApp.workspace)
                    else:
                        yield Static("Opening…", classes="tab-opening")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{_short(self.db)} · today {self.today:%a %d %b %Y}"
        self._tabbed = self.query_one(TabbedContent)
        # The tabs built so far, by id: switching looks a tab up here, not in the DOM.
        self._built: dict[str, ProgramTab] = {tab.TAB_ID: tab for tab in self.query(ProgramTab)}
        self._building: set[str] = set()
        self._last_key = 0.0  # when the last key came (reading ahead waits for a pause)
        for tab in self._built.values():
            tab.shown = tab.TAB_ID == self._tabbed.active
        # Open the database only once the first frame is on screen: start-up never waits
        # for SQLAlchemy (or a large file), and the tabs show "loading" meanwhile.
        self.call_after_refresh(self.open_database)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """What start-up made is kept out of the collector's sight (it lives as long as the
        app) and collection, off since `run_tui`, is back on; the styles left out of the
        first frame are added."""
        gc.freeze()
        # Drawing a frame makes tens of thousands of short-lived objects: at Python's
        # default (a collection every 700 new objects) a filter keystroke ran six to eight
        # collections, and every few keys a full one (about 20 ms). Every 10,000: none or
        # one a key, and the full ones rarely.
        gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()
        self._add_later_styles()

    def _add_later_styles(self) -> None:
        """Add LATER_STYLES to the stylesheet, once. The widgets on screen need no
        restyling: no rule in those files matches them. Parsed here, not at the next
        mount, so that cost lands now."""
        if self._later_styles_added:
            return
        self._later_styles_added = True
        for path in LATER_STYLES:
            self.stylesheet.read(path)
        self.stylesheet.parse()

    def push_screen(self, *args, **kwargs):
        self._add_later_styles()  # a dialog opened before the first frame's callback ran
        return super().push_screen(*args, **kwargs)

    async def _build_hidden_tabs(self) -> None:
        for spec in TABS[1:]:
            await self._build_tab(spec)
        # What start-up built (modules, widgets, styles) lives as long as the app: moved out
        # of the collector's sight, a full collection no longer walks it all, which was
        # the slowest Candidates filter keystroke (about 70 ms at company size).
        gc.freeze()

    async def _build_tab(self, spec: TabSpec) -> None:
        """Put a tab's widgets in its pane, once (the tab bar and keys exist from the start)."""
        if spec.tab_id in self._built or spec.tab_id in self._building:
            return
        pane = self._tabbed.get_pane(spec.tab_id)
        if not pane.is_attached:
            return  # the app is closing (say, the database was refused)
        self._building.add(spec.tab_id)
        self._add_later_styles()
        # Bound here, in the app's own handler: data_bind binds to the running pump.
        content = spec.load()().data_bind(AdvocacyApp.workspace)
        await pane.query(".tab-opening").remove()
        await pane.mount(content)
        # Listed once mounted: only a tab with its widgets is shown or read ahead.
        self._built[spec.tab_id] = content
        self._building.discard(spec.tab_id)
        content.shown = spec.tab_id == self._tabbed.active
        if content.shown:  # its key was pressed while it was being built
            content.main_table().focus()

    @work(thread=True, exclusive=True, group="open-database")
    def open_database(self) -> None:
        from advocacy_tui.config import load_settings
        from advocacy_tui.errors import ConfigError
        from advocacy_tui.store.database import open_store
        from advocacy_tui.store.errors import StoreError

        try:
            settings = self.settings or load_settings(self.config_path)
            store = open_store(self.db)
        except (ConfigError, StoreError) as error:
            self.call_from_thread(self.exit, None, 1, f"advocacy: {error}")
            return
        self.call_from_thread(self._opened, store, settings)

    def _opened(self, store, settings: "Settings") -> None:
        self.store = store
        self.settings = settings
        first = self.workspace is None
        self.workspace = Workspace(store, settings, self.today, self.config_path)
        if first:
            # The hidden tabs' modules are imported and their widgets built only now, once
            # the first frame and the footer are drawn and the shown tab is loading: the
            # first paint pays for the tab on screen only. A digit key pressed before then
            # builds its tab at once (`_build_tab`).
            self.call_after_refresh(self._build_hidden_tabs)
            self.set_interval(0.2, self._read_ahead)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # Routing --------------------------------------------------------------------------

    @classmethod
    def tabs(cls) -> tuple[TabSpec, ...]:
        return TABS

    def current_tab(self) -> ProgramTab | None:
        return self._built.get(self._tabbed.active)

    async def action_show_tab(self, tab_id: str) -> None:
        # Shown and focused in this one handler, before the next frame: left to
        # TabActivated, the tab was drawn once with the old focus, then restyled and
        # drawn again (a second full frame, half of a tab switch's time).
        self._tabbed.active = tab_id
        await self._show_current()

    @on(TabbedContent.TabActivated)
    async def _show_current(self) -> None:
        """Also what a click on the tab bar ends in; a second call changes nothing."""
        active = self._tabbed.active
        await self._build_tab(next(spec for spec in TABS if spec.tab_id == active))
        current = self.current_tab()
        # Shown first: a stale tab starts its reading before the focus change restyles
        # the screen and the footer, so the two overlap.
        for tab in self._built.values():
            tab.shown = tab is current
        if current is not None:
            current.main_table().focus()

    # Reading the hidden tabs ahead --------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = monotonic()
        await super().on_event(event)

    def tabs_read(self) -> bool:
        """Every tab is built and has read what it shows (none is out of date)."""
        return len(self._built) == len(TABS) and not any(tab.stale for tab in self._built.values())

    def _read_ahead(self) -> None:
        """Read the next hidden tab that is out of date, one at a time and only when nothing
        else is reading (the app asks five times a second): a tab opened later shows its
        rows at once, and a hidden tab never delays what is on screen. A worker's end is
        not a message the app receives (Textual does not bubble it), hence the asking."""
        if self.workspace is None or self._exit or any(
            worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in self.workers
        ):
            return  # nothing open yet, closing, or something is reading
        if monotonic() - self._last_key < READ_AHEAD_QUIET:
            return  # the coordinator is typing or moving: their keys come first
        for spec in TABS:
            tab = self._built.get(spec.tab_id)
            if tab is not None and tab.stale and not tab.shown and tab.is_attached:
                tab.read_ahead()
                return

    def action_help(self) -> None:
        from advocacy_tui.screens.help import HelpScreen
        from advocacy_tui.widgets.paged_table import PagedTable
        from advocacy_tui.widgets.rubric import RubricInput

        sections = [("Everywhere", [*self.BINDINGS, Binding("ctrl+p", "command_palette", "Command palette: find any command")])]
        for tab in TABS:
            sections.append((f"{tab.title} tab", tab.load().BINDINGS))
        sections.append(("Tables", PagedTable.BINDINGS))
        sections.append(("Rubric (Scoring tab, after Enter)", RubricInput.BINDINGS))
        self.push_screen(HelpScreen(sections))

    @on(ProgramTab.DataChanged)
    def _reload_tabs(self) -> None:
        if self.workspace is not None:
            self.workspace = self.workspace  # every tab reloads from the store

    def action_import_csv(self) -> None:
        from advocacy_tui.config import reports_dir
        from advocacy_tui.screens.sync import ImportScreen

        if self.workspace is None:
            return

        def finished(imported: bool | None) -> None:
            if imported and self.workspace is not None:
                self.workspace = self.workspace  # the tabs reload what changed

        self.push_screen(ImportScreen(self.workspace, reports_dir(self.settings) / "export"), finished)

    def action_import_tool(self) -> None:
        """Import an export from Slack, Teams, LinkedIn, GA4, Lever or Greenhouse."""
        from advocacy_tui.screens.tool_import import ToolImportScreen

        if self.workspace is None:
            return

        def finished(imported: bool | None) -> None:
            if imported and self.workspace is not None:
                self.workspace = self.workspace  # the tabs reload what changed

        # Where exports usually are: beside the database (the demo writes samples there),
        # else the Downloads folder.
        beside = Path(self.db).expanduser().parent / "exports" if "://" not in self.db else None
        start = beside if beside is not None and beside.is_dir() else Path.home() / "Downloads"
        self.push_screen(ToolImportScreen(self.workspace, start), finished)

    def action_export_csv(self) -> None:
        from advocacy_tui.config import reports_dir
        from advocacy_tui.screens.sync import ExportScreen

        if self.workspace is None:
            return
        folder = reports_dir(self.settings) / f"export-{self.today.isoformat()}"
        self.push_screen(ExportScreen(self.workspace, folder))

    def action_settings(self) -> None:
        from advocacy_tui.screens.settings import SettingsScreen

        if self.settings is None:
            return  # still reading them; the palette offers this again in a moment
        def saved(settings: "Settings | None") -> None:
            if settings is None:
                return
            self.settings = settings
            if self.workspace is not None:
                self.workspace = self.workspace.with_settings(settings)
            self.notify(f"Settings saved to {self.config_path}.")

        self.push_screen(SettingsScreen(self.settings, self.config_path), saved)


def _short(db: str) -> str:
    if "://" in db:
        return db.split("@")[-1]
    return Path(db).name
