"""`advocacy serve-ssh`: the SSH door advocates use to reach their own view.

An asyncssh server that admits one thing: a public key recorded for a live, enrolled
advocate, opening a shell on a terminal, which runs that advocate's view (`session`). No
passwords, no commands, no sftp, no forwarding of any kind. The key names the advocate;
the SSH user name is ignored (and logged). Every connection and refusal is logged to
stderr, one line each, with the key's fingerprint and the advocate's email, never key
material or tokens.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import asyncssh

from advocacy_tui.door.child import absolute_db, view_command, view_env
from advocacy_tui.door.keys import KeyOwner, fingerprint, key_owner, load_or_create_host_key
from advocacy_tui.door.session import HANGUP_GRACE_SECONDS, DoorSession
from advocacy_tui.store.errors import StoreError

if TYPE_CHECKING:
    from advocacy_tui.cli import Invocation
    from advocacy_tui.store.database import Store

# Each view is a Python process of its own (tens of MB); past this many at once the door
# says it is busy rather than letting the machine run out of memory.
MAX_SESSIONS = 64
# A client has this long to authenticate (sshd's default is 120 s; nobody types here).
LOGIN_TIMEOUT_SECONDS = 30
# Keepalives notice a client that vanished without closing (a laptop lid, a dropped
# Wi-Fi), so its view is hung up within a couple of minutes instead of running on.
KEEPALIVE_SECONDS = 30
KEEPALIVE_COUNT = 4


class Door:
    """What every connection shares: the store, how to start a view, the log, and the
    sessions and connections that are open (so a shutdown can hang them all up)."""

    def __init__(
        self,
        store: "Store",
        db: str,
        config_path: Path,
        fixed_today: date | None = None,
        log_stream: TextIO | None = None,
    ):
        self.store = store
        self.db = db
        self.config_path = config_path
        self.fixed_today = fixed_today
        self._log_stream = log_stream
        self.sessions: set[DoorSession] = set()
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self._tasks: set[asyncio.Task] = set()

    def log(self, message: str) -> None:
        stream = self._log_stream or sys.stderr
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} door: {message}", file=stream, flush=True)

    async def key_owner(self, public_blob: bytes) -> KeyOwner:
        # A small query, but SQLite may wait on a writer's lock: off the event loop.
        return await asyncio.to_thread(key_owner, self.store, public_blob)

    def view_command(self, email: str) -> list[str]:
        return view_command(self.db, self.config_path, email, self.fixed_today)

    def view_env(self, term: str | None) -> dict[str, str]:
        return view_env(term)

    def track(self, task: asyncio.Task) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Hang up every view, wait for them to be reaped, then close every connection."""
        for session in list(self.sessions):
            session.hang_up()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=HANGUP_GRACE_SECONDS + 2)
        for connection in list(self.connections):
            connection.close()
        for connection in list(self.connections):
            try:
                await asyncio.wait_for(connection.wait_closed(), 2)
            except asyncio.TimeoutError:
                pass


