"""The diagnostics export (efi/report.c, efi/files.c): \\bitrescue\\report.txt
and \\bitrescue\\eventlog.bin on the boot disk's ESP, read back with mtools.

With swtpm the PCR values in the report must equal those tpm2_eventlog
(tpm2-tools, an independent parser) replays from the exported event log;
on a read-only boot disk the app says it cannot save and carries on.
"""
import re
import subprocess

import qemu
from test_discovery import ODD_ID, TPM_ID, tpm_protector_image

BANKS = ("sha1", "sha256", "sha384", "sha512")


def replay_with_tpm2_eventlog(log_path):
    """{bank: {pcr: hex}} from tpm2_eventlog's "pcrs:" section."""
    out = subprocess.run(["tpm2_eventlog", str(log_path)], capture_output=True,
                         text=True, errors="replace", check=True, timeout=60).stdout
    pcrs, bank = {}, None
    for line in out[out.index("\npcrs:"):].splitlines():
        m = re.match(r"^  (\w+):$", line)
        if m:
            bank = m.group(1)
        m = re.match(r"^    (\d+)\s*: 0x([0-9a-fA-F]+)$", line)
        if m and bank:
            pcrs.setdefault(bank, {})[int(m.group(1))] = m.group(2).lower()
    events = len(re.findall(r"^- EventNum:", out, re.M))
    return pcrs, events


def report_pcrs(text):
    pcrs = {}
    for m in re.finditer(r"^pcr (\w+) (\d+) ([0-9a-f]+)$", text, re.M):
        pcrs.setdefault(m.group(1), {})[int(m.group(2))] = m.group(3)
    return pcrs


def test_report_and_event_log_with_tpm(corpus, images, tmp_path):
    name = "bitlk-aes-xts-128"
    image = tpm_protector_image(corpus / f"{name}.img", tmp_path / "tpm.img")
    with qemu.Machine("report-tpm", serial_tcp=True, options="--report", tpm=True,
                      disks=[qemu.Disk(image)]) as vm:
        vm.expect(r"arguments: --report\n", timeout=120)
        saved = vm.expect(r"report: report saved as \\bitrescue\\report.txt "
                          r"\((\d+) bytes\)\n", 120)
        logged = vm.expect(r"report: event log saved as \\bitrescue\\eventlog.bin "
                           r"\((\d+) bytes\)\n", 60)
        vm.expect(r"bitrescue: exit\n", 30)
        report = vm.esp_file("bitrescue/report.txt")
        log = vm.esp_file("bitrescue/eventlog.bin")
    assert report is not None and len(report) == int(saved.group(1))
    assert log is not None and len(log) == int(logged.group(1))
    text = report.decode("ascii")       # plain ASCII, or this fails
    (tmp_path / "report.txt").write_text(text)
    assert text.startswith("bitrescue ")

    # The volume and its protectors are in it.
    conf = images[name]
    assert "  volume {" + conf["GUID"].upper() + "}\n" in text
    assert f"  recovery key ID {conf['RP_VMK_GUID'][:8].upper()}\n" in text
    assert f"  Numerical Password {{{conf['RP_VMK_GUID'].upper()}}}\n" in text
    assert f"  TPM {{{TPM_ID}}}\n    PCR profile 0, 2, 4, 11\n" in text
    # its made-up sealed key is no TPM 2.0 object: said, and no digest shown
    assert ("    PCR profile 0, 2, 4, 11\n    PIN: no\n    policy: NOT UNDERSTOOD "
            "(TPM2B_PUBLIC size differs from its contents)\n") in text
    # and so the TPM is not asked about it (tpm/verdict.h's line)
    assert ("    TPM verdict (PCRs 0, 2, 4, 11): cannot tell: the sealed key is not "
            "understood\n    predicted PCR digest (SHA-256) not predicted\n"
            "    TPM checks: storage root key not asked, key loads not asked, "
            "lockout not asked (0 of 0 tries)\n    Cannot tell whether the TPM would "
            "release the key: the TPM protector's sealed key is not understood.\n") in text
    assert f"  Unknown (type 0x4242) {{{ODD_ID}}}\n" in text

    # The TPM: every PCR of the banks tpm2_eventlog replays, equal.
    assert re.search(r"^tpm 2\.0 manufacturer IBM ", text, re.M)
    log_path = tmp_path / "eventlog.bin"
    log_path.write_bytes(log)
    replayed, events = replay_with_tpm2_eventlog(log_path)
    live = report_pcrs(text)
    compared = 0
    for bank, values in replayed.items():
        for pcr, value in values.items():
            assert live[bank][pcr] == value, (bank, pcr)
            compared += 1
    assert {"sha1", "sha256"} <= set(replayed)
    assert compared >= 2 * 8
    # Our own summary agrees: size, event count, replay without mismatch.
    m = re.search(r"^eventlog (\d+) bytes, (\d+) events$", text, re.M)
    assert int(m.group(1)) == len(log)
    assert int(m.group(2)) == events
    assert re.search(r"^replay sha256 match 0xFFFFFF mismatch 0x000000$", text, re.M)
    assert re.search(r"^events pcr 0 EV_S_CRTM_VERSION 1$", text, re.M)
    # OVMF's Tcg2Dxe has a final events table; the app called GetEventLog
    # first, so it holds nothing the log lacks, and nothing is counted twice
    m = re.search(r"^eventlog final events table (\d+) events, (\d+) repeated, "
                  r"(\d+) added: (.*)$", text, re.M)
    assert m, "no final events table line"
    assert m.group(3) == "0" and m.group(4) == "nothing the event log lacks"


def test_report_refused_on_read_only_boot_disk(corpus):
    """R on the volume list with the boot disk attached read-only: the app
    says the report was not saved and why, and goes on."""
    with qemu.Machine("report-readonly", serial_tcp=True, options="--timeout 120",
                      esp_readonly=True,
                      disks=[qemu.Disk(corpus / "bitlk-aes-cbc-128.img")]) as vm:
        vm.expect(r"BitLocker volumes \(1 found\)", timeout=120)
        vm.key("r")
        vm.expect(r"Report \\bitrescue\\report.txt: not saved, read-only", 60)
        vm.expect(r"Nothing was written", 30)
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(1 found\)", 30)
        vm.key("Esc")
        vm.expect(r"Leave bitrescue\?", 30)
        vm.key("Enter")
        vm.expect(r"bitrescue: exit\n", 30)
        assert vm.esp_file("bitrescue/report.txt") is None
        assert vm.esp_file("bitrescue/eventlog.bin") is None
