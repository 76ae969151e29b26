"""The Candidates filter's search index (store/search.py): the filter lists the same rows
as the plain LIKE filter it speeds up, and every way employees are written (the ORM, the
CSV import, the demo, an upgrade) keeps the index in step with the employee table."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, or_, select, text, update

from advocacy_tui.store import search
from advocacy_tui.store.audit import audit_page, count_audit, refresh_ranking
from advocacy_tui.store.csv_import import ImportRejected, import_files
from advocacy_tui.store.database import open_store
from advocacy_tui.store.models import AuditRank, Employee
from tests.conftest import TODAY

FIXTURES = Path(__file__).parent.parent / "fixtures"

# (name, department, title): ASCII and not, quotes, LIKE's wildcards, FTS5's own syntax.
PEOPLE = [
    ("Ada Lovelace", "Engineering", "Senior Engineer"),
    ("Grace Hopper", "Engineering", "Rear Admiral"),
    ("Zoë Ångström", "Research", "Senior Robotics Engineer"),
    ("José Núñez", "Ventas", "Director de Ventas"),
    ("ZOË ÅNGSTRÖM", "RESEARCH", "SENIOR ROBOTICS ENGINEER"),
    ("Łukasz Żółw", "Inżynieria", "Inżynier"),
    ("İlker Yılmaz", "İstanbul Office", "Genel Müdür"),
    ("ilker yilmaz", "istanbul office", "genel mudur"),
    ("Straße Müller", "Straßenbau", "Leiter"),
    ("Kelvin \u212a Smith", "Physics", "Kelvin \u212aeeper"),  # KELVIN SIGN, which folds to k
    ("Ma\u017fter Long", "Typography", "Long \u017f Setter"),  # LATIN SMALL LETTER LONG S
    ("Conor O'Brien", "Sales", "Account Executive"),
    ('Ann "Nan" Lee', "Sales", 'The "Closer"'),
    ("Pat Percent", "Finance", "100% Owner"),
    ("Under Score", "R&D", "a_b tester"),
    ("Axb Person", "R&D", "axb tester"),
    ("Carol AND Dave", "OR Team", "NOT NEAR"),
    ("Colon Person", "name:eng", "title: (lead)*"),
    ("Hyphen Pers-on", "Back-end", "-Dev"),
    ("東京 太郎", "日本語チーム", "エンジニア"),
    ("Emoji Fan", "🙂 Team", "Chief 🙂 Officer"),
    ("Back Slash", "Ops\\Infra", "C:\\Admin"),
    ("Vp Engineering", "Engineering", "VP Engineering"),
]

QUERIES = [
    "a", "A", "ab", "Ad", "ada", "ADA", "eng", "Engineer", "senior engineer", "  senior   ENGINEER ",
    "senior robotics engi", "robotics zoë", "zoë", "ZOË", "Zoe", "ångström", "ÅNGSTRÖM", "angstrom",
    "josé", "JOSÉ", "núñez", "ñ", "Ż", "żółw", "ŻÓŁW", "İl", "ilker", "İlker", "İstanbul", "istanbul",
    "straße", "STRASSE", "strasse", "kelvin", "keeper", "\u212aeeper", "master", "ma\u017fter", "long",
    "o'brien", "o'", "'", '"', '""', '"nan"', 'the "closer"', '"closer', "%", "%%", "100%", "100",
    "a_b", "_", "__", "_b_", "a%b", "%owner", "own%", "and", "AND", "or", "NOT", "NEAR", "near",
    "name:eng", "name:", "title:", "(lead)*", "*", "lead)", "^ada", "-dev", "back-end", "-",
    "東京", "東京 太郎", "日本語", "日本語チーム", "エンジニア", "🙂", "🙂 team", "chief 🙂",
    "ops\\infra", "\\", "c:\\admin", "vp eng", "vp", "zzzz", "nowhere at all", "x", "ee",
]


def add_people(store, people=PEOPLE) -> list[str]:
    ids = []
    with store.writing() as session:
        for number, (name, department, title) in enumerate(people):
            employee = Employee(
                email=f"{uuid.uuid4().hex}@example.com", name=name, department=department, title=title,
                network_size=100 + number,
            )
            session.add(employee)
            session.flush()
            ids.append(employee.id)
    return ids


def ranked(store) -> None:
    refresh_ranking(store, TODAY, top_n=5, force=True)


def before(store, text: str) -> list[str]:
    """The filter as it was before the index: ILIKE '%word%' on name, department or title
    for every word, in rank order."""
    query = select(AuditRank.employee_id).join(Employee, Employee.id == AuditRank.employee_id)
    for word in text.split():
        pattern = f"%{word}%"
        query = query.where(
            or_(Employee.name.ilike(pattern), Employee.department.ilike(pattern), Employee.title.ilike(pattern))
        )
    with store.reading() as session:
        return list(session.execute(query.order_by(AuditRank.rank)).scalars())


def listed(store, text: str, **kwargs) -> list[str]:
    return [row.employee_id for row in audit_page(store, 0, 1000, text, **kwargs)]


def has_index(store) -> bool:
    with store.reading() as session:
        return search.sqlite_index_ready(session)


def index_agrees(path: Path) -> None:
    """FTS5's own check, comparing the index with the employee table it indexes."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("INSERT INTO employee_search(employee_search, rank) VALUES ('integrity-check', 1)")
    finally:
        connection.close()