class DoorServer(asyncssh.SSHServer):
    """One client connection: public-key authentication against the store, then sessions."""

    def __init__(self, door: Door):
        self._door = door
        self._conn: asyncssh.SSHServerConnection | None = None
        self._peer = "?"
        self._username = ""
        self._checked: dict[str, KeyOwner] = {}
        self._accepted: tuple[str, str] | None = None
        self._email: str | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._door.connections.add(conn)
        peer = conn.get_extra_info("peername")
        self._peer = str(peer[0]) if peer else "?"

    def connection_lost(self, exc: Exception | None) -> None:
        self._door.connections.discard(self._conn)
        if self._email is None and not self._checked:
            self._door.log(f"{self._peer} disconnected without offering a key (the door takes public keys only)")
        elif self._email is not None:
            self._door.log(f"{self._email} disconnected ({self._peer})")

    # Authentication: public keys only -----------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        # The SSH user name is ignored: the key names the advocate. Kept for the log only,
        # shortened and quoted, since the client chose it.
        self._username = username[:64]
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        # Called twice for a key that is used (the client's query, then its signature),
        # and once for each key a client only tries: look each key up once per connection.
        key_print = fingerprint(key)
        owner = self._checked.get(key_print)
        if owner is None:
            try:
                owner = await self._door.key_owner(key.public_data)
            except StoreError as error:
                self._door.log(f"refused key {key_print} from {self._peer}: the store could not be read ({error})")
                return False
            self._checked[key_print] = owner
            if not owner.admitted:
                self._door.log(f"refused key {key_print} from {self._peer}: {owner.refusal()}")
        if owner.admitted:
            # asyncssh checks the signature after this returns; the last key accepted here
            # is the one the client signed with when authentication completes.
            self._accepted = (key_print, owner.email)
        return owner.admitted

    def auth_completed(self) -> None:
        key_print, self._email = self._accepted
        self._door.log(f"accepted key {key_print} from {self._peer} as {self._email} (SSH user {self._username!r})")

    # Channels: a session, and nothing else ------------------------------------------------

    def session_requested(self) -> DoorSession:
        if len(self._door.sessions) >= MAX_SESSIONS:
            self._door.log(f"refused a session for {self._email}: {MAX_SESSIONS} views are open already")
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_RESOURCE_SHORTAGE, "The advocacy door is busy; try again in a minute."
            )
        session = DoorSession(self._door, self._email)
        self._door.sessions.add(session)
        return session

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        self._door.log(f"refused port forwarding for {self._email}")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._door.log(f"refused remote port forwarding for {self._email}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._door.log(f"refused socket forwarding for {self._email}")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self._door.log(f"refused remote socket forwarding for {self._email}")
        return False


async def start_door(door: Door, host: str, port: int, host_key: asyncssh.SSHKey) -> asyncssh.SSHAcceptor:
    """Listen on host:port; every option that could open anything but the view is off."""
    return await asyncssh.create_server(
        lambda: DoorServer(door),
        host,
        port,
        server_host_keys=[host_key],
        public_key_auth=True,
        password_auth=False,
        kbdint_auth=False,
        host_based_auth=False,
        gss_host=None,  # no Kerberos (and no DNS lookup of our own name at start)
        gss_kex=False,
        gss_auth=False,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        sftp_factory=None,
        allow_pty=True,
        # Bytes pass through untouched: the view's terminal does its own line discipline.
        line_editor=False,
        encoding=None,
        login_timeout=LOGIN_TIMEOUT_SECONDS,
        keepalive_interval=KEEPALIVE_SECONDS,
        keepalive_count_max=KEEPALIVE_COUNT,
    )


def _listening_address(acceptor: asyncssh.SSHAcceptor, host: str) -> str:
    port = acceptor.get_port()
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}"


async def _serve(door: Door, host: str, port: int, host_key: asyncssh.SSHKey) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    try:
        acceptor = await start_door(door, host, port, host_key)
    except OSError as error:  # the port is taken, or the host is not an address of ours
        raise StoreError(f"Cannot listen on {host}:{port}: {error.strerror or error}.") from None
    print(
        f"SSH door for advocates on {_listening_address(acceptor, host)} (host key {fingerprint(host_key)})",
        flush=True,
    )
    await stop.wait()
    door.log("closing: hanging up every open view")
    acceptor.close()
    await door.close()
    await acceptor.wait_closed()
    return 0


def serve(
    invocation: "Invocation",
    host: str = "127.0.0.1",
    port: int = 2222,
    host_key: str | None = None,
    fixed_today: date | None = None,
) -> int:
    """Run the door until SIGINT or SIGTERM (then hang up every view and exit 0).

    `fixed_today` pins the views' date (the command line's --today); without it each view
    follows the real date, as a long-running server must. ADVOCACY_TODAY in the
    environment reaches the views either way, since they inherit it.
    """
    from advocacy_tui.store.database import open_store

    if not 0 <= port <= 65535:
        raise StoreError(f"--port must be between 0 and 65535, not {port}.")
    db = absolute_db(invocation.db)
    if "://" not in db and not Path(db).exists():
        raise StoreError(f"There is no database at {db}.")
    key = load_or_create_host_key(Path(host_key) if host_key else None)
    # Opened (and upgraded, if this version needs it) once, before listening, so a bad
    # database is one line now rather than a refused key per advocate later.
    store = open_store(db)
    try:
        door = Door(store, db, invocation.config_path, fixed_today)
        return asyncio.run(_serve(door, host, port, key))
    finally:
        store.close()
