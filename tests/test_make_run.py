"""`make run` as a newcomer uses it: on a terminal (a pseudo-terminal
here), the app's banner appears, a typed key reaches the app, and Ctrl-A X
stops QEMU and gives the terminal back.
"""
import os
import pty
import re
import select
import subprocess
import time

import pytest

from conftest import TOP


def read_until(fd, pattern, seen, timeout):
    """Read the terminal into SEEN (bytearray) until PATTERN matches."""
    deadline = time.monotonic() + timeout
    while True:
        m = re.search(pattern, seen.decode("latin-1"))
        if m:
            return m
        left = deadline - time.monotonic()
        assert left > 0, f"no {pattern!r} within {timeout} s; terminal:\n" + \
            seen.decode("latin-1")[-3000:]
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:     # the terminal closed: make has exited
                data = b""
            if not data:
                raise AssertionError(f"terminal closed before {pattern!r}:\n" +
                                     seen.decode("latin-1")[-3000:])
            seen += data


@pytest.mark.parametrize("arch", ["x64", "aa64"])
def test_make_run_shows_banner_and_quits(arch):
    """make run, and make run ARCH=aa64 (AAVMF): an xterm's F3 (ESC O R)
    reaches the app as F3 through either firmware's terminal type."""
    # A make of our own, not the jobserver of the make running the tests.
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    controller, terminal = pty.openpty()
    make = subprocess.Popen(["make", "--no-print-directory", "run", f"ARCH={arch}",
                             "RUN_ARGS=--key-test --timeout 120"],
                            cwd=TOP, env=env, stdin=terminal, stdout=terminal,
                            stderr=terminal, start_new_session=True)
    os.close(terminal)
    seen = bytearray()
    try:
        read_until(controller, r"Ctrl-A X quits", seen, 120)
        read_until(controller, r"bitrescue \S+\r?\n", seen, 180)
        read_until(controller, r"Firmware: EDK II", seen, 30)
        read_until(controller, r"TPM: 2\.0", seen, 30)
        read_until(controller, r"Press keys", seen, 60)
        os.write(controller, b"7")
        read_until(controller, r"key: '7'", seen, 30)
        os.write(controller, b"\x1bOR")
        read_until(controller, r"key: F3", seen, 30)
        os.write(controller, b"\x01x")      # Ctrl-A X
        read_until(controller, r"QEMU stopped", seen, 60)
        assert make.wait(timeout=60) == 0
    finally:
        if make.poll() is None:
            os.killpg(make.pid, 9)
            make.wait()
        os.close(controller)
