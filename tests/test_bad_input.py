"""Bad input gets a clear error and the right exit code: never a crash
(a signal) or a hang (every call has a timeout).

Damaged copies are made on temporary copies of the corpus images; the
corpus itself is only read.
"""
import json
import os
import random
import shutil
import struct

import pytest

from clihelp import (EXIT_BAD_INPUT, EXIT_IO, EXIT_NO_PROTECTOR,
                     EXIT_NOT_BITLOCKER, EXIT_OK, EXIT_USAGE, EXIT_WRONG_KEY,
                     field, info_json, run)
from conftest import IMAGES

NAMES = sorted(IMAGES)
XTS = "bitlk-aes-xts-128"


def key_args(conf):
    """The cheapest key that opens the image."""
    if conf["PW"]:
        return ["--password", conf["PW"]]
    return ["--recovery-password", conf["RP"]]


def metadata_offsets(path):
    with open(path, "rb") as f:
        boot = f.read(512)
    at = 176 if boot[3:11] == b"-FVE-FS-" else 440
    return struct.unpack_from("<3Q", boot, at)


def damage(path, offset):
    """Flip a byte inside a metadata copy's entries (its CRC32 then fails)."""
    with open(path, "r+b") as f:
        f.seek(offset + 130)
        b = f.read(1)
        f.seek(offset + 130)
        f.write(bytes([b[0] ^ 0x5A]))


def test_wrong_password():
    res = run("unlock", f"deps/corpus/{XTS}.img", "--password", "anaconda!")
    assert res.returncode == EXIT_WRONG_KEY
    assert "wrong" in res.stderr


def test_wrong_recovery_password(corpus):
    # well formed (every group a multiple of 11) but not this volume's
    res = run("unlock", corpus / f"{XTS}.img", "--recovery-password",
              "111111-222222-333333-444444-555555-666666-000000-111111")
    assert res.returncode == EXIT_WRONG_KEY


def test_recovery_password_bad_groups_named(corpus):
    res = run("unlock", corpus / f"{XTS}.img", "--recovery-password",
              "393943-22222-281721-555554-577984-77777-194700-99999")
    assert res.returncode == EXIT_BAD_INPUT
    assert "group(s): 2, 4, 6, 8 " in res.stderr


@pytest.mark.parametrize("text", ["", "12345", "235818-357951-253979-013365",
                                  "x" * 55, "235818-357951-253979-013365-241120-"
                                  "245575-342914-591910-000000"])
def test_recovery_password_shape(corpus, text):
    res = run("unlock", corpus / f"{XTS}.img", "--recovery-password", text)
    assert res.returncode == EXIT_BAD_INPUT
    assert "48 digits" in res.stderr


def test_wrong_startup_key(corpus):
    # the other image's key file: no protector has its ID
    res = run("unlock", corpus / "bitlk-aes-xts-128-startup-key.img", "--startup-key",
              corpus / "AA80A52B-9B66-47AE-B097-33F536FFBB07.BEK")
    assert res.returncode == EXIT_WRONG_KEY


def test_garbage_startup_key(corpus, tmp_path):
    bek = tmp_path / "junk.BEK"
    bek.write_bytes(os.urandom(156))
    res = run("unlock", corpus / "bitlk-aes-xts-128-startup-key.img", "--startup-key", bek)
    assert res.returncode == EXIT_BAD_INPUT


def test_missing_protector_kinds(corpus):
    assert run("unlock", corpus / f"{XTS}.img", "--clear-key").returncode == EXIT_NO_PROTECTOR
    # (this key file names no volume; the Windows 11 one names its own)
    res = run("unlock", corpus / f"{XTS}.img", "--startup-key",
              corpus / "4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK")
    assert res.returncode == EXIT_NO_PROTECTOR
    res = run("unlock", corpus / f"{XTS}.img", "--startup-key",
              corpus / "AA80A52B-9B66-47AE-B097-33F536FFBB07.BEK")
    assert res.returncode == EXIT_WRONG_KEY


def test_missing_image():
    assert run("info", "/nonexistent/x.img").returncode == EXIT_IO


