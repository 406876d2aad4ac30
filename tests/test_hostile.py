"""Hostile input found by review and fuzzing: each case here hung or
crashed before its fix. Also short libFuzzer runs of the targets that
fuzz/metadata_fuzz.c does not cover (the view, tpm/, load options).
"""
import shutil
import subprocess

import pytest

from conftest import BUILD, TOP
from test_tpm import (SHA1, SHA256, make_log, run_tool, sample_events,
                      spec_id_header)


def test_eventlog_zero_records_not_quadratic(tmp_path):
    """A log of 150000 all-zero records (PCR 0, type 0, no digests, no
    data: 16 bytes each) then one stray byte. Each record used to rescan the whole rest of the log
    looking for padding: about 2 minutes here, hours in a large log. The
    walk is linear now; run_tool's 60 s timeout catches the old code."""
    path = tmp_path / "zeros.bin"
    path.write_bytes(spec_id_header([SHA1, SHA256]) + bytes(16 * 150000) + b"\1")
    res = run_tool("eventlog", path)
    assert res.returncode == 1 and "truncated" in res.stdout
    assert "events 150001" in res.stdout
