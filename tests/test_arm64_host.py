"""The arm64 host build under qemu-aarch64-static: the ARMv8 Crypto
Extension paths of crypto/ against the portable ones, on every make check.

make builds static AArch64 binaries in build/aarch64/ (the self-tests,
crypto-cli and bitrescue); they run under qemu-aarch64-static directly, not
through binfmt_misc. Its "max" CPU has the AES and SHA-256 instructions,
and crypto/cpu.c finds them with MRS of ID_AA64ISAR0_EL1 (which Linux and
qemu-user emulate at EL0). --portable (crypto-cli) and BITRESCUE_CRYPTO=
portable (bitrescue) hold them back. Emulated, so only one 2^20-round
stretch per path (the stretch self-test) and the key chain on one corpus
image; no timing here (make bench has the speed).
"""
import hashlib
import os
import random
import shutil
import subprocess

import pytest

from conftest import BUILD
from test_crypto import PAYLOAD_LEN, reference, stretch_model

ARM64 = BUILD / "aarch64"
QEMU = "qemu-aarch64-static"
PATHS = [[], ["--portable"]]
PATH_IDS = ["ce", "portable"]
KEY_CHAIN_IMAGE = "bitlk-aes-xts-128"


def arm64(tool, *args, data=b"", env=None, check=True):
    """Run build/aarch64/TOOL under qemu-user, on its default "max" CPU."""
    if not shutil.which(QEMU):
        pytest.fail(f"{QEMU} missing: run scripts/setup (package qemu-user-static)")
    res = subprocess.run([QEMU, "-cpu", "max", ARM64 / tool, *map(str, args)],
                         input=data, capture_output=True, timeout=300,
                         env=None if env is None else {**os.environ, **env})
    if check:
        assert res.returncode == 0, res.stdout.decode() + res.stderr.decode()
    return res


def cli(path, *args, data=b""):
    return arm64("crypto-cli", *path, *args, data=data).stdout


def test_paths_detected_and_held_back():
    """The CE paths are the ones taken (else every comparison below would
    compare the portable code with itself), and --portable stops them."""
    assert cli([], "impl").decode().split("\n")[:2] == ["sha2-ce", "aes-ce x8"]
    assert cli(["--portable"], "impl").decode().split("\n")[:2] == ["portable", "mbedtls"]


def test_selftest():
    """Every self-test, as the EFI app runs them: the AES, SHA-256, key
    stretch (2^20 rounds on each path) and sector tests run CE and portable."""
    res = arm64("selftest")
    out = res.stdout.decode()
    for name in ("aes", "sha256", "stretch", "sector", "bde_unlock"):
        assert f"ok {name} (" in out


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
@pytest.mark.parametrize("method", sorted(PAYLOAD_LEN))
def test_sectors_against_python(path, method):
    """Both directions against python3-cryptography (and the diffuser model)."""
    for sector_size in (512, 4096):
        for sector in (7, 0x123456789):
            rnd = random.Random(f"arm64-{method}-{sector_size}-{sector}")
            payload = rnd.randbytes(PAYLOAD_LEN[method])
            count = 1 if method in (0x8000, 0x8001) and sector_size == 4096 else 2
            data = rnd.randbytes(sector_size * count)
            offset = sector * sector_size
            args = (hex(method), payload.hex(), offset, sector_size)
            assert cli(path, "decrypt", *args, data=data) == \
                reference(method, payload, offset, sector_size, data, True)
            assert cli(path, "encrypt", *args, data=data) == \
                reference(method, payload, offset, sector_size, data, False)


@pytest.mark.parametrize("method", sorted(PAYLOAD_LEN))
def test_ce_equals_portable_bulk(method):
    """256 KiB + 3 sectors: the eight-block loops, the batches of eight
    sectors with a remainder, and (528, 48 bytes) the single-block tails."""
    for sector_size in (512, 4096, 528, 48):
        rnd = random.Random(method * sector_size)
        payload = rnd.randbytes(PAYLOAD_LEN[method])
        data = rnd.randbytes(((1 << 18) // sector_size + 3) * sector_size)
        args = ("decrypt", hex(method), payload.hex(), 0x4000000, sector_size)
        assert cli([], *args, data=data) == cli(["--portable"], *args, data=data)


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_sha256_and_stretch(path):
    rnd = random.Random("arm64-sha256")
    for n in (0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 65537):
        data = rnd.randbytes(n)
        assert cli(path, "sha256", data=data).decode().strip() == \
            hashlib.sha256(data).hexdigest()
    for rounds in (1, 2, 3000, 0x10001):
        h, salt = rnd.randbytes(32), rnd.randbytes(16)
        assert cli(path, "stretch", h.hex(), salt.hex(), rounds).decode().strip() == \
            stretch_model(h, salt, rounds).hex()


@pytest.mark.parametrize("portable", [False, True], ids=["ce", "portable"])
def test_corpus_key_chain(corpus, images, portable):
    """Recovery password -> stretch -> VMK -> FVEK -> the file system's
    serial, on one real image; on the CE path also the whole decrypted
    view, whose SHA-256 images.conf gives (the portable bulk code is
    checked against python3-cryptography above: 5 s of emulation saved)."""
    conf = images[KEY_CHAIN_IMAGE]
    res = arm64("bitrescue", "unlock", corpus / f"{KEY_CHAIN_IMAGE}.img",
                "--recovery-password", conf["RP"], *([] if portable else ["--sha256"]),
                env={"BITRESCUE_CRYPTO": "portable"} if portable else {})
    out = res.stdout.decode()
    assert f"Serial Number:        {conf['UUID']}\n" in out
    if not portable:
        assert f"SHA-256:              {conf['SHA256SUM']}\n" in out


def test_crypto_environment_misspelt_refused():
    res = arm64("bitrescue", "--help", env={"BITRESCUE_CRYPTO": "portible"}, check=False)
    assert res.returncode == 1 and b"BITRESCUE_CRYPTO" in res.stderr