@pytest.mark.parametrize("kind", ["fifo", "directory", "char-device"])
def test_image_not_a_file_or_block_device(tmp_path, kind):
    """A named pipe used to hang (open waited for a writer); a pipe, a
    directory or a character device cannot be an image: usage error."""
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path = "/dev/null"
    for command in (["info", path], ["unlock", path, "--clear-key"]):
        res = run(*command, timeout=10)
        assert res.returncode == EXIT_USAGE
        assert res.stderr == f"bitrescue: {path}: not a regular file or block device\n"


@pytest.mark.parametrize("size", [0, 100, 512, 1 << 20, 50 << 20])
def test_truncated(corpus, tmp_path, size):
    img = tmp_path / "cut.img"
    with open(corpus / f"{XTS}.img", "rb") as f:
        img.write_bytes(f.read(size))
    res = run("info", img)
    assert res.returncode in (EXIT_OK, EXIT_BAD_INPUT, EXIT_NOT_BITLOCKER), res.stderr
    if size < 512:
        assert res.returncode == EXIT_NOT_BITLOCKER
    res = run("unlock", img, "--password", "anaconda", "--sha256")
    assert res.returncode >= 0  # no signal
    if size == 50 << 20:
        # copy 3 lies past the end: reported, the others still work
        [vol] = info_json(img)
        assert [c["status"] for c in vol["metadata_copies"]][:2] == ["ok", "ok"]
        assert vol["metadata_copies"][2]["status"] != "ok"
        assert res.returncode == EXIT_OK


def test_cut_short_image_says_so(corpus, images, tmp_path):
    """An image cut to 40,000,000 bytes (copies 2 and 3 lie past the cut):
    the volume's size is the metadata's, the image is said to be short, and
    unlock gives what is there, its hash marked partial."""
    import hashlib
    cut = 40_000_000
    img = tmp_path / "cut.img"
    with open(corpus / f"{XTS}.img", "rb") as f:
        img.write_bytes(f.read(cut))
    [vol] = info_json(img)
    assert (vol["size"], vol["available_size"], vol["complete"]) == (100 << 20, cut, False)
    assert [c["status"] for c in vol["metadata_copies"]] == \
        ["ok", "past the end of the device", "past the end of the device"]
    res = run("info", img)
    assert "Image Holds:          40000000 bytes: INCOMPLETE" in res.stdout
    assert "image is cut short: it holds 40000000 of the volume's 104857600 bytes" \
        in res.stderr

    out = tmp_path / "part.img"
    res = run("unlock", img, "--password", "anaconda", "--sha256", "--output", out)
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "SHA-256") is None
    partial = field(res.stdout, "Partial SHA-256")
    assert partial.endswith(" (first 40000000 bytes only)")
    assert field(res.stdout, "View") == "INCOMPLETE: the first 40000000 of 104857600 bytes"
    assert "wrote only the first 40000000" in res.stderr
    # what is there is the whole volume's view, cut at the same place
    whole = tmp_path / "whole.img"
    assert run("unlock", corpus / f"{XTS}.img", "--password", "anaconda",
               "--output", whole).returncode == EXIT_OK
    expect = hashlib.sha256(whole.read_bytes()[:cut]).hexdigest()
    assert partial.split()[0] == expect == hashlib.sha256(out.read_bytes()).hexdigest()


def test_cut_short_vista_image(tmp_path):
    """Vista's metadata gives no size: its NTFS boot sector (plain) does."""
    import synth
    disk, _, _ = synth.build("vista")
    img = tmp_path / "vista.img"
    img.write_bytes(disk[:3 << 20])
    [vol] = info_json(img)
    assert (vol["size"], vol["available_size"]) == (synth.SIZE - 512, 3 << 20)
    assert [c["status"] for c in vol["metadata_copies"]] == ["ok"] * 3
    img.write_bytes(disk)
    [vol] = info_json(img)
    assert (vol["size"], vol["complete"]) == (synth.SIZE, True)


def test_whole_image_not_called_short(corpus):
    [vol] = info_json(corpus / f"{XTS}.img")
    assert (vol["size"], vol["available_size"], vol["complete"]) == (100 << 20, 100 << 20, True)
    assert "warning" not in run("info", corpus / f"{XTS}.img").stderr


