"""The baseline for `bench/startup.py`: a bare Textual app with the same tabs and nothing of ours.

A Header, a TabbedContent with the two panes "1 Candidates" and "2 Scoring" (a Static in
each) and a Footer: what Textual itself costs to put that screen up.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane


class BareApp(App[None]):
    TITLE = "bare"

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent():
            with TabPane("1 Candidates", id="candidates"):
                yield Static("Candidates")
            with TabPane("2 Scoring", id="scoring"):
                yield Static("Scoring")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
