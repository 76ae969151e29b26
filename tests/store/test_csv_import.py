"""CSV import: what is accepted, what is rejected (and that a rejection changes nothing),
how rows are matched and counted, and dry runs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy_tui.program.tokens import asset_token
from advocacy_tui.store.csv_columns import ENTITY_FILES
from advocacy_tui.store.csv_export import export_all
from advocacy_tui.store.csv_import import (
    ImportRejected,
    Problem,
    expand_paths,
    import_files,
)
from advocacy_tui.store.database import open_store
from advocacy_tui.store.errors import StoreError
from advocacy_tui.store.models import Asset, Employee, Enrollment, Score, Signal, StoreMeta
from tests.backends import store_hash as db_hash

NOW = datetime(2026, 11, 23, 9, 15, 2, 123456)
EMPLOYEES = "id,email,name,department,title,seniority,manager_email,network_size,location,advocate_token,updated_at,deleted_at"
ADA = "e-ada"
GRACE = "e-grace"


def write(folder: Path, name: str, text: str, *, encoding: str = "utf-8", newline: str = "\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def people(folder: Path) -> Path:
    return write(
        folder,
        "employees.csv",
        f"{EMPLOYEES}\n"
        f"{ADA},ada@example.com,Ada Lovelace,Engineering,Engineer,ic,,120,London,adatoken,2026-11-01T08:00:00.000000Z,\n"
        f"{GRACE},grace@example.com,Grace Hopper,Engineering,Admiral,executive,,5000,Arlington,gracetok,2026-11-01T08:00:00.000000Z,\n",
    )


@pytest.fixture
def seeded(store, tmp_path):
    """A store holding Ada and Grace (imported)."""
    import_files(store, [people(tmp_path / "seed")], now=NOW)
    return store


def rejected(store, paths, **kwargs) -> ImportRejected:
    before = db_hash(store)
    with pytest.raises(ImportRejected) as caught:
        import_files(store, paths, now=NOW, **kwargs)
    assert db_hash(store) == before, "a rejected import changed the database"
    return caught.value


def only(problem_list: list[Problem]) -> Problem:
    assert len(problem_list) == 1, problem_list
    return problem_list[0]


# --------------------------------------------------------------------------- the hash


def test_the_database_hash_sees_a_committed_change(seeded, tmp_path):
    before = db_hash(seeded)
    with seeded.writing() as session:
        session.get(Employee, ADA).title = "Analyst"
    assert db_hash(seeded) != before


# --------------------------------------------------------------------------- rejections


def test_a_missing_required_column_is_named_on_line_1(store, tmp_path):
    path = write(tmp_path, "employees.csv", "id,email,department\nx,ada@example.com,Eng\n")
    problem = only(rejected(store, [path]).problems)
    assert (problem.file, problem.line, problem.column) == ("employees.csv", 1, "name")
    assert str(problem) == "employees.csv, line 1, column name: this required column is missing from the header"


def test_a_bad_date_is_named_with_line_and_column(seeded, tmp_path):
    path = write(
        tmp_path,
        "signals.csv",
        "employee_email,source,kind,occurred_on\n"
        "ada@example.com,linkedin,share,2026-11-02\n"
        "ada@example.com,linkedin,share,2026-13-02\n",
    )
    error = rejected(seeded, [path])
    assert str(only(error.problems)) == "signals.csv, line 3, column occurred_on: '2026-13-02' is not a date (YYYY-MM-DD)"
    assert str(error) == str(error.problems[0])


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("1.5", "'1.5' is not a whole number"), ("-3", "-3 is negative; counts are 0 or more"), ("many", "'many' is not a whole number")],
)
def test_a_count_must_be_a_whole_number_not_below_zero(seeded, tmp_path, cell, reason):
    path = write(tmp_path, "signals.csv", f"employee_email,source,kind,occurred_on,reactions\nada@example.com,linkedin,share,2026-11-02,{cell}\n")
    assert str(only(rejected(seeded, [path]).problems)) == f"signals.csv, line 2, column reactions: {reason}"


@pytest.mark.parametrize("mark", ["0", "6", "4.5", ""])
def test_a_score_outside_1_to_5_is_rejected(seeded, tmp_path, mark):
    header = "employee_email,scorer,network_relevance,engagement_quality,subject_depth,cultural_alignment,scored_on"
    path = write(tmp_path, "scores.csv", f"{header}\nada@example.com,coordinator,3,{mark},4,4,2026-11-02\n")
    problem = only(rejected(seeded, [path]).problems)
    assert (problem.line, problem.column) == (2, "engagement_quality")
    assert "1 to 5" in problem.reason


def test_a_value_not_in_its_list_is_rejected(seeded, tmp_path):
    path = write(tmp_path, "signals.csv", "employee_email,source,kind,occurred_on\nada@example.com,myspace,share,2026-11-02\n")
    assert str(only(rejected(seeded, [path]).problems)) == (
        "signals.csv, line 2, column source: 'myspace' is not one of platform, linkedin, internal"
    )


def test_an_email_that_matches_no_employee_is_rejected(seeded, tmp_path):
    path = write(tmp_path, "signals.csv", "employee_email,source,kind,occurred_on\nnobody@example.com,linkedin,share,2026-11-02\n")
    assert str(only(rejected(seeded, [path]).problems)) == (
        "signals.csv, line 2, column employee_email: no employee has the email nobody@example.com"
    )


def test_a_duplicate_id_within_a_file_is_rejected(seeded, tmp_path):
    path = write(
        tmp_path,
        "signals.csv",
        "id,employee_email,source,kind,occurred_on\n"
        "s1,ada@example.com,linkedin,share,2026-11-02\n"
        "s2,ada@example.com,linkedin,share,2026-11-03\n"
        "s1,grace@example.com,linkedin,share,2026-11-04\n",
    )
    problem = only(rejected(seeded, [path]).problems)
    assert (problem.line, problem.column, problem.reason) == (4, "id", "the id s1 appears twice in this file")


def test_a_duplicate_email_within_employees_is_rejected_ignoring_case(store, tmp_path):
    path = write(tmp_path, "employees.csv", "email,name\nada@example.com,Ada\nADA@Example.com,Ada again\n")
    problem = only(rejected(store, [path]).problems)
    assert (problem.line, problem.column) == (3, "email")
    assert "first on line 2" in problem.reason


def test_a_duplicate_natural_key_in_a_hand_made_file_is_rejected(seeded, tmp_path):
    header = "employee_email,scorer,network_relevance,engagement_quality,subject_depth,cultural_alignment,scored_on"
    path = write(
        tmp_path,
        "scores.csv",
        f"{header}\nada@example.com,coordinator,3,3,4,4,2026-11-02\nAda@example.com,coordinator,5,5,5,5,2026-11-02\n",
    )
    problem = only(rejected(seeded, [path]).problems)
    assert problem.line == 3 and "line 2 has the same employee, scorer, scored_on" in problem.reason


def test_bytes_that_are_not_utf8_name_their_line(seeded, tmp_path):
    path = tmp_path / "employees.csv"
    path.write_bytes(
        b"email,name\nzoe@example.com,Zoe\n"
        b'"multi@example.com","two\nlines"\n'
        b"bad@example.com,Fran\xe7ois\n"  # Latin-1, as an old spreadsheet saves it
    )
    problem = only(rejected(seeded, [path]).problems)
    assert (problem.line, problem.column) == (5, None)
    assert str(problem) == "employees.csv, line 5: this line is not UTF-8 text; save the file as CSV UTF-8"


def test_an_enrolled_advocate_needs_orientation_policy_and_opt_in(seeded, tmp_path):
    path = write(
        tmp_path,
        "enrollments.csv",
        "employee_email,channel,status,orientation_on,policy_ack_on,opted_in_on\n"
        "ada@example.com,volunteer,enrolled,2026-11-01,,2026-11-03\n"
        "grace@example.com,manager,invited,,,\n",
    )
    problem = only(rejected(seeded, [path]).problems)
    assert (problem.line, problem.column) == (2, "policy_ack_on")
    assert "enrolled" in problem.reason


def test_an_asset_or_requisition_that_exists_nowhere_is_rejected(seeded, tmp_path):
    folder = tmp_path / "in"
    write(folder, "assets.csv", "id,title,topic,platform,status\na1,Launch,Robots,linkedin,approved\n")
    write(folder, "deliveries.csv", "advocate_email,asset_id,delivered_on,status\nada@example.com,a1,2026-11-02,queued\nada@example.com,a2,2026-11-02,queued\n")
    write(folder, "applications.csv", "requisition_id,applied_on\n,2026-11-02\nr9,2026-11-03\n")
    error = rejected(seeded, [folder])
    assert [str(problem) for problem in error.problems] == [
        "deliveries.csv, line 3, column asset_id: no asset has the id a2",
        "applications.csv, line 3, column requisition_id: no requisition has the id r9",
    ]


def test_a_required_cell_that_is_empty_is_rejected(seeded, tmp_path):
    path = write(tmp_path, "employees.csv", "email,name\nzoe@example.com,   \n")
    assert str(only(rejected(seeded, [path]).problems)) == "employees.csv, line 2, column name: a value is required here"


def test_a_record_spanning_lines_is_reported_at_its_first_line(seeded, tmp_path):
    path = write(
        tmp_path,
        "feedback.csv",
        "advocate_email,kind,text,status,created_on\n"
        'ada@example.com,topic,"first\nsecond\nthird",open,2026-11-02\n'
        'grace@example.com,topic,"one\ntwo",open,someday\n',
    )
    problem = only(rejected(seeded, [path]).problems)
    assert (problem.line, problem.column) == (5, "created_on")


def test_an_email_cannot_be_taken_from_another_employee(seeded, tmp_path):
    path = write(tmp_path, "employees.csv", "id,email,name\ne-new,GRACE@example.com,Impostor\n")
    problem = only(rejected(seeded, [path]).problems)
    assert (problem.line, problem.column) == (2, "email") and "already belongs" in problem.reason


def test_only_the_first_20_problems_are_detailed_and_all_are_counted(seeded, tmp_path):
    rows = "".join(f"ada@example.com,linkedin,share,2026-11-{day:02d},x\n" for day in range(1, 26))
    path = write(tmp_path, "signals.csv", f"employee_email,source,kind,occurred_on,shares\n{rows}")
    error = rejected(seeded, [path])
    assert len(error.problems) == 20 and error.total == 25
    lines = str(error).splitlines()
    assert lines[0].startswith("signals.csv, line 2, column shares:")
    assert lines[19].startswith("signals.csv, line 21,")
    assert lines[20] == "... and 5 more"


def test_a_problem_in_a_later_file_rolls_back_the_earlier_ones(store, tmp_path):
    folder = tmp_path / "in"
    people(folder)
    write(folder, "signals.csv", "employee_email,source,kind,occurred_on\nada@example.com,linkedin,share,yesterday\n")
    error = rejected(store, [folder])
    assert only(error.problems).file == "signals.csv"
    with store.reading() as session:
        assert session.execute(select(func.count()).select_from(Employee)).scalar() == 0


def test_a_file_named_after_no_entity_is_rejected(tmp_path):
    path = write(tmp_path, "people.csv", "email,name\n")
    with pytest.raises(ImportRejected) as caught:
        expand_paths([path])
    problem = only(caught.value.problems)
    assert problem.reason.startswith("cannot tell which entity this file holds; name it one of: employees.csv, requisitions.csv")


def test_a_folder_expands_to_its_entity_files_in_dependency_order(tmp_path):
    for name in ("awards.csv", "signals.csv", "Employees.CSV", "notes.txt"):
        write(tmp_path, name, "x\n")
    assert [path.name for path in expand_paths([tmp_path])] == ["Employees.CSV", "signals.csv", "awards.csv"]
    with pytest.raises(ImportRejected, match="no such file"):
        expand_paths([tmp_path / "missing"])


def test_two_files_of_one_entity_in_one_call_are_refused(store, tmp_path):
    first, second = people(tmp_path / "a"), people(tmp_path / "b")
    assert "import them one at a time" in str(rejected(store, [first, second]))


def test_a_read_only_store_refuses_an_import_but_allows_a_dry_run(sqlite_store, tmp_path):
    import_files(sqlite_store, [people(tmp_path / "seed")], now=NOW)
    sqlite_store.close()
    reader = open_store(sqlite_store.path, read_only=True)
    try:
        path = write(tmp_path, "employees.csv", "email,name\nzoe@example.com,Zoe\n")
        with pytest.raises(StoreError, match="read-only"):
            import_files(reader, [path])
        assert import_files(reader, [path], dry_run=True, now=NOW).files[0].new == 1
    finally:
        reader.close()


# --------------------------------------------------------------------------- accepted


def test_bom_crlf_quoted_newlines_and_trailing_blank_lines_are_accepted(seeded, tmp_path):
    text = (
        "\ufeff Employee_Email ,SOURCE,kind,occurred_on,url,comments\n"
        'ada@example.com,linkedin,share,2026-11-02,"https://x.example/?a=1,2&q=""quoted""",\n'
        'grace@example.com,internal,answer,2026-11-03T10:00:00Z,"line one\nline two",7\n'
        "\n\n"
    )
    path = write(tmp_path, "signals.csv", text, newline="\r\n")
    report = import_files(seeded, [path], now=NOW)
    assert report.files[0].new == 2 and report.files[0].warnings == []
    with seeded.reading() as session:
        signals = {s.employee_id: s for s in session.execute(select(Signal)).scalars()}
    assert signals[ADA].url == 'https://x.example/?a=1,2&q="quoted"'
    assert signals[ADA].comments == 0  # an empty count is 0
    assert signals[GRACE].url == "line one\r\nline two"  # the field's own line break is kept
    assert signals[GRACE].occurred_on == date(2026, 11, 3)