def test_partition_past_end_of_disk_kept(corpus, images, tmp_path):
    """A GPT disk image cut inside its BitLocker partition: the partition is
    kept (it was dropped silently) and the cut is said."""
    from test_corpus import make_disk
    disk = make_disk(tmp_path, corpus / f"{XTS}.img", gpt=True)
    start = (2048 + 2048) * 512
    with open(disk, "r+b") as f:
        f.truncate(start + (60 << 20))
    res = run("info", disk, "--json")
    assert res.returncode == EXIT_OK, res.stderr
    assert "partition 2 runs past the end of the image: it holds 62914560 of the " \
        "partition's 104857600 bytes" in res.stderr
    [vol] = json.loads(res.stdout)["volumes"]
    assert (vol["partition"], vol["available_size"], vol["complete"]) == (2, 60 << 20, False)
    res = run("unlock", disk, "--recovery-password", images[XTS]["RP"])
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Serial Number") == images[XTS]["UUID"]


def test_not_bitlocker(corpus, images, tmp_path):
    plain = tmp_path / "plain.img"
    res = run("unlock", corpus / f"{XTS}.img", "--password", "anaconda", "--output", plain)
    assert res.returncode == EXIT_OK
    res = run("info", plain)
    assert res.returncode == EXIT_NOT_BITLOCKER
    assert "not a BitLocker volume" in res.stderr


@pytest.mark.parametrize("seed", range(8))
def test_random_garbage(tmp_path, seed):
    rng = random.Random(seed)
    data = bytearray(rng.randbytes(2 << 20))
    if seed % 2:
        # looks like BitLocker: signature and metadata offsets anywhere
        data[3:11] = b"-FVE-FS-"
        data[11:13] = b"\x00\x02"
        for i in range(3):
            off = rng.randrange(0, len(data)) if seed % 4 == 1 else rng.randrange(1 << 64)
            struct.pack_into("<Q", data, 176 + 8 * i, off)
    img = tmp_path / "junk.img"
    img.write_bytes(bytes(data))
    res = run("info", img, timeout=30)
    assert res.returncode in (EXIT_NOT_BITLOCKER, EXIT_BAD_INPUT), res.stderr
    assert res.stderr.startswith("bitrescue: ")


@pytest.mark.parametrize("seed", range(6))
def test_mutated_metadata_all_copies(corpus, tmp_path, seed):
    """Random byte changes inside every copy: any clear outcome, no crash."""
    rng = random.Random(seed)
    img = tmp_path / "m.img"
    shutil.copy(corpus / f"{XTS}.img", img)
    with open(img, "r+b") as f:
        for off in metadata_offsets(img):
            for _ in range(4):
                f.seek(off + rng.randrange(0, 1200))
                f.write(bytes([rng.randrange(256)]))
    res = run("info", img, timeout=30)
    assert res.returncode in (EXIT_OK, EXIT_BAD_INPUT), res.stderr
    res = run("unlock", img, "--password", "anaconda", timeout=60)
    assert res.returncode in (EXIT_OK, EXIT_BAD_INPUT, EXIT_WRONG_KEY, EXIT_NO_PROTECTOR)


@pytest.mark.parametrize("name", NAMES)
def test_damaged_copies(corpus, images, tmp_path, name):
    """One, then two damaged copies: still opens, and info says which."""
    conf = images[name]
    img = tmp_path / f"{name}.img"
    shutil.copy(corpus / f"{name}.img", img)
    offsets = metadata_offsets(img)

    damage(img, offsets[0])
    [vol] = info_json(img)
    assert [c["status"] != "ok" for c in vol["metadata_copies"]] == [True, False, False]
    assert vol["volume_id"] == "{" + conf["GUID"].upper() + "}"
    res = run("unlock", img, *key_args(conf))
    assert res.returncode == EXIT_OK, res.stderr

    damage(img, offsets[2])
    [vol] = info_json(img)
    assert [c["status"] != "ok" for c in vol["metadata_copies"]] == [True, False, True]
    assert vol["metadata_copies"][1]["in_use"]
    res = run("unlock", img, *key_args(conf))
    assert res.returncode == EXIT_OK, res.stderr
    if conf["UUID"]:
        assert field(res.stdout, "Serial Number") == conf["UUID"]

    damage(img, offsets[1])
    res = run("info", img)
    assert res.returncode == EXIT_BAD_INPUT
    assert "damaged" in res.stderr
    for copy in (1, 2, 3):
        assert f"metadata copy {copy} at 0x{offsets[copy - 1]:x}: BitLocker metadata is damaged" \
            in res.stderr


