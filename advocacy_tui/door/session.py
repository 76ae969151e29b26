"""One SSH session channel: a shell request with a terminal starts the advocate's view.

Every request a client can make on a session arrives here, and everything but "a shell on
a terminal" is refused: commands (`ssh host cmd`), subsystems (sftp), and a shell without
a terminal (with a one-line explanation, since a full-screen view needs one). The view
runs in its own process on its own pty (see `terminal`); this class starts it, relays the
channel to it, reports its exit status, and hangs it up when the client goes away.
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import TYPE_CHECKING

import asyncssh

from advocacy_tui.door.terminal import PtyRelay, become_controlling_terminal, open_terminal

if TYPE_CHECKING:
    from advocacy_tui.door.server import Door

# After SIGHUP, how long a view may take to close before it is killed.
HANGUP_GRACE_SECONDS = 3.0
# After the view exits, how long to wait for its last output before the exit status.
DRAIN_SECONDS = 2.0
# Keystrokes kept while the view starts (a paste, a key pressed early); beyond it, dropped.
MAX_EARLY_INPUT = 4096
NEEDS_TERMINAL = (
    "The advocacy door opens your queue in a terminal, and this connection asked for none; "
    "connect with `ssh -t`.\r\n"
)


class DoorSession(asyncssh.SSHServerSession):
    def __init__(self, door: "Door", email: str):
        self._door = door
        self._email = email
        self._chan: asyncssh.SSHServerChannel | None = None
        self._term: str | None = None
        self._size = (80, 24, 0, 0)
        self._relay: PtyRelay | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task | None = None
        self._shell = False
        # Keys typed while the view is still starting, handed to its terminal once it has one.
        self._early_input = bytearray()
        self._gone = False  # the client went away (or the door is closing)

    # Requests ---------------------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self._chan = chan

    def pty_requested(self, term_type, term_size, term_modes) -> bool:
        self._term = term_type or ""
        self.terminal_size_changed(*term_size)
        return True

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        # A client without a window of its own (`ssh -tt` from a pipe) sends 0x0; the view
        # would have no room at all, so it gets the classic 80x24 instead.
        width, height = width or 80, height or 24
        self._size = (width, height, pixwidth, pixheight)
        if self._relay is not None:
            try:
                self._relay.resize(width, height, pixwidth, pixheight)
            except OSError:
                pass  # the child's terminal is already gone

    def shell_requested(self) -> bool:
        self._shell = True
        return True

    def exec_requested(self, command: str) -> bool:
        # The command's text is the client's to choose: it is not logged.
        self._door.log(f"refused a command from {self._email}: the door runs no commands")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self._door.log(f"refused the subsystem {subsystem[:40]!r} for {self._email}")
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # a client does not signal the view; it closes the connection

    # The view ---------------------------------------------------------------------------

    def session_started(self) -> None:
        if not self._shell:
            return
        if self._term is None:
            self._door.log(f"refused a shell without a terminal for {self._email}")
            self._chan.write_stderr(NEEDS_TERMINAL.encode())
            self._chan.exit(1)
            return
        self._task = asyncio.get_running_loop().create_task(self._run_view())
        self._door.track(self._task)

    async def _run_view(self) -> None:
        chan = self._chan
        try:
            master, slave = open_terminal(*self._size)
        except OSError as error:
            self._could_not(f"open a terminal for {self._email}: {error.strerror}", "open a terminal")
            return
        try:
            self._process = await asyncio.create_subprocess_exec(
                *self._door.view_command(self._email),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._door.view_env(self._term),
                start_new_session=True,  # setsid: its own session, so the pty can be its terminal
                preexec_fn=become_controlling_terminal,
            )
        except OSError as error:
            os.close(master)
            self._could_not(f"start the view for {self._email}: {error.strerror}", "start your view")
            return
        finally:
            # The child has its copies; the door's would keep the pty open after it exits.
            os.close(slave)
        self._relay = PtyRelay(master, send=chan.write, throttle=self._throttle)
        # The window may have changed while the view was starting.
        self._relay.resize(*self._size)
        cols, rows = self._size[:2]
        self._door.log(f"{self._email}: view started (pid {self._process.pid}, {cols}x{rows})")
        if self._gone:  # the client left while the view was starting
            self.hang_up()
        else:
            self._relay.start()
            self._relay.feed(bytes(self._early_input))
            self._early_input.clear()
        try:
            status = await self._process.wait()
            if not self._gone:
                try:
                    await asyncio.wait_for(self._relay.drained.wait(), DRAIN_SECONDS)
                except asyncio.TimeoutError:
                    pass
        finally:
            self._relay.close()
        self._door.log(f"{self._email}: view ended ({_describe_status(status)})")
        if not self._gone:
            if status < 0 and _signal_name(-status):
                # As sshd reports it: the name without "SIG" (ssh then exits 255).
                chan.exit_with_signal(_signal_name(-status).removeprefix("SIG"))
            else:
                chan.exit(status if status >= 0 else 128 - status)

    def _could_not(self, logged: str, told: str) -> None:
        self._door.log(f"could not {logged}")
        if not self._gone:
            self._chan.write_stderr(f"The advocacy door could not {told}; try again later.\r\n".encode())
            self._chan.exit(1)

    def _throttle(self, on: bool) -> None:
        if self._chan is not None and not self._gone:
            if on:
                self._chan.pause_reading()
            else:
                self._chan.resume_reading()

    # Data and flow control ----------------------------------------------------------------

    def data_received(self, data: bytes, datatype) -> None:
        if self._relay is not None:
            self._relay.feed(data)
        elif len(self._early_input) < MAX_EARLY_INPUT:
            self._early_input += data[: MAX_EARLY_INPUT - len(self._early_input)]

    def eof_received(self) -> bool:
        # Keep the channel open: a terminal session ends when the view exits, as with sshd.
        return True

    def pause_writing(self) -> None:
        if self._relay is not None:
            self._relay.pause()

    def resume_writing(self) -> None:
        if self._relay is not None:
            self._relay.resume()

    # Going away ---------------------------------------------------------------------------

    def connection_lost(self, exc: Exception | None) -> None:
        self.hang_up()
        self._door.sessions.discard(self)

    def hang_up(self) -> None:
        """The client is gone (or the door closes): hang up the view's terminal as sshd
        does, SIGHUP its process group, and SIGKILL it if it has not gone after a grace
        period. `_run_view` reaps it."""
        self._gone = True
        if self._relay is not None:
            self._relay.close()
        process = self._process
        if process is None or process.returncode is not None:
            return
        _signal_group(process.pid, signal.SIGHUP)
        loop = asyncio.get_running_loop()
        loop.call_later(HANGUP_GRACE_SECONDS, self._kill_if_running)

    def _kill_if_running(self) -> None:
        if self._process is not None and self._process.returncode is None:
            _signal_group(self._process.pid, signal.SIGKILL)


def _signal_group(pid: int, signum: int) -> None:
    # The view leads its own session and process group (start_new_session), so the group
    # is its pid; signalling the group also reaches anything it started.
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return ""


def _describe_status(status: int) -> str:
    if status < 0:
        return f"signal {_signal_name(-status) or -status}"
    return f"exit {status}"
