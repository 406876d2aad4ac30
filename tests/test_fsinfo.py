"""What the host tool says an unlocked volume holds (bde/fsinfo.c): the
file system and its serial number as blkid reads them, for each kind
Debian's mkfs tools make (FAT12, FAT32, exFAT, NTFS), each inside a
synthetic BitLocker volume (tests/synth.py) opened by its clear key.
"""
import subprocess

import pytest

import synth
from conftest import BUILD

# blkid's TYPE (and VERSION) -> the name bitrescue prints.
MKFS = {
    "FAT": (["mkfs.fat", "-i", "1234ABCD"], "vfat"),
    "FAT32": (["mkfs.fat", "-F", "32", "-i", "89ABCDEF"], "vfat"),
    "exFAT": (["mkfs.exfat"], "exfat"),
    "NTFS": (["mkntfs", "-F", "-f", "-q"], "ntfs"),
}


def blkid(image):
    out = subprocess.run(["blkid", "-p", "-o", "export", str(image)],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def field(text, name):
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    return None


@pytest.mark.parametrize("name", sorted(MKFS))
def test_file_system_and_serial_as_blkid(tmp_path, name):
    command, blkid_type = MKFS[name]
    plain = tmp_path / "plain.img"
    with open(plain, "wb") as f:
        f.truncate(synth.SIZE)
    subprocess.run(command + [str(plain)], check=True, capture_output=True, timeout=60)
    want = blkid(plain)
    assert want["TYPE"] == blkid_type
    disk, _, _ = synth.build("win7", plain=plain.read_bytes())
    volume = tmp_path / "volume.img"
    volume.write_bytes(disk)
    res = subprocess.run([BUILD / "bitrescue", "unlock", str(volume), "--clear-key"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert field(res.stdout, "File System") == name
    assert field(res.stdout, "Serial Number") == want["UUID"]
