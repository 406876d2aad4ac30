"""Damaged metadata that must still open: while one metadata copy is intact
the volume opens, and info and unlock say what is damaged.

Damage is done to temporary copies of the corpus images; the corpus itself
is only read.
"""
import shutil

import pytest

from clihelp import EXIT_OK, field, info_json, run
from test_bad_input import metadata_offsets

XTS = "bitlk-aes-xts-128"


def flip(path, offset, mask=0x01):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ mask]))


@pytest.mark.parametrize("byte", [178, 186, 194, 199])
def test_boot_sector_offset_bit_flip(corpus, images, tmp_path, byte):
    """One flipped bit in the boot sector's table of copy offsets (u64s at
    176, 184, 192): the copies' own block headers give the real offsets."""
    conf = images[XTS]
    img = tmp_path / "v.img"
    shutil.copy(corpus / f"{XTS}.img", img)
    real = metadata_offsets(img)
    flip(img, byte)
    copy = (byte - 176) // 8 + 1

    [vol] = info_json(img)
    assert [c["status"] for c in vol["metadata_copies"]] == ["ok"] * 3
    assert [c["offset"] for c in vol["metadata_copies"]] == list(real)
    assert vol["boot_sector_offsets_wrong"] == [copy]
    res = run("info", img)
    assert f"Boot Sector:          DAMAGED: wrong offset for copy {copy};" in res.stdout
    assert f"boot sector is damaged: its offset of metadata copy {copy} is wrong" \
        in res.stderr

    res = run("unlock", img, "--recovery-password", conf["RP"], "--sha256")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "SHA-256") == conf["SHA256SUM"]


def test_intact_boot_sector_not_flagged(corpus):
    [vol] = info_json(corpus / f"{XTS}.img")
    assert vol["boot_sector_offsets_wrong"] == []
    assert "warning" not in run("info", corpus / f"{XTS}.img").stderr
