"""The baseline for start-up and tab switching: a bare Textual app with the same six tabs.

A Header, a TabbedContent with the panes "1 Candidates" ... "6 Metrics" (a Static in each),
the digit keys 1-6 bound to them as in advocacy, and a Footer: what Textual itself costs
to put that screen up (bench/startup.py) and to switch to a tab (bench/tui_bench.py).
Nothing of ours is imported.
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

TABS = (
    ("candidates", "Candidates"),
    ("scoring", "Scoring"),
    ("cohort", "Cohort"),
    ("content", "Content queue"),
    ("recognition", "Recognition"),
    ("metrics", "Metrics"),
)


class BareApp(App[None]):
    TITLE = "bare"
    BINDINGS = [
        *(Binding(str(number), f"show_tab('{tab_id}')", title, show=False) for number, (tab_id, title) in enumerate(TABS, 1)),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            for number, (tab_id, title) in enumerate(TABS, start=1):
                with TabPane(f"{number} {title}", id=tab_id):
                    yield Static(title)
        yield Footer()

    def action_show_tab(self, tab_id: str) -> None:
        self.query_one(TabbedContent).active = tab_id


if __name__ == "__main__":
    BareApp().run()
