"""Encrypt-on-write volumes in Python: writing the FVE-EOW structures from
scratch, reading them back, and an independent model of the decrypted
view (which bytes are ciphertext, which are plain, which read as zeros,
which are unknown), to compare with bitrescue's output sector by sector.

Layouts as bde/eow.c documents them (checked there on two Windows-made
volumes). The model is written from those facts alone, not from our C.
"""
import struct
import zlib

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

SECTOR = 512
INFO_SIG = b"FVE-EOW\0"
BITMAP_SIG = b"FVE-EOWBM\0"
RECORD_SIG = b"FVE-EOWBR\0"
RECORD_LEN = 0x200
BITMAP_LEN = 0x600          # header sector, then two records
RECORD_AT = (0x200, 0x400)


def crc_with_zero(data, at):
    data = bytearray(data)
    data[at:at + 4] = bytes(4)
    return zlib.crc32(bytes(data))


def info_block(offsets, chunk, conv_log_len, bitmaps):
    hlen = 56
    size = hlen + 8 * len(bitmaps)
    b = bytearray(struct.pack("<8sHHIIIIIII2Q", INFO_SIG, hlen, size & 0xffff, SECTOR,
                              SECTOR, chunk, conv_log_len, 0x40400, len(bitmaps), 0,
                              *offsets))
    b += b"".join(struct.pack("<Q", o) for o in bitmaps)
    struct.pack_into("<I", b, 36, crc_with_zero(b, 36))
    return bytes(b)


