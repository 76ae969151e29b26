"""Step 3: from scored candidates to a cohort of advocates who explicitly opted in.

Plain rules over plain data, shared by the store (which enforces them in one transaction),
CSV import and the Cohort tab, one module each:

- `stages`: the stages, nominated -> invited -> oriented -> enrolled, with declined and
  withdrawn apart, and which step may be taken from which status (`STEPS`, `check_step`);
- `gate`: the gate an enrolled advocate must pass (`enrollment_problems`);
- `guards`: the guards the coordinator always sees (`cohort_warnings`);
- `history`: the dates each step happened, replayed from the history (`step_dates`);
- `rows`: what the Cohort tab shows (`CohortRow`, `CohortCounts`);
- `ssh_keys`: SSH public keys: parsing, validation and the `SHA256:` fingerprint
  `ssh-keygen -l` shows.

Import from this package (`from advocacy_tui.program.cohort import X`), not its modules.

The steps, and what each one does:

| step | allowed from | to | sets |
|---|---|---|---|
| nominate | (none), declined, withdrawn | nominated | channel (manager by default), nominated by; a restart clears the dates |
| sign_up | (none), declined, withdrawn | nominated | channel volunteer, nobody nominated them |
| invite | (none), declined, withdrawn, nominated | invited | from outside the pipeline: channel outreach, nominated by the coordinator |
| orientation | invited | oriented | orientation date |
| policy_ack | nominated, invited, oriented | (unchanged) | policy acknowledgement date |
| opt_in | oriented | enrolled | opt-in date; only with orientation and policy dates, none after it |
| decline | nominated, invited, oriented | declined | |
| withdraw | nominated, invited, oriented, enrolled | withdrawn | the reason (required) |
| move_back | invited, oriented, enrolled, declined, withdrawn | the stage before | clears the date of the stage left |
| category | any | (unchanged) | the advocate category |

A volunteer sign-up lands at *nominated* like a manager's nomination: signing up is the
volunteer nominating themselves, and they are invited to orientation like everyone else.
"""

from advocacy_tui.program.cohort.gate import enrollment_gate, enrollment_problems, receives_content
from advocacy_tui.program.cohort.guards import WARNING_CODES, CohortWarning, EnrolledMark, cohort_warnings
from advocacy_tui.program.cohort.history import StepDates, StepEvent, step_dates
from advocacy_tui.program.cohort.rows import CohortCounts, CohortRow
from advocacy_tui.program.cohort.ssh_keys import (
    MIN_RSA_BITS,
    SSH_KEY_TYPES,
    SshKey,
    SshKeyError,
    parse_ssh_key,
    parse_ssh_keys,
    ssh_fingerprint,
)
from advocacy_tui.program.cohort.stages import (
    CHANNEL_LABELS,
    CLOSED,
    ENTRY_STEPS,
    IN_PIPELINE,
    STAGE_DATE,
    STAGES,
    STATUSES,
    STEP_NAMES,
    STEPS,
    Step,
    already_in_pipeline,
    check_step,
    move_back_target,
    restarts,
    stage_order,
)

__all__ = [
    "CHANNEL_LABELS",
    "CLOSED",
    "ENTRY_STEPS",
    "IN_PIPELINE",
    "MIN_RSA_BITS",
    "SSH_KEY_TYPES",
    "STAGES",
    "STAGE_DATE",
    "STATUSES",
    "STEPS",
    "STEP_NAMES",
    "WARNING_CODES",
    "CohortCounts",
    "CohortRow",
    "CohortWarning",
    "EnrolledMark",
    "SshKey",
    "SshKeyError",
    "Step",
    "StepDates",
    "StepEvent",
    "already_in_pipeline",
    "check_step",
    "cohort_warnings",
    "enrollment_gate",
    "enrollment_problems",
    "move_back_target",
    "parse_ssh_key",
    "parse_ssh_keys",
    "receives_content",
    "restarts",
    "ssh_fingerprint",
    "stage_order",
    "step_dates",
]
