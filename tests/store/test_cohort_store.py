"""Step 3 in the store: every step and gate, the history, the tab's query, the guards,
`cohort --json`, SSH keys and the written documents."""

import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from advocacy_tui.config import Settings
from advocacy_tui.program.scoring import Thresholds
from advocacy_tui.store import cohort
from advocacy_tui.store.database import open_store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.migrations import STEPS
from advocacy_tui.store.models import Employee, Enrollment, EnrollmentEvent, Signal
from advocacy_tui.store.scoring import save_score
from tests.conftest import TODAY, days_ago

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBQfar0rUEeOJq9DZHTQ7XKBnBV7C35O1Z1SJy+J4JcY ada@example"
ED25519_FINGERPRINT = "SHA256:pKI++1sPGDhE9LdwWYvCij6UYJjgy3EqnAq/P5c9/6U"
BY = "coordinator"
D = [days_ago(n) for n in (20, 15, 10, 8, 5, 1)]


def marks(net, eng, depth, culture):
    return {"network_relevance": net, "engagement_quality": eng, "subject_depth": depth, "cultural_alignment": culture}


def add_people(store, count, seniority="ic", prefix="p"):
    ids = []
    with store.writing() as session:
        for number in range(count):
            employee = Employee(
                email=f"{prefix}{number}@example.com",
                name=f"{prefix.upper()} Person {number:02d}",
                department="Engineering",
                title="Engineer",
                seniority=seniority,
                manager_email="boss@example.com",
                network_size=100,
            )
            session.add(employee)
            session.flush()
            ids.append(employee.id)
    return ids


@pytest.fixture
def ada(store):
    return add_people(store, 1, prefix="ada")[0]


def enroll(store, employee_id, start=0):
    """Nominate through opt-in, with dates in order."""
    cohort.nominate(store, employee_id, "manager", "boss@example.com", D[start], BY)
    cohort.invite(store, employee_id, D[start + 1], BY)
    cohort.record_orientation(store, employee_id, D[start + 2], BY)
    cohort.record_policy_ack(store, employee_id, D[start + 2], BY)
    return cohort.opt_in(store, employee_id, D[start + 3], BY)


def live(store, employee_id):
    with store.reading() as session:
        return session.scalars(
            select(Enrollment).where(Enrollment.employee_id == employee_id, Enrollment.deleted_at.is_(None))
        ).one()


def events(store, employee_id):
    with store.reading() as session:
        return session.execute(
            select(EnrollmentEvent.step, EnrollmentEvent.from_status, EnrollmentEvent.to_status,
                   EnrollmentEvent.occurred_on, EnrollmentEvent.recorded_by, EnrollmentEvent.note)
            .where(EnrollmentEvent.employee_id == employee_id)
            .order_by(EnrollmentEvent.created_at)
        ).all()


def count(store, model):
    with store.reading() as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


# -------------------------------------------------------------------- transitions


def test_the_whole_way_in_writes_one_dated_event_per_step(store, ada):
    enrolled = enroll(store, ada)
    assert enrolled.status == "enrolled"
    row = live(store, ada)
    assert (row.channel, row.nominated_by) == ("manager", "boss@example.com")
    assert (row.orientation_on, row.policy_ack_on, row.opted_in_on) == (D[2], D[2], D[3])
    assert events(store, ada) == [
        ("nominate", None, "nominated", D[0], BY, ""),
        ("invite", "nominated", "invited", D[1], BY, ""),
        ("orientation", "invited", "oriented", D[2], BY, ""),
        ("policy_ack", "oriented", "oriented", D[2], BY, ""),
        ("opt_in", "oriented", "enrolled", D[3], BY, ""),
    ]
    assert cohort.can_receive(store, ada)
    assert cohort.enrolled_advocate_ids(store) == [ada]


def test_a_manager_nomination_defaults_to_the_employees_manager(store, ada):
    cohort.nominate(store, ada, "manager", None, D[0], BY)
    assert live(store, ada).nominated_by == "boss@example.com"


def test_a_manager_nomination_without_any_manager_is_refused(store):
    with store.writing() as session:
        session.add(Employee(email="solo@example.com", name="Solo"))
    with store.reading() as session:
        solo = session.scalars(select(Employee.id)).one()
    with pytest.raises(StoreError, match="needs the nominating manager"):
        cohort.nominate(store, solo, "manager", "", D[0], BY)
    assert count(store, Enrollment) == 0


def test_an_unknown_channel_is_refused(store, ada):
    with pytest.raises(StoreError, match="not a recruitment channel"):
        cohort.nominate(store, ada, "billboard", "x@example.com", D[0], BY)


