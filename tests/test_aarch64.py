"""The AArch64 app (build/bitrescue-aa64.efi) in AAVMF on QEMU's virt
machine under TCG (harness: tests/qemu.py, arch="aa64"), and the one stick
image booting on both architectures.

Few boots, each doing much (an AAVMF boot costs tens of seconds here):
  - the self-test inside the firmware;
  - three corpus volumes and swtpm: one unlocked by its recovery password
    typed on the serial console (VT100 keys, F-keys among them), its NTFS
    serial shown; --then starts the app again with --report, which finds
    the decrypted BlockIo child, lists every protector and key ID, and
    reads the TPM's PCRs, which must equal tpm2_eventlog's replay of the
    firmware's event log;
  - the stick image, both apps signed with the snakeoil key, on AAVMF
    enforcing Secure Boot (with the volumes: ramfb screenshots of the
    volume list and of a helpdesk card), and the same image file on OVMF;
    the unsigned app is refused.
"""
import re
import subprocess
import time

import qemu
from conftest import IMAGES
from test_bootpaths import lit_pixels, mkusb
from test_language import zbar
from test_report import replay_with_tpm2_eventlog, report_pcrs

TYPED = "bitlk-aes-xts-128"
LISTED = [TYPED, "bitlk-aes-cbc-elephant-128", "bitlk-aes-xts-128-startup-key"]


def disks_for(corpus):
    return [qemu.Disk(corpus / f"{n}.img") for n in LISTED]


def timed(what, vm):
    print(f"{what}: {vm.elapsed():.0f} s")


def test_app_is_aarch64_with_sbat():
    """The AArch64 app is a PE32+ EFI application for ARM64 (machine
    0xAA64, subsystem 10) and carries the .sbat section shim needs."""
    data = qemu.APP_AA64.read_bytes()
    pe = int.from_bytes(data[0x3c:0x40], "little")
    assert data[:2] == b"MZ" and data[pe:pe + 4] == b"PE\0\0"
    assert int.from_bytes(data[pe + 4:pe + 6], "little") == 0xAA64
    assert int.from_bytes(data[pe + 24:pe + 26], "little") == 0x20b      # PE32+
    assert int.from_bytes(data[pe + 24 + 68:pe + 24 + 70], "little") == 10
    heads = subprocess.run(["aarch64-linux-gnu-objdump", "-h", str(qemu.APP_AA64)],
                           capture_output=True, text=True, check=True, timeout=60).stdout
    assert re.search(r"^\s+\d+ \.sbat ", heads, re.M)
    sbat = subprocess.run(["aarch64-linux-gnu-objcopy", "-O", "binary", "--only-section",
                           ".sbat", str(qemu.APP_AA64), "/dev/stdout"],
                          capture_output=True, check=True, timeout=60).stdout
    assert sbat.startswith(b"sbat,1,") and b"\nbitrescue,1," in sbat


def test_selftest_in_aavmf():
    """Every portable self-test passes inside AAVMF."""
    with qemu.Machine("aa64-selftest", arch="aa64", options="--self-test") as vm:
        vm.expect(r"bitrescue \S+\n", 120)
        done = vm.expect(r"self-test: (\d+) passed, (\d+) failed\n", 600)
        timed("self-test", vm)
    assert int(done.group(1)) > 0 and done.group(2) == "0", vm.text()[-3000:]
    assert not re.search(r"^FAIL", vm.text(), re.M)


def test_bench_in_aavmf():
    """--bench runs on AArch64: the generic timer's rate is measured against
    the firmware's Stall, and a stretch and a decryption are timed, with
    the paths they took named (make bench prints them beside x64's): the
    ARMv8 Crypto Extension ones, found by ID_AA64ISAR0_EL1 at EL1."""
    with qemu.Machine("aa64-bench", arch="aa64", options="--bench 2") as vm:
        m = vm.expect(r"bench: stretch (\d+) ms \((\S+)\), decrypt (\d+) MB/s \((.+?)\), "
                      r"2 MiB AES-XTS 128 in (\d+) ms, counter (\d+) kHz\n", 300)
        timed("bench", vm)
    # QEMU's virt timer counts at 62.5 MHz; TCG's stretch takes seconds
    assert 1000 <= int(m.group(6)) <= 1000000
    assert int(m.group(1)) > 0 and int(m.group(5)) > 0
    # -cpu max has the AES and SHA-256 instructions: the CE paths run
    assert (m.group(2), m.group(4)) == ("sha2-ce", "aes-ce x8")


