"""NTFS volumes made for the tests of the NTFS reader (ntfs/): mkntfs, then
files written through an ntfs-3g FUSE mount, then a few reparse points and
attributes set on ntfs-3g's system.* attributes (tests/ntfs_make.py).

volume(name) returns the image's path, made once and kept under
build/ntfs-images/ (named by a hash of this file and of the ntfs-3g
version, so a changed recipe makes a new image); manifest(name) what the
recipe wrote there, the ground truth beside the oracles. Making one needs
root and /dev/fuse; skip_reason() says why not.

Other tests (the CLI's ls/cp, the EFI file screen) may use these volumes
too: they are plain NTFS images of a few tens of MiB.
"""
import fcntl
import hashlib
import json
import os
import pathlib
import random
import struct
import subprocess

from conftest import BUILD
from ntfs_make import (ATTR_ARCHIVE, ATTR_COMPRESSED, ATTR_OFFLINE, TAG_CLOUD_1,
                       TAG_MOUNT_POINT, TAG_SYMLINK, TAG_WOF, link_payload, missing,
                       mkntfs, mounted, reparse, set_attributes)

IMAGES = BUILD / "ntfs-images"
RECIPE_HASH = hashlib.sha256(b"".join(
    (pathlib.Path(__file__).parent / f).read_bytes()
    for f in ("ntfs_images.py", "ntfs_make.py"))).hexdigest()[:12]


def skip_reason():
    """Why volumes cannot be made here, or None."""
    return missing(("mkntfs", "ntfs-3g", "ntfsls", "ntfscat", "ntfsinfo"))


def ntfs3g_version():
    out = subprocess.run(["ntfs-3g", "--version"], capture_output=True, text=True)
    return (out.stdout + out.stderr).split("\n")[0].strip()


def data(seed, size, text=False):
    """Deterministic content: random bytes, or compressible text."""
    rng = random.Random(seed)
    if text:
        words = [b"bitrescue", b"ntfs", b"volume", b"cluster", b"record", b"index",
                 b"\xc3\xa6\xc3\xb8\xc3\xa5", b"compressed", b"sparse", b"\n"]
        out = bytearray()
        while len(out) < size:
            out += rng.choice(words) + b" "
        return bytes(out[:size])
    return rng.randbytes(size)


def ballast(path):
    """Fill the volume's free space with one file."""
    block = b"\xa5" * (1 << 20)
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(block)
        except OSError:
            pass
        try:
            while True:
                f.write(block[:4096])
        except OSError:
            pass


def full_but_holes(w, count, size):
    """Fill the volume but for COUNT / 2 holes of SIZE bytes: COUNT files
    in /fill, the rest taken by /ballast, every other file deleted. What
    is written next goes into the holes (delete /ballast after)."""
    fill = w.mkdir("/fill")
    for i in range(count):
        (fill / f"f{i:04d}").write_bytes(b"x" * size)
    ballast(w.root / "ballast")
    for i in range(count):
        if i % 2 == 0:
            (fill / f"f{i:04d}").unlink()
        else:
            w.content[f"/fill/f{i:04d}"] = b"x" * size


class Writer:
    """Writes files under a mount point and remembers their content."""

    def __init__(self, root):
        self.root = pathlib.Path(root)
        self.content = {}

    def file(self, path, content):
        p = self.root / path.lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content)
        self.content[path] = content
        return p

    def mkdir(self, path):
        p = self.root / path.lstrip("/")
        p.mkdir(parents=True, exist_ok=True)
        return p


# ---- recipes: each writes through the mount at ROOT ---------------------------

