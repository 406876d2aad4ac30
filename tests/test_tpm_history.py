"""Which earlier start was the key sealed to? (tpm/history.c, through
`tpm-tool history`.)

The earlier starts are logs as Windows keeps them in
\\Windows\\Logs\\MeasuredBoot, built with test_tpm_predict.py's helpers from
the same firmware events as the PC Client PFP and EDK2 lay them out; the
sealed key stores the SHA-256 of one start's PCRs, replayed here in Python
(the oracle). The tool must name that log among several, list exactly the
events this start changed, added or removed, say plainly when none
matches, and skip damaged logs with a reason.
"""
import pytest

from test_tpm import run_tool
from test_tpm_predict import (CALLING, PROFILE_0_2_4_11, PROFILE_7_11, RETURNING,  # noqa: F401
                              log_bytes, pki, sealed_blob, stored_digest, this_start,
                              windows_start)

DETAIL = 27   # TPM_HISTORY_DETAIL_MAX - 1


def history(tmp_path, profile, sealed_on, live, earlier):
    """Run the tool: SEALED_ON the events the key was sealed on, LIVE this
    start's, EARLIER {file name: log bytes}. Returns {file: (status, diffs)}
    and the match count."""
    (tmp_path / "blob.bin").write_bytes(sealed_blob(profile, stored_digest(sealed_on, profile)))
    (tmp_path / "live.log").write_bytes(log_bytes(live))
    paths = []
    for name, data in earlier.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    res = run_tool("history", tmp_path / "blob.bin", tmp_path / "live.log", *paths)
    assert res.returncode == 0, res.stdout + res.stderr
    out, current = {}, None
    for line in res.stdout.splitlines():
        if line.startswith("log "):
            name, status = line[4:].split(": ", 1)
            current = out.setdefault(name.rsplit("/", 1)[-1], [status, []])
        elif line.startswith("  "):
            current[1].append(line.strip())
    assert res.stdout.splitlines()[-1].startswith("matches ")
    return out, int(res.stdout.splitlines()[-1].split()[1])


@pytest.mark.parametrize("profile", [PROFILE_0_2_4_11, PROFILE_7_11], ids=["0,2,4,11", "7,11"])
def test_matching_start_found_among_several(tmp_path, pki, profile):
    sealed = windows_start(pki)
    logs = {"a-older-firmware.log": log_bytes(windows_start(pki, firmware="0.9")),
            "b-sealed.log": log_bytes(sealed),
            "c-secure-boot-off.log": log_bytes(windows_start(pki, secure_boot=False)),
            "d-2023-ca.log": log_bytes(windows_start(pki, ca="Test Windows UEFI CA 2023"))}
    out, matches = history(tmp_path, profile, sealed, this_start(pki, firmware="2.0"), logs)
    # PCR 7 does not see the firmware version, PCRs 0, 2, 4 neither Secure Boot
    # nor the boot manager's signer (Authenticode leaves the signature out)
    matching = {"b-sealed.log"} | ({"a-older-firmware.log"} if profile == PROFILE_7_11
                                   else {"c-secure-boot-off.log", "d-2023-ca.log"})
    assert matches == len(matching)
    for name in logs:
        expected = "matches the sealed key" if name in matching else "another start"
        assert out[name][0] == expected, name
        if name not in matching:
            assert out[name][1] == [], name
    # every event of PCRs 0-7 up to the boot manager, whatever the profile
    assert out["b-sealed.log"][1] == [
        "PCR 0 changed: EV_S_CRTM_VERSION (2.0)",
        "PCR 4 changed: EV_EFI_BOOT_SERVICES_APPLICATION",
        "PCR 7 changed: EV_EFI_VARIABLE_AUTHORITY (db)"]


