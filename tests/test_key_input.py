"""Keys off the command line: `--recovery-password -` and `--password -`
read the key from standard input (a pipe, or a terminal with echo off),
and an option never takes the next option as its value.
"""
import os
import pty
import select
import subprocess
import time

import pytest

from clihelp import BITRESCUE, EXIT_OK, EXIT_USAGE, EXIT_WRONG_KEY, field, run

XTS = "bitlk-aes-xts-128"
SERIAL = "68844E71844E41B4"  # the NTFS inside XTS (cryptsetup's test data)


def unlock_piped(image, option, text):
    return subprocess.run([str(BITRESCUE), "unlock", str(image), option, "-"],
                          input=text, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("option,key", [("--recovery-password", "RP"), ("--password", "PW")])
def test_key_from_pipe(corpus, images, option, key):
    res = unlock_piped(corpus / f"{XTS}.img", option, images[XTS][key] + "\n")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Serial Number") == SERIAL


def test_key_from_pipe_without_newline_and_with_crlf(corpus, images):
    for text in (images[XTS]["PW"], images[XTS]["PW"] + "\r\n"):
        assert unlock_piped(corpus / f"{XTS}.img", "--password", text).returncode == EXIT_OK


def test_wrong_key_from_pipe(corpus):
    res = unlock_piped(corpus / f"{XTS}.img", "--password", "not the password\n")
    assert res.returncode == EXIT_WRONG_KEY


def test_empty_stdin_is_a_usage_error(corpus):
    res = unlock_piped(corpus / f"{XTS}.img", "--password", "")
    assert res.returncode == EXIT_USAGE
    assert "no key on standard input" in res.stderr


def test_overlong_key_refused(corpus):
    res = unlock_piped(corpus / f"{XTS}.img", "--password", "x" * 5000 + "\n")
    assert res.returncode == EXIT_USAGE
    assert "over 1024 bytes" in res.stderr


def test_two_keys_from_stdin_refused(corpus):
    res = run("unlock", corpus / f"{XTS}.img", "--password", "-", "--recovery-password", "-")
    assert res.returncode == EXIT_USAGE
    assert "only one key" in res.stderr


@pytest.mark.parametrize("args", [
    ["--password"],                       # value missing at the end
    ["--password", "--sha256"],           # an option where the value belongs
    ["--recovery-password", "--json"],
    ["--partition"],
    ["--output", "--sha256", "--password", "x"],
])
def test_missing_value_is_a_usage_error(corpus, args):
    res = run("unlock", corpus / f"{XTS}.img", *args)
    assert res.returncode == EXIT_USAGE
    assert f"{args[0]} needs a value" in res.stderr


def test_value_after_equals(corpus, images):
    res = run("unlock", corpus / f"{XTS}.img", f"--password={images[XTS]['PW']}",
              "--partition=1")
    # the image is one volume: partition 1 does not exist, but both values parsed
    assert "has no partition 1" in res.stderr
    res = run("unlock", corpus / f"{XTS}.img", f"--password={images[XTS]['PW']}")
    assert res.returncode == EXIT_OK, res.stderr


def test_help_says_how():
    out = run("--help").stdout
    assert "--recovery-password - and --password - read the key from standard input" in out
    assert "a missing value is a usage error" in out


def read_until(fd, needle, timeout=60):
    data = b""
    end = time.monotonic() + timeout
    while needle not in data:
        left = end - time.monotonic()
        assert left > 0, f"timed out waiting for {needle!r}; got {data!r}"
        if select.select([fd], [], [], left)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            data += chunk
    return data


def test_key_typed_on_a_terminal_is_not_echoed(corpus, images):
    """On a terminal: a prompt, no echo of what is typed, the unlock."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(str(BITRESCUE), [str(BITRESCUE), "unlock", str(corpus / f"{XTS}.img"),
                                  "--recovery-password", "-"])
    try:
        seen = read_until(fd, b"Recovery password: ")
        rp = images[XTS]["RP"]
        os.write(fd, rp.encode() + b"\n")
        seen += read_until(fd, SERIAL.encode())
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.WEXITSTATUS(status) == EXIT_OK, seen
    assert rp.encode() not in seen
    assert rp.split("-")[0].encode() not in seen
