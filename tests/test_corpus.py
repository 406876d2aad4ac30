"""Every real Windows-made image in deps/corpus against images.conf.

info must report exactly the volume GUID, cipher and protectors; each key
kind the image has must unlock it; the decrypted view must hash to
SHA256SUM and hold the file system serial UUID where images.conf gives them.
"""
import pytest

from clihelp import EXIT_OK, field, info_json, run
from conftest import IMAGES

NAMES = sorted(IMAGES)

# used space only, their encrypt-on-write blocks stripped: the view is
# uncertain, and its hash is labelled so (tests/test_eow.py)
UNCERTAIN = {"bitlk-aes-xts-128-eow", "bitlk-clearkey-aes-cbc-128"}


def view_hash(res, name):
    """The view's SHA-256 as unlock printed it, under the label it must
    have: a best-effort hash never passes for a certain one."""
    certain, best_effort = field(res.stdout, "SHA-256"), field(res.stdout, "Best-effort SHA-256")
    if name in UNCERTAIN:
        assert certain is None
        return best_effort
    assert best_effort is None
    return certain

# images.conf's CIPHER (cryptsetup's cipher mode) for each method we print
CIPHER_OF_METHOD = {
    0x8000: "aes-cbc-elephant", 0x8001: "aes-cbc-elephant",
    0x8002: "aes-cbc-eboiv", 0x8003: "aes-cbc-eboiv",
    0x8004: "aes-xts-plain64", 0x8005: "aes-xts-plain64",
}

# images.conf key -> the protector type (manage-bde name) it names
GUID_KEYS = {
    "PW_VMK_GUID": "Password",
    "RP_VMK_GUID": "Numerical Password",
    "SK_VMK_GUID": "External Key",
    "SC_VMK_GUID": "Smart Card",
}


def brace(guid):
    return "{" + guid.upper() + "}"


@pytest.mark.parametrize("name", NAMES)
def test_info_matches_images_conf(corpus, images, name):
    conf = images[name]
    [vol] = info_json(corpus / f"{name}.img")
    assert vol["volume_id"] == brace(conf["GUID"])
    assert CIPHER_OF_METHOD[vol["method_id"]] == conf["CIPHER"]
    protectors = {p["id"]: p["type"] for p in vol["protectors"]}
    for key, type_name in GUID_KEYS.items():
        if conf.get(key):
            assert protectors.get(brace(conf[key])) == type_name, key
    assert vol["recovery_key_id"] == conf["RP_VMK_GUID"][:8].upper()
    assert [c["status"] for c in vol["metadata_copies"]] == ["ok"] * 3
    assert all(c["crc_checked"] for c in vol["metadata_copies"])


def check_unlocked(res, conf, with_hash, name=None):
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Metadata Checksum") == "SHA-256 ok"
    if conf["UUID"]:
        assert field(res.stdout, "Serial Number") == conf["UUID"]
    if with_hash and conf["SHA256SUM"]:
        assert view_hash(res, name) == conf["SHA256SUM"]


@pytest.mark.parametrize("name", NAMES)
def test_recovery_password_and_view_hash(corpus, images, name):
    conf = images[name]
    res = run("unlock", corpus / f"{name}.img", "--recovery-password", conf["RP"],
              "--sha256", "--best-effort")
    check_unlocked(res, conf, with_hash=True, name=name)
    assert len(view_hash(res, name)) == 64
    assert field(res.stdout, "Unlocked with").endswith(brace(conf["RP_VMK_GUID"]))


@pytest.mark.parametrize("name", [n for n in NAMES if IMAGES[n]["PW"]])
def test_user_password(corpus, images, name):
    conf = images[name]
    res = run("unlock", corpus / f"{name}.img", "--password", conf["PW"])
    check_unlocked(res, conf, with_hash=False)
    assert field(res.stdout, "Unlocked with").endswith(brace(conf["PW_VMK_GUID"]))


@pytest.mark.parametrize("name", [n for n in NAMES if IMAGES[n].get("SK_VMK_GUID")])
def test_startup_key(corpus, images, name):
    conf = images[name]
    bek = corpus / (conf["SK_VMK_GUID"].upper() + ".BEK")
    res = run("unlock", corpus / f"{name}.img", "--startup-key", bek, "--sha256")
    check_unlocked(res, conf, with_hash=True, name=name)
    assert field(res.stdout, "Unlocked with").endswith(brace(conf["SK_VMK_GUID"]))


