"""Step 3 in the store: every recruitment step in one transaction with its history event,
the Cohort tab's query, the guards, `cohort --json`, SSH keys, and the written documents.

The rules themselves (which step from which status, the gate, the guards) live in
`program.cohort`; this package applies them to rows, one module each:

- `steps`: nominate, sign up, invite, orientation, policy acknowledgement, opt-in, decline,
  withdraw, move back and category, each with its history event;
- `history`: the recorded steps read back (`enrollment_history`);
- `queries`: who may receive anything, the Cohort tab's listing, rows (a page at a time)
  and counts;
- `guards`: the guards on the enrolled cohort and `cohort --json`;
- `keys`: employees' SSH public keys;
- `documents`: the brief, the orientation agenda and the invitations.

Import from this package (`from advocacy_tui.store.cohort import X`), not its modules.
"""

from advocacy_tui.program.cohort import CohortCounts, CohortRow, CohortWarning, SshKey, StepEvent
from advocacy_tui.program.cohort_documents import InvitationSignal
from advocacy_tui.store.cohort.documents import strongest_signal, write_documents
from advocacy_tui.store.cohort.guards import cohort_guard, cohort_json, listing_warnings, thresholds_of
from advocacy_tui.store.cohort.history import enrollment_history
from advocacy_tui.store.cohort.keys import add_ssh_key, list_ssh_keys, remove_ssh_key
from advocacy_tui.store.cohort.queries import (
    CohortListing,
    can_receive,
    cohort_counts,
    cohort_listing,
    cohort_page,
    cohort_rows,
    enrolled_advocate_ids,
)
from advocacy_tui.store.cohort.steps import (
    MAX_CATEGORY,
    MAX_REASON,
    NOTHING_SAVED,
    decline,
    invite,
    move_back,
    nominate,
    opt_in,
    record_orientation,
    record_policy_ack,
    set_category,
    sign_up,
    withdraw,
)

__all__ = [
    "MAX_CATEGORY",
    "MAX_REASON",
    "NOTHING_SAVED",
    "CohortCounts",
    "CohortListing",
    "CohortRow",
    "CohortWarning",
    "InvitationSignal",
    "SshKey",
    "StepEvent",
    "add_ssh_key",
    "can_receive",
    "cohort_counts",
    "cohort_guard",
    "cohort_json",
    "cohort_listing",
    "cohort_page",
    "cohort_rows",
    "decline",
    "enrolled_advocate_ids",
    "enrollment_history",
    "invite",
    "list_ssh_keys",
    "listing_warnings",
    "move_back",
    "nominate",
    "opt_in",
    "record_orientation",
    "record_policy_ack",
    "remove_ssh_key",
    "set_category",
    "sign_up",
    "strongest_signal",
    "thresholds_of",
    "withdraw",
    "write_documents",
]
