"""Step 3's rules: transitions, the gate, the guards, history dates and SSH keys."""

import base64
import shutil
import subprocess
from datetime import date

import pytest

from advocacy_tui.program.cohort import (
    STAGES,
    STATUSES,
    STEPS,
    EnrolledMark,
    SshKeyError,
    StepEvent,
    check_step,
    cohort_warnings,
    enrollment_gate,
    enrollment_problems,
    move_back_target,
    parse_ssh_key,
    parse_ssh_keys,
    receives_content,
    restarts,
    ssh_fingerprint,
    step_dates,
)
from advocacy_tui.program.vocabulary import ENROLLMENT_STATUSES

D1, D2, D3, D4 = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)

# A real key (ssh-keygen -t ed25519) and what `ssh-keygen -lf` printed for it.
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBQfar0rUEeOJq9DZHTQ7XKBnBV7C35O1Z1SJy+J4JcY ada@example"
ED25519_LISTED = "256 SHA256:pKI++1sPGDhE9LdwWYvCij6UYJjgy3EqnAq/P5c9/6U ada@example (ED25519)"


def test_the_statuses_are_the_stores():
    assert set(STATUSES) == set(ENROLLMENT_STATUSES)
    assert STAGES == ("nominated", "invited", "oriented", "enrolled")


# Every (step, from) the rules allow, and where it lands.
ALLOWED = {
    "nominate": {None: "nominated", "declined": "nominated", "withdrawn": "nominated"},
    "sign_up": {None: "nominated", "declined": "nominated", "withdrawn": "nominated"},
    "invite": {None: "invited", "declined": "invited", "withdrawn": "invited", "nominated": "invited"},
    "orientation": {"invited": "oriented"},
    "policy_ack": {"nominated": None, "invited": None, "oriented": None},
    "opt_in": {"oriented": "enrolled"},
    "decline": {"nominated": "declined", "invited": "declined", "oriented": "declined"},
    "withdraw": {s: "withdrawn" for s in STAGES},
    "move_back": {s: None for s in ("invited", "oriented", "enrolled", "declined", "withdrawn")},
    "category": {s: None for s in STATUSES},
}


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("status", [None, *STATUSES])
def test_every_step_from_every_status(step, status):
    allowed = ALLOWED[step]
    if status in allowed:
        assert check_step(step, status) is None
        assert STEPS[step].to_status == allowed[status] or STEPS[step].to_status is None
    else:
        assert check_step(step, status)


def test_refusals_say_why():
    assert "orientation first" in check_step("opt_in", "invited")
    assert "invite them" in check_step("opt_in", "nominated")
    assert check_step("nominate", "invited") == "they are already in the cohort pipeline (invited)"
    assert "withdraw" in check_step("decline", "enrolled")
    assert "first stage" in check_step("move_back", "nominated")
    assert "not in the cohort pipeline" in check_step("orientation", None)


def test_restarts_only_from_outside_the_pipeline():
    assert restarts("nominate", None) and restarts("invite", "declined") and restarts("sign_up", "withdrawn")
    assert not restarts("invite", "nominated")
    assert not restarts("orientation", "invited")


@pytest.mark.parametrize(
    "status, target, cleared",
    [("invited", "nominated", None), ("oriented", "invited", "orientation_on"), ("enrolled", "oriented", "opted_in_on")],
)
def test_move_back_along_the_stages_clears_the_stage_date(status, target, cleared):
    assert move_back_target(status, None, D1, D2, D3) == (target, cleared)


def test_move_back_out_of_a_closed_status_returns_to_where_they_were():
    assert move_back_target("declined", "invited", None, None, None) == ("invited", None)
    assert move_back_target("withdrawn", "enrolled", D1, D2, D3) == ("enrolled", None)
    # Without history, the furthest stage the dates support.
    assert move_back_target("withdrawn", None, D1, D2, D3) == ("enrolled", None)
    assert move_back_target("declined", None, D1, None, None) == ("oriented", None)
    assert move_back_target("declined", None, None, None, None) == ("nominated", None)
    # History that the dates no longer support is not trusted.
    assert move_back_target("withdrawn", "enrolled", D1, None, None) == ("oriented", None)
    with pytest.raises(ValueError):
        move_back_target("nominated", None, None, None, None)


