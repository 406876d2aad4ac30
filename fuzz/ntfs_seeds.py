#!/usr/bin/python3
"""Seeds for build/ntfs_fuzz (fuzz/ntfs_fuzz.c): small NTFS volumes made
with mkntfs and written through ntfs-3g (tests/ntfs_images.py's helpers;
needs root and /dev/fuse), in the fuzzer's input format.

    fuzz/ntfs_seeds.py CORPUS_DIR
"""
import os
import pathlib
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))
import ntfs_images  # noqa: E402

SECTOR = 512
UPCASE_START = b"\x00\x00\x01\x00\x02\x00\x03\x00"


def recipe(w):
    w.file("/a.txt", b"hello\n")
    w.file("/b.bin", ntfs_images.data(1, 20_000))
    comp = w.mkdir("/c")
    ntfs_images.set_attributes(comp, ntfs_images.ATTR_COMPRESSED)
    w.file("/c/t.txt", ntfs_images.data(2, 70_000, text=True))
    w.file("/c/tiny.txt", b"resident, flagged compressed\n")
    with open(w.root / "s.bin", "wb") as f:
        f.truncate(1 << 20)
        f.seek(300_000)
        f.write(b"x" * 5000)
    for i in range(120):
        w.file(f"/d/n{i:03d} æ.txt", b"%d" % i)
    w.file("/l/base", b"links\n")
    for i in range(30):
        os.link(w.root / "l/base", w.root / f"l/{'x' * 100}{i}")
    w.mkdir("/j")
    ntfs_images.reparse(w.root / "j", ntfs_images.TAG_MOUNT_POINT,
                        ntfs_images.link_payload(ntfs_images.TAG_MOUNT_POINT, "C:\\d"))


def encode(image):
    """The image as the fuzzer's pieces: zero sectors left out, uniform
    ones as fills, $UpCase's table left out (the reader falls back)."""
    out = bytearray()
    sectors = len(image) // SECTOR
    i = 0
    while i < sectors:
        s = image[i * SECTOR:(i + 1) * SECTOR]
        if s.startswith(UPCASE_START) and i % 8 == 0:
            i += 256                        # 128 KiB
            continue
        if s == bytes([s[0]]) * SECTOR:
            j = i
            while j < sectors and j - i < 0xFFFF and image[j * SECTOR:(j + 1) * SECTOR] == s:
                j += 1
            if s[0]:
                out += struct.pack("<IHB", i, j - i, 1) + s[:1]
            i = j
            continue
        j = i
        while j < sectors and j - i < 0xFFFF:
            t = image[j * SECTOR:(j + 1) * SECTOR]
            if t == bytes([t[0]]) * SECTOR or (t.startswith(UPCASE_START) and j % 8 == 0):
                break
            j += 1
        out += struct.pack("<IHB", i, j - i, 0) + image[i * SECTOR:j * SECTOR]
        i = j
    return bytes(out)


def main():
    corpus = pathlib.Path(sys.argv[1])
    corpus.mkdir(parents=True, exist_ok=True)
    for cluster in ("4096", "1024"):
        with tempfile.TemporaryDirectory() as tmp:
            img = pathlib.Path(tmp) / "seed.img"
            with open(img, "wb") as f:
                f.truncate(8 << 20)
            subprocess.run(["mkntfs", "-q", "-F", "-c", cluster, "-L", "seed", str(img)],
                           check=True, capture_output=True)
            mnt = pathlib.Path(tmp) / "mnt"
            mnt.mkdir()
            subprocess.run(["ntfs-3g", "-o", "compression", str(img), str(mnt)], check=True)
            try:
                recipe(ntfs_images.Writer(mnt))
            finally:
                subprocess.run(["umount", str(mnt)], check=True)
            seed = encode(img.read_bytes())
            (corpus / f"seed-{cluster}").write_bytes(seed)
            print(f"seed-{cluster}: {len(seed)} bytes")


if __name__ == "__main__":
    main()