def test_firmware_only_change_matches_pcr7_key_twice(tmp_path, pki):
    """A key sealed to PCR 7 alone does not see a firmware update: both
    starts reproduce it, and both are named."""
    sealed = windows_start(pki)
    logs = {"old.log": log_bytes(windows_start(pki, firmware="0.9")),
            "new.log": log_bytes(sealed)}
    out, matches = history(tmp_path, PROFILE_7_11, sealed, this_start(pki), logs)
    assert matches == 2
    assert out["old.log"][1] == [
        "PCR 0 changed: EV_S_CRTM_VERSION (1.0)",
        "PCR 4 changed: EV_EFI_BOOT_SERVICES_APPLICATION",
        "PCR 7 changed: EV_EFI_VARIABLE_AUTHORITY (db)"]


def test_added_and_removed_events(tmp_path, pki):
    """This start tried a boot option first (Returning/Calling added to PCR
    4), and its firmware logged no option ROM (removed from PCRs 2 and 7)."""
    sealed = windows_start(pki)
    live = this_start(pki, attempts=1, option_rom=False)
    out, matches = history(tmp_path, PROFILE_0_2_4_11, sealed, live,
                           {"sealed.log": log_bytes(sealed)})
    assert matches == 1
    assert out["sealed.log"][1] == [
        "PCR 2 removed: EV_EFI_BOOT_SERVICES_DRIVER",
        f"PCR 4 added: EV_EFI_ACTION ({RETURNING.decode()[:DETAIL]})",
        f"PCR 4 added: EV_EFI_ACTION ({CALLING.decode()[:DETAIL]})",
        "PCR 4 changed: EV_EFI_BOOT_SERVICES_APPLICATION",
        # the option ROM's certificate and the boot manager's, one certificate now:
        # paired in order, the first changed and the second gone
        "PCR 7 changed: EV_EFI_VARIABLE_AUTHORITY (db)",
        "PCR 7 removed: EV_EFI_VARIABLE_AUTHORITY (db)"]


def test_no_match_said_plainly(tmp_path, pki):
    sealed = windows_start(pki, firmware="3.0")
    logs = {"x.log": log_bytes(windows_start(pki)),
            "y.log": log_bytes(windows_start(pki, secure_boot=False))}
    out, matches = history(tmp_path, PROFILE_0_2_4_11, sealed, this_start(pki), logs)
    assert matches == 0
    assert out == {"x.log": ["another start", []], "y.log": ["another start", []]}


def test_damaged_logs_skipped_with_reason(tmp_path, pki):
    sealed = windows_start(pki)
    good = log_bytes(sealed)
    no_app = log_bytes([e for e in sealed if e[1] != 0x80000003])
    logs = {"empty.log": b"", "garbage.log": bytes(range(256)) * 8,
            "cut.log": good[:len(good) - 7], "header-only.log": good[:60],
            "no-app.log": no_app, "good.log": good}
    for cut in range(1, len(good), 97):
        logs[f"cut{cut}.log"] = good[:cut]
    out, matches = history(tmp_path, PROFILE_0_2_4_11, sealed, this_start(pki), logs)
    assert matches == 1 and out["good.log"][0] == "matches the sealed key"
    assert out["cut.log"][0].startswith("damaged log (")
    assert out["garbage.log"][0].startswith("damaged log (")
    assert out["empty.log"][0].startswith("damaged log (")
    assert out["no-app.log"] == ["no boot application", []]
    for name, (status, diffs) in out.items():
        if name.startswith("cut") and name != "cut.log":
            assert status.startswith("damaged log (") or status == "no boot application", name
            assert diffs == []


def test_key_beyond_pcr_7_cannot_be_matched(tmp_path, pki):
    sealed = windows_start(pki)
    out, matches = history(tmp_path, PROFILE_7_11 | 1 << 12, sealed, this_start(pki),
                           {"s.log": log_bytes(sealed)})
    assert matches == 0
    assert out["s.log"][0] == "the key selects PCRs beyond 0-7"


# --- through an NTFS volume, as the app reads it after an unlock ------------------------
FOLDER = "Windows/Logs/MeasuredBoot/"