def test_a_volunteer_sign_up_is_nominated_by_nobody(store, ada):
    cohort.sign_up(store, ada, D[0], BY)
    row = live(store, ada)
    assert (row.status, row.channel, row.nominated_by) == ("nominated", "volunteer", None)
    assert events(store, ada)[0][:3] == ("sign_up", None, "nominated")


def test_direct_outreach_starts_at_invited(store, ada):
    cohort.invite(store, ada, D[0], "hr-partner")
    row = live(store, ada)
    assert (row.status, row.channel, row.nominated_by) == ("invited", "outreach", "hr-partner")
    assert events(store, ada)[0][:3] == ("invite", None, "invited")


def test_invite_after_a_nomination_keeps_the_channel(store, ada):
    cohort.sign_up(store, ada, D[0], BY)
    cohort.invite(store, ada, D[1], BY)
    assert (live(store, ada).status, live(store, ada).channel) == ("invited", "volunteer")


@pytest.mark.parametrize(
    "steps, refused, message",
    [
        ([], lambda s, e: cohort.opt_in(s, e, D[3], BY), "not in the cohort pipeline"),
        (["nominate"], lambda s, e: cohort.opt_in(s, e, D[3], BY), "invite them and record orientation first"),
        (["nominate", "invite"], lambda s, e: cohort.opt_in(s, e, D[3], BY), "record orientation first"),
        (["nominate"], lambda s, e: cohort.record_orientation(s, e, D[3], BY), "invite them first"),
        (["nominate"], lambda s, e: cohort.move_back(s, e, D[3], BY), "first stage"),
        (["nominate", "invite"], lambda s, e: cohort.nominate(s, e, "manager", "b@example.com", D[3], BY),
         r"already in the cohort pipeline \(invited\)"),
        (["nominate"], lambda s, e: cohort.sign_up(s, e, D[3], BY), r"already in the cohort pipeline \(nominated\)"),
        (["nominate"], lambda s, e: cohort.invite(s, e, D[3], BY) and cohort.invite(s, e, D[4], BY),
         r"already in the cohort pipeline \(invited\)"),
        (["nominate", "decline"], lambda s, e: cohort.record_policy_ack(s, e, D[3], BY), "not possible while declined"),
        (["nominate", "decline"], lambda s, e: cohort.withdraw(s, e, "why", D[3], BY), "not possible while declined"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(store, ada, steps, refused, message):
    for step in steps:
        {
            "nominate": lambda: cohort.nominate(store, ada, "manager", "boss@example.com", D[0], BY),
            "invite": lambda: cohort.invite(store, ada, D[1], BY),
            "decline": lambda: cohort.decline(store, ada, D[1], BY),
        }[step]()
    before = events(store, ada)
    with pytest.raises(StoreError, match=message):
        refused(store, ada)
    after = events(store, ada)
    # (the invite-twice case takes one legal step before the refused one)
    assert after[: len(before)] == before and len(after) - len(before) <= 1


def test_the_refusal_names_the_person(store, ada):
    cohort.nominate(store, ada, "manager", None, D[0], BY)
    with pytest.raises(StoreError) as raised:
        cohort.nominate(store, ada, "manager", None, D[1], BY)
    assert str(raised.value) == "ADA Person 00 is already in the cohort pipeline (nominated); nothing was saved."


def test_opt_in_needs_the_policy_acknowledgement(store, ada):
    cohort.invite(store, ada, D[0], BY)
    cohort.record_orientation(store, ada, D[1], BY)
    with pytest.raises(StoreError, match="policy acknowledgement date"):
        cohort.opt_in(store, ada, D[2], BY)
    assert live(store, ada).status == "oriented"


def test_opt_in_cannot_come_before_orientation(store, ada):
    cohort.invite(store, ada, D[0], BY)
    cohort.record_orientation(store, ada, D[3], BY)
    cohort.record_policy_ack(store, ada, D[3], BY)
    with pytest.raises(StoreError, match="comes before orientation"):
        cohort.opt_in(store, ada, D[2], BY)


def test_decline_withdraw_and_the_reason(store, ada):
    cohort.nominate(store, ada, "manager", None, D[0], BY)
    cohort.decline(store, ada, D[1], BY)
    assert live(store, ada).status == "declined"
    assert not cohort.can_receive(store, ada)
    other = add_people(store, 1, prefix="bo")[0]
    enroll(store, other)
    with pytest.raises(StoreError, match="needs a reason"):
        cohort.withdraw(store, other, "  ", D[5], BY)
    assert live(store, other).status == "enrolled"
    cohort.withdraw(store, other, "Moved to a customer-facing role", D[5], BY)
    assert live(store, other).status == "withdrawn"
    assert events(store, other)[-1] == ("withdraw", "enrolled", "withdrawn", D[5], BY, "Moved to a customer-facing role")
    assert not cohort.can_receive(store, other)
    assert cohort.enrolled_advocate_ids(store) == []


def test_move_back_goes_one_stage_back_and_clears_that_stages_date(store, ada):
    enroll(store, ada)
    cohort.move_back(store, ada, D[4], BY)
    row = live(store, ada)
    assert (row.status, row.opted_in_on, row.orientation_on, row.policy_ack_on) == ("oriented", None, D[2], D[2])
    cohort.move_back(store, ada, D[4], BY)
    row = live(store, ada)
    assert (row.status, row.orientation_on) == ("invited", None)
    cohort.move_back(store, ada, D[4], BY)
    assert live(store, ada).status == "nominated"
    assert [e[:3] for e in events(store, ada)[-3:]] == [
        ("move_back", "enrolled", "oriented"),
        ("move_back", "oriented", "invited"),
        ("move_back", "invited", "nominated"),
    ]


def test_move_back_out_of_withdrawn_restores_the_previous_status(store, ada):
    enroll(store, ada)
    cohort.withdraw(store, ada, "by mistake", D[4], BY)
    cohort.move_back(store, ada, D[4], BY)
    assert live(store, ada).status == "enrolled"
    assert cohort.can_receive(store, ada)


def test_renominating_a_declined_person_reuses_the_row_and_starts_over(store, ada):
    cohort.invite(store, ada, D[0], BY)
    cohort.record_orientation(store, ada, D[1], BY)
    cohort.decline(store, ada, D[2], BY, note="Not this quarter")
    first = live(store, ada).id
    cohort.nominate(store, ada, "manager", "boss@example.com", D[4], BY)
    row = live(store, ada)
    assert row.id == first
    assert (row.status, row.channel, row.orientation_on) == ("nominated", "manager", None)
    assert count(store, Enrollment) == 1
    assert [e[0] for e in events(store, ada)] == ["invite", "orientation", "decline", "nominate"]


def test_category_is_set_and_recorded(store, ada):
    cohort.sign_up(store, ada, D[0], BY)
    cohort.set_category(store, ada, "  Engineering   voices ", D[1], BY)
    assert live(store, ada).category == "Engineering voices"
    assert events(store, ada)[-1][:3] == ("category", "nominated", "nominated")
    with pytest.raises(StoreError, match="not in the cohort pipeline"):
        cohort.set_category(store, add_people(store, 1, prefix="x")[0], "Sales", D[1], BY)


def test_a_step_needs_a_date_and_who_took_it(store, ada):
    with pytest.raises(StoreError, match="who took it"):
        cohort.sign_up(store, ada, D[0], " ")
    with pytest.raises(StoreError, match="date"):
        cohort.sign_up(store, ada, "2026-11-01", BY)
    with pytest.raises(StoreError, match="No such employee"):
        cohort.sign_up(store, "nobody", D[0], BY)
    assert count(store, Enrollment) == 0


def test_history_lists_the_live_enrollments_steps(store, ada):
    cohort.sign_up(store, ada, D[0], BY)
    cohort.invite(store, ada, D[1], "hr-partner")
    history = cohort.enrollment_history(store, ada)
    assert [(e.step, e.occurred_on, e.recorded_by) for e in history] == [
        ("sign_up", D[0], BY), ("invite", D[1], "hr-partner"),
    ]


# ------------------------------------------------------------------ any writer


def test_the_orm_refuses_an_enrolled_row_without_the_dates(store, ada):
    with pytest.raises(StoreError, match="opt-in date"):
        with store.writing() as session:
            session.add(Enrollment(employee_id=ada, channel="manager", status="enrolled",
                                   orientation_on=D[0], policy_ack_on=D[0]))
    cohort.invite(store, ada, D[0], BY)
    with pytest.raises(StoreError, match="orientation date"):
        with store.writing() as session:
            session.scalars(select(Enrollment)).one().status = "enrolled"
    assert live(store, ada).status == "invited"


def test_the_database_refuses_it_too_for_bulk_and_raw_writers(store, ada):
    now = datetime(2026, 11, 23, 9, 0)
    with pytest.raises(StoreError, match="ck_enrollment_gate"):
        with store.writing() as session:
            session.execute(
                Enrollment.__table__.insert().values(
                    id="raw", employee_id=ada, channel="manager", status="enrolled", category="",
                    orientation_on=D[0], policy_ack_on=D[0], created_at=now, updated_at=now,
                )
            )
    with pytest.raises(StoreError, match="ck_enrollment_gate"):
        with store.writing() as session:
            session.execute(text("INSERT INTO enrollment (id, employee_id, channel, status, category, created_at, updated_at) "
                                 "VALUES ('raw', :e, 'manager', 'enrolled', '', '2026-01-01', '2026-01-01')"), {"e": ada})
    assert count(store, Enrollment) == 0


def test_one_live_enrollment_per_employee_even_for_raw_writers(store, ada):
    cohort.sign_up(store, ada, D[0], BY)
    with pytest.raises(StoreError, match="duplicate"):
        with store.writing() as session:
            session.add(Enrollment(employee_id=ada, channel="manager", status="nominated"))
    # A tombstoned one does not count.
    with store.writing() as session:
        session.add(Enrollment(employee_id=ada, channel="manager", status="declined", deleted_at=TODAY))
    assert count(store, Enrollment) == 2


# ---------------------------------------------------------------- tab and guards


@pytest.fixture
def pipeline(store):
    """One person at every status, by every channel, some scored."""
    ids = dict(zip(["nominated", "invited", "oriented", "enrolled", "declined", "withdrawn", "lopsided"],
                   add_people(store, 7)))
    cohort.nominate(store, ids["nominated"], "manager", "lead@example.com", D[0], BY)
    cohort.invite(store, ids["invited"], D[1], BY)
    cohort.sign_up(store, ids["oriented"], D[0], BY)
    cohort.invite(store, ids["oriented"], D[1], BY)
    cohort.record_orientation(store, ids["oriented"], D[2], BY)
    enroll(store, ids["enrolled"])
    cohort.set_category(store, ids["enrolled"], "Engineering voices", D[4], BY)
    cohort.invite(store, ids["declined"], D[0], BY)
    cohort.decline(store, ids["declined"], D[2], BY)
    enroll(store, ids["withdrawn"])
    cohort.withdraw(store, ids["withdrawn"], "Parental leave", D[5], BY)
    enroll(store, ids["lopsided"])
    save_score(store, ids["enrolled"], "coordinator", marks(4, 4, 3, 4), D[0])
    save_score(store, ids["enrolled"], "hr-partner", marks(4, 4, 5, 4), D[1])
    save_score(store, ids["lopsided"], "coordinator", marks(5, 1, 4, 4), D[0])
    return ids


def test_cohort_rows_by_stage_with_dates_channel_and_mark(store, pipeline):
    rows = cohort.cohort_rows(store, Thresholds())
    assert [row.status for row in rows] == ["nominated", "invited", "oriented", "enrolled", "enrolled", "declined", "withdrawn"]
    by_id = {row.employee_id: row for row in rows}
    enrolled = by_id[pipeline["enrolled"]]
    assert (enrolled.channel, enrolled.nominated_by, enrolled.category) == ("manager", "boss@example.com", "Engineering voices")
    assert (enrolled.nominated_on, enrolled.invited_on, enrolled.orientation_on, enrolled.policy_ack_on, enrolled.opted_in_on) == (
        D[0], D[1], D[2], D[2], D[3])
    assert enrolled.rubric.marks() == (4.0, 4.0, 4.0, 4.0) and enrolled.rubric.scorers == 2
    assert enrolled.mark == "consistent"
    assert by_id[pipeline["lopsided"]].mark == "lopsided"
    assert by_id[pipeline["nominated"]].mark == "not scored"
    assert (enrolled.department, enrolled.seniority, enrolled.title) == ("Engineering", "ic", "Engineer")
    withdrawn = by_id[pipeline["withdrawn"]]
    assert (withdrawn.closed_on, withdrawn.reason) == (D[5], "Parental leave")
    invited = by_id[pipeline["invited"]]
    assert (invited.channel, invited.channel_label, invited.nominated_on, invited.invited_on) == (
        "outreach", "direct outreach", None, D[1])
    assert by_id[pipeline["oriented"]].channel == "volunteer"
    # One scorer's view only:
    assert {r.employee_id: r for r in cohort.cohort_rows(store, scorer="hr-partner")}[pipeline["enrolled"]].rubric.marks() == (4, 4, 5, 4)


def test_cohort_counts_per_stage_and_channel(store, pipeline):
    counts = cohort.cohort_counts(store)
    assert counts.stages == {"nominated": 1, "invited": 1, "oriented": 1, "enrolled": 2, "declined": 1, "withdrawn": 1}
    assert counts.channels == {"manager": 4, "volunteer": 1, "outreach": 2}
    assert counts.by_stage_channel[("enrolled", "manager")] == 2 and ("enrolled", "outreach") not in counts.by_stage_channel


def test_cohort_json_shape(store, pipeline):
    result = cohort.cohort_json(store, Settings())
    assert set(result) == {"enrolled", "stages", "channels", "warnings"}
    assert len(result["enrolled"]) == 2
    entry = next(e for e in result["enrolled"] if e["category"])
    assert {"email", "name", "channel", "category", "orientation_on", "policy_ack_on", "opted_in_on"} <= set(entry)
    assert entry["opted_in_on"] == D[3].isoformat() and entry["channel"] == "manager"
    assert result["stages"]["enrolled"] == 2 and result["channels"]["outreach"] == 2
    assert [w["code"] for w in result["warnings"]] == ["not_consistent"]
    assert result["warnings"][0]["advocates"] == ["p6@example.com"]
    assert "lopsided" in result["warnings"][0]["sentence"]
    import json

    json.dumps(result)  # plain JSON all the way down


def settings_with(max_size=20, executive_share=0.25):
    settings = Settings()
    settings.cohort.max_size = max_size
    settings.cohort.executive_share = executive_share
    return settings


def test_guard_cohort_size_at_and_over_the_maximum(store):
    people = add_people(store, 4)
    for person in people:
        enroll(store, person)
        save_score(store, person, "coordinator", marks(4, 4, 4, 4), D[0])
    assert cohort.cohort_guard(store, settings_with(max_size=4)) == []
    warnings = cohort.cohort_guard(store, settings_with(max_size=3))
    assert [w.code for w in warnings] == ["cohort_too_large"]
    # Not-yet-enrolled people do not count towards the cohort.
    cohort.sign_up(store, add_people(store, 1, prefix="q")[0], D[0], BY)
    assert cohort.cohort_guard(store, settings_with(max_size=4)) == []


def test_guard_executive_share_at_and_above(store):
    for person in add_people(store, 3) + add_people(store, 1, seniority="executive", prefix="exec"):
        enroll(store, person)
        save_score(store, person, "coordinator", marks(4, 4, 4, 4), D[0])
    assert cohort.cohort_guard(store, settings_with(executive_share=0.25)) == []  # 1 of 4 exactly
    warnings = cohort.cohort_guard(store, settings_with(executive_share=0.24))
    assert [w.code for w in warnings] == ["executive_share"]
    assert "1 of 4" in warnings[0].sentence


def test_guard_unscored_and_not_consistent(store):
    scored, unscored, mixed = add_people(store, 3)
    for person in (scored, unscored, mixed):
        enroll(store, person)
    save_score(store, scored, "coordinator", marks(3, 3, 3, 3), D[0])
    save_score(store, mixed, "coordinator", marks(2, 3, 3, 3), D[0])
    warnings = cohort.cohort_guard(store, Settings())
    assert [(w.code, w.advocates) for w in warnings] == [
        ("unscored", ("p1@example.com",)),
        ("not_consistent", ("p2@example.com",)),
    ]
    # A newer mark from the same scorer replaces the old one (latest marks per scorer).
    save_score(store, mixed, "coordinator", marks(3, 3, 3, 3), D[1])
    assert [w.code for w in cohort.cohort_guard(store, Settings())] == ["unscored"]


# ----------------------------------------------------------------------- SSH keys


def test_ssh_keys_add_list_remove(store, ada):
    key = cohort.add_ssh_key(store, "ADA0@example.com", ED25519 + "\n")
    assert key.fingerprint == ED25519_FINGERPRINT
    assert [k.fingerprint for k in cohort.list_ssh_keys(store, "ada0@example.com")] == [ED25519_FINGERPRINT]
    with pytest.raises(StoreError, match="already has the key"):
        cohort.add_ssh_key(store, "ada0@example.com", ED25519)
    with pytest.raises(StoreError, match="Not a valid SSH public key"):
        cohort.add_ssh_key(store, "ada0@example.com", "ssh-rsa " + ED25519.split()[1])
    with pytest.raises(StoreError, match="no employee"):
        cohort.add_ssh_key(store, "nobody@example.com", ED25519)
    with pytest.raises(StoreError, match="no key with the fingerprint"):
        cohort.remove_ssh_key(store, "ada0@example.com", "SHA256:nope")
    removed = cohort.remove_ssh_key(store, "ada0@example.com", ED25519_FINGERPRINT.removeprefix("SHA256:"))
    assert removed.comment == "ada@example"
    assert cohort.list_ssh_keys(store, "ada0@example.com") == []


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed")
def test_a_generated_rsa_key_is_kept_with_ssh_keygens_fingerprint(store, ada, tmp_path):
    path = tmp_path / "id_rsa"
    subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-f", str(path), "-N", ""], check=True, capture_output=True)
    listed = subprocess.run(["ssh-keygen", "-lf", str(path) + ".pub"], check=True, capture_output=True, text=True).stdout
    key = cohort.add_ssh_key(store, "ada0@example.com", (tmp_path / "id_rsa.pub").read_text())
    cohort.add_ssh_key(store, "ada0@example.com", ED25519)
    assert key.fingerprint == listed.split()[1]
    assert [k.key_type for k in cohort.list_ssh_keys(store, "ada0@example.com")] == ["ssh-rsa", "ssh-ed25519"]
    cohort.sign_up(store, ada, D[0], BY)
    assert cohort.cohort_rows(store)[0].ssh_keys == 2


# ---------------------------------------------------------------------- documents


@pytest.fixture
def candidates(store):
    """Three flagged candidates with real signals; one declined, one enrolled."""
    ids = add_people(store, 4, prefix="c")
    with store.writing() as session:
        for number, employee_id in enumerate(ids):
            session.add(Signal(employee_id=employee_id, source="internal", kind="answer",
                               occurred_on=days_ago(5), reactions=3 + number, comments=1))
        # c0's strongest: a LinkedIn post 10 days ago; an older, bigger one is outside the window.
        session.add(Signal(employee_id=ids[0], source="linkedin", kind="post", occurred_on=days_ago(10),
                           impressions=4200, reactions=57, comments=14, shares=6, url="https://example.com/p/1"))
        session.add(Signal(employee_id=ids[0], source="platform", kind="share", occurred_on=days_ago(200),
                           reactions=500))
    cohort.invite(store, ids[1], D[0], BY)
    cohort.decline(store, ids[1], D[1], BY)
    enroll(store, ids[2])
    return ids


def test_strongest_signal_in_the_audit_window_else_overall(store, candidates):
    signal = cohort.strongest_signal(store, candidates[0], TODAY)
    assert (signal.kind, signal.source, signal.engagement, signal.in_window) == ("post", "linkedin", 77, True)
    later = cohort.strongest_signal(store, candidates[0], TODAY + timedelta(days=120))
    assert (later.kind, later.source, later.engagement, later.in_window) == ("share", "platform", 500, False)
    assert cohort.strongest_signal(store, add_people(store, 1, prefix="z")[0], TODAY) is None


def test_write_documents_brief_agenda_and_one_invitation_per_candidate(store, candidates, tmp_path):
    settings = Settings()
    settings.compliance.disclosure = "#EmployeeOfAcme"
    folder = tmp_path / "docs" / "step3"
    written = cohort.write_documents(store, settings, TODAY, folder, company="Acme")
    names = sorted(path.name for path in written)
    # c1 declined (receives nothing), c2 is enrolled (needs no invitation).
    assert names == ["department-brief.md", "invitation-c-person-00.md", "invitation-c-person-03.md", "orientation-agenda.md"]
    invitation = (folder / "invitation-c-person-00.md").read_text()
    assert "Dear C Person 00" in invitation
    assert "post on LinkedIn" in invitation
    assert "77 engagements (57 reactions, 14 comments, 6 shares)" in invitation
    assert "https://example.com/p/1" in invitation
    assert "answer in our internal channels" in (folder / "invitation-c-person-03.md").read_text()
    agenda = (folder / "orientation-agenda.md").read_text()
    assert "#EmployeeOfAcme" in agenda and "20 to 30 minutes a week" in agenda
    brief = (folder / "department-brief.md").read_text()
    assert "one or two" in brief and "Network relevance" in brief


def test_write_documents_into_an_unwritable_place_says_so(store, candidates, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot write the documents"):
        cohort.write_documents(store, Settings(), TODAY, blocker / "docs")


# ---------------------------------------------------------------------- migration


FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_a_v2_file_is_mended_and_upgraded_to_v3(tmp_path):
    """A v2 file with two live enrollments of one person and an enrolled row without dates."""
    path = tmp_path / "v2.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        STEPS[1](connection)
        connection.execute(text("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'"))
        people = connection.execute(text("SELECT id FROM employee ORDER BY email")).scalars().all()
        for row_id, person, status, updated, opted in (
            ("old", people[0], "nominated", "2026-01-01 00:00:00.000000", None),
            ("new", people[0], "invited", "2026-02-01 00:00:00.000000", None),
            ("bad", people[1], "enrolled", "2026-01-01 00:00:00.000000", "2026-01-05"),
        ):
            connection.execute(
                text("INSERT INTO enrollment (id, employee_id, channel, status, category, opted_in_on, created_at, updated_at) "
                     "VALUES (:id, :e, 'manager', :s, '', :o, :u, :u)"),
                {"id": row_id, "e": person, "s": status, "u": updated, "o": opted},
            )
    engine.dispose()
    store = open_store(path)
    with store.reading() as session:
        rows = {row.id: row for row in session.scalars(select(Enrollment))}
        assert rows["old"].deleted_at is not None and rows["new"].deleted_at is None
        assert (rows["bad"].status, rows["bad"].opted_in_on) == ("invited", None)
        assert session.execute(select(func.count()).select_from(EnrollmentEvent)).scalar() == 0
    store.close()
    db = sqlite3.connect(path)
    schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'enrollment'").fetchone()[0]
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enrollment'")}
    db.close()
    assert "ck_enrollment_gate" in schema
    assert {"ix_enrollment_status", "ix_enrollment_employee", "uq_enrollment_live_employee"} <= indexes
    # And the gate now holds in the upgraded file.
    store = open_store(path)
    with pytest.raises(StoreError, match="ck_enrollment_gate"):
        with store.writing() as session:
            session.execute(text("UPDATE enrollment SET status = 'enrolled' WHERE id = 'new'"))
    store.close()


# ------------------------------------------------------------------------ the demo


def test_the_demo_cohort_reads_back_and_its_invitations_name_real_signals(demo_target, tmp_path):
    from advocacy_tui.store.audit import employee_signals

    store = open_store(demo_target)
    try:
        result = cohort.cohort_json(store, Settings())
        assert 12 <= len(result["enrolled"]) <= 16
        assert sum(result["stages"].values()) == sum(result["channels"].values())
        assert all(e["orientation_on"] and e["policy_ack_on"] and e["opted_in_on"] for e in result["enrolled"])
        written = cohort.write_documents(store, Settings(), TODAY, tmp_path / "docs", company="Northwind")
        invitations = [path for path in written if path.name.startswith("invitation-")]
        assert invitations
        with store.reading() as session:
            flagged = session.execute(
                text("SELECT e.id, e.name FROM audit_rank r JOIN employee e ON e.id = r.employee_id "
                     "WHERE r.candidate AND NOT EXISTS (SELECT 1 FROM enrollment n WHERE n.employee_id = e.id "
                     "AND n.deleted_at IS NULL AND n.status IN ('oriented', 'enrolled', 'declined', 'withdrawn')) "
                     "ORDER BY r.rank LIMIT 1")
            ).one()
        start = TODAY - timedelta(days=89)
        in_window = [s for s in employee_signals(store, flagged.id) if start <= s.occurred_on <= TODAY]
        best = max(in_window, key=lambda s: (s.engagement, s.occurred_on))
        text_of = next(p for p in invitations if f"Dear {flagged.name}," in p.read_text()).read_text()
        from advocacy_tui.program.cohort_documents import KIND_PHRASES, SOURCE_PHRASES

        assert f"{KIND_PHRASES[best.kind]} {SOURCE_PHRASES[best.source]}" in text_of
        assert f"{best.engagement:,} engagement" in text_of
    finally:
        store.close()


# ------------------------------------------- the Cohort tab at company size: listing, pages


def test_the_listing_is_the_rows_order_with_their_counts_and_guards(store, pipeline):
    """One narrow query gives the tab its order, counts and guards; they agree with the
    full rows, `cohort_counts` and the guards computed from those rows."""
    rows = cohort.cohort_rows(store, Thresholds())
    listing = cohort.cohort_listing(store, Thresholds())
    assert listing.enrollment_ids == tuple(row.enrollment_id for row in rows)
    assert listing.employee_ids == tuple(row.employee_id for row in rows)
    assert listing.counts == cohort.cohort_counts(store)
    enrolled = [row for row in rows if row.status == "enrolled"]
    assert [(m.email, m.name, m.mark) for m in listing.enrolled] == [(r.email, r.name, r.mark) for r in enrolled]
    assert listing.executives == sum(row.seniority == "executive" for row in enrolled)
    assert cohort.listing_warnings(listing, Settings()) == cohort.cohort_guard(store, Settings())


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_pages_are_the_rows_a_page_at_a_time(store, pipeline, size):
    rows = cohort.cohort_rows(store, Thresholds())
    listing = cohort.cohort_listing(store, Thresholds())
    paged = []
    for offset in range(0, len(listing.enrollment_ids), size):
        paged += cohort.cohort_page(store, listing.enrollment_ids[offset : offset + size], Thresholds())
    assert paged == rows
    # In the order asked, and one scorer's marks when asked.
    backwards = list(reversed(listing.enrollment_ids))
    assert cohort.cohort_page(store, backwards) == list(reversed(cohort.cohort_rows(store)))
    assert cohort.cohort_page(store, listing.enrollment_ids, scorer="hr-partner") == cohort.cohort_rows(store, scorer="hr-partner")
    assert cohort.cohort_page(store, []) == []


def test_a_page_keeps_its_places_when_a_row_changed_since_the_listing(store, pipeline):
    """The listing was read, then someone withdrew and an enrollment was deleted: the page
    still has one row per id (as it now is), so the table's rows stay where they were."""
    listing = cohort.cohort_listing(store, Thresholds())
    cohort.withdraw(store, pipeline["oriented"], "Moved team", D[5], BY)
    with store.writing() as session:
        live_row = session.scalars(select(Enrollment).where(Enrollment.employee_id == pipeline["nominated"])).one()
        live_row.deleted_at = datetime(2026, 1, 1)
    page = cohort.cohort_page(store, listing.enrollment_ids)
    assert [row.enrollment_id for row in page] == list(listing.enrollment_ids)
    by_id = {row.employee_id: row for row in page}
    assert (by_id[pipeline["oriented"]].status, by_id[pipeline["oriented"]].reason) == ("withdrawn", "Moved team")


def test_step_dates_read_in_bulk_are_each_history_replayed(store):
    """`cohort_rows` and `cohort_page` date the steps from the events of several hundred
    histories at once, reading only the steps that move the dates; whatever the history
    (restarts, moves back, events recorded in the same instant, deleted events), the dates
    are those `step_dates` gives for that one history."""
    import random

    from advocacy_tui.program.cohort import STEP_NAMES, STATUSES, step_dates
    from advocacy_tui.store.cohort.history import history_of
    from advocacy_tui.store.cohort.queries import step_event_dates

    chance = random.Random(2026)
    people = add_people(store, 120)
    base = datetime(2026, 1, 1, 9, 0, 0)
    with store.writing() as session:
        for number, person in enumerate(people):
            enrollment = Enrollment(employee_id=person, channel="manager", status="nominated")
            session.add(enrollment)
            session.flush()
            for step_number in range(chance.randint(0, 9)):
                step = chance.choice(STEP_NAMES)
                from_status = chance.choice((None, *STATUSES))
                session.add(EnrollmentEvent(
                    enrollment_id=enrollment.id,
                    employee_id=person,
                    step=step,
                    from_status=from_status,
                    to_status=chance.choice(STATUSES),
                    occurred_on=days_ago(chance.randint(0, 60)),
                    note=chance.choice(("", "Moved team", "Parental leave")),
                    # Several steps in one instant: the history's order is then by id.
                    created_at=base + timedelta(minutes=number, seconds=chance.randint(0, 3)),
                    deleted_at=datetime(2026, 2, 1) if chance.random() < 0.05 else None,
                ))
    with store.reading() as session:
        ids = list(session.scalars(select(Enrollment.id)))
        expected = {}
        for enrollment_id in ids:
            dates = step_dates(history_of(session, enrollment_id))
            expected[enrollment_id] = (dates.nominated_on, dates.invited_on, dates.closed_on, dates.reason)
        everyone = step_event_dates(session.connection())
        some = step_event_dates(session.connection(), ids[::3])
    no_dates = (None, None, None, "")
    assert {enrollment_id: everyone.get(enrollment_id, no_dates) for enrollment_id in ids} == expected
    assert {enrollment_id: some.get(enrollment_id, no_dates) for enrollment_id in ids[::3]} == {
        enrollment_id: expected[enrollment_id] for enrollment_id in ids[::3]
    }
    assert set(some) <= set(ids[::3])


def test_a_guard_names_a_few_and_counts_the_others(store):
    """At company size hundreds of advocates may be unscored: the tab's sentence names a
    few and counts the rest; `advocates` (and `cohort --json`) still lists everyone."""
    people = add_people(store, 5)
    for person in people:
        enroll(store, person)
    (unscored,) = cohort.cohort_guard(store, settings_with(max_size=20), most_names=2)
    assert unscored.sentence == (
        "5 enrolled advocates were never scored on the rubric: P Person 00, P Person 01 and 3 more."
    )
    assert len(unscored.advocates) == 5
    (everyone,) = cohort.cohort_guard(store, settings_with(max_size=20))
    assert "P Person 04." in everyone.sentence