def recipe_main(w):
    """Many kinds of file on one 64 MiB volume with 4 KiB clusters."""
    w.file("/docs/hello.txt", b"hello, world\n")
    w.file("/docs/empty.txt", b"")
    w.file("/docs/one-cluster.bin", data(1, 4096))
    w.file("/docs/random.bin", data(2, 300_000))
    w.file("/docs/text.txt", data(3, 1_000_000, text=True))
    w.mkdir("/docs/empty dir")
    # POSIX names that differ only in case: two files
    w.file("/docs/Case.txt", b"mixed case\n")
    w.file("/docs/CASE.txt", b"upper case\n")
    # compressed: the directory's flag makes new files LZNT1-compressed
    comp = w.mkdir("/Compressed")
    set_attributes(comp, ATTR_COMPRESSED)
    w.file("/Compressed/text.txt", data(4, 700_000, text=True))
    w.file("/Compressed/random.bin", data(5, 100_000))
    w.file("/Compressed/mixed.bin", data(6, 70_000, text=True) + data(7, 50_000) +
           data(8, 90_000, text=True))
    w.file("/Compressed/small.txt", data(9, 3000, text=True))
    # small enough to stay in its MFT record: flagged compressed, stored as is
    w.file("/Compressed/tiny.txt", b"a small file in a compressed folder\n")
    sparse_in_comp = w.root / "Compressed/sparse.bin"
    with open(sparse_in_comp, "wb") as f:
        f.truncate(3_000_000)
        f.seek(1_500_000)
        f.write(data(10, 20_000, text=True))
    w.content["/Compressed/sparse.bin"] = sparse_in_comp.read_bytes()
    # sparse: holes between data
    sparse = w.root / "sparse.bin"
    with open(sparse, "wb") as f:
        f.truncate(20 << 20)
        for i, at in enumerate((0, 7 << 20, (20 << 20) - 5000)):
            f.seek(at)
            f.write(data(20 + i, 5000))
    w.content["/sparse.bin"] = sparse.read_bytes()
    # deep paths
    deep = "/deep/" + "/".join(f"level{i:02d}" for i in range(40))
    w.file(deep + "/leaf.txt", b"at the bottom\n")
    # names outside ASCII: Danish, German, Greek, Japanese, a surrogate pair
    for name in ("æøå.txt", "ÆØÅ store.txt", "Straße.txt", "Ελληνικά.txt", "日本語.txt",
                 "emoji 😀.txt", "naïve café.txt"):
        w.file("/Ünïcødé/" + name, name.encode() * 3)
    # hard links: three names in two directories
    w.file("/links/original.txt", b"one file, three names\n")
    os.link(w.root / "links/original.txt", w.root / "links/second name.txt")
    os.link(w.root / "links/original.txt", w.root / "docs/third name.txt")
    w.content["/links/second name.txt"] = w.content["/docs/third name.txt"] = \
        w.content["/links/original.txt"]
    # an attribute list: 40 long names do not fit one record
    w.file("/many-links/base.txt", b"forty names\n")
    for i in range(40):
        name = f"/many-links/{'long name ' * 10}{i:02d}.txt"
        os.link(w.root / "many-links/base.txt", w.root / name.lstrip("/"))
        w.content[name] = w.content["/many-links/base.txt"]
    # a fragmented file: with the volume full, written into the holes left
    # by deleting every other small file
    full_but_holes(w, 1200, 8192)
    w.file("/fragmented.bin", data(30, 4_000_000))
    (w.root / "ballast").unlink()
    # a named stream (listed as a flag, not read)
    w.file("/streams.txt", b"main stream\n")
    os.setxattr(w.root / "streams.txt", "user.extra", b"an alternate data stream")
    # reparse points: shown, never followed
    w.mkdir("/junction")
    reparse(w.root / "junction", TAG_MOUNT_POINT, link_payload(TAG_MOUNT_POINT, "C:\\docs"))
    w.mkdir("/junction without print name")
    reparse(w.root / "junction without print name", TAG_MOUNT_POINT,
            link_payload(TAG_MOUNT_POINT, "D:\\Data", print_name=""))
    w.file("/symlink.txt", b"")
    del w.content["/symlink.txt"]
    reparse(w.root / "symlink.txt", TAG_SYMLINK,
            link_payload(TAG_SYMLINK, "C:\\docs\\hello.txt"))
    # cloud files: a placeholder (offline), one with holes, one hydrated
    placeholder = w.root / "OneDrive/placeholder.docx"
    placeholder.parent.mkdir()
    with open(placeholder, "wb") as f:
        f.truncate(50_000)
    set_attributes(placeholder, ATTR_ARCHIVE | ATTR_OFFLINE)
    reparse(placeholder, TAG_CLOUD_1, b"placeholder-blob")
    holes = w.root / "OneDrive/partly here.bin"
    with open(holes, "wb") as f:
        f.truncate(200_000)
        f.write(data(40, 10_000))
    reparse(holes, TAG_CLOUD_1, b"partial-blob")
    w.file("/OneDrive/hydrated.txt", b"this one is on the disk\n")
    reparse(w.root / "OneDrive/hydrated.txt", TAG_CLOUD_1, b"hydrated-blob")
    # WOF (CompactOS): the data is elsewhere, compressed
    wof = w.root / "compact.exe"
    with open(wof, "wb") as f:
        f.truncate(9000)
    reparse(wof, TAG_WOF, struct.pack("<IIII", 1, 2, 1, 1))