def test_an_extra_column_is_ignored_with_a_warning(seeded, tmp_path):
    path = write(tmp_path, "employees.csv", "email,name,favourite colour\nzoe@example.com,Zoe,teal\n")
    report = import_files(seeded, [path], now=NOW)
    assert report.files[0].warnings == ["column 'favourite colour' is not one of this file's columns; it was ignored"]


def test_a_hand_made_file_gets_fresh_ids_and_now_as_updated_at(store, tmp_path):
    path = write(
        tmp_path,
        "employees.csv",
        "Email,Name,Seniority,Network_Size\nzoe@example.com,Zoe Example,Manager,250\nyann@example.com,Yann,,\n",
    )
    report = import_files(store, [path], now=NOW)
    assert report.files[0].new == 2
    with store.reading() as session:
        rows = {e.email: e for e in session.execute(select(Employee)).scalars()}
    zoe = rows["zoe@example.com"]
    assert len(zoe.id) == 36 and zoe.updated_at == NOW and zoe.created_at == NOW
    assert zoe.seniority == "manager" and zoe.network_size == 250 and len(zoe.advocate_token) == 8
    assert rows["yann@example.com"].seniority == "ic" and rows["yann@example.com"].network_size == 0
    # The same sheet again, corrected: matched by email, so updated rather than duplicated.
    write(tmp_path, "employees.csv", "email,name\nZOE@example.com,Zoe Corrected\n")
    report = import_files(store, [path], now=datetime(2026, 11, 24))
    assert (report.files[0].new, report.files[0].updated) == (0, 1)
    with store.reading() as session:
        again = session.get(Employee, zoe.id)
        assert again.name == "Zoe Corrected" and again.seniority == "manager"  # absent columns kept
        assert again.advocate_token == zoe.advocate_token


