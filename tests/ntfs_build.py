"""Complete NTFS volumes for the tests, and the same encrypted into a copy
of a corpus BitLocker volume with its own key.

make_ntfs() runs mkntfs, then writes the files through an ntfs-3g FUSE
mount (root and /dev/fuse: CI runs as root). encrypt_into() derives the
corpus volume's FVEK from its recovery password the way BitLocker does
(the SHA-256 key stretch, AES-CCM-sealed VMK and FVEK) and writes the NTFS
as that volume's decrypted view: so the app and the host tool read it
through bde/ as they would a real one. The NTFS must end before the
volume's first metadata copy (the view's zero areas start there; the
relocated boot sectors, which the view reads at offset 0, lie beyond it).

Python standard library, cryptography (as tests/synth.py) and ntfs-3g
(through tests/ntfs_make.py, as every NTFS builder). Volumes of
tests/ntfs_images.py of 32 MiB or less can go through encrypt_into() too.
"""
import hashlib
import json
import os
import pathlib
import shutil
import struct
import subprocess

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import eow_model     # the FVE metadata's entries and AES-CCM values
import ntfs_make

SECTOR = 512
STRETCH_ROUNDS = 0x100000
PROTECTOR_RECOVERY = 0x0800


def tools_missing():
    """Why make_ntfs cannot run here, or None."""
    return ntfs_make.missing()


def make_ntfs(path, size, files, dirs=(), label="RESCUE", cluster=4096, mtimes=None):
    """An NTFS of SIZE bytes at PATH holding FILES {"a/b.txt": bytes} and
    the empty folders DIRS; MTIMES {"a/b.txt": Unix seconds} sets times."""
    ntfs_make.mkntfs(path, size, "-Q", "-c", str(cluster), "-s", str(SECTOR), label=label)
    with ntfs_make.mounted(path) as mnt:
        for d in dirs:
            (mnt / d).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (mnt / name).parent.mkdir(parents=True, exist_ok=True)
            (mnt / name).write_bytes(data)
        for name, when in (mtimes or {}).items():
            os.utime(mnt / name, (when, when))


def recovery_key(password):
    """The 16 bytes a 48-digit recovery password stands for."""
    groups = [int(g) for g in password.split("-")]
    return b"".join(struct.pack("<H", g // 11) for g in groups)


def stretch(password_hash, salt):
    last = bytes(32)
    for n in range(STRETCH_ROUNDS):
        last = hashlib.sha256(last + password_hash + salt + struct.pack("<Q", n)).digest()
    return last


def _metadata(image, copy_offset):
    with open(image, "rb") as f:
        f.seek(copy_offset)
        return f.read(0x10000)


def vmk_from_recovery_password(image, copy_offset, password):
    """The VMK of IMAGE, opened with its recovery password from the
    metadata copy at COPY_OFFSET."""
    for _p, etype, vtype, data in eow_model.entries(_metadata(image, copy_offset)):
        if etype == 2 and vtype == 8 and \
                struct.unpack_from("<H", data, 26)[0] == PROTECTOR_RECOVERY:
            props = dict(eow_model.props(data))
            salt = props[3][4:20]
            key = stretch(hashlib.sha256(recovery_key(password)).digest(), salt)
            return eow_model.ccm_open(key, props[5])[12:44]
    raise AssertionError("no recovery password protector")


def fvek_from_recovery_password(image, copy_offset, password):
    """The FVEK of IMAGE, opened with its recovery password from the
    metadata copy at COPY_OFFSET."""
    vmk = vmk_from_recovery_password(image, copy_offset, password)
    for _p, etype, vtype, data in eow_model.entries(_metadata(image, copy_offset)):
        if etype == 3 and vtype == 5:
            return eow_model.ccm_open(vmk, data)[12:]
    raise AssertionError("no FVEK entry")


def _xts(fvek, offset, data):
    out = bytearray()
    for i in range(0, len(data), SECTOR):
        tweak = ((offset + i) // SECTOR).to_bytes(16, "little")
        e = Cipher(algorithms.AES(fvek), modes.XTS(tweak)).encryptor()
        out += e.update(data[i:i + SECTOR]) + e.finalize()
    return bytes(out)


def volume_info(tool, image):
    out = subprocess.run([str(tool), "info", str(image), "--json"], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return json.loads(out)["volumes"][0]


def encrypt_into(tool, corpus_image, password, plain, out):
    """OUT: a copy of CORPUS_IMAGE (an AES-XTS volume, fully encrypted)
    whose decrypted view starts with the bytes of PLAIN (an image file).
    TOOL (build/bitrescue) reads the volume's layout."""
    info = volume_info(tool, corpus_image)
    assert info["method"].startswith("AES-XTS") and info["state"] == 4
    first_copy = min(c["offset"] for c in info["metadata_copies"])
    header, header_len = info["header_offset"], info["header_size"]
    data = pathlib.Path(plain).read_bytes()
    assert len(data) <= first_copy and len(data) <= header, "NTFS too large"
    fvek = fvek_from_recovery_password(corpus_image, info["metadata_copies"][0]["offset"],
                                       password)
    shutil.copyfile(corpus_image, out)
    os.chmod(out, 0o644)
    with open(out, "r+b") as f:
        # The view's first sectors are the relocated ones, at their own
        # place (and tweak); the rest in place.
        f.seek(header)
        f.write(_xts(fvek, header, data[:header_len]))
        f.seek(header_len)
        f.write(_xts(fvek, header_len, data[header_len:]))
