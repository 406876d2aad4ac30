"""Every real Windows-made image in deps/corpus against images.conf.

info must report exactly the volume GUID, cipher and protectors; each key
kind the image has must unlock it; the decrypted view must hash to
SHA256SUM and hold the file system serial UUID where images.conf gives them.
"""
import pytest

from clihelp import EXIT_OK, field, info_json, run
from conftest import IMAGES

NAMES = sorted(IMAGES)

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


def check_unlocked(res, conf, with_hash):
    assert res.returncode == EXIT_OK, res.stderr
    assert field(res.stdout, "Metadata Checksum") == "SHA-256 ok"
    if conf["UUID"]:
        assert field(res.stdout, "Serial Number") == conf["UUID"]
    if with_hash and conf["SHA256SUM"]:
        assert field(res.stdout, "SHA-256") == conf["SHA256SUM"]


@pytest.mark.parametrize("name", NAMES)
def test_recovery_password_and_view_hash(corpus, images, name):
    conf = images[name]
    res = run("unlock", corpus / f"{name}.img", "--recovery-password", conf["RP"],
              "--sha256")
    check_unlocked(res, conf, with_hash=True)
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
    check_unlocked(res, conf, with_hash=True)
    assert field(res.stdout, "Unlocked with").endswith(brace(conf["SK_VMK_GUID"]))


def test_clear_key(corpus, images):
    name = "bitlk-clearkey-aes-cbc-128"
    res = run("unlock", corpus / f"{name}.img", "--clear-key")
    check_unlocked(res, images[name], with_hash=False)
    [vol] = info_json(corpus / f"{name}.img")
    assert "Clear Key (protection suspended)" in [p["type"] for p in vol["protectors"]]


def test_clear_key_view_equals_password_view(corpus, images, tmp_path):
    """No SHA256SUM for the clear-key image: both keys must give one view."""
    img = corpus / "bitlk-clearkey-aes-cbc-128.img"
    a = run("unlock", img, "--clear-key", "--sha256")
    b = run("unlock", img, "--password", images["bitlk-clearkey-aes-cbc-128"]["PW"],
            "--sha256")
    assert a.returncode == b.returncode == 0
    assert field(a.stdout, "SHA-256") == field(b.stdout, "SHA-256")


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


def make_disk(tmp_path, volume, gpt):
    """A disk image holding VOLUME as partition 2 after a 1 MiB partition 1."""
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
    else:
        struct.pack_into("<4xB3xII", disk, 446, 0x07, 2048, 2048)
        struct.pack_into("<4xB3xII", disk, 446 + 16, 0x07, first, len(data) // 512)
    disk[510:512] = b"\x55\xaa"
    path = tmp_path / ("gpt.img" if gpt else "mbr.img")
    path.write_bytes(bytes(disk))
    return path


@pytest.mark.parametrize("gpt", [True, False], ids=["gpt", "mbr"])
def test_disk_image_partitions(corpus, images, tmp_path, gpt):
    conf = images["bitlk-aes-xts-128"]
    disk = make_disk(tmp_path, corpus / "bitlk-aes-xts-128.img", gpt)
    vols = info_json(disk)
    assert [(v["partition"], v["volume_id"]) for v in vols] == [(2, brace(conf["GUID"]))]
    res = run("unlock", disk, "--partition", "2", "--recovery-password", conf["RP"],
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