def test_hand_made_scores_and_enrollments_match_by_natural_key(seeded, tmp_path):
    header = "employee_email,scorer,network_relevance,engagement_quality,subject_depth,cultural_alignment,scored_on"
    scores = write(tmp_path, "scores.csv", f"{header}\nada@example.com,coordinator,3,3,4,4,2026-11-02\n")
    enrollments = write(tmp_path, "enrollments.csv", "employee_email,channel,status\nada@example.com,volunteer,invited\n")
    import_files(seeded, [scores, enrollments], now=NOW)
    write(tmp_path, "scores.csv", f"{header}\nada@example.com,coordinator,5,3,4,4,2026-11-02\nada@example.com,hr-partner,2,2,2,2,2026-11-02\n")
    write(tmp_path, "enrollments.csv", "employee_email,channel,status\nADA@example.com,volunteer,declined\n")
    report = import_files(seeded, [scores, enrollments], now=datetime(2026, 11, 24))
    assert [(f.new, f.updated) for f in report.files] == [(1, 1), (0, 1)]
    with seeded.reading() as session:
        assert session.execute(select(func.count()).select_from(Score)).scalar() == 2
        assert session.execute(select(Enrollment.status)).scalars().all() == ["declined"]


def test_imported_assets_get_the_token_derived_from_their_id(store, tmp_path):
    path = write(tmp_path, "assets.csv", "id,title,topic,platform,status\nasset-1,Launch,Robots,linkedin,draft\n")
    import_files(store, [path], now=NOW)
    with store.reading() as session:
        assert session.get(Asset, "asset-1").token == asset_token("asset-1")