def test_the_gate_needs_all_three_dates_to_enroll():
    assert enrollment_problems("enrolled", D1, D2, D3) == []
    assert enrollment_problems("enrolled", D1, D1, D1) == []
    assert len(enrollment_problems("enrolled", None, None, None)) == 3
    assert enrollment_problems("enrolled", D1, None, D3) == ["an enrolled advocate needs a policy acknowledgement date"]
    assert enrollment_problems("enrolled", D1, D2, None) == ["an enrolled advocate needs an explicit opt-in date"]
    assert [c for c, _ in enrollment_gate("enrolled", None, D2, D3)] == ["orientation_on"]


def test_the_gate_refuses_an_opt_in_before_orientation_or_policy():
    problems = enrollment_problems("enrolled", D3, D1, D2)
    assert problems == ["the opt-in (2026-11-09) comes before orientation (2026-11-16)"]
    assert enrollment_problems("enrolled", D1, D3, D2) == [
        "the opt-in (2026-11-09) comes before the policy acknowledgement (2026-11-16)"
    ]


@pytest.mark.parametrize("status", ["nominated", "invited", "declined", "withdrawn"])
def test_other_statuses_pass_the_gate_without_dates(status):
    assert enrollment_problems(status, None, None, None) == []


def test_oriented_needs_its_orientation_date():
    assert enrollment_problems("oriented", None, None, None) == ["an oriented advocate needs an orientation date"]


def test_only_the_enrolled_receive_anything():
    assert [s for s in STATUSES if receives_content(s)] == ["enrolled"]
    assert not receives_content(None)


# ------------------------------------------------------------------------- guards


def marks(*pairs):
    return [EnrolledMark(f"{name.lower()}@example.com", name, mark) for name, mark in pairs]


def codes(warnings):
    return [w.code for w in warnings]


def test_cohort_size_exactly_at_the_maximum_is_fine_one_over_warns():
    assert codes(cohort_warnings(20, 0, 20, 0.25)) == []
    warnings = cohort_warnings(21, 0, 20, 0.25)
    assert codes(warnings) == ["cohort_too_large"]
    assert "21" in warnings[0].sentence and "20" in warnings[0].sentence


def test_executive_share_exactly_at_is_fine_above_warns():
    assert codes(cohort_warnings(8, 2, 20, 0.25)) == []  # 25% exactly
    warnings = cohort_warnings(7, 2, 20, 0.25)  # 28.6%
    assert codes(warnings) == ["executive_share"]
    assert "2 of 7" in warnings[0].sentence and "seniority" in warnings[0].sentence
    assert codes(cohort_warnings(0, 0, 20, 0.25)) == []  # nobody enrolled: nothing to divide
    assert codes(cohort_warnings(1, 1, 20, 1.0)) == []


def test_unscored_and_inconsistent_advocates_are_named():
    warnings = cohort_warnings(
        4, 0, 20, 0.25,
        marks(("Ada", "consistent"), ("Bo", "not scored"), ("Cy", "lopsided"), ("Di", "mixed")),
    )
    assert codes(warnings) == ["unscored", "not_consistent"]
    unscored, inconsistent = warnings
    assert unscored.advocates == ("bo@example.com",)
    assert "1 enrolled advocate was never scored" in unscored.sentence and "Bo" in unscored.sentence
    assert inconsistent.advocates == ("cy@example.com", "di@example.com")
    assert "Cy (lopsided)" in inconsistent.sentence and "Di (mixed)" in inconsistent.sentence
    assert codes(cohort_warnings(1, 0, 20, 0.25, marks(("Ada", "consistent")))) == []


# ------------------------------------------------------------------------ history


def event(step, before, after, day, note=""):
    return StepEvent(step, before, after, day, "coordinator", note)


def test_step_dates_replay_the_history():
    dates = step_dates(
        [
            event("nominate", None, "nominated", D1),
            event("invite", "nominated", "invited", D2),
            event("orientation", "invited", "oriented", D3),
            event("withdraw", "oriented", "withdrawn", D4, "moved teams"),
        ]
    )
    assert (dates.nominated_on, dates.invited_on, dates.closed_on) == (D1, D2, D4)
    assert dates.reason == "moved teams" and dates.previous == "oriented"


def test_a_renomination_starts_the_dates_over_and_move_back_clears_them():
    history = [
        event("invite", None, "invited", D1),
        event("decline", "invited", "declined", D2),
        event("nominate", "declined", "nominated", D3),
    ]
    dates = step_dates(history)
    assert (dates.nominated_on, dates.invited_on, dates.closed_on, dates.reason) == (D3, None, None, "")
    dates = step_dates([event("nominate", None, "nominated", D1), event("invite", "nominated", "invited", D2),
                        event("move_back", "invited", "nominated", D3)])
    assert dates.invited_on is None and dates.nominated_on == D1


