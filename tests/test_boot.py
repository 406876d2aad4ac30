"""End-to-end: the EFI app booted by OVMF in QEMU (harness: tests/qemu.py).

Each boot is reused for several assertions to keep QEMU time small. Serial
console logs of every boot are kept under build/test-logs/.
"""
import re
import subprocess
import time

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
    with qemu.Machine("banner-keys", options="--key-test --timeout 120") as vm:
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
    """All of F1..F10 and the navigation keys arrive as themselves over the
    serial console; text typed on the PS/2 keyboard arrives too."""
    with qemu.Machine("fkeys", options="--key-test --timeout 120") as vm:
        vm.expect(r"Press keys", timeout=90)
        for n in range(1, 11):
            vm.key(f"F{n}")
            assert vm.expect(r"key: (.+)\n", 30).group(1) == f"F{n}"
        for name in ["Up", "Down", "Left", "Right", "Home", "End", "PageUp",
                     "PageDown", "Delete", "Tab"]:
            vm.key(name)
            assert vm.expect(r"key: (.+)\n", 30).group(1) == name
        # What `make run` does with an xterm's F-keys and Backspace.
        xterm = [b"\x1bOP", b"\x1bOS", b"\x1b[15~", b"\x1b[21~", b"\x7f"]
        for seq, name in zip(xterm, ["F1", "F4", "F5", "F10", "Backspace"]):
            vm.send(qemu.terminal_to_pc_ansi(seq))
            assert vm.expect(r"key: (.+)\n", 30).group(1) == name
        vm.qmp_type("Ab-1")
        for name in ["'A'", "'b'", "'-'", "'1'"]:
            assert vm.expect(r"key: (.+)\n", 30).group(1) == name
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
    with qemu.Machine("timeout", options="# comment\n--key-test --timeout 2") as vm:
        vm.expect(r"exits after 2 s without a key", timeout=90)
        vm.expect(r"timeout: no key for 2 s\nbitrescue: exit\n", 60)


def test_drivers_folder_loaded_first():
    """Every .efi in \\EFI\\bitrescue\\drivers\\ on the boot device is
    started before the disks are connected (a disk controller driver finds
    its disks); other files there are left alone."""
    driver = (BUILD / "hello-driver.efi").read_bytes()
    with qemu.Machine("drivers", options="--list",
                      esp_files={"EFI/bitrescue/drivers/hello.efi": driver,
                                 "EFI/bitrescue/drivers/README.TXT": b"not a driver\r\n"}) as vm:
        vm.expect(r"bitrescue \S+\n", timeout=90)
        vm.expect(r"hello-driver: started\n", 30)
        vm.expect(r"driver: hello.efi: Success\n", 30)
        vm.expect(r"Block devices: \d+\n", 30)
        vm.expect(r"bitrescue: exit\n", 60)
        assert "README.TXT" not in vm.text()


def test_extra_disks_and_tpm(corpus):
    """With swtpm the firmware offers TCG2; extra disks (a corpus image as a
    whole disk, and one inside a GPT partition) get BlockIo because the app
    connects every controller."""
    image = corpus / "bitlk-aes-xts-128.img"
    two = [(qemu.BASIC_DATA_TYPE, "one", image),
           (qemu.BASIC_DATA_TYPE, "two", corpus / "bitlk-aes-cbc-128.img")]
    with qemu.Machine("disks-tpm", options="--key-test --timeout 60", tpm=True,
                      disks=[qemu.Disk(image), qemu.Disk(image, gpt=True),
                             qemu.Disk(image, readonly=True),
                             qemu.Disk(partitions=two)]) as vm:
        info = expect_banner(vm)
        # swtpm's TPM 2.0, queried through EFI_TCG2_PROTOCOL
        assert info["tpm"] == "2.0, maker IBM"
        # boot disk + ESP, whole-disk image, GPT disk + its partition,
        # read-only image, GPT disk + its two partitions
        assert info["block_devices"] == 2 + 1 + 2 + 1 + 3
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)


def test_secure_boot_enforced(tmp_path):
    """With keys enrolled, a signed app reports Secure Boot enabled and the
    unsigned one is refused by the firmware."""
    signed = qemu.sign_with_snakeoil(qemu.APP, tmp_path / "signed.efi", tmp_path)
    common = dict(secure_boot_firmware=True, options="--key-test --timeout 60",
                  vars_template=qemu.OVMF_VARS_SNAKEOIL)
    with qemu.Machine("secure-boot-signed", app=signed, **common) as vm:
        assert expect_banner(vm)["secure_boot"] == "enabled"
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)
    with qemu.Machine("secure-boot-unsigned", **common) as vm:
        vm.expect(r"failed to load Boot\d+ .*: Access Denied", timeout=90)
        assert "bitrescue" not in vm.text()


def test_shell_passes_load_options():
    """Started by the UEFI Shell (startup.nsh), the app gets its options
    from LoadOptions: the program name is dropped, quotes group words."""
    nsh = b'fs0:\\EFI\\bitrescue\\bitrescue.efi --timeout 60 "two words"\r\n'
    with qemu.Machine("shell", boot_path="EFI/bitrescue/bitrescue.efi",
                      esp_files={"startup.nsh": nsh}) as vm:
        vm.expect(r"any other key to continue", timeout=90)
        vm.key("Enter")    # skip the Shell's 5 s countdown
        vm.expect(r"bitrescue \S+\n", 60)
        args = vm.expect(r"arguments: (.*)\n", 30).group(1)
        assert args == "--timeout 60 two words"
        vm.expect(r"error: unknown option two words\n", 30)
        vm.expect(r"bitrescue: exit\n", 30)
        assert "options from" not in vm.text()