# --------------------------------------------------------------------------- matching


def test_newer_wins_older_is_stale_equal_is_unchanged_and_tombstones_delete(seeded, tmp_path):
    path = write(
        tmp_path,
        "employees.csv",
        f"{EMPLOYEES}\n"
        f"{ADA},ada@example.com,Ada King,Engineering,Engineer,ic,,120,London,adatoken,2026-11-05T08:00:00.000000Z,\n"
        f"{GRACE},grace@example.com,Grace Old,Engineering,Admiral,executive,,5000,Arlington,gracetok,2026-10-01T08:00:00Z,\n"
        "e-new,new@example.com,New Person,,,ic,,0,,,2026-11-05T08:00:00Z,\n",
    )
    report = import_files(seeded, [path], now=NOW)
    counts = report.files[0]
    assert (counts.new, counts.updated, counts.unchanged, counts.stale, counts.deleted) == (1, 1, 0, 1, 0)
    with seeded.reading() as session:
        assert session.get(Employee, ADA).name == "Ada King"
        assert session.get(Employee, ADA).updated_at == datetime(2026, 11, 5, 8)
        assert session.get(Employee, GRACE).name == "Grace Hopper"
    again = import_files(seeded, [path], now=NOW).files[0]
    assert (again.new, again.updated, again.unchanged, again.stale) == (0, 0, 2, 1)

    tombstones = write(
        tmp_path,
        "employees.csv",
        f"{EMPLOYEES}\n"
        f"{ADA},ada@example.com,Ada King,Engineering,Engineer,ic,,120,London,adatoken,2026-11-06T08:00:00Z,2026-11-06T08:00:00Z\n"
        "e-gone,gone@example.com,Gone,,,ic,,0,,,2026-11-06T08:00:00Z,2026-11-06T08:00:00Z\n",
    )
    counts = import_files(seeded, [tombstones], now=NOW).files[0]
    assert (counts.new, counts.deleted) == (0, 2)
    with seeded.reading() as session:
        assert session.get(Employee, ADA).deleted_at == datetime(2026, 11, 6, 8)
        assert session.get(Employee, "e-gone").deleted_at == datetime(2026, 11, 6, 8)


