"""Complete NTFS volumes made with ntfs-3g, encrypted into a copy of a
corpus volume, so that `bitrescue ls`/`cp` read them through bde/'s real
unlock path and decrypted view.

The base is the corpus's clear-key image (AES-CBC 128, no diffuser): its
FVEK opens here in Python (eow_model.clear_key_fvek). Its boot sector
carries the encrypt-on-write identifier but no valid information block,
which leaves its view uncertain; the copy gets the normal identifier, so
that its view is a fully encrypted volume's: every sector below the
encrypted size (the whole volume) is ciphertext, BitLocker's own areas
(the three metadata copies, the relocated boot sectors) read as zeros,
and the view's first sectors come from the relocated boot sectors.

An NTFS volume must keep its clusters out of those zero areas. Two ways:
a volume that ends before the first metadata copy ("small"), or one as
large as the base whose $Bitmap marks the zero areas' clusters used
before any file is written ("whole"), so ntfs-3g never puts data there.
"""
import hashlib
import os
import pathlib
import random
import struct
import subprocess

import eow_model as m
from ntfs_make import (ATTR_COMPRESSED, ATTR_OFFLINE, TAG_CLOUD_1, TAG_MOUNT_POINT,
                       TAG_SYMLINK, attributes, link_payload, missing, mkntfs, mounted,
                       reparse, set_attributes)

BASE = "bitlk-clearkey-aes-cbc-128"
GUID_NORMAL = bytes.fromhex("3bd66749292ed84a8399f6a339e3d001")
SECTOR = 512
TOOLS = ("mkntfs", "ntfs-3g", "ntfsls", "ntfscat")


def tools_missing():
    """Why these volumes cannot be made here, or None."""
    return missing(TOOLS)


def base_layout(disk):
    """Where the base keeps its metadata copies and relocated boot sectors."""
    copies = struct.unpack_from("<3Q", disk, 176)
    blk = disk[copies[0]:copies[0] + 64]
    return {"copies": copies,
            "header_offset": struct.unpack_from("<Q", blk, 56)[0],
            "header_len": SECTOR * struct.unpack_from("<I", blk, 28)[0],
            "encrypted_size": struct.unpack_from("<Q", blk, 16)[0]}


def zero_areas(lay):
    """The view's byte ranges that read as zeros: (start, length)."""
    return [(c, 0x10000) for c in lay["copies"]] + [(lay["header_offset"], lay["header_len"])]


def empty_ntfs(image, size, cluster=4096):
    """An NTFS of SIZE bytes made reproducibly (no timestamps from now)."""
    mkntfs(image, size, "-f", "-T", "-c", str(cluster))


def _record_at(img, number):
    """(offset, size, bytes per sector, cluster size) of MFT record NUMBER
    of the NTFS in IMG (the first records: where $MFT starts)."""
    boot = img[:SECTOR]
    bps, spc = struct.unpack_from("<HB", boot, 11)
    cluster = bps * spc
    cpr = struct.unpack_from("<b", boot, 64)[0]
    rec_size = cluster * cpr if cpr > 0 else 1 << -cpr
    return struct.unpack_from("<Q", boot, 48)[0] * cluster + number * rec_size, rec_size, bps, cluster


def _record(img, number):
    """MFT record NUMBER of the NTFS in IMG (bytes), fixups applied."""
    at, rec_size, bps, cluster = _record_at(img, number)
    rec = bytearray(img[at:at + rec_size])
    usa, count = struct.unpack_from("<HH", rec, 4)
    for i in range(1, count):
        rec[i * bps - 2:i * bps] = rec[usa + 2 * i:usa + 2 * i + 2]
    return bytes(rec), cluster


def _data_runs(rec):
    """The (lcn, clusters) runs of the record's unnamed non-resident $DATA."""
    p = struct.unpack_from("<H", rec, 20)[0]
    while p + 8 <= len(rec):
        atype, alen = struct.unpack_from("<II", rec, p)
        if atype == 0xffffffff or alen == 0:
            break
        if atype == 0x80 and rec[p + 8] and rec[p + 9] == 0:
            q = p + struct.unpack_from("<H", rec, p + 32)[0]
            runs, lcn = [], 0
            while rec[q]:
                ls, os_ = rec[q] & 15, rec[q] >> 4
                length = int.from_bytes(rec[q + 1:q + 1 + ls], "little")
                lcn += int.from_bytes(rec[q + 1 + ls:q + 1 + ls + os_], "little", signed=True)
                runs.append((lcn, length))
                q += 1 + ls + os_
            return runs
        p += alen
    raise ValueError("no non-resident $DATA")