def recipe_efs(w):
    """An EFS-encrypted file (ntfs-3g's efs_raw writes its raw data) beside a plain one."""
    (w.root / "secret.txt").touch()
    header = struct.pack("<IIII16sIII", 0x5C, 0, 2, 0, bytes(16), 0x54, 0, 0)
    efs = header + bytes(0x54 - len(header)) + struct.pack("<II", 1, 0)
    os.setxattr(w.root / "secret.txt", "system.ntfs_efsinfo", efs)
    (w.root / "secret.txt").write_bytes(b"not really ciphertext")
    w.file("/plain.txt", b"readable\n")


def recipe_fragmft(w):
    """A fragmented $MFT with an attribute list, and a directory of 10,000
    files: with the volume full but for one-cluster holes (every other of
    5,000 small files deleted), the MFT grows into the holes as the 10,000
    are made."""
    full_but_holes(w, 5000, 4096)
    w.mkdir("/many")
    for i in range(10_000):
        w.file(f"/many/file {i:05d}.txt", b"%d\n" % i)
    (w.root / "ballast").unlink()


def recipe_small(w):
    """A few files of each kind, for the geometry variants."""
    w.file("/tiny.txt", b"resident\n")
    w.file("/multi.bin", data(50, 150_000))
    w.file("/text.txt", data(51, 400_000, text=True))
    sparse = w.root / "sparse.bin"
    with open(sparse, "wb") as f:
        f.truncate(3 << 20)
        f.seek(1 << 20)
        f.write(data(52, 7000))
    w.content["/sparse.bin"] = sparse.read_bytes()
    for i in range(300):            # enough for index blocks
        w.file(f"/dir/entry {i:03d} æøå.txt", b"%d" % i)


def recipe_small_compressed(w):
    recipe_small(w)
    comp = w.mkdir("/Compressed")
    set_attributes(comp, ATTR_COMPRESSED)
    w.file("/Compressed/text.txt", data(53, 300_000, text=True))
    w.file("/Compressed/random.bin", data(54, 70_000))


# name -> (size MiB, mkntfs options, mount options, recipe)
VOLUMES = {
    "main": (64, ["-c", "4096"], ["compression"], recipe_main),
    "efs": (8, [], ["efs_raw"], recipe_efs),
    "fragmft": (48, ["-c", "4096"], [], recipe_fragmft),
    "sector4k": (32, ["-s", "4096", "-c", "4096"], ["compression"], recipe_small_compressed),
    "cluster512": (24, ["-c", "512"], ["compression"], recipe_small_compressed),
    "cluster2k": (24, ["-c", "2048"], ["compression"], recipe_small_compressed),
    "cluster16k": (32, ["-c", "16384"], [], recipe_small),
    "cluster64k": (64, ["-c", "65536"], [], recipe_small),
    # the largest clusters Windows makes; -Q leaves the 1 GiB image sparse
    "cluster2m": (1024, ["-Q", "-c", str(2 << 20)], [], recipe_small),
}

def make(name, path):
    """Make volume NAME at PATH; beside it PATH.json lists what was written
    ({path: [size, sha256]}), the ground truth beside the oracles."""
    size, mkfs_opts, mount_opts, recipe = VOLUMES[name]
    tmp = path.with_suffix(".tmp")
    mkntfs(tmp, size << 20, *mkfs_opts, label=f"bitrescue {name}")
    with mounted(tmp, mount_opts) as mnt:
        w = Writer(mnt)
        recipe(w)
    manifest = {p: [len(c), hashlib.sha256(c).hexdigest()] for p, c in w.content.items()}
    path.with_suffix(".json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0))
    tmp.rename(path)


def volume(name):
    """The image of volume NAME, made if not there yet. Tests run two at a
    time (pytest-xdist): a lock a volume lets one process make it while
    the other waits, instead of both writing the same file."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    tag = hashlib.sha256((RECIPE_HASH + ntfs3g_version()).encode()).hexdigest()[:12]
    path = IMAGES / f"{name}-{tag}.img"
    with open(IMAGES / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            for old in IMAGES.glob(f"{name}-*"):
                old.unlink()
            make(name, path)
    return path


def manifest(name):
    """What the recipe wrote to volume NAME: {path: (size, sha256)}."""
    text = volume(name).with_suffix(".json").read_text()
    return {p: tuple(v) for p, v in json.loads(text).items()}
