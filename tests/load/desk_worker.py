"""One advocate's session, as a separate process: writes through the scoped desk.

Run as `python -m tests.load.desk_worker DB EMAIL ROUNDS`; prints one JSON line with what it
wrote and the longest a single write waited, and exits 0 only if every write landed.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date

from advocacy_tui.store.database import open_store
from advocacy_tui.store.desk import AdvocateDesk

TODAY = date(2026, 11, 23)


def main(db: str, email: str, rounds: int) -> int:
    store = open_store(db)
    desk = AdvocateDesk.open(store, email)
    items = desk.queue(TODAY)
    written = {"texts": 0, "shared": 0, "feedback": 0}
    longest = 0.0
    for round_number in range(rounds):
        for item in items:
            started = time.perf_counter()
            desk.save_text(item.delivery_id, f"My own words, round {round_number}, on {item.title}")
            longest = max(longest, time.perf_counter() - started)
            written["texts"] += 1
        started = time.perf_counter()
        desk.suggest_topic(f"Topic idea {round_number} from {desk.name}", TODAY)
        longest = max(longest, time.perf_counter() - started)
        written["feedback"] += 1
    for item in items:
        started = time.perf_counter()
        desk.mark_shared(item.delivery_id, TODAY, f"https://www.linkedin.com/posts/{desk.token}-{item.asset_id[:8]}")
        longest = max(longest, time.perf_counter() - started)
        written["shared"] += 1
    store.close()
    print(json.dumps({"email": email, **written, "longest_wait_s": round(longest, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