def test_help_documents_exit_codes():
    res = run("--help")
    assert res.returncode == 0
    for code in ("0  success", "2  wrong key", "3  bad input", "4  I/O error",
                 "5  not a BitLocker volume", "7  ls, cp: PATH is not in the volume",
                 "8  cp: some files could not be copied"):
        assert code in res.stdout


def test_usage_errors(corpus):
    assert run().returncode == 1
    assert run("unlock", corpus / f"{XTS}.img").returncode == 1
    assert run("frobnicate", "x").returncode == 1
    assert run("info", corpus / f"{XTS}.img", "--bogus").returncode == 1


def compact_volume_seed(image):
    """The start of a volume whose three metadata copies and relocated boot
    sectors were moved near its start (offsets, entries and CRC32 patched),
    so that a small fuzzer input is a whole, valid volume."""
    import zlib
    offsets = metadata_offsets(image)
    with open(image, "rb") as f:
        boot = bytearray(f.read(512))
        f.seek(offsets[0])
        block = bytearray(f.read(0x1000))
    new = (0x1000, 0x11000, 0x21000)
    at = 176 if boot[3:11] == b"-FVE-FS-" else 440
    struct.pack_into("<3Q", boot, at, *new)
    struct.pack_into("<3QQ", block, 32, *new, 0x31000)
    msize = struct.unpack_from("<I", block, 64)[0]
    pos = 112
    while pos < 64 + msize:
        size, etype = struct.unpack_from("<HH", block, pos)
        if size == 0:
            break
        if etype == 0xF:
            struct.pack_into("<Q", block, pos + 8, 0x31000)
        pos += size
    vstart = 16 * struct.unpack_from("<H", block, 8)[0]
    struct.pack_into("<I", block, vstart + 4, zlib.crc32(bytes(block[:vstart])))
    volume = bytearray(0x21000 + len(block))
    volume[:512] = boot
    for off in new:
        volume[off:off + len(block)] = block
    return bytes(volume)


def compact_eow_seed(image):
    """compact_volume_seed's volume made used space only: the identifier,
    two information blocks and one region's bitmap (tests/eow_model.py)
    close behind its metadata, so mutations reach bde/eow.c."""
    import eow_model as m
    volume = bytearray(compact_volume_seed(image))
    infos, bitmap_at, log_at = (0x34000, 0x34200), 0x35000, 0x35800
    volume[160:176] = bytes.fromhex("3b4da89280dd0e4d9e4eb1e3284eaed8")
    struct.pack_into("<2Q", volume, 200, *infos)
    region = (0x2000, (64 << 20) - 0x2000)
    chunks = -(-region[1] // (1 << 20))
    bits = [n % 3 == 0 for n in range(chunks)]
    bm = m.bitmap(0, *region, log_at, [m.record(1, bits), m.record(2, bits[::-1])])
    volume += bytes(0x36000 - len(volume))
    for at in infos:
        info = m.info_block(infos, 1 << 20, 0x200, [bitmap_at])
        volume[at:at + len(info)] = info
    volume[bitmap_at:bitmap_at + len(bm)] = bm
    return bytes(volume)


def test_fuzz_smoke(corpus, tmp_path):
    """20 s of libFuzzer (ASan, UBSan) on the metadata, BEK and recovery
    parsers and on whole small volumes, seeded from real images."""
    import subprocess
    from conftest import BUILD, TOP
    if not shutil.which("clang"):
        pytest.fail("clang missing: scripts/setup installs it")
    build = subprocess.run(["make", "-C", str(TOP), "fuzz"], capture_output=True,
                           text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("bitlk-aes-xts-128", "bitlk-togo-aes-cbc-128",
                 "bitlk-aes-xts-128-startup-key", "bitlk-aes-xts-128-smart-card"):
        img = corpus / f"{name}.img"
        with open(img, "rb") as f:
            f.seek(metadata_offsets(img)[0])
            (seeds / name).write_bytes(b"\0" + f.read(2048))
        (seeds / (name + "-volume")).write_bytes(b"\1" + compact_volume_seed(img))
    (seeds / "eow-volume").write_bytes(
        b"\1" + compact_eow_seed(corpus / "bitlk-aes-xts-128.img"))
    res = subprocess.run([str(BUILD / "metadata_fuzz"), "-max_total_time=20",
                          "-rss_limit_mb=2048", str(seeds)],
                         capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "Done" in res.stderr
