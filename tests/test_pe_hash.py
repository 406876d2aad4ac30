"""The Authenticode SHA-256 of real PE images (tpm/pe_hash.c, through
`tpm-tool pe-hash`) against osslsigncode's.

osslsigncode prints the digest of a signed image only, so each image is
signed first, with the snakeoil key the Secure Boot tests use (sbsign, via
scripts/sign): the signature, the CheckSum and the Certificate Table entry
are not hashed, but sbsign pads the image to 8 bytes before appending the
certificate table, and that padding is trailing data that is hashed. So
ours of the signed copy, and of the original padded with zeros to 8 bytes,
must both be osslsigncode's "Calculated message digest" (which equals the
"Current message digest" sbsign signed).
"""
import pathlib
import re
import subprocess

import pytest

import qemu
from conftest import BUILD

IMAGES = [
    "/usr/lib/shim/shimx64.efi",            # shim-unsigned: 128 KiB past its sections
    "/usr/lib/shim/mmx64.efi",
    "/usr/lib/shim/fbx64.efi",
    "/usr/lib/systemd/boot/efi/systemd-bootx64.efi",   # systemd-boot-efi
    "/usr/lib/systemd/boot/efi/linuxx64.efi.stub",
    str(BUILD / "bitrescue.efi"),
]


def pe_hash(path):
    res = subprocess.run([str(BUILD / "tpm-tool"), "pe-hash", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
    return re.fullmatch(r"authenticode sha256 ([0-9a-f]{64})\n", res.stdout).group(1)


def osslsigncode_digests(path):
    res = subprocess.run(["osslsigncode", "verify", "-in", str(path)],
                         capture_output=True, text=True, timeout=60)
    out = res.stdout + res.stderr
    current = re.search(r"Current message digest\s*:\s*([0-9A-F]{64})", out)
    calculated = re.search(r"Calculated message digest\s*:\s*([0-9A-F]{64})", out)
    assert current and calculated, out
    return current.group(1).lower(), calculated.group(1).lower()


@pytest.mark.parametrize("image", IMAGES, ids=lambda p: p.rsplit("/", 1)[-1])
def test_authenticode_sha256_like_osslsigncode(image, tmp_path):
    original = pathlib.Path(image)
    if not original.exists():
        pytest.fail(f"{image} missing: scripts/setup installs its package")
    signed = qemu.sign_with_snakeoil(original, tmp_path / "signed.efi", tmp_path)
    current, calculated = osslsigncode_digests(signed)
    assert current == calculated
    assert pe_hash(signed) == calculated
    data = original.read_bytes()
    padded = tmp_path / "padded.efi"
    padded.write_bytes(data + bytes(-len(data) % 8))
    assert pe_hash(padded) == calculated
    if len(data) % 8 == 0:
        assert pe_hash(original) == calculated


def test_cut_image_is_refused(tmp_path):
    """Cut inside its sections, the app is no whole image: an error, not a digest."""
    data = (BUILD / "bitrescue.efi").read_bytes()
    bad = tmp_path / "cut.efi"
    bad.write_bytes(data[:len(data) // 2])
    res = subprocess.run([str(BUILD / "tpm-tool"), "pe-hash", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1 and res.stdout == "error malformed data\n", res.stdout