def record(seq, bits, padding=True):
    """A record for len(bits) chunks; padding bits set as Windows leaves them."""
    nbytes = RECORD_LEN - 36
    raw = bytearray(nbytes)
    for n, bit in enumerate(bits):
        if bit:
            raw[n // 8] |= 1 << (n % 8)
    if padding:
        for n in range(len(bits), 8 * ((len(bits) + 7) // 8)):
            raw[n // 8] |= 1 << (n % 8)
    r = bytearray(struct.pack("<10sHIIQII", RECORD_SIG, 36, RECORD_LEN, len(bits), seq, 2, 0))
    r += raw
    struct.pack_into("<I", r, 32, crc_with_zero(r, 32))
    return bytes(r)


def bitmap(index, region_off, region_size, conv_log_off, records):
    h = bytearray(struct.pack("<10sHIIQQQIIII", BITMAP_SIG, 60, BITMAP_LEN, index,
                              region_off, region_size, conv_log_off, *RECORD_AT,
                              RECORD_LEN, 0))
    h += bytes(RECORD_AT[0] - len(h))
    struct.pack_into("<I", h, 56, crc_with_zero(h, 56))
    return bytes(h) + records[0] + records[1]


# ---- reading them back (for the model, also on Windows-made volumes) ----

def read_info(disk, at):
    """Parsed information block at AT, or None if it is not whole."""
    h = disk[at:at + 56]
    if len(h) < 56 or h[:8] != INFO_SIG:
        return None
    hlen, size, _ss, _u, chunk, clog, _u2, n, crc = struct.unpack_from("<HHIIIIIII", h, 8)
    block = disk[at:at + hlen + 8 * n]
    if crc_with_zero(block, 36) != crc or (hlen + 8 * n) & 0xffff != size:
        return None
    offsets = struct.unpack_from(f"<{n}Q", block, hlen)
    return {"at": at, "len": hlen + 8 * n, "chunk": chunk, "conv_log_len": clog,
            "bitmaps": list(offsets)}


def read_bitmap(disk, at, chunk):
    """(region offset, size, log offset, current bits or None); None if the
    header is not whole."""
    h = disk[at:at + 60]
    if h[:10] != BITMAP_SIG:
        return None
    (_hl, size, _i, roff, rsize, clog, r0, r1, rlen, crc) = struct.unpack_from(
        "<HIIQQQIIII", h, 10)
    if crc_with_zero(disk[at:at + r0], 56) != crc:
        return None
    chunks = -(-rsize // chunk)
    best, ambiguous = None, False
    for place in (r0, r1):
        rec = disk[at + place:at + place + rlen]
        if rec[:10] != RECORD_SIG:
            continue
        hl, rl, nbits, seq, _fl, rcrc = struct.unpack_from("<HIIQII", rec, 10)
        if rl != rlen or nbits != chunks or crc_with_zero(rec, 32) != rcrc:
            continue
        bits = [rec[hl + n // 8] >> (n % 8) & 1 for n in range(chunks)]
        if best is not None and seq == best[0]:
            ambiguous = bits != best[1]   # two current records that disagree
        elif best is None or seq > best[0]:
            best, ambiguous = (seq, bits), False
    return (roff, rsize, clog, best[1] if best and not ambiguous else None)


# ---- the model -----------------------------------------------------------

UNKNOWN = object()


class View:
    """What each sector of the decrypted view must be."""

    def __init__(self, disk, volume):
        """VOLUME: dict with copies, header_offset, header_len, encrypted_size,
        info_offsets."""
        self.disk = disk
        self.v = volume
        infos = [read_info(disk, o) for o in volume["info_offsets"]]
        self.info = next((i for i in infos if i), None)
        self.zero = [(o, 0x10000) for o in volume["copies"]]
        self.zero.append((volume["header_offset"], volume["header_len"]))
        self.regions = []
        if not self.info:
            return
        for i in infos:
            if i:
                self.zero.append((i["at"], -(-i["len"] // SECTOR) * SECTOR))
        for b in self.info["bitmaps"]:
            bm = read_bitmap(disk, b, self.info["chunk"])
            if bm is None:
                self.zero.append((b, SECTOR))
                self.regions.append(None)
                continue
            self.zero.append((b, BITMAP_LEN))
            self.zero.append((bm[2], self.info["conv_log_len"]))
            self.regions.append(bm)

    def is_zero(self, pos):
        return any(s <= pos < s + n for s, n in self.zero)

    def state(self, src):
        """'enc', 'plain' or UNKNOWN for the disk sector at SRC."""
        for i, r in enumerate(self.regions):
            if r is None:
                continue
            roff, rsize, _log, bits = r
            if roff <= src < roff + rsize:
                if bits is None:
                    return UNKNOWN
                return "enc" if bits[(src - roff) // self.info["chunk"]] else "plain"
        # no whole region covers it (a damaged bitmap's region, or none):
        # plain only past what BitLocker encrypts
        return "plain" if src >= self.v["encrypted_size"] else UNKNOWN

    def sectors(self):
        """Yield (view offset, source offset or None for zeros, state)."""
        size = self.v["size"]
        for pos in range(0, size, SECTOR):
            if pos < self.v["header_len"]:
                src = self.v["header_offset"] + pos
            elif self.is_zero(pos):
                yield pos, None, "zero"
                continue
            else:
                src = pos
            yield pos, src, self.state(src)


# ---- the clear-key corpus image as a base (AES-CBC 128, no diffuser) ----

def entries(block):
    msize = struct.unpack_from("<I", block, 64)[0]
    p, end = 112, 64 + msize
    while p + 8 <= end:
        size, etype, vtype, _ = struct.unpack_from("<HHHH", block, p)
        if size < 8:
            break
        yield p, etype, vtype, block[p + 8:p + size]
        p += size


def props(data):
    p = 28
    while p + 8 <= len(data):
        size, _t, vtype, _ = struct.unpack_from("<HHHH", data, p)
        if size < 8:
            break
        yield vtype, data[p + 8:p + size]
        p += size


def ccm_open(key, value):
    nonce, tag, ct = value[:12], value[12:28], value[28:]
    return AESCCM(bytes(key), tag_length=16).decrypt(bytes(nonce), bytes(ct + tag), None)


def clear_key_fvek(disk, copy_offset):
    """The FVEK of a volume with a clear key, opened from its metadata."""
    block = bytes(disk[copy_offset:copy_offset + 0x10000])
    vmk = fvek = None
    for _p, etype, vtype, data in entries(block):
        if etype == 2 and vtype == 8 and struct.unpack_from("<H", data, 26)[0] == 0:
            p = dict(props(data))
            vmk = ccm_open(p[1][4:36], p[5])[12:44]
    for _p, etype, vtype, data in entries(block):
        if etype == 3 and vtype == 5:
            fvek = ccm_open(vmk, data)[12:]
    return fvek


def _xor(a, b):
    return (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(len(a), "little")


def cbc_sectors(fvek, offset, data, encrypt):
    """AES-CBC with BitLocker's IV (the sector's byte offset, encrypted)."""
    ecb = Cipher(algorithms.AES(fvek), modes.ECB())
    n = len(data) // SECTOR
    ivs_in = b"".join((offset + i * SECTOR).to_bytes(16, "little") for i in range(n))
    e = ecb.encryptor()
    ivs = e.update(ivs_in) + e.finalize()
    out = bytearray()
    for i in range(n):
        iv = ivs[16 * i:16 * i + 16]
        c = Cipher(algorithms.AES(fvek), modes.CBC(iv))
        op = c.encryptor() if encrypt else c.decryptor()
        out += op.update(data[i * SECTOR:(i + 1) * SECTOR]) + op.finalize()
    return bytes(out)


def expected_view(view, decrypt, unknown_as=None):
    """The view's bytes per the model; DECRYPT(offset, sector) for
    ciphertext. UNKNOWN sectors raise, unless UNKNOWN_AS gives their bytes."""
    out = bytearray()
    run_start, run = None, []

    def flush():
        nonlocal run_start, run
        if run:
            out.extend(decrypt(run_start, b"".join(run)))
        run_start, run = None, []

    for pos, src, state in view.sectors():
        if state == "enc" and run_start is not None and src == run_start + SECTOR * len(run):
            run.append(view.disk[src:src + SECTOR])
            continue
        flush()
        if state == "zero":
            out += bytes(SECTOR)
        elif state == "plain":
            out += view.disk[src:src + SECTOR]
        elif state == "enc":
            run_start, run = src, [view.disk[src:src + SECTOR]]
        else:
            if unknown_as is None:
                raise ValueError(f"unknown sector at {pos:#x}")
            out += unknown_as
    flush()
    return bytes(out)