def changed_rows(before, after, width):
    """Pixel rows that differ between two RGB frames of WIDTH pixels."""
    stride = width * 3
    return [y for y in range(len(before) // stride)
            if before[y * stride:(y + 1) * stride] != after[y * stride:(y + 1) * stride]]


def lit_pixels(rgb, width, rows):
    stride = width * 3
    return sum(1 for y in rows for i in range(y * stride, (y + 1) * stride, 3)
               if rgb[i] > 128)


def test_graphics_console():
    """The app's text shows on the graphics console too: a key press draws
    one new line of text there."""
    first, second = qemu.LOG_DIR / "graphics-1.ppm", qemu.LOG_DIR / "graphics-2.ppm"
    with qemu.Machine("graphics", graphics=True, options="--key-test --timeout 60") as vm:
        vm.expect(r"Press keys", timeout=90)
        vm.screendump(first)
        width, _, before = qemu.read_ppm(first)
        vm.qmp_key("F1")
        vm.expect(r"key: F1\n", 30)
        # QEMU's display may pick up the frame buffer a little later.
        for _ in range(20):
            vm.screendump(second)
            _, _, after = qemu.read_ppm(second)
            rows = changed_rows(before, after, width)
            if rows:
                break
            time.sleep(0.1)
        qemu.ppm_to_png(second, qemu.LOG_DIR / "graphics.png")
        assert rows, "key line never drawn on the graphics console"
        band = range(min(rows), max(rows) + 1)
        # One text line (the graphics console's cells are 19 pixels high),
        # blank before, with text after.
        assert len(band) <= 19
        assert lit_pixels(before, width, band) == 0
        assert lit_pixels(after, width, band) > 50
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)


# UEFI text colours (EFI_BLACK ... EFI_WHITE).
EFI_BLUE, EFI_LIGHTGRAY, EFI_DARKGRAY, EFI_YELLOW, EFI_WHITE = 1, 7, 8, 14, 15


def test_console_screen():
    """--console-test draws through efi/console.c (ui/screen.h): the serial
    terminal shows each text where it was put, in its colours, cut at the
    edges without scrolling; keys are named in place; the graphics console
    shows the blue title bar."""
    with qemu.Machine("console", graphics=True,
                      options="--console-test --timeout 60") as vm:
        vm.expect(r"each is named below", timeout=90)
        for key, name in [("F5", "F5"), ("3", "'3'"), ("Backspace", "Backspace")]:
            vm.key(key)
            vm.expect(r"last key: " + re.escape(name), 30)
        vm.qmp_key("F10")
        vm.expect(r"last key: F10", 30)
        scr = vm.screen()
        print(scr.text())
        assert scr.line(0).startswith(" bitrescue - display and keyboard check")
        assert scr.colours(0, 1) == (EFI_WHITE, EFI_BLUE)
        assert scr.line(2) == "  NORMAL TITLE HIGHLIGHT ERROR OK DIM INPUT"
        assert scr.colours(2, 2) == (EFI_LIGHTGRAY, 0)
        assert scr.colours(2, 16) == (EFI_YELLOW, 0)
        assert scr.colours(2, 35) == (EFI_DARKGRAY, 0)
        # "EDGE>>" at column 75 keeps 5 characters; "LASTCELL" at 72 on the
        # last row keeps 7, sparing the cell that would scroll the screen.
        assert scr.line(4) == " " * 75 + "EDGE>"
        assert scr.line(24).endswith("LASTCEL")
        assert len(scr.line(24)) == 79
        assert scr.line(8) == "  last key: F10"
        assert scr.line(24).startswith(" Esc: exit")

        vm.screendump(qemu.LOG_DIR / "console.ppm")
        qemu.ppm_to_png(qemu.LOG_DIR / "console.ppm", qemu.LOG_DIR / "console.png")
        width, height, rgb = qemu.read_ppm(qemu.LOG_DIR / "console.ppm")
        blue = sum(1 for i in range(0, len(rgb), 3)
                   if rgb[i + 2] > 120 and rgb[i] < 60 and rgb[i + 1] < 60)
        # Title and hint bars: 2 rows of 80 cells of 8x19 pixels, mostly blue.
        assert blue > 2 * 80 * 8 * 19 * 0.6

        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)


def test_boot_manager_passes_load_options():
    """A Boot#### option with text OptionalData (as bcfg or efibootmgr make
    it) reaches the app as its arguments; the auto-created option's binary
    OptionalData (a GUID) was ignored in every other test."""
    options = "--timeout 60 --console-test".encode("utf-16-le") + b"\0\0"
    # The Shell makes the option, then resets into it. (bcfg's -opt index
    # 0 is refused as invalid by this Shell, hence position 1: the option
    # before it fails, as there is no \EFI\BOOT\BOOTX64.EFI.)
    nsh = (b'bcfg boot add 1 fs0:\\EFI\\bitrescue\\bitrescue.efi "bitrescue"\r\n'
           b"bcfg boot -opt 1 fs0:\\options.bin\r\n"
           b"reset\r\n")
    with qemu.Machine("boot-option", boot_path="EFI/bitrescue/bitrescue.efi",
                      reboot=True,
                      esp_files={"startup.nsh": nsh, "options.bin": options}) as vm:
        vm.expect(r"any other key to continue", timeout=90)
        vm.key("Enter")
        vm.expect(r'starting Boot\d+ "bitrescue"', 120)
        vm.expect(r"bitrescue \S+\n", 60)
        assert vm.expect(r"arguments: (.*)\n", 30).group(1) == \
            "--timeout 60 --console-test"
        vm.expect(r"display and keyboard check", 30)
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)
        assert "options from" not in vm.text()
