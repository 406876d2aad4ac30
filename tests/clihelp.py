"""Running build/bitrescue from the pytest suites (timeouts on every call)."""
import json
import subprocess

from conftest import BUILD

BITRESCUE = BUILD / "bitrescue"

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_WRONG_KEY = 2
EXIT_BAD_INPUT = 3
EXIT_IO = 4
EXIT_NOT_BITLOCKER = 5
EXIT_NO_PROTECTOR = 6
EXIT_NOT_FOUND = 7      # ls, cp: no such path in the volume
EXIT_NOT_COPIED = 8     # cp: some files could not be copied


def run(*args, timeout=120):
    return subprocess.run([str(BITRESCUE), *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def info_json(image):
    res = run("info", image, "--json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)["volumes"]


def field(stdout, name):
    """The value of a 'Name:   value' line of unlock's output."""
    for line in stdout.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    return None
