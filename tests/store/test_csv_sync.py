"""Sync between copies: two database files that each change their own rows and exchange
exports end with identical exports; a round trip through an empty database changes nothing.

On the PostgreSQL run the office copy is a PostgreSQL database and the laptop a SQLite
file: a team server and a coordinator's laptop must end identical too."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from advocacy_tui.store.csv_columns import ENTITY_FILES
from advocacy_tui.store.csv_export import export_all
from advocacy_tui.store.csv_import import import_files
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import Asset, Employee, Enrollment, Post, Score, Signal
from tests.store.test_csv_import import db_hash, write

LATER = datetime(2030, 1, 1, 12, 0, 0, 250000)  # after every timestamp in the demo


def exported(store, folder: Path) -> dict[str, bytes]:
    export_all(store, folder)
    return {name: (folder / name).read_bytes() for name in ENTITY_FILES}


def copies(demo_db: Path, demo_target: str, tmp_path: Path):
    """The laptop: a SQLite copy of the demo; the office: a copy on the test's backend."""
    laptop = tmp_path / "laptop.sqlite"
    shutil.copyfile(demo_db, laptop)
    return [open_store(laptop), open_store(demo_target)]


def first(session, model, offset: int = 0):
    return session.execute(select(model).where(model.deleted_at.is_(None)).order_by(model.id).offset(offset).limit(1)).scalar_one()


def test_round_trip_through_an_empty_database_gives_the_same_bytes(demo_target, new_target, tmp_path):
    source, empty = open_store(demo_target), open_store(new_target("empty"))
    try:
        written = export_all(source, tmp_path / "one")
        before = {name: (tmp_path / "one" / name).read_bytes() for name in ENTITY_FILES}
        report = import_files(empty, [tmp_path / "one"])
        assert {f.file: f.new + f.deleted for f in report.files} == written
        assert exported(empty, tmp_path / "two") == before
        again = import_files(empty, [tmp_path / "two"])
        assert {f.file: f.unchanged for f in again.files} == written
    finally:
        source.close()
        empty.close()


def test_two_copies_exchanging_exports_both_ways_end_identical(demo_db, demo_target, tmp_path):
    laptop, office = copies(demo_db, demo_target, tmp_path)
    try:
        with laptop.writing() as session:  # the laptop edits, adds and deletes its own rows
            ada = first(session, Employee)
            ada.name, ada.updated_at = "Renamed on the laptop", LATER
            post = first(session, Post)
            post.deleted_at = post.updated_at = LATER
            session.add(Signal(id="laptop-signal", employee_id=ada.id, source="internal", kind="answer",
                               occurred_on=date(2026, 11, 22), reactions=4, updated_at=LATER, created_at=LATER))
        with office.writing() as session:  # the office changes others
            grace = first(session, Employee, offset=1)
            grace.email, grace.updated_at = "grace.renamed@northwind.example", LATER + timedelta(seconds=1)
            asset = first(session, Asset)
            asset.caption, asset.updated_at = "=SUM(A1:A9) is not a formula here", LATER
            session.add(Score(id="office-score", employee_id=grace.id, scorer="hr-partner", network_relevance=4,
                              engagement_quality=4, subject_depth=3, cultural_alignment=5, scored_on=date(2026, 11, 22),
                              updated_at=LATER, created_at=LATER))
            session.add(Signal(id="office-signal", employee_id=grace.id, source="linkedin", kind="share",
                               occurred_on=date(2026, 11, 21), updated_at=LATER, created_at=LATER))

        exported(laptop, tmp_path / "from-laptop")
        exported(office, tmp_path / "from-office")
        to_office = import_files(office, [tmp_path / "from-laptop"])
        to_laptop = import_files(laptop, [tmp_path / "from-office"])

        counts = {f.file: f for f in to_office.files}
        assert (counts["employees.csv"].updated, counts["employees.csv"].stale) == (1, 1)
        assert (counts["posts.csv"].deleted, counts["signals.csv"].new, counts["signals.csv"].stale) == (1, 1, 0)
        assert counts["assets.csv"].stale == 1
        counts = {f.file: f for f in to_laptop.files}
        assert (counts["employees.csv"].updated, counts["scores.csv"].new, counts["signals.csv"].new) == (1, 1, 1)

        assert exported(laptop, tmp_path / "laptop-after") == exported(office, tmp_path / "office-after")
        with office.reading() as session:
            assert session.get(Signal, "office-signal").employee_id == session.get(Employee, grace.id).id
            assert session.get(Post, post.id).deleted_at == LATER
    finally:
        laptop.close()
        office.close()


