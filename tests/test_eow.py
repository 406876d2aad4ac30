"""Encrypt-on-write ("used space only") volumes and volumes whose
BitLocker was turned off, through the host tool.

Synthetic volumes: the corpus's clear-key image (its FVEK opened here in
Python, from its clear key) with FVE-EOW information blocks, bitmaps and
records written from scratch (tests/eow_model.py); chunks whose bit is
clear are stored as plaintext, as Windows leaves never-written chunks.
Each is compared sector by sector with the independent model of the view.

Real volumes: two made by Windows, from dissect.fve's test data, read from
../shared/corpus/dissect/ where present (AGPL data: never committed).
"""
import gzip
import re
import hashlib
import pathlib
import random
import shutil
import struct

import pytest

import eow_model as m
from clihelp import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, field, info_json, run
from conftest import TOP

BASE = "bitlk-clearkey-aes-cbc-128"
CHUNK = 0x100000
BITMAPS_AT = 0x5800000      # the synthetic bitmaps and logs: 88 MiB on
CONV_LOG_LEN = 0x800
SHARED = TOP.parent / "shared" / "corpus" / "dissect"


def layout(disk):
    boot = disk[:512]
    copies = struct.unpack_from("<3Q", boot, 176)
    infos = struct.unpack_from("<2Q", boot, 200)
    blk = disk[copies[0]:copies[0] + 64]
    return {"copies": copies, "info_offsets": infos,
            "header_offset": struct.unpack_from("<Q", blk, 56)[0],
            "header_len": 512 * struct.unpack_from("<I", blk, 28)[0],
            "encrypted_size": struct.unpack_from("<Q", blk, 16)[0],
            "size": len(disk)}