def test_clear_key(corpus, images):
    name = "bitlk-clearkey-aes-cbc-128"
    res = run("unlock", corpus / f"{name}.img", "--clear-key")
    check_unlocked(res, images[name], with_hash=False)
    [vol] = info_json(corpus / f"{name}.img")
    assert "Clear Key (protection suspended)" in [p["type"] for p in vol["protectors"]]


def test_clear_key_view_equals_password_view(corpus, images, tmp_path):
    """No SHA256SUM for the clear-key image: both keys must give one view."""
    name = "bitlk-clearkey-aes-cbc-128"
    img = corpus / f"{name}.img"
    a = run("unlock", img, "--clear-key", "--sha256", "--best-effort")
    b = run("unlock", img, "--password", images[name]["PW"], "--sha256", "--best-effort")
    assert a.returncode == b.returncode == 0
    assert view_hash(a, name) == view_hash(b, name) and len(view_hash(a, name)) == 64


def test_output_file_equals_hash(corpus, images, tmp_path):
    import hashlib
    conf = images["bitlk-aes-xts-128"]
    out = tmp_path / "plain.img"
    res = run("unlock", corpus / "bitlk-aes-xts-128.img", "--recovery-password",
              conf["RP"], "--output", out)
    assert res.returncode == 0, res.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == conf["SHA256SUM"]


def test_output_refuses_input(corpus, images, tmp_path):
    import shutil
    img = tmp_path / "v.img"
    shutil.copy(corpus / "bitlk-aes-xts-128.img", img)
    before = img.stat().st_mtime_ns
    res = run("unlock", img, "--password", "anaconda", "--output", img)
    assert res.returncode != 0
    assert "refusing" in res.stderr
    assert img.stat().st_mtime_ns == before


