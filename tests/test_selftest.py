"""Runs each portable self-test (tests/unit/*_test.c) on the host.

The same tests run inside the EFI app (--self-test); see test_boot.py.
"""
import subprocess

import pytest

from conftest import BUILD

SELFTEST = BUILD / "selftest"


def selftest_names():
    out = subprocess.run([SELFTEST, "--list"], capture_output=True, text=True,
                         check=True).stdout
    return out.split()


@pytest.mark.parametrize("name", selftest_names())
def test_unit(name):
    res = subprocess.run([SELFTEST, name], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0 and res.stdout.startswith("ok "), res.stdout