def test_an_older_row_keeps_naming_its_employee_by_the_old_email(seeded, tmp_path):
    with seeded.writing() as session:  # here Ada changed her email after the other copy exported
        session.get(Employee, ADA).email = "ada.king@example.com"
    folder = tmp_path / "other"
    people(folder)  # the other copy's export, with the old email
    write(folder, "signals.csv", "id,employee_email,source,kind,occurred_on\ns1,ada@example.com,linkedin,share,2026-11-02\n")
    report = import_files(seeded, [folder], now=NOW)
    assert [(f.stale, f.unchanged, f.new) for f in report.files] == [(1, 1, 0), (0, 0, 1)]
    with seeded.reading() as session:
        assert session.get(Signal, "s1").employee_id == ADA
        assert session.get(Employee, ADA).email == "ada.king@example.com"


def test_importing_signals_invalidates_the_audit_ranking_cache(seeded, tmp_path):
    with seeded.writing() as session:
        session.add(StoreMeta(key="audit_rank_stamp", value="old"))
    path = write(tmp_path, "signals.csv", "employee_email,source,kind,occurred_on\nada@example.com,linkedin,share,2026-11-02\n")
    import_files(seeded, [path], now=NOW)
    with seeded.reading() as session:
        assert session.get(StoreMeta, "audit_rank_stamp") is None


