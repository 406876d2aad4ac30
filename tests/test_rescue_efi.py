"""End-to-end (harness: tests/qemu.py), one boot: a corpus volume whose
decrypted view holds a complete NTFS (tests/ntfs_build.py) is unlocked by
typing its recovery password; F opens the file screen, a folder is marked
and copied to a second stick (USB) picked by its label; --ls lists a
folder through our NTFS file system; --then shell starts the firmware's
UEFI Shell, whose map, ls, vol, type and cp read the NTFS child (mkdir
is refused). On the host:
the stick's files (mtools) equal the NTFS's, and no byte of the BitLocker
volume was written.
"""
import os
import pathlib
import re
import subprocess
import time

import pytest

import ntfs_build
import qemu
from conftest import BUILD, CORPUS, IMAGES

BASE = "bitlk-aes-xts-128"
NTFS_SIZE = 32 << 20
FILES = {
    "Documents/report.txt": b"quarterly report\r\n" * 200,
    "Documents/Rapport \u00e6\u00f8\u00e5.txt": bytes(range(256)) * 20,
    "Documents/sub/photo.jpg": os.urandom(300000),
    "readme.txt": b"read me\r\n",
    "Windows/notepad.exe": b"MZ" + bytes(5000),
}
DIRS = ["Empty"]
CHILD_GUID = "6E1C2A5F-3B7D-4C1E-9A52-1F0B7E4D93C8"
MTOOLS_ENV = dict(os.environ, LC_ALL="C.UTF-8", MTOOLS_SKIP_CHECK="1")


