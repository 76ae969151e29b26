"""The pseudo-terminal between an SSH channel and the advocate's view, as sshd does it.

The view is an ordinary Textual app: its standard driver wants a real terminal on
stdin/stdout, raw mode, and SIGWINCH when the window changes. So the door gives every
session its own pty: the child gets the slave end (as its controlling terminal), the door
keeps the master end and copies bytes between it and the channel. A window-change request
becomes TIOCSWINSZ on the master, and the kernel itself signals the child's foreground
process group with SIGWINCH.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import os
import struct
import termios
from typing import Callable

# Read in chunks no bigger than an SSH packet's worth, so one read never holds the loop long.
READ_CHUNK = 32 * 1024
# Keystrokes the child has not taken yet; beyond this the channel stops reading from the
# client (SSH flow control) until the child catches up.
MAX_PENDING_INPUT = 64 * 1024


def set_window_size(fd: int, cols: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> None:
    """Set a terminal's size (on either end of a pty; both share one size)."""
    # struct winsize is four unsigned shorts: rows, columns, x pixels, y pixels.
    size = struct.pack("HHHH", _clamp(rows), _clamp(cols), _clamp(xpixels), _clamp(ypixels))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, size)


def window_size(fd: int) -> tuple[int, int, int, int]:
    """(columns, rows, x pixels, y pixels) of a terminal."""
    rows, cols, xpixels, ypixels = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    return cols, rows, xpixels, ypixels


def _clamp(value: int) -> int:
    # A client may send anything; a winsize field is an unsigned short.
    return max(0, min(int(value), 0xFFFF))


def open_terminal(cols: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> tuple[int, int]:
    """A new pty sized like the client's window: (master, slave) file descriptors.

    The master is non-blocking, so a child that stops reading can never stall the door's
    event loop; both ends are close-on-exec, so no other child inherits them by accident.
    """
    master, slave = os.openpty()
    try:
        os.set_blocking(master, False)
        set_window_size(master, cols, rows, xpixels, ypixels)
    except OSError:
        os.close(master)
        os.close(slave)
        raise
    return master, slave


def become_controlling_terminal() -> None:
    """Run in the child between fork and exec (subprocess's preexec_fn, after its setsid):
    make stdin, the pty's slave end, the controlling terminal of the new session.

    Without it the view would have a terminal but no SIGWINCH (the kernel signals the
    foreground process group of a controlling terminal) and no hangup when the door goes.
    It calls one ioctl and nothing that could take a lock another thread of the door held.
    """
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyRelay:
    """Copies bytes between a pty's master end and an SSH channel, with flow control both ways.

    Output: the master fd is watched with `loop.add_reader`; what the child writes goes to
    `send` (the channel's write). When the channel's buffer is full, `pause()` stops reading,
    so the child blocks on its own writes instead of the door buffering without bound.
    Input: `feed()` writes keystrokes to the master; whatever the pty cannot take now waits
    here and is written when the fd is writable, while `throttle(True)` asks the channel to
    stop reading from the client.
    """

    def __init__(
        self,
        master: int,
        send: Callable[[bytes], None],
        throttle: Callable[[bool], None],
        loop: asyncio.AbstractEventLoop | None = None,
    ):
        self.master = master
        self._send = send
        self._throttle = throttle
        self._loop = loop or asyncio.get_running_loop()
        self._pending = bytearray()
        self._reading = False
        self._throttled = False
        self.closed = False
        # Set once the child's side is gone (EIO or end of file on the master) and every
        # byte it wrote has been read: then the exit status may follow the output.
        self.drained = asyncio.Event()

    # Output: child -> client ------------------------------------------------------------

    def start(self) -> None:
        self.resume()

    def pause(self) -> None:
        if self._reading and not self.closed:
            self._loop.remove_reader(self.master)
            self._reading = False

    def resume(self) -> None:
        if not self._reading and not self.closed and not self.drained.is_set():
            self._loop.add_reader(self.master, self._readable)
            self._reading = True

    def _readable(self) -> None:
        try:
            data = os.read(self.master, READ_CHUNK)
        except BlockingIOError:
            return
        except OSError as error:
            # Linux reports EIO on the master once the last slave descriptor is closed.
            if error.errno != errno.EIO:
                raise
            data = b""
        if not data:
            self.pause()
            self.drained.set()
            return
        self._send(data)

    # Input: client -> child -------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        if self.closed or not data:
            return
        if self._pending:
            self._pending += data
        else:
            written = self._write(data)
            if written < len(data):
                self._pending += data[written:]
                self._loop.add_writer(self.master, self._writable)
        self._update_throttle()

    def _write(self, data: bytes | bytearray) -> int:
        try:
            return os.write(self.master, data)
        except BlockingIOError:
            return 0
        except OSError as error:
            # The child is gone; its keystrokes have nowhere to go.
            if error.errno in (errno.EIO, errno.EBADF):
                self._pending.clear()
                return len(data)
            raise

    def _writable(self) -> None:
        written = self._write(self._pending)
        del self._pending[:written]
        if not self._pending:
            self._loop.remove_writer(self.master)
        self._update_throttle()

    def _update_throttle(self) -> None:
        wanted = len(self._pending) > MAX_PENDING_INPUT
        if wanted != self._throttled:
            self._throttled = wanted
            self._throttle(wanted)

    # Window size and closing ------------------------------------------------------------

    def resize(self, cols: int, rows: int, xpixels: int = 0, ypixels: int = 0) -> None:
        if not self.closed:
            set_window_size(self.master, cols, rows, xpixels, ypixels)

    def close(self) -> None:
        """Stop relaying and close the master: the kernel hangs up the child's terminal."""
        if self.closed:
            return
        self.pause()
        if self._pending:
            self._loop.remove_writer(self.master)
            self._pending.clear()
        self.closed = True
        os.close(self.master)
        self.drained.set()