def test_typed_unlock_then_report_with_tpm(corpus, tmp_path):
    """The recovery password typed over the serial console (first group by
    F-keys, VT100 escape sequences) unlocks the XTS volume and the success
    screen shows its NTFS serial; --then runs the app again, which counts
    the decrypted BlockIo child and saves the report: every volume, every
    protector ID and key ID, and PCRs equal to the event log's replay."""
    conf = IMAGES[TYPED]
    rp = conf["RP"]
    disks = disks_for(corpus)
    written = []
    options = (f"--volume {conf['GUID']} "
               "--then \\EFI\\BOOT\\BOOTAA64.EFI -- --report")
    with qemu.Machine("aa64-unlock-report", arch="aa64", options=options,
                      disks=disks, tpm=True) as vm:
        vm.on_stop = lambda _: written.extend(d.image.name for d in disks
                                              if d.guest_wrote())
        assert vm.expect(r"TPM: (.+)\n", 120).group(1) == "2.0, maker IBM"
        before = int(vm.expect(r"Block devices: (\d+)\n", 60).group(1))
        vm.expect(r"Type the 48-digit recovery key:", 300)
        assert f"Recovery key ID: {conf['RP_VMK_GUID'][:8].upper()}" in vm.screen().text()
        for digit in rp[:6]:                  # F1-F9 = 1-9, F10 = 0
            vm.key(f"F{int(digit) or 10}")
        vm.type(rp[7:])
        vm.expect(r"All 8 groups are valid", 60)
        vm.key("Enter")
        vm.expect(r"Serial number: +" + conf["UUID"], 600)
        timed("typed unlock", vm)
        vm.key("Esc")
        vm.expect(r"then: starting ", 120)
        after = int(vm.expect(r"Block devices: (\d+)\n", 120).group(1))
        saved = vm.expect(r"report: report saved as \\bitrescue\\report.txt "
                          r"\((\d+) bytes\)\n", 300)
        vm.expect(r"report: event log saved as \\bitrescue\\eventlog.bin", 60)
        vm.expect(r"then: \\EFI\\BOOT\\BOOTAA64.EFI returned: Success", 60)
        vm.expect(r"bitrescue: exit\n", 60)
        timed("then --report", vm)
        report = vm.esp_file("bitrescue/report.txt")
        log = vm.esp_file("bitrescue/eventlog.bin")
    assert after == before + 1               # the decrypted view's BlockIo
    assert report is not None and len(report) == int(saved.group(1))
    text = report.decode("ascii")
    for name in LISTED:
        c = IMAGES[name]
        assert "  volume {" + c["GUID"].upper() + "}\n" in text, name
        assert f"  recovery key ID {c['RP_VMK_GUID'][:8].upper()}\n" in text, name
        ids = [v.upper() for k, v in c.items() if k.endswith("_VMK_GUID")]
        assert len(ids) == 2
        for i in ids:
            assert re.search(r"^  \S.* \{" + i + r"\}$", text, re.M), (name, i)
    # swtpm's PCRs, read through EFI_TCG2_PROTOCOL, against the log's replay
    assert re.search(r"^tpm 2\.0 manufacturer IBM ", text, re.M)
    (tmp_path / "eventlog.bin").write_bytes(log)
    replayed, events = replay_with_tpm2_eventlog(tmp_path / "eventlog.bin")
    live = report_pcrs(text)
    assert events > 0 and "sha256" in replayed
    for bank, values in replayed.items():
        for pcr, value in values.items():
            assert live[bank][pcr] == value, (bank, pcr)
    assert written == []


