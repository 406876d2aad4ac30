"""Hostile input found by review and fuzzing: each case here hung or
crashed before its fix. Also short libFuzzer runs of the targets that
fuzz/metadata_fuzz.c does not cover (the view, tpm/, load options).
"""
import os
import shutil
import struct
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


# --- short fuzzing runs (fuzz/*.c; a few minutes each are in the report) ---
def view_seed(flags, size, copies, header_offset, header_len, header_sectors,
              encrypted, reads, eow=()):
    """An input of fuzz/view_fuzz.c: the layout, the encrypt-on-write
    numbers (flags 0x82, fuzz/view_eow.h), then (offset, len, split)."""
    out = struct.pack("<BQ3Q", flags, size, *copies)
    out += struct.pack("<QQIQ", header_offset, header_len, header_sectors, encrypted)
    out += b"".join(struct.pack("<Q", n) for n in eow)
    for off, length, split in reads:
        out += struct.pack("<Q", off) + length.to_bytes(3, "little") + split.to_bytes(3, "little")
    return out


def view_seeds():
    mib = 1 << 20
    reads = [(0, 0x11000, 0x1234), (2 * mib - 0x800, 0x1000, 0x801),
             (48 * mib - 0x10, 0x40, 0x10), (64 * mib - 0x200, 0x200, 1)]
    yield "win7", view_seed(0x04, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                            50 * mib, 0x2000, 16, 48 * mib, reads)
    yield "4k", view_seed(0x05, 64 * mib + 0x300, (2 * mib, 18 * mib, 34 * mib),
                          50 * mib, 0x4000, 4, 40 * mib, reads)
    yield "togo", view_seed(0x44, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                            50 * mib, 0x2000, 16, 64 * mib, reads)
    yield "vista", view_seed(0x20, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                             0x1234, 0, 0, 0, reads)
    # chunks of 1 MiB, blocks at 40 MiB, three regions of 20 MiB (lengths,
    # sequence numbers, both records' bits); then damaged: a record's
    # CRC32 and the middle region's bitmap header
    regions = [20 * mib, 7, 0x0f0f, 0xf0f0] * 3
    yield "eow-bitmaps", view_seed(0x86, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                                   50 * mib, 0x2000, 16, 64 * mib, reads,
                                   eow=[11, 40 * mib, 0, 2] + regions)
    yield "eow-bitmaps-damaged", view_seed(0x86, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                                           50 * mib, 0x2000, 16, 64 * mib, reads,
                                           eow=[11, 40 * mib, 4 | 8 | 16, 2] + regions)
    yield "eow-old-header", view_seed(0x02, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                                      50 * mib, 0, 16, 64 * mib, reads)
    # cut short before its relocated boot sectors: the core read past the end
    yield "cut-short", view_seed(0x04, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                                 80 * mib, 0x2000, 16, 96 * mib, reads)
    yield "eow-cut-short", view_seed(0x06, 64 * mib, (2 * mib, 18 * mib, 34 * mib),
                                     80 * mib, 0x2000, 16, 96 * mib, reads)


def run_fuzzer(target, seeds, tmp_path, seconds):
    if not shutil.which("clang"):
        pytest.fail("clang missing: scripts/setup installs it")
    build = subprocess.run(["make", "-C", str(TOP), f"build/{target}"],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    seed_dir = tmp_path / "seeds"
    seed_dir.mkdir()
    for name, data in seeds:
        (seed_dir / name).write_bytes(data)
    res = subprocess.run([str(BUILD / target), f"-max_total_time={seconds}",
                          "-timeout=5", "-rss_limit_mb=2048", str(seed_dir)],
                         capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "Done" in res.stderr


def test_fuzz_view_smoke(tmp_path):
    """bde_read_decrypted() over fuzzer-chosen layouts, sizes near 2^64."""
    run_fuzzer("view_fuzz", view_seeds(), tmp_path, 15)
    # each seed's volume opens, so that run started inside the view
    for name, data in view_seeds():
        seed = tmp_path / f"seed-{name}"
        seed.write_bytes(data)
        res = subprocess.run([str(BUILD / "view_fuzz"), str(seed)], capture_output=True,
                             text=True, timeout=60, env={**os.environ, "VIEW_FUZZ_MUST_OPEN": "1"})
        assert res.returncode == 0, f"{name} does not open: {res.stderr[-2000:]}"


def test_fuzz_tpm_smoke(tmp_path):
    """Event logs, TPM responses, a fake TPM answering tpm2_query(), the
    prediction and an earlier start's log (MeasuredBoot) against this one."""
    seeds = [("log", b"\0" + make_log([SHA1, SHA256], sample_events(1, 10))),
             ("log256", b"\0" + make_log([SHA256], sample_events(2, 4)))]
    # the prediction over a log with boot applications, and a Secure Boot db
    log = make_log([SHA1, SHA256], sample_events(3, 12))
    db = (bytes.fromhex("a159c0a5e494a74a87b5ab155c2bf072") + struct.pack("<III", 28 + 40, 0, 40)
          + bytes(16) + bytes.fromhex("3018301602010130") + bytes(16))
    earlier = make_log([SHA1, SHA256], sample_events(4, 12))
    seeds += [("predict", b"\7\1" + struct.pack("<H", len(log)) + log + db),
              ("db", b"\6" + db),
              ("history", b"\x08\1" + struct.pack("<H", len(log)) + log + earlier)]
    run_fuzzer("tpm_fuzz", seeds, tmp_path, 15)


def test_fuzz_cmdline_smoke(tmp_path):
    """Load options as UCS-2 and options.txt as text (efi/cmdline.c)."""
    seeds = [("ucs2", b"\2" + "bitrescue.efi --timeout 30 \"a b\"".encode("utf-16-le")),
             ("text", b"\0--self-test # comment\n--timeout=5\n")]
    run_fuzzer("cmdline_fuzz", seeds, tmp_path, 10)