def offered(store, word: str) -> set[str]:
    """The ids of the employees the index offers for one word."""
    with store.reading() as session:
        query = text(
            "SELECT id FROM employee WHERE rowid IN "
            "(SELECT rowid FROM employee_search WHERE employee_search MATCH :q)"
        )
        return set(session.execute(query, {"q": search.match_query([word])}).scalars())


# --------------------------------------------------------------------------- same rows


def test_a_new_sqlite_file_has_the_index_and_its_triggers(sqlite_store):
    assert has_index(sqlite_store)
    with sqlite_store.reading() as session:
        names = set(session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    assert {"employee_search_ai", "employee_search_ad", "employee_search_au"} <= names


def test_the_filter_lists_the_same_rows_as_before(store):
    add_people(store)
    add_people(store)  # twice: every match has company
    ranked(store)
    assert has_index(store) == store.is_sqlite
    for query in QUERIES:
        expected = before(store, query)
        assert listed(store, query) == expected, query
        assert count_audit(store, query) == len(expected), query


@pytest.mark.parametrize("query", ["eng", "senior engineer", "a", "ee", "a_b", "zzzz", "zoë"])
def test_pages_are_the_same_whichever_way_they_are_read(sqlite_store, query):
    """Many matches or few, told the count or not (or told a wrong one), through the index
    or without: the same page."""
    add_people(sqlite_store)
    add_people(sqlite_store)
    ranked(sqlite_store)
    expected = before(sqlite_store, query)
    for offset, limit in [(0, 1), (0, 3), (1, 2), (3, 5), (0, 100), (40, 10)]:
        want = expected[offset : offset + limit]
        for matches in (None, len(expected), 0, 1, 10**6):
            page = [row.employee_id for row in audit_page(sqlite_store, offset, limit, query, matches=matches)]
            assert page == want, (offset, limit, matches)


def test_without_the_index_the_filter_still_works(sqlite_store):
    """A file without the index (a SQLite without trigram, or a v5 file from before the
    index) filters with LIKE alone."""
    add_people(sqlite_store)
    with sqlite_store.writing() as session:
        for name in ("employee_search_ai", "employee_search_ad", "employee_search_au"):
            session.execute(text(f"DROP TRIGGER {name}"))
        session.execute(text("DROP TABLE employee_search"))
    sqlite_store.close()
    reopened = open_store(sqlite_store.path)
    try:
        assert not has_index(reopened)
        ranked(reopened)
        for query in QUERIES:
            assert listed(reopened, query) == before(reopened, query), query
            assert count_audit(reopened, query) == len(before(reopened, query)), query
    finally:
        reopened.close()


def test_a_sqlite_without_trigram_gets_no_index(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "sqlite_has_trigram", lambda connection: False)
    store = open_store(tmp_path / "old-sqlite.sqlite")
    try:
        assert not has_index(store)
        add_people(store)
        ranked(store)
        assert listed(store, "senior engineer") == before(store, "senior engineer") != []
    finally:
        store.close()


def test_a_server_without_pg_trgm_opens_without_the_indexes(backend, new_target, monkeypatch):
    """Creating the extension may be refused (it takes a privilege the role may lack): the
    schema is made all the same, without the trigram indexes, and the filter works."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr(search, "POSTGRESQL_EXTENSION", "no_such_extension_here")
    store = open_store(new_target("refused", blank=True))
    try:
        with store.reading() as session:
            query = text("SELECT indexname FROM pg_indexes WHERE tablename = 'employee'")
            indexes = session.execute(query).scalars().all()
        assert not [name for name in indexes if name.endswith("_trgm")]
        add_people(store)
        ranked(store)
        assert listed(store, "senior engineer") == before(store, "senior engineer") != []
    finally:
        store.close()


def test_the_match_query_quotes_every_run():
    assert search.match_query(["ab", "x"]) is None
    assert search.match_query(["abc"]) == '"abc"'
    assert search.match_query(['say"hi', "abc", "abc"]) == '"say""hi" AND "abc"'
    assert search.match_query(["a_b", "%%", "__x"]) is None
    assert search.match_query(["100%", "ab_cde"]) == '"100" AND "cde"'
    assert search.match_query(["ÉCOLE", "東京都"]) == '"ÉCOLE" AND "東京都"'


# --------------------------------------------------------------------------- in step


def test_orm_inserts_updates_and_deletes_keep_the_index_in_step(sqlite_store):
    ada, grace = add_people(
        sqlite_store, [("Ada Lovelace", "Engineering", "Engineer"), ("Grace Hopper", "Navy", "Admiral")]
    )
    assert offered(sqlite_store, "lovelace") == {ada}
    with sqlite_store.writing() as session:
        session.get(Employee, ada).name = "Ada King"
        session.get(Employee, grace).title = "Rear Admiral"
    assert offered(sqlite_store, "lovelace") == set()
    assert offered(sqlite_store, "king") == {ada}
    assert offered(sqlite_store, "rear adm") == {grace}
    with sqlite_store.writing() as session:
        session.get(Employee, grace).network_size = 9000  # not a searched column
        session.execute(update(Employee).where(Employee.id == ada).values(department="Analytics"))
    assert offered(sqlite_store, "analytics") == {ada}
    assert offered(sqlite_store, "engineering") == set()
    with sqlite_store.writing() as session:
        session.delete(session.get(Employee, grace))
    assert offered(sqlite_store, "hopper") == set()
    with sqlite_store.writing() as session:
        session.execute(delete(Employee))
    assert offered(sqlite_store, "king") == set()
    index_agrees(sqlite_store.path)


def test_a_tombstoned_employee_leaves_the_filter_with_the_ranking(sqlite_store):
    ada, grace = add_people(sqlite_store, [("Ada Lovelace", "Eng", "Engineer"), ("Ada Byron", "Eng", "Engineer")])
    ranked(sqlite_store)
    assert set(listed(sqlite_store, "ada")) == {ada, grace}
    with sqlite_store.writing() as session:
        employee = session.get(Employee, grace)
        employee.deleted_at = employee.updated_at
    ranked(sqlite_store)
    assert listed(sqlite_store, "ada") == [ada] == before(sqlite_store, "ada")
    index_agrees(sqlite_store.path)


EMPLOYEES_CSV = (
    "id,email,name,department,title,seniority,manager_email,network_size,location,advocate_token,updated_at,deleted_at"
)


def employees_csv(folder: Path, rows: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "employees.csv"
    path.write_text("\n".join([EMPLOYEES_CSV, *rows]) + "\n", encoding="utf-8")
    return path


def csv_row(ident: str, name: str, title: str, stamp: str, deleted: str = "") -> str:
    email = ident.removeprefix("e-") + "@example.com"
    return f"{ident},{email},{name},Engineering,{title},ic,,120,London,,{stamp},{deleted}"


def triggers(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        connection.close()


def test_csv_imports_keep_the_index_in_step(sqlite_store, tmp_path):
    path = sqlite_store.path
    all_triggers = triggers(path)
    # Into an empty table: the bulk path, which builds the index once after the load.
    first = [csv_row(f"e-{n}", f"Person {n} Lovelace", "Engineer", "2026-11-01T08:00:00Z") for n in range(30)]
    import_files(sqlite_store, [employees_csv(tmp_path / "one", first)])
    assert triggers(path) == all_triggers
    index_agrees(path)
    assert len(offered(sqlite_store, "lovelace")) == 30
    # Newer rows: updated in place (and a new one inserted), row by row through the triggers.
    second = [
        csv_row("e-1", "Person 1 Hopper", "Admiral", "2026-11-02T08:00:00Z"),
        csv_row("e-2", "Person 2 Lovelace", "Admiral", "2026-11-02T08:00:00Z", deleted="2026-11-02T08:00:00Z"),
        csv_row("e-new", "Newcomer Byron", "Poet", "2026-11-02T08:00:00Z"),
    ]
    import_files(sqlite_store, [employees_csv(tmp_path / "two", second)])
    index_agrees(path)
    assert offered(sqlite_store, "hopper") == {"e-1"}
    assert offered(sqlite_store, "byron") == {"e-new"}
    assert len(offered(sqlite_store, "lovelace")) == 29  # e-2 is a tombstone, still a row
    assert offered(sqlite_store, "admiral") == {"e-1", "e-2"}
    ranked(sqlite_store)
    for query in ("lovelace", "person 2", "admiral", "hopper", "byron", "per", "e"):
        assert listed(sqlite_store, query) == before(sqlite_store, query), query
    assert "e-2" not in listed(sqlite_store, "lovelace")


def test_a_rejected_bulk_import_leaves_the_triggers_and_the_index(sqlite_store, tmp_path):
    path = sqlite_store.path
    all_triggers = triggers(path)
    rows = [csv_row(f"e-{n}", f"Person {n}", "Engineer", "2026-11-01T08:00:00Z") for n in range(5)]
    rows.append(csv_row("e-bad", "Bad Row", "Engineer", "not a time"))
    with pytest.raises(ImportRejected):
        import_files(sqlite_store, [employees_csv(tmp_path / "bad", rows)])
    assert triggers(path) == all_triggers
    add_people(sqlite_store, [("After Reject", "Eng", "Engineer")])
    assert len(offered(sqlite_store, "after reject")) == 1
    index_agrees(path)


def test_the_demo_writes_the_index(demo_db):
    index_agrees(demo_db)
    assert {"employee_search_ai", "employee_search_ad", "employee_search_au"} <= triggers(demo_db)
    store = open_store(demo_db)
    try:
        assert has_index(store)
        for query in ("senior engineer", "eng", "a", "sales director", "zzz"):
            assert listed(store, query) == before(store, query), query
    finally:
        store.close()


def test_clearing_the_demo_empties_the_index(demo_db):
    from advocacy_tui.store.demo import reset

    store = open_store(demo_db)
    try:
        reset.clear(store)
        assert offered(store, "eng") == set()
        add_people(store, [("After Clear", "Eng", "Engineer")])
        assert len(offered(store, "eng")) == 1
    finally:
        store.close()
    assert {"employee_search_ai", "employee_search_ad", "employee_search_au"} <= triggers(demo_db)
    index_agrees(demo_db)


def test_an_upgraded_file_gets_the_index_over_its_employees(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    store = open_store(path)
    try:
        assert has_index(store)
        index_agrees(path)
        ranked(store)
        with store.reading() as session:
            names = session.execute(select(Employee.name)).scalars().all()
        word = names[0].split()[0]
        assert listed(store, word) == before(store, word) != []
        add_people(store, [("Upgraded Newcomer", "Eng", "Engineer")])
        assert len(offered(store, "newcomer")) == 1
    finally:
        store.close()
    index_agrees(path)


# --------------------------------------------------------------------------- first look and narrowing


@pytest.mark.parametrize("probe", [1, 3, 2000])
def test_the_first_look_lists_the_same_rows_as_before(store, monkeypatch, probe):
    """`first_matches` (the filter's one question per keystroke) gives the first rows in
    rank order, all of them when it says so, whichever of its ways it reads them: within
    the top ranks, on down the ranking, through the index or reading every employee."""
    from advocacy_tui.store import audit

    monkeypatch.setattr(audit, "PROBE_RANKS", probe)
    add_people(store)
    add_people(store)
    ranked(store)
    for query in QUERIES:
        expected = before(store, query)
        for want, complete_up_to in [(1, 1), (2, 5), (3, 100), (200, 2000)]:
            first = audit.first_matches(store, query, want=want, complete_up_to=complete_up_to)
            ids = [row.employee_id for row in first.rows]
            if first.complete:
                assert ids == expected, (query, want, complete_up_to)
            else:
                assert ids == expected[:want] and len(expected) > want, (query, want, complete_up_to)
                assert audit.narrowed(first, query + "x") is None  # not every match: cannot narrow


def test_a_bounded_count_says_more_or_the_count(store):
    add_people(store)
    ranked(store)
    for query in ["eng", "senior engineer", "a", "zzzz", "a_b"]:
        count = len(before(store, query))
        assert count_audit(store, query, at_most=count) == count
        assert count_audit(store, query, at_most=count + 5) == count
        assert count_audit(store, query, at_most=max(0, count - 1)) is (None if count else 0)
    assert count_audit(store, "", at_most=1) == len(PEOPLE)  # unfiltered: exact, and cheap


def typed(text: str) -> list[str]:
    """What the filter holds as `text` is typed one key at a time."""
    return [text[: end + 1] for end in range(len(text))]


def test_narrowing_the_last_matches_gives_what_the_store_gives(sqlite_store):
    """As the user types, a text that only narrows the last one ("robotics" then
    "robotics e") is filtered from the last matches without the store: the same rows."""
    from advocacy_tui.store.audit import first_matches, narrowed

    add_people(sqlite_store)
    add_people(sqlite_store)
    ranked(sqlite_store)
    narrowings = 0
    for query in QUERIES + ["senior robotics engineer", "zoë ångström", "VP Eng", "Ada L", "ops\\in"]:
        previous = None
        for text_now in typed(query):
            first = narrowed(previous, text_now)
            if first is not None:
                narrowings += 1
                assert [row.employee_id for row in first.rows] == before(sqlite_store, text_now), (query, text_now)
                assert first.complete
            else:
                first = first_matches(sqlite_store, text_now, want=200, complete_up_to=2000)
            previous = first
    assert narrowings > 100


def test_narrowing_is_refused_where_it_could_differ(sqlite_store):
    from advocacy_tui.store.audit import FirstMatches, narrowed

    every = FirstMatches("eng", [], complete=True)
    assert narrowed(every, "eng") is not None
    assert narrowed(every, "engi x") is not None
    assert narrowed(every, "en") is None  # backspace: more rows, not fewer
    assert narrowed(every, "sales") is None  # another word
    assert narrowed(every, "eng%") is None and narrowed(FirstMatches("a_", [], complete=True), "a_b") is None
    assert narrowed(FirstMatches("eng", [], complete=False), "engi") is None  # not every match
    assert narrowed(every, "engi", sqlite=False) is None  # ILIKE folds more than SQLite's LIKE
    assert narrowed(None, "eng") is None and narrowed(every, "   ") is None


def test_an_interrupt_stops_a_running_query_and_no_later_one(sqlite_store):
    import threading

    from advocacy_tui.store.audit import Interrupt, _watched
    from advocacy_tui.store.errors import StoreError

    interrupt = Interrupt()
    endless = text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    timer = threading.Timer(0.2, interrupt.cancel)
    timer.start()
    with pytest.raises(StoreError):
        with sqlite_store.reading() as session, _watched(session, interrupt):
            session.execute(endless).scalar()
    timer.join()
    interrupt.cancel()  # nothing runs: no effect on what comes next
    with sqlite_store.reading() as session, _watched(session, interrupt):
        assert session.execute(text("SELECT 41 + 1")).scalar() == 42