def test_a_second_exchange_changes_nothing(demo_db, demo_target, tmp_path):
    laptop, office = copies(demo_db, demo_target, tmp_path)
    try:
        with laptop.writing() as session:
            first(session, Employee).updated_at = LATER
        exported(laptop, tmp_path / "a")
        import_files(office, [tmp_path / "a"])
        before = db_hash(office)
        report = import_files(office, [tmp_path / "a"])
        assert db_hash(office) == before
        assert all(f.unchanged == f.rows for f in report.files)
    finally:
        laptop.close()
        office.close()


def test_an_employee_enrolled_separately_in_two_copies_keeps_the_newer_enrollment(store, new_target, tmp_path):
    folder = tmp_path / "people"
    write(folder, "employees.csv", "id,email,name,advocate_token,updated_at\ne-ada,ada@example.com,Ada,adatoken,2026-11-01T00:00:00Z\n")
    laptop, office = store, open_store(new_target("office"))
    try:
        for copy in (laptop, office):
            import_files(copy, [folder])
        header = "id,employee_email,channel,status,updated_at\n"
        write(tmp_path / "l", "enrollments.csv", header + "n-laptop,ada@example.com,volunteer,nominated,2026-11-02T00:00:00Z\n")
        write(tmp_path / "o", "enrollments.csv", header + "n-office,ada@example.com,manager,invited,2026-11-03T00:00:00Z\n")
        import_files(laptop, [tmp_path / "l"])
        import_files(office, [tmp_path / "o"])

        exported(laptop, tmp_path / "from-laptop")
        exported(office, tmp_path / "from-office")
        to_office = import_files(office, [tmp_path / "from-laptop" / "enrollments.csv"])
        to_laptop = import_files(laptop, [tmp_path / "from-office" / "enrollments.csv"])
        assert to_office.files[0].deleted == 1 and to_laptop.files[0].deleted == 1
        assert "kept enrollment n-office, deleted n-laptop" in to_laptop.files[0].warnings[0]

        for copy in (laptop, office):
            with copy.reading() as session:
                live = session.execute(select(Enrollment.id).where(Enrollment.deleted_at.is_(None))).scalars().all()
                assert live == ["n-office"]
        assert exported(laptop, tmp_path / "l2") == exported(office, tmp_path / "o2")
    finally:
        office.close()


def test_hand_made_rows_travel_with_the_ids_they_were_given(store, new_target, tmp_path):
    office = open_store(new_target("office"))
    try:
        write(tmp_path / "sheet", "employees.csv", "email,name\nzoe@example.com,Zoe\n")
        write(tmp_path / "sheet", "signals.csv", "employee_email,source,kind,occurred_on\nzoe@example.com,linkedin,post,2026-11-20\n")
        import_files(store, [tmp_path / "sheet"])
        exported(store, tmp_path / "from-laptop")
        import_files(office, [tmp_path / "from-laptop"])
        with store.reading() as session, office.reading() as other:
            assert session.execute(select(Employee.id)).scalar() == other.execute(select(Employee.id)).scalar()
            assert session.execute(select(Signal.id)).scalar() == other.execute(select(Signal.id)).scalar()
        assert exported(store, tmp_path / "a") == exported(office, tmp_path / "b")
    finally:
        office.close()


def test_the_portable_write_path_gives_the_same_result(demo_db, tmp_path, monkeypatch):
    """Other databases get dicts of Python values through Core; the same rows must come out."""
    from advocacy_tui.store import csv_tables

    source = open_store(demo_db)
    try:
        before = exported(source, tmp_path / "one")
    finally:
        source.close()
    monkeypatch.setattr(csv_tables, "SQLITE_DRIVER_PATH", False)
    target = open_store(tmp_path / "portable.sqlite")
    try:
        import_files(target, [tmp_path / "one"])
        with target.writing() as session:  # and the update path, with a newer row
            session.get(Employee, session.execute(select(Employee.id).order_by(Employee.id)).scalars().first()).name = "x"
        import_files(target, [tmp_path / "one"])
        changed = exported(target, tmp_path / "two")
        assert {name: data for name, data in changed.items() if name != "employees.csv"} == {
            name: data for name, data in before.items() if name != "employees.csv"
        }
    finally:
        target.close()