def test_one_stick_both_architectures_secure_boot(corpus, tmp_path):
    """The stick image with both apps signed: AAVMF enforcing Secure Boot
    picks BOOTAA64.EFI and shows the volume list and a helpdesk card whose
    QR code zbarimg reads (ramfb screenshots under
    build/test-logs/aa64-*.png); OVMF
    picks BOOTX64.EFI from the same image file; the unsigned AArch64 app
    is refused."""
    signed = qemu.sign_with_snakeoil(qemu.APP, tmp_path / "signed.efi")
    signed_aa64 = qemu.sign_with_snakeoil(qemu.APP_AA64, tmp_path / "signed-aa64.efi")
    image = mkusb(tmp_path, app=signed, app_aa64=signed_aa64, cert=tmp_path / "signed.cer")
    shot = qemu.LOG_DIR / "aa64-volume-list.ppm"
    card = qemu.LOG_DIR / "aa64-helpdesk.ppm"
    with qemu.Machine("aa64-usb-secure-boot", arch="aa64", boot_disk=image,
                      boot_usb=True, graphics=True, disks=disks_for(corpus),
                      vars_template=qemu.AAVMF_VARS_SNAKEOIL) as vm:
        vm.expect(r"bitrescue \S+\n", timeout=120)
        assert vm.expect(r"Secure Boot: (.+)\n", 30).group(1) == "enabled"
        vm.expect(r"BitLocker volumes \(3 found\)", 300)
        vm.expect(r"Esc: exit", 60)
        time.sleep(2)                        # the last cells reach the framebuffer
        vm.screendump(shot)
        timed("AAVMF stick to volume list", vm)
        # the helpdesk card of the second volume, QR code on ramfb
        vm.key("Down")
        vm.expect(re.escape(IMAGES[LISTED[1]]["GUID"].upper()), 30)
        vm.key("h")
        vm.expect(r"Recovery key ID - read it first", 30)
        vm.expect(r"Key ID: " + IMAGES[LISTED[1]]["RP_VMK_GUID"][:8].upper(), 30)
        vm.expect(r"Intune", 30)
        time.sleep(2)
        vm.screendump(card)
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(3 found\)", 30)
        vm.key("Esc")
        vm.expect(r"Leave bitrescue\?", 60)
        vm.key("Enter")
        vm.expect(r"bitrescue: exit\n", 60)
    width, height, rgb = qemu.read_ppm(shot)
    assert (width, height) == (800, 600)
    qemu.ppm_to_png(shot, shot.with_suffix(".png"),
                    qemu.text_area(width, height))
    # text drawn: far more lit pixels than a blank screen, far fewer than a
    # white one
    assert 2000 < lit_pixels(rgb) < width * height // 2
    _, _, card_rgb = qemu.read_ppm(card)
    assert card_rgb != rgb and lit_pixels(card_rgb) > 2000
    qemu.ppm_to_png(card, card.with_suffix(".png"))
    # the card's QR code, drawn through AAVMF's GOP, holds the key ID
    rp_id = IMAGES[LISTED[1]]["RP_VMK_GUID"].upper()
    assert zbar(card).split("\n")[:2] == [f"BitLocker recovery key ID: {rp_id[:8]}",
                                          "{" + rp_id + "}"]

    with qemu.Machine("x64-same-stick", boot_disk=image, boot_usb=True,
                      secure_boot_firmware=True,
                      vars_template=qemu.OVMF_VARS_SNAKEOIL) as vm:
        vm.expect(r"bitrescue \S+\n", timeout=120)
        assert vm.expect(r"Secure Boot: (.+)\n", 30).group(1) == "enabled"
        vm.expect(r"BitLocker volumes \(0 found\)", 120)
        timed("OVMF same stick", vm)

    with qemu.Machine("aa64-unsigned", arch="aa64", options="--self-test",
                      vars_template=qemu.AAVMF_VARS_SNAKEOIL) as vm:
        vm.expect(r"failed to load Boot\d+ .*: Access Denied", timeout=120)
        assert "bitrescue" not in vm.text()
        timed("AAVMF refusing the unsigned app", vm)
