"""efi/tcg2.c and tpm/ in real firmware: build/tpm-probe.efi boots in
QEMU/OVMF (Debian's OVMF measures the boot into a TPM 2.0 and keeps a
crypto-agile event log) with swtpm attached as a TPM 2.0, as a TPM 1.2, and
without any TPM.

With a TPM: TPM2_GetCapability and TPM2_PCR_Read go through
EFI_TCG2_PROTOCOL.SubmitCommand, the log comes from GetEventLog and its end
from the last record; the live PCRs must equal our replay of that log, and
the log itself, fed to tpm2_eventlog, must replay to the same values.
"""
import re
import subprocess
import time

import pytest

import qemu
from conftest import BUILD

# Every test here shares the module's boots: one worker runs them all
# (make check's --dist loadgroup), or each worker would boot them again.
pytestmark = pytest.mark.xdist_group("tpm-probe-boot")

PROBE = BUILD / "tpm-probe.efi"


def boot(name, tpm, tmp_path, extra_args=()):
    """The probe's report, from QEMU's debug console (port 0xE9)."""
    report = tmp_path / f"{name}.txt"
    with qemu.Machine(name, app=PROBE, tpm=tpm,
                      extra_args=["-debugcon", f"file:{report}", *extra_args]) as vm:
        vm.expect(r"tpm-probe done", 180)
    text = report.read_text(errors="replace")
    assert text.endswith("tpm-probe done\n"), text[-500:]
    return text


def fields(text):
    out = {"pcr": {}, "replay": {}, "log_hex": []}
    for line in text.splitlines():
        f = line.split()
        if not f:
            continue
        if f[0] == "pcr" and len(f) == 4:
            out["pcr"].setdefault(f[1], {})[int(f[2])] = f[3]
        elif f[0] == "replay" and len(f) == 6:
            out["replay"][f[1]] = (int(f[3], 16), int(f[5], 16))
        elif f[0] == "log-hex" and len(f) == 2:
            out["log_hex"].append(f[1])
        elif f[0] in ("tpm", "log") and len(f) >= 3:
            out.setdefault(f"{f[0]} {f[1]}", f[2:])
    return out


@pytest.fixture(scope="module")
def with_tpm(tmp_path_factory):
    return fields(boot("tpm-probe-swtpm", True, tmp_path_factory.mktemp("probe")))


def test_tpm2_found(with_tpm):
    assert with_tpm["tpm version"] == ["2.0", "error", "success"]
    assert with_tpm["tpm manufacturer"][0] == "IBM"     # swtpm's vendor id
    # Every PCR of the SHA-1 and SHA-256 banks came back through SubmitCommand.
    for bank in ("sha1", "sha256"):
        assert sorted(with_tpm["pcr"][bank]) == list(range(24)), bank


def test_live_pcrs_match_firmware_log(with_tpm):
    assert with_tpm["log length"][1:] == ["truncated", "0", "error", "success"]
    length = int(with_tpm["log length"][0])
    assert length > 0 and len(bytes.fromhex("".join(with_tpm["log_hex"]))) == length
    assert with_tpm["log events"][1:] == ["error", "success"]
    # OVMF measured PCRs 0-7; all 24 must agree with the replay.
    for bank in ("sha1", "sha256"):
        match, mismatch = with_tpm["replay"][bank]
        assert (match, mismatch) == (0xFFFFFF, 0), bank


def test_firmware_log_replays_in_tpm2_eventlog(with_tpm, tmp_path):
    log = tmp_path / "ovmf-log.bin"
    log.write_bytes(bytes.fromhex("".join(with_tpm["log_hex"])))
    out = subprocess.run(["tpm2_eventlog", str(log)], capture_output=True, text=True,
                         errors="replace", check=True, timeout=60).stdout
    section = out[out.index("\npcrs:"):]
    bank, checked = None, 0
    for line in section.splitlines():
        m = re.match(r"^  (\w+):$", line)
        if m:
            bank = m.group(1)
        m = re.match(r"^    (\d+)\s*: 0x([0-9a-fA-F]+)$", line)
        if m and bank in ("sha1", "sha256"):
            assert with_tpm["pcr"][bank][int(m.group(1))] == m.group(2).lower()
            checked += 1
    assert checked >= 2 * 8      # PCRs 0-7 in both banks


def test_tpm12_detected(tmp_path):
    """A TPM 1.2 (swtpm without --tpm2, TIS interface): OVMF offers only
    EFI_TCG_PROTOCOL, and "TPM 1.2 present" is what we can say."""
    sock = tmp_path / "swtpm12.sock"
    state = tmp_path / "tpm12"
    state.mkdir()
    swtpm = subprocess.Popen(["swtpm", "socket", "--tpmstate", f"dir={state}",
                              "--ctrl", f"type=unixio,path={sock}"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not sock.exists():
            assert swtpm.poll() is None and time.monotonic() < deadline, "swtpm did not start"
            time.sleep(0.05)
        f = fields(boot("tpm-probe-tpm12", False, tmp_path, [
            "-chardev", f"socket,id=chrtpm12,path={sock}",
            "-tpmdev", "emulator,id=tpm12,chardev=chrtpm12",
            "-device", "tpm-tis,tpmdev=tpm12"]))
    finally:
        swtpm.terminate()
        try:
            swtpm.wait(timeout=5)
        except subprocess.TimeoutExpired:
            swtpm.kill()
            swtpm.wait()
    assert f["tpm version"] == ["1.2", "error", "success"]
    assert f["tpm deactivated"] == ["0"]


def test_no_tpm_said_plainly(tmp_path):
    f = fields(boot("tpm-probe-none", False, tmp_path))
    assert f["tpm version"] == ["absent", "error", "no", "TPM"]
