"""The second way in for advocates: OpenSSH's ForceCommand with `queue --ssh-user`.

A real sshd (Debian's openssh-server, which .ci/run installs when it can) runs the snippet
the README gives, `deploy/sshd_config.advocacy`, with only its paths and Match line swapped
for the test's; a real ssh client logs in and must land in the mapped advocate's queue.
"""

from __future__ import annotations

import getpass
import os
import pty
import re
import select
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advocacy_tui.store.cohort import cohort_rows
from advocacy_tui.store.database import open_store
from advocacy_tui.store.desk import AdvocateDesk
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[1]
SNIPPET = ROOT / "deploy" / "sshd_config.advocacy"
SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>NOM78c]")

pytestmark = pytest.mark.skipif(
    SSHD is None or os.geteuid() != 0 or shutil.which("ssh") is None,
    reason="needs OpenSSH's sshd and ssh, and root to run sshd (CI installs openssh-server)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_until(fd: int, wanted, seconds: float) -> str:
    """Read the terminal until `wanted(plain_text)` holds or time runs out."""
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if wanted(ANSI.sub("", seen.decode("utf-8", "replace"))):
                break
    return ANSI.sub("", seen.decode("utf-8", "replace"))


def test_forcecommand_snippet_opens_the_mapped_advocates_queue(demo_db, tmp_path):
    login = getpass.getuser()
    store = open_store(str(demo_db))
    email = next(row.email for row in cohort_rows(store) if row.status == "enrolled")
    titles = [item.title for item in AdvocateDesk.open(store, email).queue(TODAY) if item.this_week]
    store.close()
    config = tmp_path / "config.toml"
    config.write_text(f'[access]\nssh_users = "{login}={email}"\n', encoding="utf-8")

    snippet = SNIPPET.read_text(encoding="utf-8")
    assert "ForceCommand" in snippet and "queue --ssh-user" in snippet
    command = f"{sys.executable} -m advocacy_tui --db {demo_db} --config {config} --today {TODAY.isoformat()}"
    snippet = snippet.replace("/opt/advocacy/.venv/bin/advocacy --db /srv/advocacy/program.sqlite", command)
    snippet = snippet.replace("Match Group advocates", f"Match User {login}")

    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "host_key")], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "client_key")], check=True)
    (tmp_path / "authorized_keys").write_text((tmp_path / "client_key.pub").read_text())
    port = free_port()
    (tmp_path / "sshd_config").write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {tmp_path / 'host_key'}",
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                f"AuthorizedKeysFile {tmp_path / 'authorized_keys'}",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                f"AllowUsers {login}",
                "LogLevel VERBOSE",
                snippet,
            ]
        )
        + "\n"
    )
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # sshd's privilege separation folder
    check = subprocess.run([SSHD, "-t", "-f", str(tmp_path / "sshd_config")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr  # the snippet is valid sshd_config

    server = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(tmp_path / "sshd_config")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        master, slave = pty.openpty()
        client = subprocess.Popen(
            [
                "ssh", "-tt", "-p", str(port), "-i", str(tmp_path / "client_key"),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", f"{login}@127.0.0.1",
                "some-other-command",  # ForceCommand replaces whatever the client asks for
            ],
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
            env={**os.environ, "TERM": "xterm-256color"},
        )
        os.close(slave)
        shown = read_until(master, lambda text: any(title[:20] in text for title in titles), 40)
        assert any(title[:20] in shown for title in titles), shown[-2000:]
        os.write(master, b"q")
        # Keep reading the terminal while the session closes, as a terminal does: the app's
        # last frames and the screen restore must reach it, or ssh blocks writing them to a
        # full pty and never exits (what made this test hang about one run in fifteen).
        read_until(master, lambda _text: client.poll() is not None, 20)
        assert client.wait(timeout=5) == 0
        os.close(master)
    finally:
        server.terminate()
        server.wait(timeout=10)