# --------------------------------------------------------------------------- dry run


def test_a_dry_run_counts_like_the_real_import_and_writes_nothing(demo_target, tmp_path):
    store = open_store(demo_target)
    try:
        folder = tmp_path / "out"
        export_all(store, folder)
        with store.writing() as session:  # ours newer: that row of the file is stale
            session.execute(select(Employee).order_by(Employee.id).limit(1)).scalar_one().name = "Changed Later"
        with (folder / "employees.csv").open("a", newline="") as handle:  # one the file adds
            handle.write("e-extra,extra@example.com,Extra,,,ic,,0,,,2026-11-20T00:00:00Z,\r\n")
        lines = (folder / "signals.csv").read_text().splitlines()
        stamp = "2027-01-01T00:00:00.000000Z"
        lines[1] = f"{lines[1].rsplit(',', 2)[0]},{stamp},{stamp}"  # a newer tombstone
        (folder / "signals.csv").write_text("\n".join(lines) + "\n")

        before = db_hash(store)
        dry = import_files(store, [folder], dry_run=True, now=NOW)
        assert db_hash(store) == before
        assert dry.dry_run
        employees = dry.files[0]
        assert (employees.new, employees.stale, employees.updated, employees.deleted) == (1, 1, 0, 0)
        assert employees.unchanged == employees.rows - 2
        signals = dry.files[ENTITY_FILES.index("signals.csv")]
        assert (signals.deleted, signals.new, signals.updated, signals.unchanged) == (1, 0, 0, signals.rows - 1)

        real = import_files(store, [folder], now=NOW)
        assert not real.dry_run and real.files == dry.files
        assert db_hash(store) != before
    finally:
        store.close()


def test_progress_reports_rows_read_per_file(seeded, tmp_path):
    rows = "".join(f"ada@example.com,linkedin,share,2026-11-02,{n}\n" for n in range(5))
    path = write(tmp_path, "signals.csv", f"employee_email,source,kind,occurred_on,shares\n{rows}")
    seen = []
    import_files(seeded, [path], now=NOW, progress=lambda name, count: seen.append((name, count)))
    assert seen[-1] == ("signals.csv", 5)


def test_a_file_with_old_mac_line_endings_is_explained(seeded, tmp_path):
    path = write(tmp_path, "employees.csv", "email,name\rzoe@example.com,Zoe\r")
    assert "old Mac line endings" in only(rejected(seeded, [path]).problems).reason


def test_ids_out_of_order_are_still_checked_for_duplicates(seeded, tmp_path):
    rows = ["s5", "s7", "s6", "s1", "s8", "s6"]  # sorted at first, as exports are; then not
    body = "".join(f"{ident},ada@example.com,linkedin,share,2026-11-02\n" for ident in rows)
    path = write(tmp_path, "signals.csv", f"id,employee_email,source,kind,occurred_on\n{body}")
    problem = only(rejected(seeded, [path]).problems)
    assert (problem.line, problem.reason) == (7, "the id s6 appears twice in this file")
    write(tmp_path, "signals.csv", f"id,employee_email,source,kind,occurred_on\n{body.rsplit('s6', 1)[0]}s9,ada@example.com,linkedin,share,2026-11-02\n")
    assert import_files(seeded, [path], now=NOW).files[0].new == 6


def test_a_second_live_delivery_of_the_same_asset_to_an_advocate_is_named_by_line(demo_target, tmp_path):
    store = open_store(demo_target)
    export_all(store, tmp_path / "out")
    lines = (tmp_path / "out" / "deliveries.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first = lines[0], lines[1]
    ident = first.split(",")[0]
    copy = first.replace(ident, "11111111-1111-1111-1111-111111111111", 1)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "deliveries.csv").write_text("\n".join([header, first, copy]) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_files(store, [tmp_path / "in" / "deliveries.csv"])
    assert "deliveries.csv, line 3, column asset_id" in str(rejected.value)
    assert "an asset reaches an advocate once" in str(rejected.value)
    store.close()