def regions(size):
    """[0x2000, 16 MiB), then 16 MiB regions (the last shorter), as Windows
    starts its first region after the boot sectors."""
    out, start = [], 0x2000
    while start < size:
        end = min((start // 0x1000000 + 1) * 0x1000000, size)
        out.append((start, end - start))
        start = end
    return out


def build(corpus, tmp_path, scenario, seed=1):
    """The synthetic volume for SCENARIO: (path, model view, fvek)."""
    disk = bytearray((corpus / f"{BASE}.img").read_bytes())
    lay = layout(disk)
    fvek = m.clear_key_fvek(disk, lay["copies"][0])
    # the base keeps its relocated boot sectors plain (bde/copies.c saw
    # why): store them encrypted, and let their chunk's bit decide below
    hdr = slice(lay["header_offset"], lay["header_offset"] + lay["header_len"])
    if disk[hdr][3:11] == b"NTFS    ":
        disk[hdr] = m.cbc_sectors(fvek, lay["header_offset"], bytes(disk[hdr]), True)
    rnd = random.Random(seed)
    regs = regions(len(disk))
    bitmap_at = [BITMAPS_AT + 0x2000 * i for i in range(len(regs))]
    current = []
    for i, (roff, rsize) in enumerate(regs):
        chunks = -(-rsize // CHUNK)
        new = [rnd.random() < 0.6 for _ in range(chunks)]
        old = [not b for b in new]       # the older record says otherwise
        records = [m.record(7 + i, old), m.record(8 + i, new)]
        if scenario == "bad-crc" and i == 2:
            # the newer record is damaged: the older one is current
            records[1] = records[1][:40] + bytes([records[1][40] ^ 1]) + records[1][41:]
            new = old
        if scenario == "no-valid-record" and i == 3:
            records = [r[:36] + bytes([r[36] ^ 0x80]) + r[37:] for r in records]
        if scenario == "same-sequence" and i == 1:
            # two current records that agree: either will do
            records = [m.record(9, new), m.record(9, new, padding=False)]
        if scenario == "same-sequence-differ" and i == 3:
            # two current records that disagree: nothing says which is right
            records = [m.record(9, old), m.record(9, new)]
        bm = bytearray(m.bitmap(i, roff, rsize, bitmap_at[i] + 0x1000, records))
        if scenario == "damaged-bitmap-header" and i == 4:
            bm[20] ^= 1
        disk[bitmap_at[i]:bitmap_at[i] + len(bm)] = bm
        disk[bitmap_at[i] + 0x1000:bitmap_at[i] + 0x1000 + CONV_LOG_LEN] = \
            bytes([0x5a]) * CONV_LOG_LEN
        current.append(new)
    info = m.info_block(lay["info_offsets"], CHUNK, CONV_LOG_LEN, bitmap_at)
    for k, at in enumerate(lay["info_offsets"]):
        blk = bytearray(info)
        if scenario == "both-info-bad" or (scenario == "first-info-bad" and k == 0):
            blk[36] ^= 1
        disk[at:at + 512] = bytes(512)
        disk[at:at + len(blk)] = blk

    # chunks whose bit is clear were never written: plaintext on disk
    # (BitLocker's own structures stay as they are)
    keep = [(c, 0x10000) for c in lay["copies"]] + \
        [(i, 512) for i in lay["info_offsets"]] + [(b, 0x2000) for b in bitmap_at]
    for (roff, rsize), bits in zip(regs, current):
        for n, bit in enumerate(bits):
            if bit:
                continue
            for s in range(roff + n * CHUNK, min(roff + (n + 1) * CHUNK, roff + rsize), 512):
                if not any(k <= s < k + length for k, length in keep):
                    disk[s:s + 512] = m.cbc_sectors(fvek, s, bytes(disk[s:s + 512]), False)
    path = tmp_path / f"eow-{scenario}.img"
    path.write_bytes(disk)
    return path, m.View(bytes(disk), lay), fvek


def decryptor(fvek):
    return lambda off, data: m.cbc_sectors(fvek, off, data, False)


@pytest.mark.parametrize("scenario", ["two-records", "bad-crc", "first-info-bad",
                                      "same-sequence"])
def test_synthetic_view_matches_model(corpus, tmp_path, scenario):
    """The higher valid sequence number wins, a record with a bad CRC32
    leaves the other current, one damaged information block is survived;
    padding bits are ignored. Every sector equals the model's, reads
    crossing region and chunk boundaries included (the tool reads 1 MiB
    at a time, chunks start 8 KiB off that grid)."""
    path, view, fvek = build(corpus, tmp_path, scenario)
    [vol] = info_json(path)
    eow = vol["encrypt_on_write"]
    assert vol["view_uncertain"] is False
    bits = [b for r in view.regions for b in r[3]]
    assert (eow["chunks"], eow["chunks_encrypted"]) == (len(bits), sum(bits))
    assert eow["damaged_regions"] == 0 and eow["chunk_size"] == CHUNK
    assert vol["conversion_status"] == "Fully Encrypted" or vol["used_space_only"]
    out = tmp_path / "view"
    res = run("unlock", path, "--clear-key", "--output", out, "--sha256")
    assert res.returncode == EXIT_OK, res.stderr
    got, want = out.read_bytes(), m.expected_view(view, decryptor(fvek))
    bad = [p for p in range(0, len(want), 512) if got[p:p + 512] != want[p:p + 512]]
    assert not bad, f"{len(bad)} sectors differ, first at {bad[0]:#x}"
    assert field(res.stdout, "SHA-256") == hashlib.sha256(want).hexdigest()
    assert field(res.stdout, "File System") == "NTFS"


@pytest.mark.parametrize("scenario,region", [("no-valid-record", 3),
                                             ("damaged-bitmap-header", 4),
                                             ("same-sequence-differ", 3)])
def test_region_without_valid_bitmap(corpus, tmp_path, scenario, region):
    """Reads in a region whose bitmap cannot be trusted fail with a clear
    error; info names the region; --best-effort writes the rest exactly
    and that region as zeros, and says so."""
    path, view, fvek = build(corpus, tmp_path, scenario)
    [vol] = info_json(path)
    assert vol["encrypt_on_write"]["damaged_regions"] == 1
    assert vol["encrypt_on_write"]["first_damaged_region"] == region + 1
    text = run("info", path).stdout
    assert f"DAMAGED: 1 region(s) unreadable, the first region {region + 1}" in text

    res = run("unlock", path, "--clear-key", "--sha256")
    assert res.returncode == EXIT_BAD_INPUT
    assert "encrypt-on-write bitmap damaged" in res.stderr
    assert field(res.stdout, "SHA-256") is None
    # the boot sector and what lies before the region still read
    assert field(res.stdout, "File System") == "NTFS"

    out = tmp_path / "view"
    res = run("unlock", path, "--clear-key", "--best-effort", "--output", out, "--sha256")
    assert res.returncode == EXIT_OK, res.stderr
    assert "could not be known" in res.stderr
    want = m.expected_view(view, decryptor(fvek), unknown_as=bytes(512))
    assert out.read_bytes() == want
    assert field(res.stdout, "Best-effort SHA-256") == hashlib.sha256(want).hexdigest()
    assert field(res.stdout, "SHA-256") is None


def test_both_information_blocks_bad(corpus, tmp_path):
    """No usable information block: the key still opens the volume and the
    file system is named, but the view is uncertain, and says so."""
    path, _view, _fvek = build(corpus, tmp_path, "both-info-bad")
    [vol] = info_json(path)
    assert vol["view_uncertain"] is True and vol["encrypt_on_write"] is None
    assert "UNCERTAIN" in run("info", path).stdout
    res = run("unlock", path, "--clear-key")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "View").startswith("UNCERTAIN")
    res = run("unlock", path, "--clear-key", "--sha256")
    assert res.returncode == EXIT_USAGE and "--best-effort" in res.stderr
    res = run("unlock", path, "--clear-key", "--sha256", "--best-effort")
    assert res.returncode == EXIT_OK, res.stderr
    assert len(field(res.stdout, "Best-effort SHA-256")) == 64
    assert field(res.stdout, "SHA-256") is None


@pytest.mark.parametrize("name", ["bitlk-aes-xts-128-eow", BASE])
def test_corpus_eow_images_are_uncertain(corpus, images, name):
    """The corpus's two used-space-only images had their encrypt-on-write
    blocks stripped (they read as zeros): uncertain, and said to be."""
    [vol] = info_json(corpus / f"{name}.img")
    assert vol["used_space_only"] and vol["view_uncertain"]
    assert vol["view_problem"] == "no valid encrypt-on-write information block"


# ---- volumes Windows made (dissect.fve's test data) ----------------------

def shared_image(name, tmp_path_factory):
    src = SHARED / f"{name}.gz"
    if not src.exists():
        pytest.skip(f"{src} absent: the dissect.fve samples (AGPL) live only in "
                    "../shared, never in this repository")
    out = tmp_path_factory.mktemp("dissect") / name
    with gzip.open(src) as f, open(out, "wb") as o:
        shutil.copyfileobj(f, o)
    return out


@pytest.fixture(scope="module")
def eow_partial(tmp_path_factory):
    return shared_image("eow_partial.bin", tmp_path_factory)


@pytest.fixture(scope="module")
def decrypted(tmp_path_factory):
    return shared_image("decrypted.bin", tmp_path_factory)


def test_windows_eow_volume(eow_partial, tmp_path):
    """Its view starts with the NTFS boot sector and holds the MFT mirror
    (plaintext on disk, never rewritten) at 0x2000; every chunk whose bit
    is clear reads exactly as the raw image there, outside BitLocker's
    own areas."""
    [vol] = info_json(eow_partial)
    assert vol["conversion_status"] == "Used Space Only Encrypted"
    assert vol["percentage_encrypted"] == 100.0 and vol["protection_on"] is True
    assert vol["encrypt_on_write"]["chunk_size"] == 8 << 20
    out = tmp_path / "view"
    res = run("unlock", eow_partial, "--password", "password12!@", "--output", out)
    assert res.returncode == EXIT_OK, res.stderr
    got, raw = out.read_bytes(), eow_partial.read_bytes()
    assert got[3:11] == b"NTFS    " and got[0x2000:0x2005] == b"FILE0"
    disk_len = len(raw)
    lay = layout(raw)
    lay["size"] = disk_len
    view = m.View(raw, lay)
    chunks = [b for r in view.regions for b in r[3]]
    assert (vol["encrypt_on_write"]["chunks"],
            vol["encrypt_on_write"]["chunks_encrypted"]) == (len(chunks), sum(chunks))
    plain = 0
    for pos, src, state in view.sectors():
        if state == "plain" and pos >= lay["header_len"]:
            assert got[pos:pos + 512] == raw[src:src + 512], hex(pos)
            plain += 1
        elif state == "zero":
            assert got[pos:pos + 512] == bytes(512), hex(pos)
    assert plain > 10000


def test_windows_decrypted_volume(decrypted, tmp_path):
    """BitLocker turned off: no key needed, NTFS at 0 and the MFT mirror
    at 0x2000; the status says so."""
    [vol] = info_json(decrypted)
    assert vol["conversion_status"] == "Fully Decrypted"
    assert vol["percentage_encrypted"] == 0.0 and vol["protection_on"] is False
    out = tmp_path / "view"
    res = run("unlock", decrypted, "--output", out)
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Unlocked with").startswith("no key")
    assert field(res.stdout, "Metadata Checksum") == "SHA-256 ok"
    got = out.read_bytes()
    assert got[3:11] == b"NTFS    " and got[0x2000:0x2005] == b"FILE0"


def test_windows_decrypted_hash_is_checked(decrypted, tmp_path):
    """The decrypted volume's unkeyed SHA-256 is checked: one flipped byte
    in a copy's metadata makes that copy damaged."""
    img = tmp_path / "flipped.bin"
    data = bytearray(decrypted.read_bytes())
    copy = struct.unpack_from("<Q", data, 176)[0]
    data[copy + 0x80] ^= 1
    # keep its CRC32 right, so only the SHA-256 can tell
    import zlib
    vstart = 16 * struct.unpack_from("<H", data, copy + 8)[0]
    struct.pack_into("<I", data, copy + vstart + 4, zlib.crc32(bytes(data[copy:copy + vstart])))
    img.write_bytes(data)
    [vol] = info_json(img)
    assert [c["status"] for c in vol["metadata_copies"]][0] != "ok"
    assert vol["metadata_copies"][1]["in_use"]


# ---- conversion states (tests/synth.py volumes) --------------------------

@pytest.mark.parametrize("name,on", [("bitlk-aes-xts-128", True),
                                     ("bitlk-clearkey-aes-cbc-128", False)])
def test_protection_status(corpus, name, on):
    """On for an encrypted volume; off while a clear key exists."""
    [vol] = info_json(corpus / f"{name}.img")
    assert vol["protection_on"] is on
    assert f"Protection Status:    Protection {'On' if on else 'Off'}" in \
        run("info", corpus / f"{name}.img").stdout

@pytest.mark.parametrize("states,encrypted,log,status,percent,key", [
    ((1, 1), 0, 0, "Fully Decrypted", 0.0, False),
    ((3, 4), 3 << 20, 0, "Encryption Paused", 75.0, True),
    ((3, 1), 1 << 20, 0, "Decryption Paused", 25.0, True),
    ((2, 4), 2 << 20, 0x10000, "Encryption in Progress", 50.0, True),
    ((5, 1), 1 << 20, 0, "Decryption in Progress", 25.0, True),
    ((4, 4), 4 << 20, 0, "Fully Encrypted", 100.0, True),
    ((9, 9), 4 << 20, 0, "Unknown", 100.0, True),
], ids=["decrypted", "encryption-paused", "decryption-paused", "encrypting-with-log",
        "decrypting", "encrypted", "unknown-state"])
def test_conversion_status(tmp_path, states, encrypted, log, status, percent, key):
    """manage-bde -status's Conversion Status, Percentage Encrypted and
    Protection Status; the view byte for byte (a conversion log reads as
    zeros); a decrypted volume opens with no key, any other needs one."""
    import synth
    disk, expected, _serial = synth.build("win7", encrypted, states=states, log_len=log)
    img = tmp_path / "vol.img"
    img.write_bytes(disk)
    [vol] = info_json(img)
    assert vol["conversion_status"] == status
    if status != "Unknown":
        assert vol["percentage_encrypted"] == percent
    # these volumes keep a clear key (suspended): protection is off in
    # every state; test_protection_status has it on
    assert vol["protection_on"] is False
    assert f"Conversion Status:    {status}" in run("info", img).stdout
    out = tmp_path / "view"
    res = run("unlock", img, "--output", out)
    if key:
        assert res.returncode == EXIT_USAGE
        assert "only a decrypted volume opens without a key" in res.stderr
        res = run("unlock", img, "--clear-key", "--output", out)
    assert res.returncode == EXIT_OK, res.stderr
    assert out.read_bytes() == expected


def wait_screen(vm, text, seconds=30):
    """Has TEXT appeared on the (serial) screen within SECONDS? A screen is
    drawn in several writes, and only what changed is sent again."""
    import time
    deadline = time.monotonic() + seconds
    while text not in vm.screen().text():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_status_in_firmware(tmp_path):
    """The app's volume list shows each volume's conversion status (serial
    screen); a decrypted volume opens at Enter with no key asked, and its
    view hashes in firmware as on the host."""
    import qemu
    import synth
    volumes = [((1, 1), 0, 0, "Fully Decrypted, protection off"),
               ((3, 4), 3 << 20, 0, "Encryption Paused 75.0%, protection off"),
               ((2, 4), 2 << 20, 0x10000, "Encryption in Progress 50.0%, protection off")]
    disks = []
    for i, (states, encrypted, log, _status) in enumerate(volumes):
        disk, expected, _serial = synth.build("win7", encrypted, states=states, log_len=log)
        (tmp_path / f"v{i}.img").write_bytes(disk)
        disks.append(qemu.Disk(tmp_path / f"v{i}.img"))
        if i == 0:
            want = hashlib.sha256(expected).hexdigest()
    with qemu.Machine("eow-status", serial_tcp=True, options="--timeout 120",
                      disks=disks) as vm:
        vm.expect(r"BitLocker volumes \(3 found\)", 120)
        vm.expect(r"D: all devices \(\d+\)", 30)
        for i, (_s, _e, _l, status) in enumerate(volumes):
            if i:
                vm.key("Down")
            assert wait_screen(vm, "Status:     " + status), vm.screen().text()
        assert "None: BitLocker is off" not in vm.screen().text()
        vm.key("Up")
        vm.key("Up")
        assert wait_screen(vm, "None: BitLocker is off. Enter opens the volume, no key needed.")
        assert "Encryption: none" in vm.screen().text()
        vm.key("Enter")
        vm.expect(r"The volume is unlocked", 60)
        vm.expect(r"BitLocker is turned off on this volume", 30)
        vm.key("v")
        got = vm.expect(r"SHA-256: ([0-9A-Fa-f]{64})", 120).group(1)
        assert got.lower() == want