# ----------------------------------------------------------------------- SSH keys


def test_a_real_ed25519_key_parses_with_its_fingerprint():
    key = parse_ssh_key(ED25519 + "\n")
    assert key.key_type == "ssh-ed25519" and key.bits == 256 and key.comment == "ada@example"
    assert key.line == ED25519
    blob = base64.b64decode(ED25519.split()[1])
    assert key.fingerprint == ssh_fingerprint(blob)
    assert key.fingerprint == "SHA256:pKI++1sPGDhE9LdwWYvCij6UYJjgy3EqnAq/P5c9/6U"
    assert key.label == ED25519_LISTED


needs_ssh_keygen = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed")


@needs_ssh_keygen
@pytest.mark.parametrize("kind, bits", [("ed25519", None), ("rsa", "3072"), ("ecdsa", "256"), ("ecdsa", "384"), ("ecdsa", "521")])
def test_generated_keys_match_ssh_keygen_fingerprints(tmp_path, kind, bits):
    path = tmp_path / "key"
    command = ["ssh-keygen", "-q", "-t", kind, "-f", str(path), "-N", "", "-C", "test@example"]
    if bits:
        command += ["-b", bits]
    subprocess.run(command, check=True, capture_output=True)
    listed = subprocess.run(["ssh-keygen", "-lf", str(path) + ".pub"], check=True, capture_output=True, text=True).stdout
    key = parse_ssh_key((tmp_path / "key.pub").read_text())
    assert key.fingerprint == listed.split()[1]
    assert key.label == listed.strip()


def test_unsupported_or_malformed_keys_are_refused_with_a_reason():
    blob_b64 = ED25519.split()[1]
    with pytest.raises(SshKeyError, match="not a supported key type"):
        parse_ssh_key("ssh-dss " + blob_b64)
    with pytest.raises(SshKeyError, match="not valid base64"):
        parse_ssh_key("ssh-ed25519 AAAA!!!notbase64")
    with pytest.raises(SshKeyError, match="says 'ssh-ed25519' but the line says 'ssh-rsa'"):
        parse_ssh_key("ssh-rsa " + blob_b64)
    with pytest.raises(SshKeyError, match="cut short"):
        parse_ssh_key("ssh-ed25519 " + blob_b64[:30] + "==")
    with pytest.raises(SshKeyError, match="no key"):
        parse_ssh_key("  \n# just a comment\n")
    with pytest.raises(SshKeyError, match="one public key at a time"):
        parse_ssh_key(ED25519 + "\n" + ED25519)
    with pytest.raises(SshKeyError, match="private key"):
        parse_ssh_key("-----BEGIN OPENSSH PRIVATE KEY-----")
    with pytest.raises(SshKeyError, match="missing"):
        parse_ssh_key("ssh-ed25519")


def test_a_stored_list_skips_lines_that_no_longer_parse():
    assert [k.comment for k in parse_ssh_keys(ED25519 + "\ngarbage\n\n")] == ["ada@example"]


def _string(value: bytes) -> bytes:
    return len(value).to_bytes(4, "big") + value


@needs_ssh_keygen
@pytest.mark.parametrize(
    "key_type, material",
    [
        ("sk-ssh-ed25519@openssh.com", [bytes(range(32)), b"ssh:"]),
        ("sk-ecdsa-sha2-nistp256@openssh.com", [b"nistp256", None, b"ssh:"]),
    ],
)
def test_security_key_types_parse_like_ssh_keygen(tmp_path, key_type, material):
    if None in material:  # a real P-256 point, taken from a generated ECDSA key
        subprocess.run(["ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-f", str(tmp_path / "ec"), "-N", ""],
                       check=True, capture_output=True)
        ec = parse_ssh_key((tmp_path / "ec.pub").read_text())
        point = ec.blob[4 + 19 + 4 + 8 + 4:]
        material = [b"nistp256", point, b"ssh:"]
    blob = _string(key_type.encode()) + b"".join(_string(part) for part in material)
    line = f"{key_type} {base64.b64encode(blob).decode()} fido@example"
    (tmp_path / "sk.pub").write_text(line + "\n")
    listed = subprocess.run(["ssh-keygen", "-lf", str(tmp_path / "sk.pub")], capture_output=True, text=True)
    key = parse_ssh_key(line)
    assert key.key_type == key_type and key.bits == 256
    if listed.returncode == 0:
        assert key.label == listed.stdout.strip()
    with pytest.raises(SshKeyError, match="key data says"):
        parse_ssh_key(f"ssh-ed25519 {base64.b64encode(blob).decode()}")
