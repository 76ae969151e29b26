"""The SSH door with the real OpenSSH client: who gets in, what they get, what is refused.

One door process serves the module (started as a user would: `advocacy serve-ssh`), on a
copy of the demo program. Window sizes, exit statuses and hang-ups are checked in-process
with a stand-in view and asyncssh's client, where the child's side can be observed.
"""

from __future__ import annotations

import asyncio
import base64
import os
import pty
import queue
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pytest
from sqlalchemy import select as sql_select

from advocacy_tui.door.child import view_command, view_env
from advocacy_tui.door.keys import KeyOwner, key_owner, load_or_create_host_key
from advocacy_tui.door.server import Door, start_door
from advocacy_tui.door.terminal import PtyRelay, open_terminal, set_window_size, window_size
from advocacy_tui.store.cohort import add_ssh_key, remove_ssh_key, withdraw
from advocacy_tui.store.cohort.queries import receives
from advocacy_tui.store.database import open_store
from advocacy_tui.store.desk import AdvocateDesk
from advocacy_tui.store.models import Employee, Enrollment
from tests.conftest import TODAY

SSH = shutil.which("ssh")
SSH_KEYGEN = shutil.which("ssh-keygen")
pytestmark = pytest.mark.skipif(not (SSH and SSH_KEYGEN), reason="needs the OpenSSH client")

LISTENING = re.compile(r"SSH door for advocates on 127\.0\.0\.1:(\d+) \(host key (SHA256:\S+)\)")
# CSI sequences (colours, cursor moves, modes), OSC sequences (titles), and lone escapes.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


# ---------------------------------------------------------------------------- helpers


