"""Small BitLocker volumes built here, for what the corpus lacks: a Vista
volume, and a conversion still under way (encrypted size below the volume
size). Layouts as bde/metadata.c documents them; keys from python's
cryptography, so our C code is checked against an independent AES.

Each volume is protected by a clear key (no key stretch: fast), or by the
TPM protectors given, and uses AES-XTS 128 (tweak = byte offset / 512).
"""
import hashlib
import os
import struct
import zlib

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

SECTOR = 512
SIZE = 4 << 20
GUID_BITLOCKER = bytes.fromhex("3bd66749292ed84a8399f6a339e3d001")
FILETIME = 132223104000000000  # 2020-01-01


def entry(etype, vtype, data):
    return struct.pack("<HHHH", 8 + len(data), etype, vtype, 1) + data


def ccm_value(key, payload):
    nonce = os.urandom(12)
    sealed = AESCCM(key, tag_length=16).encrypt(nonce, payload, None)
    return nonce + sealed[-16:] + sealed[:-16]


def key_payload(method, key):
    return struct.pack("<HHHHI", 12 + len(key), 0, 1, 1, method) + key


def xts(fvek, offset, data, encrypt):
    out = bytearray()
    for i in range(0, len(data), SECTOR):
        tweak = ((offset + i) // SECTOR).to_bytes(16, "little")
        c = Cipher(algorithms.AES(fvek), modes.XTS(tweak))
        op = c.encryptor() if encrypt else c.decryptor()
        out += op.update(data[i:i + SECTOR]) + op.finalize()
    return bytes(out)


def fake_ntfs_boot(serial):
    s = bytearray(os.urandom(SECTOR))
    s[0:11] = b"\xeb\x52\x90NTFS    "
    struct.pack_into("<HB", s, 11, 512, 8)
    # sectors (NTFS leaves the last, its backup boot sector, out), MFT and
    # MFT mirror clusters
    struct.pack_into("<QQQ", s, 40, SIZE // SECTOR - 1, 4, 2)
    struct.pack_into("<Q", s, 72, serial)
    s[510:512] = b"\x55\xaa"
    return bytes(s)


def tpm_protector(vmk, protector_id, datum, unsealed_key):
    """A TPM-only protector (type 0x0100): the TPM-encoded key DATUM (type
    0x0006), and the VMK under the key the TPM gives back when it unseals."""
    props = entry(0, 6, datum) + entry(0, 5, ccm_value(unsealed_key, key_payload(0x2000, vmk)))
    return entry(2, 8, protector_id + struct.pack("<QHH", FILETIME, 0, 0x0100) + props)


def metadata_entries(vmk, fvek, clear_key, vmk_id, tpm=None):
    """TPM: [(protector ID, datum, unsealed key)] instead of the clear key."""
    if tpm:
        protectors = b"".join(tpm_protector(vmk, *t) for t in tpm)
    else:
        props = entry(0, 1, struct.pack("<I", 0x2000) + clear_key)
        props += entry(0, 5, ccm_value(clear_key, key_payload(0x2000, vmk)))
        protectors = entry(2, 8, vmk_id + struct.pack("<QHH", FILETIME, 0, 0x0000) + props)
    desc = "SYNTH Z: 1/1/2020".encode("utf-16-le") + b"\0\0"
    return (entry(7, 2, desc) + protectors +
            entry(3, 5, ccm_value(vmk, key_payload(0x8004, fvek))))


def metadata_block(version, offsets, word56, entries, volume_guid, vmk,
                   encrypted_size=0, header_sectors=0, states=(4, 4), log_len=0):
    """VMK None: a decrypted volume's block (no method, an unkeyed hash)."""
    msize = 48 + len(entries)
    mheader = struct.pack("<IIII16sIHHQ", msize, 1, 48, msize, volume_guid, 1,
                          0x8004 if vmk else 0, 0, FILETIME)
    vstart = (64 + msize + 15) // 16 * 16
    bheader = struct.pack("<8sHHHHQII3QQ", b"-FVE-FS-", vstart // 16, version, *states,
                          encrypted_size, log_len, header_sectors, *offsets, word56)
    block = bytearray(bheader + mheader + entries)
    block += bytes(vstart - len(block))
    if version == 2:
        digest = hashlib.sha256(bytes(block)).digest()
        if vmk:
            check = entry(0, 5, ccm_value(vmk, key_payload(0x2005, digest)))
        else:
            check = entry(0, 1, struct.pack("<I", 0x2005) + digest)
        block += struct.pack("<HHI", 0x10000 - vstart, 2, zlib.crc32(bytes(block))) + check
    return bytes(block)


def build(kind, encrypted_size=SIZE, plain=None, states=(4, 4), log_len=0, tpm=None,
          offsets=(0x100000, 0x180000, 0x200000), header_offset=0x280000):
    """(disk image bytes, expected decrypted view bytes, NTFS serial).

    PLAIN (SIZE bytes) is the volume's content, e.g. a FAT file system
    (its bytes at the metadata areas read as zeros); default random data
    behind a fake NTFS boot sector. STATES: the block header's current and
    next state (1, 1: BitLocker turned off, no keys); LOG_LEN: a
    conversion log at ENCRYPTED_SIZE (state 2), read as zeros. TPM:
    TPM protectors [(16-byte ID, TPM-encoded key datum, the key sealed in
    it)] in place of the clear key. OFFSETS: the metadata copies;
    HEADER_OFFSET: the relocated boot sectors (win7), so that a real file
    system can keep out of those areas."""
    decrypted = states[0] == 1
    if decrypted:
        encrypted_size = 0
    fvek, vmk, clear_key = os.urandom(32), os.urandom(32), os.urandom(32)
    serial = int.from_bytes(os.urandom(8), "little")
    if plain is None:
        plain = bytearray(os.urandom(SIZE))
        plain[0:SECTOR] = fake_ntfs_boot(serial)
    plain = bytearray(plain)
    assert len(plain) == SIZE
    entries = metadata_entries(vmk, fvek, clear_key, os.urandom(16), tpm)
    if decrypted:
        entries = entry(7, 2, "SYNTH Z: 1/1/2020".encode("utf-16-le") + b"\0\0")
        vmk = None
    volume_guid = os.urandom(16)
    disk = bytearray(xts(fvek, 0, bytes(plain[:encrypted_size]), True) +
                     plain[encrypted_size:])
    expected = bytearray(plain)

    if kind == "win7":
        header_len = 16 * SECTOR
        disk[0:SECTOR] = bytes(SECTOR)
        disk[0:11] = b"\xeb\x58\x90-FVE-FS-"
        struct.pack_into("<H", disk, 11, SECTOR)
        disk[160:176] = GUID_BITLOCKER
        struct.pack_into("<3Q", disk, 176, *offsets)
        disk[510:512] = b"\x55\xaa"
        block = metadata_block(2, offsets, header_offset, entries, volume_guid, vmk,
                               encrypted_size, 16, states, log_len)
        if log_len:
            expected[encrypted_size:encrypted_size + log_len] = bytes(log_len)
        # the original boot sectors where they now live: ciphertext below
        # the conversion's frontier, plaintext past it (libbde, dislocker)
        moved = bytes(plain[:header_len])
        if header_offset < encrypted_size:
            moved = xts(fvek, header_offset, moved, True)
        disk[header_offset:header_offset + header_len] = moved
        expected[header_offset:header_offset + header_len] = bytes(header_len)
        area = 0x10000
    else:  # Vista: sector 0 keeps NTFS's layout; the first 16 sectors are plain
        mft_mirror = 2
        boot = bytearray(plain[:SECTOR])
        boot[3:11] = b"-FVE-FS-"
        struct.pack_into("<Q", boot, 56, offsets[0] // (8 * SECTOR))
        disk[0:SECTOR] = boot
        disk[SECTOR:16 * SECTOR] = plain[SECTOR:16 * SECTOR]
        block = metadata_block(1, offsets, mft_mirror, entries, volume_guid, vmk)
        area = 0x4000
    for off in offsets:
        disk[off:off + area] = bytes(area)
        disk[off:off + len(block)] = block
        expected[off:off + area] = bytes(area)
    return bytes(disk), bytes(expected), serial
