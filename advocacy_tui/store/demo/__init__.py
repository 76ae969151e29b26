"""A realistic sample program for a fictional company, Northwind Robotics (`advocacy demo`).

Everything is synthetic (names, emails `first.last@northwind.example`, links under
`northwind.example`) and derived from one seed: ids, tokens and timestamps come from
`random.Random` streams and from `today`, never from the clock or `uuid4`, so the same seed
and the same `today` give byte-identical data.

The company part scales with `employees` (the audit's people and their signals, used for
benchmarks at 100,000 employees); the program part (scores, cohort, library, queue, posts,
pipeline, recognition) stays cohort-sized, as the guide says it should. The story it tells
follows the guide: executives with large networks and weak engagement, mid-level experts
with small, highly engaged networks at the top of the audit, many silent employees; a cohort
of about fourteen that launched eight weeks ago with weekly drops of three assets.
"""

from advocacy_tui.store.demo.reset import clear, is_empty
from advocacy_tui.store.demo.write import DemoSummary, write_demo

__all__ = ["DemoSummary", "clear", "is_empty", "write_demo"]