def reserve(image, ranges):
    """Mark the clusters under RANGES (byte start, length) used in $Bitmap,
    so that ntfs-3g never allocates them. Raises if NTFS itself already
    uses one of them (the layout would not fit the base)."""
    img = bytearray(pathlib.Path(image).read_bytes())
    rec, cluster = _record(img, 6)
    bitmap_at = []
    for lcn, length in _data_runs(rec):
        bitmap_at += [lcn * cluster + i for i in range(length * cluster)]
    for start, length in ranges:
        for c in range(start // cluster, -(-(start + length) // cluster)):
            at = bitmap_at[c // 8]
            if img[at] & (1 << (c % 8)):
                raise ValueError(f"NTFS already uses cluster {c} (offset {c * cluster:#x})")
            img[at] |= 1 << (c % 8)
    pathlib.Path(image).write_bytes(img)


def damage_record(image, path):
    """Break the update sequence of PATH's MFT record in the NTFS IMAGE, as
    a torn write leaves it: the record no longer reads."""
    img = bytearray(pathlib.Path(image).read_bytes())
    at, _size, bps, _cluster = _record_at(img, _inode(image, path))
    assert img[at:at + 4] == b"FILE"
    img[at + bps - 2] ^= 0xff             # the first sector's last word
    pathlib.Path(image).write_bytes(img)


def _inode(image, path):
    out = subprocess.run(["ntfsinfo", "-F", path, str(image)], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    return int(out.split()[2])          # "Dumping Inode N (0x..)"


def set_efs_flag(image, path):
    """Mark PATH EFS-encrypted in its $STANDARD_INFORMATION, as Windows
    does (ntfs-3g will not set FILE_ATTRIBUTE_ENCRYPTED): its data, plain
    here, must still be refused, since a real one is ciphertext."""
    img = bytearray(pathlib.Path(image).read_bytes())
    at, _size, _bps, _cluster = _record_at(img, _inode(image, path))
    p = at + struct.unpack_from("<H", img, at + 20)[0]
    assert struct.unpack_from("<I", img, p)[0] == 0x10       # $STANDARD_INFORMATION
    flags = p + struct.unpack_from("<H", img, p + 20)[0] + 0x20
    struct.pack_into("<I", img, flags, struct.unpack_from("<I", img, flags)[0] | 0x4000)
    pathlib.Path(image).write_bytes(img)


def base_disk(corpus):
    disk = bytearray((corpus / f"{BASE}.img").read_bytes())
    disk[160:176] = GUID_NORMAL
    return disk


def encrypt_into_base(ntfs_image, corpus, out):
    """Write OUT: the base with the NTFS in NTFS_IMAGE as its contents.
    Its first sectors go to the relocated boot sectors' place."""
    disk = base_disk(corpus)
    lay = base_layout(disk)
    fvek = m.clear_key_fvek(disk, lay["copies"][0])
    plain = pathlib.Path(ntfs_image).read_bytes()
    assert len(plain) <= len(disk) and lay["encrypted_size"] == len(disk)
    zeros = zero_areas(lay)
    for start, length in zeros:
        if start < len(plain):
            assert not any(plain[start:start + length]), f"NTFS data in zero area {start:#x}"
    hlen, hoff = lay["header_len"], lay["header_offset"]
    keep = [(s, s + n) for s, n in zeros]
    step = 1 << 20
    for pos in range(hlen, len(plain), step):
        end = min(pos + step, len(plain))
        chunk = bytearray(m.cbc_sectors(fvek, pos, plain[pos:end], True))
        for s, e in keep:      # BitLocker's own areas stay as they are
            a, b = max(s, pos), min(e, end)
            if a < b:
                chunk[a - pos:b - pos] = disk[a:b]
        disk[pos:end] = chunk
    disk[hoff:hoff + hlen] = m.cbc_sectors(fvek, hoff, plain[:hlen], True)
    pathlib.Path(out).write_bytes(disk)
    return out


# ---- the files ---------------------------------------------------------

NAMES = ["Documents", "Skrivebord", "æøå ÆØÅ", "naïve café", "日本語", "Ελληνικά"]


def content(rnd, size):
    return rnd.randbytes(size)


def populate_links(mnt):
    """A junction, a symlink and a OneDrive-style placeholder: listed with
    what they are, never followed, never copied as data."""
    (mnt / "Users").mkdir()
    (mnt / "Users" / "All Users").mkdir()
    reparse(mnt / "Users" / "All Users", TAG_MOUNT_POINT,
            link_payload(TAG_MOUNT_POINT, "C:\\ProgramData"))
    (mnt / "Users" / "link.txt").write_bytes(b"")
    reparse(mnt / "Users" / "link.txt", TAG_SYMLINK,
            link_payload(TAG_SYMLINK, "..\\hello.txt", relative=True))
    # a placeholder: the cloud tag, and Windows' attribute saying the
    # data is elsewhere (OFFLINE; ntfs-3g cannot set RECALL_ON_DATA_ACCESS)
    placeholder = mnt / "Users" / "OneDrive report.docx"
    placeholder.write_bytes(b"")
    reparse(placeholder, TAG_CLOUD_1, bytes(24))
    set_attributes(placeholder, attributes(placeholder) | ATTR_OFFLINE)
    # a file OneDrive keeps on this disk too: the same tag, its data here
    local = mnt / "Users" / "OneDrive local.txt"
    local.write_bytes(b"kept on this PC\n" * 100)
    reparse(local, TAG_CLOUD_1, bytes(24))
    (mnt / "Users" / "EFS secret.txt").write_bytes(b"EFS would keep this encrypted\n")


def populate(mnt, seed=12, big=8 << 20, many=300):
    """A tree with the kinds of files a rescue meets; returns nothing (the
    oracle reads the image back)."""
    rnd = random.Random(seed)
    (mnt / "empty.txt").write_bytes(b"")
    (mnt / "hello.txt").write_bytes(b"Hello from NTFS\n")
    for i, name in enumerate(NAMES):
        d = mnt / name
        d.mkdir()
        for k in range(4):
            size = rnd.choice([1, 700, 4096, 4097, 65536 + k, 300000])
            (d / f"fil {k} {name}.bin").write_bytes(content(rnd, size))
    deep = mnt
    for level in range(12):
        deep = deep / f"niveau-{level}"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_bytes(b"deep\n" * 100)
    (mnt / "big.bin").write_bytes(content(rnd, big))
    with open(mnt / "sparse.bin", "wb") as f:
        f.seek(3 << 20)
        f.write(b"end of a sparse file\n")
        f.seek(1 << 20)
        f.write(content(rnd, 5000))
    comp = mnt / "compressed"
    comp.mkdir()
    # FILE_ATTRIBUTE_COMPRESSED on the directory: ntfs-3g compresses
    # the files made in it (LZNT1)
    set_attributes(comp, ATTR_COMPRESSED)
    (comp / "text.txt").write_bytes(b"compressible text, line after line\n" * 20000)
    (comp / "mixed.bin").write_bytes(b"A" * 70000 + content(rnd, 30000) + b"B" * 50000)
    os.link(mnt / "hello.txt", mnt / "Documents" / "hello link.txt")
    many_dir = mnt / "many"
    many_dir.mkdir()
    for i in range(many):
        (many_dir / f"f{i:05d}.txt").write_bytes(b"%d\n" % i)
    populate_links(mnt)


def populate_whole(mnt):
    """The tree with a big file whose data runs past the zero areas."""
    populate(mnt, big=48 << 20)


def build(corpus, tmp, kind, files=None):
    """(BitLocker image, plain NTFS image) for KIND "small" or "whole";
    FILES(mount point) writes the files (default: the test tree; any
    must call populate_links, whose EFS file is then marked)."""
    if files is None:
        files = populate_whole if kind == "whole" else populate
    tmp = pathlib.Path(tmp)
    plain = tmp / f"ntfs-{kind}.img"
    disk = base_disk(corpus)
    lay = base_layout(disk)
    if kind == "small":
        # ends before the first metadata copy; sector 0 of the view comes
        # from the relocated boot sectors, which hold NTFS's first 8 KiB
        size = min(lay["copies"]) // (1 << 20) * (1 << 20)
        empty_ntfs(plain, size)
    else:
        empty_ntfs(plain, len(disk))
        reserve(plain, zero_areas(lay))
    with mounted(plain) as mnt:
        files(mnt)
    set_efs_flag(plain, "/Users/EFS secret.txt")
    out = tmp / f"bde-ntfs-{kind}.img"
    encrypt_into_base(plain, corpus, out)
    return out, plain


SYNTH_OFFSETS = (0x280000, 0x300000, 0x380000)
SYNTH_HEADER = 0x3c0000


def build_synth(tmp, decrypted):
    """A 4 MiB volume from tests/synth.py (AES-XTS, clear key; or with
    BitLocker turned off, no key at all) holding a 2 MiB NTFS that ends
    before the metadata copies: (image, plain NTFS image)."""
    import synth
    tmp = pathlib.Path(tmp)
    plain = tmp / f"ntfs-synth-{int(decrypted)}.img"
    empty_ntfs(plain, 2 << 20, cluster=512)
    with mounted(plain) as mnt:
        (mnt / "readme.txt").write_bytes(b"BitLocker is off here\n" if decrypted else b"XTS\n")
        (mnt / "Mapper").mkdir()
        (mnt / "Mapper" / "data.bin").write_bytes(random.Random(3).randbytes(300000))
    data = plain.read_bytes()
    data += bytes(synth.SIZE - len(data))
    disk, _, _ = synth.build("win7", plain=data, states=(1, 1) if decrypted else (4, 4),
                             offsets=SYNTH_OFFSETS, header_offset=SYNTH_HEADER)
    out = tmp / f"bde-ntfs-synth-{int(decrypted)}.img"
    out.write_bytes(disk)
    return out, plain


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
