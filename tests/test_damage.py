"""Damaged metadata that must still open: while one metadata copy is intact
the volume opens, and info and unlock say what is damaged.

Damage is done to temporary copies of the corpus images; the corpus itself
is only read.
"""
import shutil
import struct
import zlib

import pytest

from clihelp import EXIT_BAD_INPUT, EXIT_OK, EXIT_WRONG_KEY, field, info_json, run
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


def read_copy(path, offset):
    with open(path, "rb") as f:
        f.seek(offset)
        return bytearray(f.read(0x10000))


def write_copy(path, offset, block, fix_crc=True):
    """Write BLOCK back; FIX_CRC makes its validation CRC32 match again, as
    damage the CRC32 cannot see (only the SHA-256 can)."""
    if fix_crc:
        vstart = 16 * struct.unpack_from("<H", block, 8)[0]
        struct.pack_into("<I", block, vstart + 4, zlib.crc32(bytes(block[:vstart])))
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(block)


def entries(block, start, end):
    """(offset, entry type, value type, size) of each entry in BLOCK[start:end]."""
    while start + 8 <= end:
        size, etype, vtype = struct.unpack_from("<HHH", block, start)
        if size < 8:
            return
        yield start, etype, vtype, size
        start += size


def vmk_ciphertext(block, ptype):
    """Offset in BLOCK of the encrypted VMK of the protector of type PTYPE:
    its AES-CCM property's data after nonce (12) and tag (16)."""
    msize = struct.unpack_from("<I", block, 64)[0]
    for off, etype, vtype, size in entries(block, 112, 64 + msize):
        if etype == 2 and vtype == 8 and struct.unpack_from("<H", block, off + 34)[0] == ptype:
            for poff, _, pvtype, _ in entries(block, off + 36, off + size):
                if pvtype == 5:
                    return poff + 8 + 28
    raise AssertionError("no such protector")


def damaged_copy_1(tmp_path, corpus, what):
    img = tmp_path / "v.img"
    shutil.copy(corpus / f"{XTS}.img", img)
    first = metadata_offsets(img)[0]
    block = read_copy(img, first)
    if what == "vmk":
        block[vmk_ciphertext(block, 0x2000)] ^= 0x01
    else:  # the description: the CRC32 is fixed, the SHA-256 fails
        block[120] ^= 0x01
    return img, first, block


def test_no_validation_block_is_damage(corpus, tmp_path):
    """Zeroing the u16 at copy + 8 used to turn the CRC32 and SHA-256 off:
    copy 1 then passed as 'ok, in use' with a broken key entry, and the
    right password got 'wrong key'."""
    img, first, block = damaged_copy_1(tmp_path, corpus, "vmk")
    block[8:10] = b"\0\0"
    write_copy(img, first, block, fix_crc=False)
    [vol] = info_json(img)
    assert [c["status"] != "ok" for c in vol["metadata_copies"]] == [True, False, False]
    assert vol["metadata_copies"][1]["in_use"]
    res = run("unlock", img, "--password", "anaconda")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Metadata Checksum") == "SHA-256 ok"


@pytest.mark.parametrize("what", ["vmk", "description"])
def test_copy_that_fails_the_key_is_passed_over(corpus, tmp_path, what):
    """Copy 1 holds together (its CRC32 matches) but its password key entry
    is damaged, or its SHA-256 no longer matches: copy 2 opens the volume,
    and unlock names copy 1 as damaged."""
    img, first, block = damaged_copy_1(tmp_path, corpus, what)
    write_copy(img, first, block)
    [vol] = info_json(img)
    assert vol["metadata_copies"][0]["in_use"]
    res = run("unlock", img, "--password", "anaconda")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Metadata Copy") == "2 (copy 1 failed this key: DAMAGED)"
    assert field(res.stdout, "Metadata Checksum") == "SHA-256 ok"
    assert "metadata copy 1 is damaged" in res.stderr
    # a wrong password is still wrong, on every copy
    res = run("unlock", img, "--password", "anaconda!")
    assert res.returncode == EXIT_WRONG_KEY


# ---- Vista (tests/synth.py): the boot sector names only copy 1 ------------

VISTA_COPIES = (0x100000, 0x180000, 0x200000)  # where synth.build puts them


def vista_image(tmp_path, damage):
    import synth
    disk, expected, _ = synth.build("vista")
    disk = bytearray(disk)
    damage(disk)
    img = tmp_path / "vista.img"
    img.write_bytes(bytes(disk))
    return img, expected


def test_vista_damaged_first_copy_finds_the_others(tmp_path):
    """Copy 1's metadata size is garbage but its block header is whole: it
    still says where copies 2 and 3 lie, and they open the volume."""
    import hashlib

    def damage(disk):
        disk[VISTA_COPIES[0] + 64] ^= 0xff
    img, expected = vista_image(tmp_path, damage)
    [vol] = info_json(img)
    assert [c["status"] for c in vol["metadata_copies"]] == \
        ["BitLocker metadata is damaged", "ok", "ok"]
    assert [c["offset"] for c in vol["metadata_copies"]] == list(VISTA_COPIES)
    assert vol["metadata_copies"][1]["in_use"]
    res = run("unlock", img, "--clear-key", "--sha256")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "SHA-256") == hashlib.sha256(expected).hexdigest()


def test_vista_unread_copies_are_not_ok(tmp_path):
    """Copy 1's block header is gone: nothing says where 2 and 3 lie, and
    they were never read, so they must not be reported 'ok'."""
    def damage(disk):
        disk[VISTA_COPIES[0]:VISTA_COPIES[0] + 8] = bytes(8)
    img, _ = vista_image(tmp_path, damage)
    res = run("info", img)
    assert res.returncode == EXIT_BAD_INPUT
    assert "metadata copy 1 at 0x100000: BitLocker metadata is damaged\n" in res.stderr
    for copy in (2, 3):
        assert f"metadata copy {copy} (offset not known): not read\n" in res.stderr
    assert ": ok" not in res.stderr
