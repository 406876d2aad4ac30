"""Keys do not outlive bitrescue's boot services: a program started with
--then that boots an OS (here build/ebs-probe.efi, which calls
ExitBootServices as a loader does) finds no trace of the volume's key in
RAM afterwards, while before it the unlocked volume's key is there (so
the search can find it). The key comes from cryptsetup, independently.
"""
import re
import subprocess
import time

import qemu
from conftest import BUILD, IMAGES

NAME = "bitlk-aes-xts-128"


def fvek_from_cryptsetup(image, password, tmp_path):
    """The volume key as `cryptsetup bitlkDump --dump-volume-key` prints it."""
    key_file = tmp_path / "rp"
    key_file.write_text(password)
    out = subprocess.run(["cryptsetup", "bitlkDump", "--dump-volume-key",
                          "--key-file", str(key_file), "--batch-mode", str(image)],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    hexdump = out.split("MK dump:", 1)[1]
    return bytes.fromhex("".join(re.findall(r"\b[0-9a-f]{2}\b", hexdump)))


def halves_in(dump, key):
    """Which 16-byte halves of KEY (XTS: data key, tweak key) DUMP holds."""
    data = dump.read_bytes()
    return [key[i:i + 16] in data for i in range(0, len(key), 16)]


def test_keys_wiped_when_an_os_takes_over(corpus, tmp_path):
    conf = IMAGES[NAME]
    image = corpus / f"{NAME}.img"
    key = fvek_from_cryptsetup(image, conf["RP"], tmp_path)
    assert len(key) == 32
    debugcon = tmp_path / "debugcon.txt"
    options = (f"--volume 1 --recovery-password {conf['RP']} "
               "--then \\EFI\\bitrescue\\loader.efi")
    with qemu.Machine("keys-wiped", options=options, disks=[qemu.Disk(image)],
                      esp_files={"EFI/bitrescue/loader.efi":
                                 (BUILD / "ebs-probe.efi").read_bytes()},
                      extra_args=["-debugcon", f"file:{debugcon}"]) as vm:
        vm.expect(r"unlock: volume 1: file system NTFS", 300)
        vm.expect(r"ebs-probe: ready", 60)
        vm.memory_dump(tmp_path / "before.ram")
        assert halves_in(tmp_path / "before.ram", key) == [True, True]

        vm.key("Enter")
        vm.expect(r"ebs-probe: exiting boot services", 30)
        for _ in range(300):
            if "boot services exited" in (debugcon.read_text(errors="replace")
                                          if debugcon.exists() else ""):
                break
            time.sleep(0.1)
        assert "boot services exited" in debugcon.read_text(errors="replace")
        vm.memory_dump(tmp_path / "after.ram")
        assert halves_in(tmp_path / "after.ram", key) == [False, False]
