"""A read-only or full disk: `advocacy import` says so in one line, exits 1, and leaves the
database exactly as it was (and usable again once the disk is writable or has room).

Read-only: a file and a folder made read-only with chmod (as root, the command runs
without the capabilities that let root ignore file modes), and, where mounting is allowed,
a file system mounted read-only. Full: where mounting is allowed, a tiny tmpfs filled up;
everywhere, writes made to fail with RLIMIT_FSIZE (the kernel refuses to grow any file
past a size, as a full disk would).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import shutil
import signal
import subprocess
from datetime import date
from pathlib import Path

import pytest

from advocacy_tui.store.csv_export import export_all
from advocacy_tui.store.csv_import import import_files
from advocacy_tui.store.database import open_store
from advocacy_tui.store.demo import write_demo
from tests.reliability.dbstate import copy_database, digest, integrity, run_advocacy

DEMO_DAY = date(2026, 11, 23)
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


@pytest.fixture(scope="module")
def program(tmp_path_factory) -> dict[str, Path]:
    """A file holding the demo's employees, and the rest of the demo's export to import."""
    folder = tmp_path_factory.mktemp("disk")
    demo = open_store(folder / "demo.sqlite")
    try:
        write_demo(demo, today=DEMO_DAY)
        export_all(demo, folder / "export")
    finally:
        demo.close()
    base = open_store(folder / "employees.sqlite")
    try:
        import_files(base, [folder / "export" / "employees.csv"])
    finally:
        base.close()
    return {"base": folder / "employees.sqlite", "export": folder / "export"}


def _env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def _import(database: Path, program, tmp_path, **options) -> subprocess.CompletedProcess:
    return run_advocacy("--db", str(database), "import", str(program["export"]), env=_env(tmp_path), **options)


def _refused(result: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 1 with one line on stderr (no traceback) holding one of `words`."""
    message = result.stderr.strip()
    assert result.returncode == 1, (result.returncode, result.stdout, message)
    assert "Traceback" not in message and "\n" not in message, message
    assert message.startswith("advocacy: "), message
    assert any(word in message for word in words), message
    print(message)
    return message


def _intact(database: Path, before: dict[str, str]) -> None:
    """Same rows as before, and a sound file (looked at through a copy, so a read-only or
    full disk cannot stop the look)."""
    look = database.parent.parent / f"look-{database.name}"
    look.unlink(missing_ok=True)
    shutil.copyfile(database, look)
    for suffix in ("-wal", "-shm"):
        Path(f"{look}{suffix}").unlink(missing_ok=True)
        if Path(f"{database}{suffix}").exists():
            shutil.copyfile(f"{database}{suffix}", f"{look}{suffix}")
    assert integrity(look) == ["ok"]
    assert digest(look) == before


# ------------------------------------------------------------------ without privileges


def _as_plain_user():
    """A preexec_fn that makes root subject to file modes (no CAP_DAC_OVERRIDE or
    CAP_DAC_READ_SEARCH after exec), as an ordinary user always is; None when not root."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                os._exit(97)

    probe = subprocess.run(["true"], preexec_fn=drop)
    if probe.returncode == 97:
        pytest.skip("running as root without the right to drop capabilities: chmod cannot stop root")
    return drop


def test_a_read_only_file_is_refused_in_one_line_and_left_as_it_was(program, tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    database = copy_database(program["base"], folder / "program.sqlite")
    before = digest(database)
    database.chmod(0o444)
    result = _import(database, program, tmp_path, preexec_fn=_as_plain_user())
    _refused(result, "read-only")
    _intact(database, before)
    # Writable again, the file imports as usual (nothing the refused run left in the way).
    database.chmod(0o600)
    again = _import(database, program, tmp_path, preexec_fn=_as_plain_user())
    assert again.returncode == 0, again.stderr
    assert digest(database) != before


def test_a_read_only_folder_is_refused_in_one_line_and_left_as_it_was(program, tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    database = copy_database(program["base"], folder / "program.sqlite")
    before = digest(database)
    folder.chmod(0o555)  # the file stays writable; SQLite cannot create its -wal beside it
    try:
        result = _import(database, program, tmp_path, preexec_fn=_as_plain_user())
    finally:
        folder.chmod(0o755)
    assert "cannot be written" in _refused(result, "read-only")  # names the folder as the reason
    _intact(database, before)


def test_writes_failing_past_a_size_are_refused_in_one_line_and_change_nothing(program, tmp_path):
    """RLIMIT_FSIZE: no file may grow past the database's size plus 64 KiB; the import's
    commit fails part way through writing the WAL (EFBIG, as on a disk that filled up)."""
    folder = tmp_path / "db"
    folder.mkdir()
    database = copy_database(program["base"], folder / "program.sqlite")
    before = digest(database)
    limit = database.stat().st_size + 64 * 1024

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = _import(database, program, tmp_path, preexec_fn=limited)
    _refused(result, "disk I/O error", "disk is full")
    _intact(database, before)
    again = _import(database, program, tmp_path)
    assert again.returncode == 0, again.stderr


# ---------------------------------------------------------------------- with mounts


_MOUNT_VERDICT: list[str] = []


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str):
    """A fresh tmpfs of `size` on `folder` (skips the test where mounting is not allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a file system needs root")
    if _MOUNT_VERDICT:
        pytest.skip(_MOUNT_VERDICT[0])
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
        capture_output=True, text=True,
    )
    if mounted.returncode != 0:
        _MOUNT_VERDICT.append(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
        pytest.skip(_MOUNT_VERDICT[0])
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system at `folder` until `leave` bytes (or fewer) are free."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        with contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 65536)
        with contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 512)
    if leave:
        with open(filler, "r+b") as handle:
            handle.truncate(max(0, filler.stat().st_size - leave))


def test_a_read_only_file_system_is_refused_in_one_line_and_left_as_it_was(program, tmp_path):
    with _tmpfs(tmp_path / "mount", "8m") as mount:
        database = copy_database(program["base"], mount / "program.sqlite")
        before = digest(database)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        remount = subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True, text=True)
        assert remount.returncode == 0, remount.stderr
        result = _import(database, program, tmp_path)
        _refused(result, "read-only")
        _intact(database, before)
        # Still readable there: the app and reports can show it.
        cohort = run_advocacy("--db", str(database), "cohort", env=_env(tmp_path))
        assert cohort.returncode == 0, cohort.stderr


@pytest.mark.parametrize("free", [128 * 1024, 0], ids=["nearly-full", "full"])
def test_a_full_disk_is_refused_in_one_line_and_changes_nothing(program, tmp_path, free):
    # Room for the whole import once the filler goes (a WAL and the file, a few MB each).
    with _tmpfs(tmp_path / "mount", "16m") as mount:
        database = copy_database(program["base"], mount / "program.sqlite")
        before = digest(database)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        _fill(mount, free)
        result = _import(database, program, tmp_path)
        _refused(result, "disk is full")
        _intact(database, before)
        # With room again, the same import goes through.
        (mount / "filler").unlink()
        again = _import(database, program, tmp_path)
        assert again.returncode == 0, again.stderr
        assert integrity(database) == ["ok"]
