"""End-to-end: the EFI app booted by OVMF in QEMU (harness: tests/qemu.py).

Each boot is reused for several assertions to keep QEMU time small. Serial
console logs of every boot are kept under build/test-logs/.
"""
import re
import subprocess

import qemu
from conftest import BUILD

def host_selftest_names():
    out = subprocess.run([BUILD / "selftest", "--list"], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    return out.split()


def expect_banner(vm):
    version = vm.expect(r"bitrescue (\S+)\n", timeout=90).group(1)
    firmware = vm.expect(r"Firmware: (.+), revision 0x([0-9a-f]+)\n", 30)
    uefi = vm.expect(r"UEFI revision: (\d+)\.(\d+)", 30)
    secure = vm.expect(r"Secure Boot: ([a-z ()]+)\n", 30).group(1)
    tpm = vm.expect(r"TPM: (.+)\n", 30).group(1)
    blocks = int(vm.expect(r"Block devices: (\d+)\n", 30).group(1))
    return {"version": version, "vendor": firmware.group(1),
            "uefi": (int(uefi.group(1)), int(uefi.group(2))),
            "secure_boot": secure, "tpm": tpm, "block_devices": blocks}


def test_banner_and_keys():
    """Banner facts, then keys typed on the serial line and on the PS/2
    keyboard come back named; Esc ends the app."""
    with qemu.Machine("banner-keys", options="--timeout 120") as vm:
        info = expect_banner(vm)
        print(qemu.ACCEL_NOTE, f"banner after {vm.elapsed():.1f} s")
        # make stamps git describe --always --dirty into the build
        assert re.fullmatch(r"[0-9a-f]{7,40}(-dirty)?|v?\d[\w.-]*", info["version"])
        assert info["vendor"] == "EDK II"
        assert info["uefi"][0] == 2 and info["uefi"][1] >= 3
        # Debian's blank variable store has no platform key.
        assert info["secure_boot"] == "setup mode"
        assert info["tpm"] == "none"
        # The boot disk and its EFI system partition.
        assert info["block_devices"] == 2
        vm.expect(r"exits after 120 s without a key")

        for key, name in [("7", "'7'"), ("F1", "F1"), ("F10", "F10"),
                          ("Backspace", "Backspace"), ("Enter", "Enter"),
                          ("a", "'a'")]:
            vm.key(key)
            assert vm.expect(r"key: (.+)\n", 30).group(1) == name, key
        for key, name in [("F1", "F1"), ("F10", "F10"), ("5", "'5'")]:
            vm.qmp_key(key)
            assert vm.expect(r"key: (.+)\n", 30).group(1) == name, "PS/2 " + key
        vm.key("Esc")
        assert vm.expect(r"key: (.+)\n", 30).group(1) == "Esc"
        vm.expect(r"bitrescue: exit\n", 30)


def test_function_keys_serial():
    """All of F1..F10 arrive as themselves over the serial console."""
    with qemu.Machine("fkeys", options="--timeout 120") as vm:
        vm.expect(r"Press keys", timeout=90)
        for n in range(1, 11):
            vm.key(f"F{n}")
            assert vm.expect(r"key: (.+)\n", 30).group(1) == f"F{n}"
        vm.qmp_key("Esc")
        vm.expect(r"key: Esc\nbitrescue: exit\n", 30)


def test_self_test_in_firmware():
    """--self-test runs every portable self-test inside OVMF: the same
    tests the host runs, all passing."""
    names = host_selftest_names()
    with qemu.Machine("self-test", options="--self-test") as vm:
        vm.expect(r"Block devices: \d+\n", timeout=90)
        summary = vm.expect(r"self-test: (\d+) passed, (\d+) failed\n", 600)
        out = vm.text()
        ran = re.findall(r"^(ok|FAIL) (\S+) \(\d+ checks\)$", out, re.M)
        assert [name for _, name in ran] == names
        assert [status for status, _ in ran] == ["ok"] * len(names), out
        assert int(summary.group(1)) == len(names)
        assert int(summary.group(2)) == 0
        vm.expect(r"bitrescue: exit\n", 30)


def test_timeout_and_bad_options():
    """An unknown option prints usage instead of running; the options file
    is read; --timeout ends the key loop."""
    with qemu.Machine("bad-option", options="--frobnicate") as vm:
        vm.expect(r"options from \\EFI\\bitrescue\\options.txt\n", timeout=90)
        vm.expect(r"error: unknown option --frobnicate\n", 30)
        vm.expect(r"usage: bitrescue ", 30)
        vm.expect(r"bitrescue: exit\n", 30)
    with qemu.Machine("timeout", options="# comment\n--timeout 2") as vm:
        vm.expect(r"exits after 2 s without a key", timeout=90)
        vm.expect(r"timeout: no key for 2 s\nbitrescue: exit\n", 60)


def test_extra_disks_and_tpm(corpus):
    """With swtpm the firmware offers TCG2; extra disks (a corpus image as a
    whole disk, and one inside a GPT partition) get BlockIo because the app
    connects every controller."""
    image = corpus / "bitlk-aes-xts-128.img"
    with qemu.Machine("disks-tpm", options="--timeout 60", tpm=True,
                      disks=[qemu.Disk(image), qemu.Disk(image, gpt=True),
                             qemu.Disk(image, readonly=True)]) as vm:
        info = expect_banner(vm)
        assert info["tpm"] == "TPM 2.0 (TCG2 protocol)"
        # boot disk + ESP, whole-disk image, GPT disk + its partition,
        # read-only image
        assert info["block_devices"] == 2 + 1 + 2 + 1
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)