def make_stick(path):
    """An empty FAT stick labelled RESCUESTICK (no partition table)."""
    size = 40 << 20
    with open(path, "wb") as f:
        f.truncate(size)
    subprocess.run(["mformat", "-i", str(path), "-T", str(size // 512), "-h", "64",
                    "-s", "32", "-v", "RESCUESTICK", "::"], check=True,
                   capture_output=True, timeout=30)


def stick_files(image, folder):
    """{relative path: bytes} of every file under FOLDER on the FAT IMAGE."""
    out = pathlib.Path(str(image) + ".files")
    subprocess.run(["mcopy", "-s", "-n", "-i", str(image), "::" + folder, str(out)],
                   check=True, capture_output=True, timeout=60, env=MTOOLS_ENV)
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def screen_row(vm, text):
    """The row of the serial screen showing TEXT, or None."""
    scr = vm.screen()
    for row in range(25):
        if text in scr.line(row):
            return row
    return None


def settle(vm, text, timeout=60):
    """Wait until TEXT is on the screen (drawn in several writes)."""
    deadline = time.monotonic() + timeout
    while screen_row(vm, text) is None:
        if time.monotonic() > deadline:
            raise qemu.QemuError(f"{text!r} not on the screen; log {vm.log_path}")
        time.sleep(0.1)


def unlock_by_typing(vm, password, timeout=180):
    """At the recovery key prompt, type PASSWORD and press Enter: until the
    success screen (its keys line) is drawn."""
    vm.expect(r"Type the 48-digit recovery key:", timeout)
    vm.type(password)
    vm.expect(r"All 8 groups are valid", 60)
    vm.key("Enter")
    vm.expect(r"F: files", 300)


def test_files_screen_and_shell(corpus, tmp_path):
    """Unlock by typing, copy a folder on the file screen to a second
    stick, list with --ls, read with the Shell; check the stick on the host."""
    why = ntfs_build.tools_missing()
    if why:
        pytest.skip(why)
    conf = IMAGES[BASE]
    plain, volume, stick = tmp_path / "ntfs.img", tmp_path / "volume.img", tmp_path / "stick.img"
    ntfs_build.make_ntfs(plain, NTFS_SIZE, FILES, DIRS, label="RESCUE")
    ntfs_build.encrypt_into(BUILD / "bitrescue", CORPUS / f"{BASE}.img", conf["RP"],
                            plain, volume)
    make_stick(stick)
    disks = [qemu.Disk(volume), qemu.Disk(stick, bus="usb")]
    after = tmp_path / "stick-after.img"
    written = []

    def on_stop(vm):
        written.extend([disks[0].guest_wrote()])
        subprocess.run(["qemu-img", "convert", "-f", "qcow2", "-O", "raw",
                        str(disks[1].overlay), str(after)], check=True, timeout=120)

    options = f"--volume {conf['GUID']} --ls \\Documents --then shell"
    with qemu.Machine("rescue-files", options=options, disks=disks,
                      serial_tcp=True) as vm:
        vm.on_stop = on_stop
        unlock_by_typing(vm, conf["RP"])
        vm.type("f")
        vm.expect(r"Files on RESCUE", 60)
        settle(vm, "[ ] readme.txt")
        # NTFS order: Documents, Empty, readme.txt, Windows; metafiles hidden.
        assert "$MFT" not in vm.screen().text()
        vm.type(" ")
        settle(vm, "[x] Documents")
        vm.type("c")
        vm.expect(r"Copy to which stick\?", 60)
        settle(vm, "RESCUESTICK")
        first = screen_row(vm, " free")
        row = screen_row(vm, "RESCUESTICK")
        for _ in range(row - first):
            vm.key("Down")
        time.sleep(1)
        vm.key("Enter")
        vm.expect(r"Copy finished", 300)
        settle(vm, "Every marked file was copied.")
        assert "Copied 3 files" in vm.screen().text()
        vm.key("Esc")                  # the summary
        vm.expect(r"Files on RESCUE", 60)
        vm.key("Esc")                  # the file screen
        vm.expect(r"F: files", 60)
        vm.key("Esc")                  # the success screen

        # --ls \Documents through our EFI_SIMPLE_FILE_SYSTEM_PROTOCOL
        vm.expect(r"ls: volume 1\n", 120)
        listing = vm.expect(r"((?:ls: .*\n)*?)ls: (\d+) entries\n", 60)
        rows = sorted(re.findall(r"^ls: (.*?) (\d+)$", listing.group(1), re.M))
        # (the console shows the Danish letters as it can)
        assert [size for _, size in rows] == ["5120", "3600", "0"], listing.group(0)
        assert rows[0][0].startswith("Rapport ") and rows[1][0] == "report.txt" and \
            rows[2][0] == "sub/", listing.group(0)

        # The Shell, the decrypted NTFS mapped as one of its file systems.
        vm.expect(r"then: starting shell", 60)
        m = vm.expect(r"Shell> |any other key to continue", 120)
        if m.group(0) != "Shell> ":
            vm.key("Esc")
            vm.expect(r"Shell> ", 60)
        vm.send("map\r")
        maps = vm.expect(r"([\s\S]*?)Shell> ", 60).group(1)
        entries = re.findall(r"(FS\d+):[^\n]*\n\s*(\S+)", maps)
        ntfs = [fs for fs, path in entries if CHILD_GUID in path.upper()]
        esp = [fs for fs, path in entries if "HD(1,GPT" in path.upper() and
               CHILD_GUID not in path.upper()]
        assert ntfs and esp, maps
        vm.send(f"ls {ntfs[0]}:\\Documents\\sub\r")
        out = vm.expect(r"([\s\S]*?)Shell> ", 60).group(1)
        assert re.search(r"300,?000\s+photo\.jpg", out), out
        # EFI_FILE_SYSTEM_INFO and the volume label
        vm.send(f"vol {ntfs[0]}:\r")
        vol = vm.expect(r"([\s\S]*?)Shell> ", 60).group(1)
        vm.send(f"type {ntfs[0]}:\\readme.txt\r")
        assert "read me" in vm.expect(r"([\s\S]*?)Shell> ", 60).group(1)
        vm.send(f"cp {ntfs[0]}:\\Documents\\sub\\photo.jpg {esp[0]}:\\photo.jpg\r")
        out = vm.expect(r"([\s\S]*?)Shell> ", 120).group(1)
        copied = vm.esp_file("photo.jpg")
        # Writing to the NTFS child is refused.
        vm.send(f"mkdir {ntfs[0]}:\\new\r")
        vm.expect(r"Shell> ", 60)
        vm.send(f"ls {ntfs[0]}:\\\r")
        root = vm.expect(r"([\s\S]*?)Shell> ", 60).group(1)
        vm.send("exit\r")
        vm.expect(r"then: shell returned", 60)
        vm.expect(r"bitrescue: exit\n", 60)
        print(f"one boot: {vm.elapsed():.0f} s")

    assert copied == FILES["Documents/sub/photo.jpg"], out
    # read-only ("(r)" in this Shell), the NTFS's size and free space as
    # the host's reader (build/ntfs-tool) has them
    info = dict(line.split("\t")[:2] for line in subprocess.run(
        [BUILD / "ntfs-tool", str(plain), "info"], capture_output=True, text=True,
        check=True).stdout.splitlines())
    assert re.search(r"Volume RESCUE \(r", vol), vol
    assert re.search(rf"{info['size']} bytes total disk space", vol.replace(",", "")), vol
    assert re.search(rf"{info['free']} bytes available", vol.replace(",", "")), vol
    assert re.search(r"4096 bytes in each allocation unit", vol.replace(",", "")), vol
    assert "Documents" in root and "readme.txt" in root and \
        not re.search(r"\snew\s", root), root
    assert written == [False]
    got = stick_files(after, "/bitrescue/rescued/RESCUE/Documents")
    want = {k[len("Documents/"):]: v for k, v in FILES.items() if k.startswith("Documents/")}
    assert got == want