def make_disk(tmp_path, volume, gpt, logical=False):
    """A disk image holding VOLUME as partition 2 (or logical partition 5)
    after a 1 MiB partition 1."""
    import struct
    import zlib
    data = volume.read_bytes()
    first = 2048 + 2048  # partition 2's first LBA
    disk = bytearray(first * 512 + len(data) + 1024 * 1024)
    disk[first * 512:first * 512 + len(data)] = data
    last = first + len(data) // 512 - 1
    if gpt:
        disk[446 + 4] = 0xEE
        struct.pack_into("<II", disk, 446 + 8, 1, 0xFFFFFFFF)
        entries = bytearray(128 * 128)
        for i, (a, b) in enumerate([(2048, 4095), (first, last)]):
            entries[i * 128:i * 128 + 16] = bytes(range(1, 17))
            struct.pack_into("<QQ", entries, i * 128 + 32, a, b)
        disk[512:512 + 92] = struct.pack(
            "<8sIIIIQQQQ16sQIII", b"EFI PART", 0x10000, 92, 0, 0, 1, 0, 34, 0,
            bytes(16), 2, 128, 128, zlib.crc32(entries))
        disk[2 * 512:2 * 512 + len(entries)] = entries
    elif logical:
        # partition 1, then an extended partition whose first EBR (at
        # first - 1) holds the volume as logical partition 5
        struct.pack_into("<4xB3xII", disk, 446, 0x07, 2048, 2048)
        struct.pack_into("<4xB3xII", disk, 446 + 16, 0x0F, first - 1,
                         len(data) // 512 + 1)
        ebr = (first - 1) * 512
        struct.pack_into("<4xB3xII", disk, ebr + 446, 0x07, 1, len(data) // 512)
        disk[ebr + 510:ebr + 512] = b"\x55\xaa"
    else:
        struct.pack_into("<4xB3xII", disk, 446, 0x07, 2048, 2048)
        struct.pack_into("<4xB3xII", disk, 446 + 16, 0x07, first, len(data) // 512)
    disk[510:512] = b"\x55\xaa"
    path = tmp_path / ("gpt.img" if gpt else "logical.img" if logical else "mbr.img")
    path.write_bytes(bytes(disk))
    return path


@pytest.mark.parametrize("gpt,logical", [(True, False), (False, False), (False, True)],
                         ids=["gpt", "mbr", "mbr-logical"])
def test_disk_image_partitions(corpus, images, tmp_path, gpt, logical):
    conf = images["bitlk-aes-xts-128"]
    disk = make_disk(tmp_path, corpus / "bitlk-aes-xts-128.img", gpt, logical)
    number = 5 if logical else 2
    vols = info_json(disk)
    assert [(v["partition"], v["volume_id"]) for v in vols] == [(number, brace(conf["GUID"]))]
    res = run("unlock", disk, "--partition", str(number), "--recovery-password", conf["RP"],
              "--sha256")
    check_unlocked(res, conf, with_hash=True)
    res = run("info", disk, "--partition", "1")
    assert res.returncode == 5


VALGRIND = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite"]


@pytest.mark.parametrize("args", [
    ["info", "bitlk-togo-aes-xts-128.img"],
    ["info", "bitlk-aes-xts-128-smart-card.img", "--json"],
    ["unlock", "bitlk-aes-cbc-elephant-128.img", "--password", "anaconda"],
    ["unlock", "bitlk-aes-xts-128-startup-key.img", "--startup-key",
     "4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK", "--sha256"],
], ids=["info-togo", "info-json", "unlock-password", "unlock-bek-sha256"])
def test_valgrind_clean(corpus, args):
    """Memory errors and leaks fail the run (valgrind exits 99)."""
    import shutil
    import subprocess
    from clihelp import BITRESCUE
    if not shutil.which("valgrind"):
        pytest.fail("valgrind missing: scripts/setup installs it")
    argv = [a if not a.endswith((".img", ".BEK")) else str(corpus / a) for a in args]
    res = subprocess.run(VALGRIND + [str(BITRESCUE)] + argv, capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stderr


def test_encrypt_on_write_image(corpus, images):
    """Used-space-only volume: images.conf gives no serial or hash (neither
    cryptsetup nor libbde opens it), but it must unlock to a file system."""
    name = "bitlk-aes-xts-128-eow"
    [vol] = info_json(corpus / f"{name}.img")
    assert vol["used_space_only"] is True
    res = run("unlock", corpus / f"{name}.img", "--password", images[name]["PW"])
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "File System") == "NTFS"
    [vol] = info_json(corpus / "bitlk-aes-xts-128.img")
    assert vol["used_space_only"] is False


def add_protectors(path, entries, vmk=None):
    """Append ENTRIES (raw FVE entries) to every metadata copy of PATH,
    fixing sizes, moving the validation block and its CRC32 as Windows
    lays them out. The validation SHA-256 then no longer matches, unless
    the VMK is given: then it is computed anew and sealed with it."""
    import hashlib
    import struct
    import zlib

    import synth
    with open(path, "r+b") as f:
        boot = f.read(512)
        for off in struct.unpack_from("<3Q", boot, 176):
            f.seek(off)
            block = bytearray(f.read(0x10000))
            msize = struct.unpack_from("<I", block, 64)[0]
            vstart = 16 * struct.unpack_from("<H", block, 8)[0]
            validation = bytes(block[vstart:vstart + 8 + 80])
            end = 64 + msize
            block[end:end] = entries
            del block[0x10000:]
            msize += len(entries)
            struct.pack_into("<I", block, 64, msize)
            struct.pack_into("<I", block, 76, msize)
            vstart = (64 + msize + 15) // 16 * 16
            struct.pack_into("<H", block, 8, vstart // 16)
            block[64 + msize:] = bytes(0x10000 - 64 - msize)
            if vmk:
                digest = hashlib.sha256(bytes(block[:vstart])).digest()
                validation = validation[:8] + synth.entry(0, 5, synth.ccm_value(
                    vmk, synth.key_payload(0x2005, digest)))
            block[vstart:vstart + len(validation)] = validation
            struct.pack_into("<I", block, vstart + 4, zlib.crc32(bytes(block[:vstart])))
            f.seek(off)
            f.write(block)


def vmk_entry(guid_bytes, filetime, ptype, properties):
    import struct
    body = guid_bytes + struct.pack("<QHH", filetime, 0, ptype) + properties
    return struct.pack("<HHHH", 8 + len(body), 2, 8, 1) + body


def test_synthetic_tpm_and_unknown_protectors(corpus, images, tmp_path):
    """No corpus image has a TPM protector: add one (PCR bitmap 0,2,4,11 at
    the start of its TPM-encoded key value) and one of an unknown type."""
    import shutil
    import struct
    import uuid
    img = tmp_path / "tpm.img"
    shutil.copy(corpus / "bitlk-aes-xts-128.img", img)
    tpm_blob = struct.pack("<I", 0x815) + bytes.fromhex("000401020304" "0002aabb")
    tpm_prop = struct.pack("<HHHH", 8 + len(tpm_blob), 0, 6, 1) + tpm_blob
    tpm_id = uuid.UUID("11111111-2222-3333-4444-555555555555")
    odd_id = uuid.UUID("66666666-7777-8888-9999-000000000000")
    add_protectors(img, vmk_entry(tpm_id.bytes_le, 132223104000000000, 0x0100, tpm_prop) +
                   vmk_entry(odd_id.bytes_le, 132223104000000000, 0x4242, b""))

    [vol] = info_json(img)
    assert [c["status"] for c in vol["metadata_copies"]] == ["ok"] * 3
    tpm = [p for p in vol["protectors"] if p["id"] == brace(str(tpm_id))][0]
    assert tpm["type"] == "TPM" and tpm["pcr_profile"] == [0, 2, 4, 11]
    assert tpm["created"] == "2020-01-01 00:00:00 UTC"
    odd = [p for p in vol["protectors"] if p["id"] == brace(str(odd_id))][0]
    assert odd["type_id"] == 0x4242 and "0x4242" in odd["type"]

    text = run("info", img).stdout
    assert "    TPM:\n      ID: {11111111-2222-3333-4444-555555555555}\n" in text
    assert "      PCR Validation Profile:\n        0, 2, 4, 11\n" in text
    # the real protectors still open it; the changed metadata fails its SHA-256
    res = run("unlock", img, "--password", images["bitlk-aes-xts-128"]["PW"])
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Metadata Checksum") == "SHA-256 MISMATCH"


# ---- volumes the corpus lacks, built by tests/synth.py ----------------------

@pytest.mark.parametrize("kind,encrypted", [
    ("win7", 4 << 20), ("win7", 3 << 20), ("win7", 0x1B0000), ("vista", 4 << 20),
], ids=["win7-full", "win7-partly-encrypted", "win7-encrypted-to-odd-sector", "vista"])
def test_synthetic_volume_view(tmp_path, kind, encrypted):
    """The decrypted view byte for byte: relocated boot sectors, zeroed
    metadata areas, plaintext past the encrypted size, Vista's sector 0."""
    import hashlib
    import synth
    disk, expected, serial = synth.build(kind, encrypted)
    img = tmp_path / f"{kind}.img"
    img.write_bytes(disk)
    [vol] = info_json(img)
    assert vol["kind"] == ("Windows Vista" if kind == "vista" else "Windows 7 or later")
    assert vol["description"] == "SYNTH Z: 1/1/2020"
    assert [c["status"] for c in vol["metadata_copies"]] == ["ok"] * 3
    res = run("unlock", img, "--clear-key", "--sha256")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Serial Number") == f"{serial:016X}"
    if kind == "win7":
        assert field(res.stdout, "Metadata Checksum") == "SHA-256 ok"
    assert field(res.stdout, "SHA-256") == hashlib.sha256(expected).hexdigest()


@pytest.mark.parametrize("name", NAMES)
def test_info_text_like_manage_bde(corpus, images, name):
    conf = images[name]
    res = run("info", corpus / f"{name}.img")
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Volume ID") == brace(conf["GUID"])
    assert field(res.stdout, "Recovery Key ID") == conf["RP_VMK_GUID"][:8].upper()
    for key, type_name in GUID_KEYS.items():
        if conf.get(key):
            assert f"\n    {type_name}:\n      ID: {brace(conf[key])}\n" in res.stdout
    if conf.get("SK_VMK_GUID"):
        bek = conf["SK_VMK_GUID"].upper() + ".BEK"
        assert f"      External Key File Name:\n        {bek}\n" in res.stdout
        assert (corpus / bek).exists()
