"""CSV export: sixteen files, columns in order, stable bytes, formulas neutralised,
written atomically."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy_tui.store import csv_export
from advocacy_tui.store.csv_columns import ENTITY_FILES, SPEC_BY_FILE
from advocacy_tui.store.csv_export import export_all, export_file
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Asset, Employee, Requisition, Signal

HEADERS = {
    "employees.csv": "id,email,name,department,title,seniority,manager_email,network_size,location,advocate_token,updated_at,deleted_at",
    "signals.csv": "id,employee_email,source,kind,occurred_on,impressions,reactions,comments,shares,url,count,origin,updated_at,deleted_at",
    "baselines.csv": "id,taken_on,metric,value,updated_at,deleted_at",
    "scores.csv": "id,employee_email,scorer,network_relevance,engagement_quality,subject_depth,cultural_alignment,scored_on,notes,updated_at,deleted_at",
    "enrollments.csv": "id,employee_email,channel,nominated_by,status,category,orientation_on,policy_ack_on,opted_in_on,updated_at,deleted_at",
    "assets.csv": "id,title,topic,platform,tone,caption,hashtags,format,starters,link,campaign,category,status,available_from,expires_on,updated_at,deleted_at",
    "deliveries.csv": "id,advocate_email,asset_id,delivered_on,due_on,status,shared_on,post_url,personalized_text,updated_at,deleted_at",
    "feedback.csv": "id,advocate_email,asset_id,kind,text,status,created_on,resolution,resolved_on,updated_at,deleted_at",
    "posts.csv": "id,advocate_email,asset_id,platform,posted_on,url,impressions,reactions,comments,shares,clicks,referral_visits,engagements,updated_at,deleted_at",
    "requisitions.csv": "id,title,opened_on,filled_on,promoted,external_id,updated_at,deleted_at",
    "applications.csv": "id,requisition_id,applied_on,source,utm_campaign,utm_content,ats,external_id,updated_at,deleted_at",
    "surveys.csv": "id,survey_on,score,updated_at,deleted_at",
    "awards.csv": "id,advocate_email,milestone,awarded_on,reward,note,spotlight_quarter,updated_at,deleted_at",
    "company_posts.csv": "id,url,title,created_on,post_type,campaign,impressions,clicks,reactions,comments,reposts,follows,updated_at,deleted_at",
    "aliases.csv": "id,alias,source,employee_email,updated_at,deleted_at",
    "referral_visits.csv": "id,post_id,tracking_value,first_day,last_day,sessions,engaged_sessions,key_events,updated_at,deleted_at",
}
STAMP = datetime(2026, 11, 23, 9, 15, 2, 123456)


def rows_of(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def add_awkward(store):
    """A few rows whose text would trip a spreadsheet or a naive CSV writer."""
    with store.writing() as session:
        session.add_all(
            [
                Employee(id="e1", email="-dash@example.com", name="=HYPERLINK(\"http://x\",\"y\")", department="+1 team",
                         title="@mention", location="\tTabbed", manager_email="'=already", network_size=5,
                         advocate_token="tok1", updated_at=STAMP),
                Employee(id="e2", email="b@example.com", name='Quote "me", twice', department="Line\nbreak",
                         title="\rReturn", location="'plain quote", advocate_token="tok2", updated_at=STAMP,
                         deleted_at=datetime(2026, 11, 24, 1, 2, 3)),
            ]
        )
        session.add(Requisition(id="r1", title="Engineer", opened_on=date(2026, 9, 1), promoted=True, updated_at=STAMP))
        session.add(Requisition(id="r2", title="Analyst", opened_on=date(2026, 9, 2), promoted=False, updated_at=STAMP))
        session.add(Signal(id="s1", employee_id="e1", source="linkedin", kind="share", occurred_on=date(2026, 11, 2),
                           reactions=3, url="-1", updated_at=STAMP))
    return store


@pytest.fixture
def awkward(store):
    return add_awkward(store)


@pytest.fixture
def sqlite_awkward(sqlite_store):
    """The same rows in a SQLite file: its exports are written by SQL (the fast path)."""
    return add_awkward(sqlite_store)


def test_all_sixteen_files_with_the_issues_columns_in_order(demo_target, tmp_path):
    store = open_store(demo_target)
    try:
        written = export_all(store, tmp_path / "new" / "folder")
        with store.reading() as session:
            expected = {
                name: session.execute(select(func.count()).select_from(SPEC_BY_FILE[name].table)).scalar()
                for name in ENTITY_FILES
            }
    finally:
        store.close()
    assert list(written) == list(ENTITY_FILES) and written == expected
    assert sorted(path.name for path in (tmp_path / "new" / "folder").iterdir()) == sorted(ENTITY_FILES)
    for name in ENTITY_FILES:
        rows = rows_of(tmp_path / "new" / "folder" / name)
        assert ",".join(rows[0]) == HEADERS[name]
        assert len(rows) - 1 == written[name]
        ids = [row[0] for row in rows[1:]]
        assert ids == sorted(ids), f"{name} is not ordered by id"


def test_two_exports_of_the_same_data_are_byte_identical(demo_target, tmp_path):
    store = open_store(demo_target)
    try:
        export_all(store, tmp_path / "one")
        export_all(store, tmp_path / "two")
    finally:
        store.close()
    for name in ENTITY_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_tombstones_timestamps_flags_and_emails_are_written(awkward, tmp_path):
    export_all(awkward, tmp_path)
    employees = {row[0]: row for row in rows_of(tmp_path / "employees.csv")[1:]}
    assert employees["e1"][-2:] == ["2026-11-23T09:15:02.123456Z", ""]
    assert employees["e2"][-1] == "2026-11-24T01:02:03.000000Z"  # the tombstone travels
    requisitions = {row[0]: row for row in rows_of(tmp_path / "requisitions.csv")[1:]}
    assert requisitions["r1"][4] == "true" and requisitions["r2"][4] == "false"
    signal = rows_of(tmp_path / "signals.csv")[1]
    assert signal[1] == "'-dash@example.com"  # the employee's email, neutralised like any text
    assert signal[5:9] == ["0", "3", "0", "0"]


def test_formulas_are_neutralised_and_only_text_cells_are_touched(awkward, tmp_path):
    export_all(awkward, tmp_path)
    e1, e2 = rows_of(tmp_path / "employees.csv")[1:]
    assert e1[1:5] == ["'-dash@example.com", "'=HYPERLINK(\"http://x\",\"y\")", "'+1 team", "'@mention"]
    assert e1[6] == "''=already"  # quotes before a formula character get one more
    assert e1[7] == "5" and e1[8] == "'\tTabbed"
    assert e2[2:5] == ['Quote "me", twice', "Line\nbreak", "'\rReturn"]
    assert e2[8] == "'plain quote"  # a quote before ordinary text is left alone
    assert rows_of(tmp_path / "signals.csv")[1][9] == "'-1"
    raw = (tmp_path / "employees.csv").read_bytes()
    assert b'"Quote ""me"", twice"' in raw and b'"Line\nbreak"' in raw and raw.endswith(b"\r\n")


def test_sql_and_python_formatting_write_the_same_bytes(sqlite_awkward, demo_db, tmp_path):
    demo = open_store(demo_db)
    try:
        for number, store in enumerate((sqlite_awkward, demo)):
            with store.engine.connect() as connection:
                for name in ENTITY_FILES:
                    fast, portable = tmp_path / f"{number}-sql", tmp_path / f"{number}-python"
                    for folder in (fast, portable):
                        folder.mkdir(exist_ok=True)
                    export_file(connection, SPEC_BY_FILE[name], fast, fast=True)
                    export_file(connection, SPEC_BY_FILE[name], portable, fast=False)
                    assert (fast / name).read_bytes() == (portable / name).read_bytes(), name
    finally:
        demo.close()


def test_progress_reports_each_file_up_to_its_total(awkward, tmp_path):
    seen: dict[str, list[tuple[int, int]]] = {}
    export_all(awkward, tmp_path, lambda name, done, total: seen.setdefault(name, []).append((done, total)))
    assert list(seen) == list(ENTITY_FILES)
    assert seen["employees.csv"][0] == (0, 2) and seen["employees.csv"][-1] == (2, 2)
    assert seen["awards.csv"] == [(0, 0)]


def test_a_failed_export_leaves_the_previous_file_and_no_partial_one(sqlite_awkward, tmp_path, monkeypatch):
    export_all(sqlite_awkward, tmp_path)
    before = (tmp_path / "signals.csv").read_bytes()
    with sqlite_awkward.writing() as session:
        session.get(Signal, "s1").url = "changed"
    real = csv_export._sql_lines

    def failing(connection, spec, emails, handle):
        if spec.file == "signals.csv":
            raise OSError(28, "No space left on device")
        return real(connection, spec, emails, handle)

    monkeypatch.setattr(csv_export, "_sql_lines", failing)
    with pytest.raises(OSError):
        export_all(sqlite_awkward, tmp_path)
    assert (tmp_path / "signals.csv").read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))


def test_asset_lists_are_written_as_stored(store, tmp_path):
    with store.writing() as session:
        session.add(Asset(id="a1", title="Launch", topic="Robots", platform="linkedin", status="approved",
                          hashtags="#robots|#hiring", starters="I'm proud|Here's why", updated_at=STAMP))
    export_all(store, tmp_path)
    asset = rows_of(tmp_path / "assets.csv")[1]
    assert asset[6] == "#robots|#hiring" and asset[8] == "I'm proud|Here's why"


def test_every_model_column_is_in_its_file_or_derived():
    """A column added to a model must be added to its file (or derived on import)."""
    derived = {"created_at", "ssh_keys", "token"}  # created_at = updated_at; ssh keys stay local; asset_token(id)
    for name in ENTITY_FILES:
        spec = SPEC_BY_FILE[name]
        assert set(spec.table.c.keys()) - {column.attr for column in spec.columns} <= derived, name
