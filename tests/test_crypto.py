"""Cross-checks crypto/ against python3-cryptography and hashlib.

Runs build/crypto-cli (tests/tools/crypto_cli.c) on seeded random data for
every BitLocker method, both directions, several offsets and sector sizes,
on the fast path (SHA-NI/AES-NI where the CPU has them) and with
--portable. The Elephant diffuser has no Python library: ElephantModel is
written from Ferguson's paper ("AES-CBC + Elephant diffuser", Microsoft,
2006) independently of crypto/elephant.c, and is itself checked against a
real corpus sector.
"""
import hashlib
import random
import struct
import subprocess

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

from conftest import BUILD

CLI = BUILD / "crypto-cli"
PATHS = [[], ["--aes-ni"], ["--portable"]]
PATH_IDS = ["best", "aes-ni", "portable"]


def cli(path, *args, data=b"", check=True):
    res = subprocess.run([CLI, *path, *map(str, args)], input=data,
                         capture_output=True, timeout=120)
    if check:
        assert res.returncode == 0, res.stderr
    return res


def aes_ecb(key, block):
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor().update(block)


class ElephantModel:
    """The diffuser as the paper describes it, on 32-bit LE words."""

    A = (5, (9, 0, 13, 0), -2, -5)   # cycles, rotations, neighbours
    B = (3, (0, 10, 0, 25), 2, 5)

    @staticmethod
    def _rol(x, n):
        return ((x << n) | (x >> (32 - n))) & 0xffffffff if n else x

    @classmethod
    def _run(cls, words, spec, decrypt):
        cycles, rot, near, far = spec
        n = len(words)
        order = range(n) if decrypt else range(n - 1, -1, -1)
        for _ in range(cycles):
            for i in order:
                mix = words[(i + near) % n] ^ cls._rol(words[(i + far) % n], rot[i % 4])
                words[i] = (words[i] + (mix if decrypt else -mix)) & 0xffffffff

    @staticmethod
    def _xor_key(data, key):
        return bytes(b ^ key[i % 32] for i, b in enumerate(data))

    @classmethod
    def decrypt(cls, sector, key):
        w = list(struct.unpack(f"<{len(sector) // 4}I", sector))
        cls._run(w, cls.B, True)
        cls._run(w, cls.A, True)
        return cls._xor_key(struct.pack(f"<{len(w)}I", *w), key)

    @classmethod
    def encrypt(cls, sector, key):
        w = list(struct.unpack(f"<{len(sector) // 4}I", cls._xor_key(sector, key)))
        cls._run(w, cls.A, False)
        cls._run(w, cls.B, False)
        return struct.pack(f"<{len(w)}I", *w)