@dataclass
class DoorProcess:
    process: subprocess.Popen
    port: int
    host_key_fingerprint: str
    _log: list[str] = field(default_factory=list)

    def log(self) -> str:
        return "".join(self._log)

    def wait_for_log(self, text: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return self.log()
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared in the door's log:\n{self.log()}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def door_env(base: Path) -> dict[str, str]:
    env = {**os.environ, "XDG_DATA_HOME": str(base / "data"), "XDG_CONFIG_HOME": str(base / "config")}
    env["ADVOCACY_TODAY"] = TODAY.isoformat()
    for name in ("ADVOCACY_DB", "ADVOCACY_CONFIG"):
        env.pop(name, None)
    return env


def start_door_process(db: Path, base: Path, host_key: Path, timeout: float = 20) -> DoorProcess:
    process = subprocess.Popen(
        [
            sys.executable, "-m", "advocacy_tui", "--db", str(db), "--config", str(base / "config.toml"),
            "serve-ssh", "--host", "127.0.0.1", "--port", "0", "--host-key", str(host_key),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=door_env(base),
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []
    # Readers in threads, so neither pipe can fill up and block the door.
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    threading.Thread(target=lambda: [log.append(line) for line in process.stderr], daemon=True).start()
    try:
        first = lines.get(timeout=timeout)
    except queue.Empty:
        process.kill()
        raise AssertionError(f"the door did not start:\n{''.join(log)}") from None
    match = LISTENING.search(first)
    if not match:
        process.kill()
        raise AssertionError(f"unexpected first line {first!r}:\n{''.join(log)}")
    return DoorProcess(process, int(match.group(1)), match.group(2), log)


def make_key(path: Path) -> Path:
    subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", path.name, "-f", str(path)], check=True)
    return path


def ssh_options(port: int, key: Path | None) -> list[str]:
    options = [
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey", "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=10", "-F", "/dev/null", "-p", str(port),
    ]
    return options + (["-i", str(key)] if key else [])


def ssh(port: int, key: Path | None, *args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SSH, *ssh_options(port, key), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def screen_text(raw: bytes) -> str:
    return ANSI.sub("", raw.decode("utf-8", "replace"))


def enrolled_emails(store) -> list[str]:
    query = (
        sql_select(Employee.email)
        .join(Enrollment, Enrollment.employee_id == Employee.id)
        .where(receives())
        .order_by(Employee.email)
    )
    with store.reading() as session:
        return list(session.scalars(query))


def employee_id(store, email: str) -> str:
    with store.reading() as session:
        return session.scalars(sql_select(Employee.id).where(Employee.email == email)).one()


def token_of(store, email: str) -> str:
    with store.reading() as session:
        return session.scalars(sql_select(Employee.advocate_token).where(Employee.email == email)).one()


def public_line(key: Path) -> str:
    return Path(f"{key}.pub").read_text()


# --------------------------------------------------------------------------- the door


@dataclass
class World:
    door: DoorProcess
    db: Path
    base: Path
    viewer: str  # enrolled, with a key and a non-empty queue
    viewer_key: Path
    leaver: str  # had a key while enrolled, then withdrew
    leaver_key: Path
    spare: str  # enrolled, no key yet: for tests that change things
    unknown_key: Path


@pytest.fixture(scope="module")
def world(demo_file, tmp_path_factory):
    base = tmp_path_factory.mktemp("door")
    db = base / "demo.sqlite"
    shutil.copyfile(demo_file, db)
    keys = base / "keys"
    keys.mkdir()
    store = open_store(db)
    try:
        emails = enrolled_emails(store)
        viewer = next(email for email in emails if AdvocateDesk.open(store, email).queue(TODAY))
        leaver, spare = [email for email in emails if email != viewer][:2]
        viewer_key = make_key(keys / "viewer")
        leaver_key = make_key(keys / "leaver")
        add_ssh_key(store, viewer, public_line(viewer_key))
        add_ssh_key(store, leaver, public_line(leaver_key))
        withdraw(store, employee_id(store, leaver), "moved to another team", TODAY, "test")
    finally:
        store.close()
    door = start_door_process(db, base, base / "host_key")
    try:
        yield World(door, db, base, viewer, viewer_key, leaver, leaver_key, spare, make_key(keys / "unknown"))
    finally:
        door.stop()


# ----------------------------------------------------------------------- who gets in


def test_an_enrolled_advocates_key_is_accepted_and_a_shell_without_a_terminal_is_explained(world):
    result = ssh(world.door.port, world.viewer_key, "-T", "127.0.0.1")
    assert result.returncode == 1
    assert "connect with `ssh -t`" in result.stderr
    log = world.door.wait_for_log(f"refused a shell without a terminal for {world.viewer}")
    assert f"as {world.viewer}" in log


def test_an_unknown_key_is_refused(world):
    result = ssh(world.door.port, world.unknown_key, "-tt", "127.0.0.1")
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr
    fingerprint = subprocess.run(
        [SSH_KEYGEN, "-l", "-f", f"{world.unknown_key}.pub"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    world.door.wait_for_log(f"refused key {fingerprint} from 127.0.0.1: no advocate has this key")


def test_a_withdrawn_advocates_key_is_refused(world):
    result = ssh(world.door.port, world.leaver_key, "-tt", "127.0.0.1")
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr
    world.door.wait_for_log(f"recorded for {world.leaver}, whose enrollment is withdrawn")


def test_withdrawing_or_removing_a_key_takes_effect_on_the_next_connection(world, tmp_path):
    key = make_key(tmp_path / "spare")
    store = open_store(world.db)
    try:
        recorded = add_ssh_key(store, world.spare, public_line(key))
        assert ssh(world.door.port, key, "-T", "127.0.0.1").returncode == 1  # in (and told to use -t)
        remove_ssh_key(store, world.spare, recorded.fingerprint)
        assert ssh(world.door.port, key, "-T", "127.0.0.1").returncode == 255
        add_ssh_key(store, world.spare, public_line(key))
        assert ssh(world.door.port, key, "-T", "127.0.0.1").returncode == 1
        withdraw(store, employee_id(store, world.spare), "on leave", TODAY, "test")
        assert ssh(world.door.port, key, "-T", "127.0.0.1").returncode == 255
    finally:
        store.close()


def test_passwords_and_keyboard_interactive_are_not_offered(world):
    result = ssh(
        world.door.port, None, "-o", "PreferredAuthentications=password,keyboard-interactive",
        "-o", "PubkeyAuthentication=no", "127.0.0.1",
    )
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr

    async def with_password(method: str) -> None:
        await asyncssh.connect(
            "127.0.0.1", world.door.port, username=world.viewer, password="hunter2", known_hosts=None,
            client_keys=None, agent_path=None, preferred_auth=method,
        )

    for method in ("password", "keyboard-interactive"):
        with pytest.raises(asyncssh.PermissionDenied):
            asyncio.run(with_password(method))


# -------------------------------------------------------------- what else is refused


def test_a_command_is_refused_and_runs_no_view(world):
    result = ssh(world.door.port, world.viewer_key, "127.0.0.1", "cat /etc/passwd")
    assert result.returncode != 0
    assert "root:" not in result.stdout
    log = world.door.wait_for_log(f"refused a command from {world.viewer}")
    assert "/etc/passwd" not in log  # the client's command is not logged


def test_a_command_on_a_terminal_is_refused_too(world):
    result = ssh(world.door.port, world.viewer_key, "-tt", "127.0.0.1", "sh")
    assert result.returncode != 0
    assert "exec request failed" in result.stderr


def test_sftp_and_other_subsystems_are_refused(world):
    result = ssh(world.door.port, world.viewer_key, "-s", "127.0.0.1", "sftp")
    assert result.returncode != 0
    assert "subsystem request failed" in result.stderr
    world.door.wait_for_log(f"refused the subsystem 'sftp' for {world.viewer}")


def test_port_forwarding_is_refused_both_ways(world):
    local = ssh(world.door.port, world.viewer_key, "-W", f"127.0.0.1:{world.door.port}", "127.0.0.1")
    assert local.returncode == 255
    assert "forwarding failed" in local.stderr or "open failed" in local.stderr
    remote = ssh(
        world.door.port, world.viewer_key, "-N", "-o", "ExitOnForwardFailure=yes",
        "-R", "0:127.0.0.1:9", "127.0.0.1",
    )
    assert remote.returncode == 255
    assert "remote port forwarding failed" in remote.stderr
    log = world.door.log()
    assert f"refused port forwarding for {world.viewer}" in log
    assert f"refused remote port forwarding for {world.viewer}" in log


def test_agent_and_x11_forwarding_are_not_granted(world):
    # -A and -X are requests ssh makes quietly: the door says no, and the session still
    # gets nothing but the explanation (no terminal asked for).
    result = ssh(world.door.port, world.viewer_key, "-T", "-A", "-X", "127.0.0.1")
    assert result.returncode == 1
    assert "connect with `ssh -t`" in result.stderr


# ----------------------------------------------------------------------- the log


def test_the_log_names_fingerprint_and_email_but_no_key_material_or_token(world):
    ssh(world.door.port, world.viewer_key, "-T", "127.0.0.1")
    ssh(world.door.port, world.leaver_key, "-T", "127.0.0.1")
    fingerprint = subprocess.run(
        [SSH_KEYGEN, "-l", "-f", f"{world.viewer_key}.pub"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    log = world.door.wait_for_log(f"accepted key {fingerprint} from 127.0.0.1 as {world.viewer}")
    store = open_store(world.db)
    try:
        secrets = [token_of(store, world.viewer), token_of(store, world.leaver)]
    finally:
        store.close()
    for key in (world.viewer_key, world.leaver_key, world.unknown_key):
        secrets.append(public_line(key).split()[1])
    for secret in secrets:
        assert secret not in log
    assert all(line.count("\n") <= 1 for line in log.splitlines(keepends=True))


# ------------------------------------------------------------------ the host key


def test_the_host_key_is_created_private_and_reused(world, tmp_path):
    host_key = tmp_path / "keys" / "door_host_key"
    first = start_door_process(world.db, world.base, host_key)
    try:
        assert stat.S_IMODE(host_key.stat().st_mode) == 0o600
        listed = subprocess.run([SSH_KEYGEN, "-l", "-f", str(host_key)], capture_output=True, text=True, check=True)
        assert listed.stdout.split()[1] == first.host_key_fingerprint
    finally:
        assert first.stop() == 0
    assert "closing" in first.log()
    second = start_door_process(world.db, world.base, host_key)
    try:
        assert second.host_key_fingerprint == first.host_key_fingerprint
    finally:
        assert second.stop() == 0


def test_a_host_key_that_is_not_a_key_or_not_private_stops_the_door_in_one_line(world, tmp_path):
    host_key = tmp_path / "host_key"
    command = [
        sys.executable, "-m", "advocacy_tui", "--db", str(world.db), "serve-ssh", "--port", "0",
        "--host-key", str(host_key),
    ]
    host_key.write_text("not a key\n")
    host_key.chmod(0o600)
    result = subprocess.run(command, capture_output=True, text=True, env=door_env(world.base), timeout=30)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "is not an unencrypted SSH private key" in result.stderr
    host_key.unlink()
    load_or_create_host_key(host_key)
    host_key.chmod(0o644)
    result = subprocess.run(command, capture_output=True, text=True, env=door_env(world.base), timeout=30)
    assert result.returncode == 1
    assert "can be read by other users" in result.stderr


def test_the_default_host_key_lives_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    key = load_or_create_host_key()
    path = tmp_path / "data" / "advocacy" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_host_key().public_data == key.public_data


# ---------------------------------------------------------------- the view itself


def test_an_enrolled_advocate_reaches_their_own_queue_and_q_closes_it(world):
    store = open_store(world.db)
    try:
        titles = [item.title for item in AdvocateDesk.open(store, world.viewer).queue(TODAY)]
    finally:
        store.close()
    master, slave = pty.openpty()
    set_window_size(slave, 140, 45)
    process = subprocess.Popen(
        [SSH, *ssh_options(world.door.port, world.viewer_key), "-tt", "127.0.0.1"],
        stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
    )
    os.close(slave)
    raw = bytearray()

    def read_until(found, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found(screen_text(bytes(raw))):
                return True
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return found(screen_text(bytes(raw)))
                if not chunk:
                    break
                raw.extend(chunk)
        return found(screen_text(bytes(raw)))

    def shows_titles(text: str) -> bool:
        # The table may cut a long title short: its first 20 characters are enough.
        return all(title[:20] in text for title in titles[:3])

    try:
        assert read_until(shows_titles, 25), screen_text(bytes(raw))[-3000:]
        os.write(master, b"q")
        deadline = time.monotonic() + 15
        while process.poll() is None and time.monotonic() < deadline:
            read_until(lambda _text: False, 0.2)  # keep draining, so ssh never blocks on output
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    log = world.door.wait_for_log(f"{world.viewer}: view ended (exit 0)")
    assert re.search(rf"{re.escape(world.viewer)}: view started \(pid \d+, 140x45\)", log)


# ------------------------------------------- the relay, with a stand-in view, in process

STAND_IN = r"""
import os, signal, sys
def show(*_):
    # os.write, not print: the signal may arrive while an earlier line is being written.
    cols, rows = os.get_terminal_size(0)
    os.write(1, f"size {cols}x{rows} tty {os.ttyname(0) == os.ttyname(1)} pid {os.getpid()}\n".encode())
signal.signal(signal.SIGWINCH, show)
show()
line = sys.stdin.readline()
print("term " + os.environ["TERM"] + " colour " + os.environ["COLORTERM"], flush=True)
sys.exit(int(line.strip() or 0))
"""


class StandInDoor(Door):
    """The door with a tiny script for a view, which reports its terminal's size."""

    def view_command(self, email: str) -> list[str]:
        return [sys.executable, "-c", STAND_IN]


@pytest.fixture
async def stand_in(demo_db, tmp_path):
    store = open_store(demo_db)
    email = enrolled_emails(store)[0]
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    add_ssh_key(store, email, client_key.export_public_key().decode())
    log = tmp_path / "door.log"
    with log.open("w") as stream:
        door = StandInDoor(store, str(demo_db), tmp_path / "config.toml", log_stream=stream)
        acceptor = await start_door(door, "127.0.0.1", 0, load_or_create_host_key(tmp_path / "host_key"))
        try:
            yield door, acceptor.get_port(), client_key, log
        finally:
            acceptor.close()
            await door.close()
            await acceptor.wait_closed()
    store.close()


async def _connect(port: int, key) -> asyncssh.SSHClientConnection:
    return await asyncssh.connect(
        "127.0.0.1", port, username="anyone", client_keys=[key], known_hosts=None, agent_path=None
    )


async def _read_until(stream, pattern: str, timeout: float = 15) -> re.Match:
    text = ""
    deadline = time.monotonic() + timeout
    while (match := re.search(pattern, text)) is None:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"{pattern!r} not in {text!r}"
        text += await asyncio.wait_for(stream.read(4096), remaining)
    return match


async def test_a_window_change_reaches_the_view_as_sigwinch(stand_in):
    door, port, key, _log = stand_in
    async with await _connect(port, key) as conn:
        process = await conn.create_process(term_type="xterm-kitty", term_size=(100, 30))
        assert (await _read_until(process.stdout, r"size (\d+)x(\d+) tty True")).groups() == ("100", "30")
        process.change_terminal_size(132, 43)
        assert (await _read_until(process.stdout, r"size (\d+)x(\d+)")).groups() == ("132", "43")
        process.stdin.write("3\n")
        await _read_until(process.stdout, "term xterm-kitty colour truecolor")
        result = await asyncio.wait_for(process.wait(check=False), 15)
        assert result.exit_status == 3  # the view's exit status reaches the client


async def test_a_client_that_leaves_hangs_up_its_view(stand_in):
    door, port, key, log = stand_in
    conn = await _connect(port, key)
    process = await conn.create_process(term_type="xterm", term_size=(80, 24))
    pid = int((await _read_until(process.stdout, r"pid (\d+)")).group(1))
    conn.abort()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists()  # hung up and reaped (no zombie left)
    while "view ended" not in log.read_text() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert "view ended (signal SIGHUP)" in log.read_text()


async def test_closing_the_door_hangs_up_every_view(stand_in):
    door, port, key, _log = stand_in
    conn = await _connect(port, key)
    process = await conn.create_process(term_type="xterm", term_size=(80, 24))
    pid = int((await _read_until(process.stdout, r"pid (\d+)")).group(1))
    await door.close()
    assert not Path(f"/proc/{pid}").exists()
    await asyncio.wait_for(conn.wait_closed(), 5)


# ------------------------------------------------------------------ the pty itself


def test_resizing_the_master_sets_the_size_the_view_reads_on_its_end():
    master, slave = open_terminal(80, 24)
    try:
        assert window_size(slave)[:2] == (80, 24)

        async def resize() -> None:
            relay = PtyRelay(master, send=lambda data: None, throttle=lambda on: None)
            relay.resize(200, 60, 1600, 960)

        asyncio.run(resize())
        assert window_size(slave) == (200, 60, 1600, 960)
    finally:
        os.close(master)
        os.close(slave)


async def test_the_relay_copies_both_ways_and_holds_input_the_pty_cannot_take():
    master, slave = open_terminal(80, 24)
    received = bytearray()
    throttled = []
    relay = PtyRelay(master, send=received.extend, throttle=throttled.append)
    relay.start()
    try:
        os.write(slave, b"hello from the view")
        deadline = time.monotonic() + 5
        while b"hello from the view" not in received and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert b"hello from the view" in received
        # Nobody reads the slave: the pty's input queue fills, the rest waits in the relay,
        # and the channel is asked to stop reading from the client.
        for _ in range(64):
            relay.feed(b"x" * 4096)
        assert throttled == [True]
    finally:
        relay.close()
        os.close(slave)
    assert relay.drained.is_set()


async def test_past_the_session_limit_the_door_says_it_is_busy(stand_in, monkeypatch):
    door, port, key, log = stand_in
    monkeypatch.setattr("advocacy_tui.door.server.MAX_SESSIONS", 1)
    async with await _connect(port, key) as conn:
        first = await conn.create_process(term_type="xterm", term_size=(80, 24))
        await _read_until(first.stdout, r"pid \d+")
        with pytest.raises(asyncssh.ChannelOpenError, match="busy"):
            await conn.create_process(term_type="xterm", term_size=(80, 24))
        first.stdin.write("0\n")
        assert (await asyncio.wait_for(first.wait(check=False), 15)).exit_status == 0
    assert "views are open already" in log.read_text()


async def test_keys_typed_while_the_view_starts_are_not_lost(stand_in, monkeypatch):
    door, port, key, _log = stand_in
    spawn = asyncio.create_subprocess_exec

    async def slow_spawn(*args, **kwargs):
        await asyncio.sleep(0.5)  # a busy machine: the view takes a while to start
        return await spawn(*args, **kwargs)

    monkeypatch.setattr(asyncio, "create_subprocess_exec", slow_spawn)
    async with await _connect(port, key) as conn:
        process = await conn.create_process(term_type="xterm", term_size=(80, 24))
        process.stdin.write("5\n")  # typed before the view has a terminal to type into
        assert (await asyncio.wait_for(process.wait(check=False), 15)).exit_status == 5


# ------------------------------------------------------------- the view's process


def test_the_view_gets_its_terminal_type_and_only_the_doors_harmless_environment():
    base = {
        "PATH": "/usr/bin", "HOME": "/home/door", "XDG_DATA_HOME": "/d", "ADVOCACY_TODAY": "2026-11-23",
        "SSH_AUTH_SOCK": "/tmp/agent", "AWS_SECRET_ACCESS_KEY": "x", "LANG": "de_DE.UTF-8",
    }
    env = view_env("screen-256color", base)
    assert env == {
        "PATH": "/usr/bin", "HOME": "/home/door", "XDG_DATA_HOME": "/d", "ADVOCACY_TODAY": "2026-11-23",
        "LANG": "de_DE.UTF-8", "TERM": "screen-256color", "COLORTERM": "truecolor",
    }
    assert view_env("", {})["TERM"] == "xterm-256color"
    assert view_env("xterm; rm -rf /", {})["TERM"] == "xterm-256color"
    assert view_env(None, {})["LANG"] == "C.UTF-8"


def test_the_view_runs_as_the_queue_command_for_the_keys_advocate(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = view_command("program.sqlite", Path("config.toml"), "ada@example.com")
    assert command == [
        sys.executable, "-m", "advocacy_tui", "--db", str(tmp_path / "program.sqlite"),
        "--config", str(tmp_path / "config.toml"), "queue", "--advocate", "ada@example.com",
    ]
    pinned = view_command("postgresql://db/advocacy", Path("/etc/a.toml"), "ada@example.com", TODAY)
    assert pinned[3:5] == ["--db", "postgresql://db/advocacy"]
    assert pinned[7:9] == ["--today", "2026-11-23"]


def test_a_key_recorded_for_two_employees_admits_neither(demo_db, tmp_path):
    key = make_key(tmp_path / "shared")
    blob = base64.b64decode(public_line(key).split()[1])
    store = open_store(demo_db)
    try:
        first, second = enrolled_emails(store)[:2]
        add_ssh_key(store, first, public_line(key))
        owner = key_owner(store, blob)
        assert (owner.email, owner.admitted) == (first, True)
        add_ssh_key(store, second, public_line(key))
        owner = key_owner(store, blob)
        assert owner.ambiguous and not owner.admitted
        assert "more than one employee" in owner.refusal()
        assert key_owner(store, blob[:-1] + bytes([blob[-1] ^ 1])) == KeyOwner()  # a different key
    finally:
        store.close()