def mboot(tmp_path, profile, sealed_on, live, files, mtimes=None):
    import ntfs_build
    why = ntfs_build.tools_missing()
    if why:
        pytest.skip(why)
    image = tmp_path / "windows.ntfs"
    ntfs_build.make_ntfs(image, 8 << 20, files, dirs=("Windows",), mtimes=mtimes)
    (tmp_path / "blob.bin").write_bytes(sealed_blob(profile, stored_digest(sealed_on, profile)))
    (tmp_path / "live.log").write_bytes(log_bytes(live))
    res = run_tool("mboot", tmp_path / "blob.bin", tmp_path / "live.log", image)
    assert res.returncode == 0, res.stdout + res.stderr
    return res.stdout.splitlines()


def test_volume_folder_newest_first(tmp_path, pki):
    """Two logs reproduce a PCR 7 key (a firmware update between them): the
    newer by modification time is named, whatever the names' order; damaged
    logs and other files are passed over."""
    sealed = windows_start(pki)
    good = log_bytes(sealed)
    files = {FOLDER + "a-0000000007.log": log_bytes(windows_start(pki, firmware="0.9")),
             FOLDER + "b-0000000009.log": good,
             FOLDER + "c-0000000010.log": good[:300],
             FOLDER + "notes.txt": good,
             "Windows/other.log": good}
    mtimes = {FOLDER + "a-0000000007.log": 1_600_000_000,
              FOLDER + "b-0000000009.log": 1_700_000_000,
              FOLDER + "c-0000000010.log": 1_710_000_000}
    lines = mboot(tmp_path, PROFILE_7_11, sealed, this_start(pki), files, mtimes)
    assert lines[:2] == ["log c-0000000010.log: damaged log",
                         "log b-0000000009.log: matches the sealed key"]
    assert "listed 3 read 2 skipped 0" in lines
    assert lines[lines.index("listed 3 read 2 skipped 0") + 1:] == [
        "found b-0000000009.log 1700000000",
        "  PCR 4 changed: EV_EFI_BOOT_SERVICES_APPLICATION",
        "  PCR 7 changed: EV_EFI_VARIABLE_AUTHORITY (db)"]


def test_volume_without_match_or_folder(tmp_path, pki):
    sealed = windows_start(pki, firmware="3.0")
    lines = mboot(tmp_path, PROFILE_0_2_4_11, sealed, this_start(pki),
                  {FOLDER + "x.log": log_bytes(windows_start(pki))})
    assert lines[-2:] == ["listed 1 read 1 skipped 0", "no match"]
    lines = mboot(tmp_path, PROFILE_0_2_4_11, sealed, this_start(pki),
                  {"Users/ann.txt": b"hello"})
    assert lines[-2:] == ["listed 0 read 0 skipped 0", "no folder"]


def test_unusable_live_log_matches_without_differences(tmp_path, pki):
    """This start's log empty or cut in its header: the earlier start is
    still named, and no event is said to differ."""
    sealed = windows_start(pki)
    for live in (b"", log_bytes(this_start(pki))[:40]):
        (tmp_path / "blob.bin").write_bytes(
            sealed_blob(PROFILE_0_2_4_11, stored_digest(sealed, PROFILE_0_2_4_11)))
        (tmp_path / "live.log").write_bytes(live)
        (tmp_path / "s.log").write_bytes(log_bytes(sealed))
        res = run_tool("history", tmp_path / "blob.bin", tmp_path / "live.log", tmp_path / "s.log")
        assert res.returncode == 0, res.stderr
        assert res.stdout.splitlines() == [f"log {tmp_path / 's.log'}: matches the sealed key",
                                           "matches 1"]


def test_flipped_bytes_never_crash(tmp_path, pki):
    """Earlier logs with bytes flipped anywhere: each gets a status line, the
    untouched one still matches."""
    import random
    rng = random.Random(12)
    sealed = windows_start(pki)
    good = log_bytes(sealed)
    logs = {}
    for i in range(60):
        b = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        logs[f"f{i}.log"] = bytes(b[:rng.randrange(len(b))] if i % 3 == 0 else b)
    logs["good.log"] = good
    out, matches = history(tmp_path, PROFILE_0_2_4_11, sealed, this_start(pki), logs)
    assert len(out) == len(logs) and out["good.log"][0] == "matches the sealed key"
    assert matches >= 1