def reference(method, payload, offset, sector_size, data, decrypt):
    """BitLocker sector crypto from python3-cryptography (+ the model)."""
    bits = 128 if method in (0x8000, 0x8002, 0x8004) else 256
    kb = bits // 8
    out = b""
    for s in range(len(data) // sector_size):
        off = offset + s * sector_size
        chunk = data[s * sector_size:(s + 1) * sector_size]
        if method in (0x8004, 0x8005):
            tweak = (off // sector_size).to_bytes(16, "little")
            c = Cipher(algorithms.AES(payload[:2 * kb]), modes.XTS(tweak))
            out += (c.decryptor() if decrypt else c.encryptor()).update(chunk)
            continue
        key = payload[:kb]
        e = off.to_bytes(16, "little")
        c = Cipher(algorithms.AES(key), modes.CBC(aes_ecb(key, e)))
        if method in (0x8000, 0x8001):
            tk = payload[32:32 + kb]
            skey = aes_ecb(tk, e) + aes_ecb(tk, e[:15] + b"\x80")
            if decrypt:
                out += ElephantModel.decrypt(c.decryptor().update(chunk), skey)
            else:
                out += c.encryptor().update(ElephantModel.encrypt(chunk, skey))
        else:
            out += (c.decryptor() if decrypt else c.encryptor()).update(chunk)
    return out


PAYLOAD_LEN = {0x8000: 64, 0x8001: 64, 0x8002: 16, 0x8003: 32, 0x8004: 32, 0x8005: 64}
CASES = [(m, ss, off) for m in PAYLOAD_LEN for ss in (512, 4096)
         for off in (0, 7, 0x21A5, 0x123456789)]   # offsets in sectors


def test_elephant_model_on_corpus(corpus):
    """The Python model decrypts bitlk-aes-cbc-elephant-128.img's boot sector."""
    key = bytes.fromhex("9d2733e172dc85e13e3de5aaa0e0501bfd22a3f27966c51c94c8e3adce517b6e")
    payload = key[:16] + bytes(16) + key[16:] + bytes(16)
    off = 44224512          # relocated volume header (cryptsetup bitlkDump)
    with open(corpus / "bitlk-aes-cbc-elephant-128.img", "rb") as f:
        f.seek(off)
        ct = f.read(512)
    plain = reference(0x8000, payload, off, 512, ct, True)
    assert plain[3:11] == b"NTFS    " and plain[510:512] == b"\x55\xaa"


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
@pytest.mark.parametrize("method,sector_size,sector", CASES)
def test_sector_both_directions(path, method, sector_size, sector):
    rnd = random.Random(f"{method}-{sector_size}-{sector}")
    payload = rnd.randbytes(PAYLOAD_LEN[method])
    count = 3 if sector_size == 512 else 2
    if method in (0x8000, 0x8001):
        count = 2 if sector_size == 512 else 1     # the model is slow
    data = rnd.randbytes(sector_size * count)
    offset = sector * sector_size
    args = (hex(method), payload.hex(), offset, sector_size)
    plain = cli(path, "decrypt", *args, data=data).stdout
    assert plain == reference(method, payload, offset, sector_size, data, True)
    enc = cli(path, "encrypt", *args, data=data).stdout
    assert enc == reference(method, payload, offset, sector_size, data, False)


@pytest.mark.parametrize("method", sorted(PAYLOAD_LEN))
@pytest.mark.parametrize("sector_size", [512, 4096, 528, 48])
def test_fast_paths_equal_portable_bulk(method, sector_size):
    """1 MiB + 3 sectors: VAES and AES-NI bulk loops (and their batches of
    eight sectors, with a remainder) against mbedTLS; 528 and 48 bytes are
    no BitLocker sizes but reach the loops' single-block tails."""
    rnd = random.Random(method * sector_size)
    payload = rnd.randbytes(PAYLOAD_LEN[method])
    data = rnd.randbytes(((1 << 20) // sector_size + 3) * sector_size)
    args = ("decrypt", hex(method), payload.hex(), 0x4000000, sector_size)
    want = cli(["--portable"], *args, data=data).stdout
    assert cli([], *args, data=data).stdout == want
    assert cli(["--aes-ni"], *args, data=data).stdout == want


@pytest.mark.parametrize("method", sorted(PAYLOAD_LEN))
def test_wrong_key_length_refused(method):
    key = bytes(PAYLOAD_LEN[method] + 16).hex()
    assert cli([], "decrypt", hex(method), key, 0, 512, data=bytes(512),
               check=False).returncode != 0


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_sha256(path):
    rnd = random.Random(256)
    for n in (0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 65537):
        data = rnd.randbytes(n)
        assert cli(path, "sha256", data=data).stdout.decode().strip() == \
            hashlib.sha256(data).hexdigest()


def stretch_model(h, salt, rounds):
    last = bytes(32)
    for n in range(rounds):
        last = hashlib.sha256(last + h + salt + struct.pack("<Q", n)).digest()
    return last


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_stretch(path):
    rnd = random.Random("stretch")
    for rounds in (1, 2, 3000, 0x10001):
        h, salt = rnd.randbytes(32), rnd.randbytes(16)
        out = cli(path, "stretch", h.hex(), salt.hex(), rounds).stdout.decode().strip()
        assert out == stretch_model(h, salt, rounds).hex()


def test_stretch_worked_example():
    """Recovery key of bitlk-aes-xts-128.img -> stretched key (worked example)."""
    h = hashlib.sha256(bytes.fromhex("be531d7f315abf04a0553557c67932d2")).hexdigest()
    for path in PATHS:
        out = cli(path, "stretch", h, "2ba080989af9b50c203aaebd0b40d498", 0x100000)
        assert out.stdout.decode().strip() == \
            "1a39f926dab83e947fa85125b91e556e9ecc2bc5968924e03de234878d1fd4bd"


@pytest.mark.parametrize("key_len", [16, 32])
def test_ccm(key_len):
    rnd = random.Random(key_len)
    for n in (0, 1, 16, 44, 60, 333):
        key, nonce, plain = rnd.randbytes(key_len), rnd.randbytes(12), rnd.randbytes(n)
        sealed = AESCCM(key, 16).encrypt(nonce, plain, None)
        ct, tag = sealed[:-16], sealed[-16:]
        res = cli([], "ccm", key.hex(), nonce.hex(), tag.hex(), data=ct)
        assert res.stdout == plain
        bad = bytes([tag[0] ^ 1]) + tag[1:]
        assert cli([], "ccm", key.hex(), nonce.hex(), bad.hex(), data=ct,
                   check=False).returncode != 0


def test_implementation_names():
    fast = cli([], "impl").stdout.decode().splitlines()
    slow = cli(["--portable"], "impl").stdout.decode().splitlines()
    mid = cli(["--aes-ni"], "impl").stdout.decode().splitlines()
    assert slow == ["portable", "mbedtls"]
    assert fast[0] in ("sha-ni", "portable")
    assert fast[1] in ("vaes x16", "aes-ni x8", "mbedtls")
    assert mid[1] in ("aes-ni x8", "mbedtls")
