"""The NTFS reader (ntfs/) through its host driver build/ntfs-tool, on NTFS
volumes made here (tests/ntfs_images.py: mkntfs, files written through
ntfs-3g) and on Debian's forensics sample image. Its listings, sizes and
the SHA-256 of every file must agree with ntfs-3g's ntfsls/ntfscat/ntfsinfo,
libfsntfs's fsntfsinfo and what the recipes wrote. Then the same volumes
damaged (a record wiped or cut short, a torn index block, an index that
loops, a run off the volume, a bad compression unit, bits flipped, the
image cut short), read by the driver built with ASan and UBSan: clear
errors for the files hit, the rest still right, never a crash or a hang.
"""
import hashlib
import lzma
import pathlib
import random
import re
import shutil
import struct
import subprocess

import pytest

import ntfs_images
import ntfs_make
from conftest import BUILD

TOOL = BUILD / "ntfs-tool"
TOOL_ASAN = BUILD / "ntfs-tool-asan"
SAMPLES = pathlib.Path("/usr/share/forensics-samples")

SKIP = ntfs_images.skip_reason()
needs_volumes = pytest.mark.skipif(SKIP is not None, reason=SKIP or "")
# One worker takes every test here: while one test has a volume mounted
# with ntfs-3g (read-only), ntfs-3g's tools refuse to open that image
# ("already exclusively opened"), and the volumes are shared.
pytestmark = pytest.mark.xdist_group("ntfs-images")

# Volumes compared whole with the oracles (fragmft: its 10,000 files
# against the recipe, a sample against ntfscat).
ALL = sorted(ntfs_images.VOLUMES)

CORRUPT = "damaged file system structure"


class Entry:
    """One line of ntfs-tool's listing."""

    def __init__(self, fields):
        (self.path, self.type, size, self.sha, self.flags, links, tag, self.error,
         record, allocated, mtime, attrs) = fields
        self.size = int(size)
        self.links = int(links)
        self.tag = int(tag, 16)
        self.record = int(record)
        self.allocated = int(allocated)
        self.mtime = int(mtime)
        self.attrs = int(attrs, 16)
        self.error = None if self.error == "-" else self.error


def run(args, timeout=120, check=True):
    res = subprocess.run([str(a) for a in args], capture_output=True, timeout=timeout)
    if check and res.returncode not in (0, 1):
        raise AssertionError(f"{args[0]} exited {res.returncode}: {res.stderr[-2000:]!r}")
    return res


def tree(image, path="/", tool=TOOL, timeout=120):
    """ntfs-tool's recursive listing: ({path: Entry}, [lines of errors])."""
    res = run([tool, image, "tree", path], timeout=timeout)
    assert res.returncode in (0, 1), res.stderr
    entries, problems = {}, []
    for line in res.stdout.decode().splitlines():
        fields = line.split("\t")
        if len(fields) == 12:
            entries[fields[0]] = Entry(fields)
        else:
            problems.append(line)
    return entries, problems, res


def tool(image, *args, asan=False):
    res = run([TOOL_ASAN if asan else TOOL, image, *args])
    return res.returncode, res.stdout.decode(errors="replace"), res.stderr.decode()


def ntfsls(image):
    """ntfs-3g's recursive listing: {path: (is_dir, size)}."""
    out = run(["ntfsls", "-R", "-l", "-F", image]).stdout.decode()
    listing, section = {}, None
    for line in out.splitlines():
        if line.startswith("/") and line.endswith(":"):
            section = line[:-1].rstrip("/")
            continue
        m = re.match(r"\s*(\d+) \w{3} +\d+ \d\d:\d\d \d{4} (.*)$", line)
        if not m or section is None:
            continue
        name = m.group(2)
        is_dir = name.endswith("/")
        name = name.rstrip("/")
        if name not in (".", ".."):
            listing[f"{section}/{name}"] = (is_dir, int(m.group(1)))
    return listing


def fsntfs_paths(image):
    """libfsntfs's hierarchy: every path but the metafiles' and streams."""
    out = run(["fsntfsinfo", "-H", image]).stdout.decode()
    paths = set()
    for line in out.splitlines():
        if line.startswith("\\") and not line.startswith("\\$") and ":" not in line:
            paths.add(line.replace("\\", "/"))
    return paths


def ntfscat_sha(image, path):
    res = subprocess.run(["ntfscat", str(image), path], capture_output=True, timeout=60)
    assert res.returncode == 0, (path, res.stderr)
    return hashlib.sha256(res.stdout).hexdigest()


@pytest.fixture(scope="module", params=ALL)
def made(request):
    if SKIP:
        pytest.skip(SKIP)
    return request.param, ntfs_images.volume(request.param)


@pytest.fixture(scope="module")
def main():
    if SKIP:
        pytest.skip(SKIP)
    return ntfs_images.volume("main")


# ---- the volumes as made -------------------------------------------------------

def test_volume_information_as_oracles(made):
    name, image = made
    rc, out, err = tool(image, "info")
    assert rc == 0, err
    info = dict(line.split("\t", 1) for line in out.splitlines())
    oracle = run(["fsntfsinfo", image]).stdout.decode()
    field = lambda label: re.search(label + r"\s*:\s*(.*)", oracle).group(1).strip()
    assert info["label"] == field("Name") == f"bitrescue {name}"
    assert int(info["serial"], 16) == int(field("Serial number"), 16)
    assert info["sector_size"] == field("Bytes per sector")
    assert info["cluster_size"] == field("Cluster block size")
    assert info["record_size"] == field("MFT entry size")
    assert info["index_block_size"] == field("Index entry size")
    assert info["version"] == field("Version") == "3.1"
    # free space: the clear bits of $Bitmap as ntfscat reads it
    bitmap = subprocess.run(["ntfscat", str(image), "$Bitmap"], capture_output=True,
                            check=True).stdout
    clusters = int(info["clusters"])
    used = sum(bin(b).count("1") for b in bitmap[:clusters // 8])
    used += bin(bitmap[clusters // 8] & ((1 << clusters % 8) - 1)).count("1") if clusters % 8 else 0
    free, status = info["free"].split("\t")
    assert status == "-" and int(free) == (clusters - used) * int(info["cluster_size"])


def test_listing_and_contents_as_oracles(made):
    """Every path, type and size as ntfsls and fsntfsinfo list them, every
    readable file's SHA-256 as ntfscat reads it and as the recipe wrote it."""
    name, image = made
    entries, problems, _ = tree(image)
    ours = {p: e for p, e in entries.items()}
    assert not problems, problems[:5]

    listing = ntfsls(image)
    # ntfsls neither marks a junction as a directory nor descends into one
    assert set(listing) == set(ours), set(listing) ^ set(ours)
    for path, (is_dir, size) in listing.items():
        e = ours[path]
        if e.tag != ntfs_images.TAG_MOUNT_POINT:
            assert is_dir == (e.type == "d"), path
        assert size == e.size, path
    # libfsntfs 20200921 loses most of a directory's index blocks when
    # clusters are not 4 KiB (ntfsls, the recipe and we agree on them)
    # and it reads a surrogate pair (a letter beyond U+FFFF) wrong
    if "cluster_size\t4096\n" in tool(image, "info")[1]:
        beyond_bmp = lambda p: any(ord(c) > 0xFFFF for c in p)
        assert {p for p in fsntfs_paths(image) if not beyond_bmp(p)} == \
            {p for p in ours if not beyond_bmp(p)}

    manifest = ntfs_images.manifest(name)
    for path, (size, sha) in manifest.items():
        assert path in ours, path
        assert ours[path].size == size and ours[path].sha == sha, path
    # ntfs-3g mounted read-only: every readable file (the reparse points it
    # will not open: the recipe's content covers those; of the bulk
    # directories a tenth, the recipe has all); ntfscat: a sample
    rng = random.Random(12)
    with ntfs_make.mounted(image, ["ro"]) as mnt:
        for path, e in sorted(ours.items()):
            if re.match(r"/(fill|many)/", path) and rng.random() > 0.1:
                continue
            if e.type == "f" and not e.error and not e.tag:
                data = (mnt / path.lstrip("/")).read_bytes()
                assert e.sha == hashlib.sha256(data).hexdigest(), path
    readable = sorted(p for p, e in ours.items() if e.type == "f" and not e.error)
    for path in random.Random(12).sample(readable, min(15, len(readable))):
        assert ours[path].sha == ntfscat_sha(image, path), path


def test_what_the_recipe_wrote_is_all_there(made):
    """The recipe's files, none missing and no file unreadable but the
    ones meant so (main: cloud, WOF; efs: the encrypted file)."""
    name, image = made
    entries, _, _ = tree(image)
    unreadable = {p: e.error for p, e in entries.items() if e.error}
    expected = {
        "main": {"/OneDrive/placeholder.docx": "online only: not on this disk",
                 "/OneDrive/partly here.bin": "online only: not on this disk",
                 "/compact.exe": "WOF/CompactOS-compressed: not readable here"},
        "efs": {"/secret.txt": "encrypted with EFS: not readable here"},
    }.get(name, {})
    assert unreadable == expected


def test_flags_links_and_reparse_points(main):
    entries, _, _ = tree(main)
    flags = {p: e.flags for p, e in entries.items()}
    for path in ("/Compressed/text.txt", "/Compressed/random.bin", "/Compressed/mixed.bin",
                 "/Compressed/sparse.bin"):
        assert "c" in flags[path], path
    assert "s" in flags["/sparse.bin"] and "c" not in flags["/sparse.bin"]
    assert flags["/streams.txt"] == "a"
    assert entries["/links/original.txt"].links == 3
    assert entries["/docs/third name.txt"].record == entries["/links/original.txt"].record
    assert all(e.links == 41 for p, e in entries.items() if p.startswith("/many-links/"))
    assert flags["/junction"] == "r:junction" and entries["/junction"].type == "d"
    assert flags["/symlink.txt"] == "r:symlink"
    assert flags["/OneDrive/placeholder.docx"] == "sro:cloud"
    assert flags["/OneDrive/hydrated.txt"] == "r:cloud"
    assert entries["/OneDrive/hydrated.txt"].sha == hashlib.sha256(
        b"this one is on the disk\n").hexdigest()
    assert flags["/compact.exe"] == "sr:wof"
    # reparse targets, as Windows prints them
    assert tool(main, "target", "/junction")[1] == "C:\\docs\n"
    assert tool(main, "target", "/junction without print name")[1] == "D:\\Data\n"
    assert tool(main, "target", "/symlink.txt")[1] == "C:\\docs\\hello.txt\n"
    rc, _, err = tool(main, "target", "/docs/hello.txt")
    assert rc == 1 and "no such file" in err


def test_attribute_lists_are_there_and_read(main):
    """The recipe made what it meant to: ntfsinfo shows the attribute lists."""
    for path in ("/fragmented.bin", "/many-links/base.txt"):
        out = run(["ntfsinfo", "-F", path, main]).stdout.decode()
        assert "$ATTRIBUTE_LIST" in out, path
    frag = run(["ntfsinfo", "-v", "-F", "/fragmented.bin", main]).stdout.decode()
    assert frag.count("$DATA (0x80) from mft record") >= 2
    entries, _, _ = tree(main, "/many-links")
    assert len(entries) == 41


def test_fragmented_mft_with_attribute_list():
    if SKIP:
        pytest.skip(SKIP)
    image = ntfs_images.volume("fragmft")
    out = run(["ntfsinfo", "-i", "0", image]).stdout.decode()
    assert "$ATTRIBUTE_LIST" in out
    assert len(re.findall(r"\$DATA \(0x80\) from mft record", out)) >= 3
    rc, listing, _ = tool(image, "ls", "/many")
    assert rc == 0 and len(listing.splitlines()) == 10_000


def test_resident_data_in_a_compressed_folder(main):
    """Resident data keeps the compressed flag of its folder but is stored
    as it is (the Linux kernel's NTFS driver says so of Windows volumes):
    read, not refused."""
    out = run(["ntfsinfo", "-F", "/Compressed/tiny.txt", main]).stdout.decode()
    data = out[out.index("Dumping attribute $DATA"):]
    assert "Resident: \t\t Yes" in data and "Attribute flags:\t 0x0001" in data, data
    entries, _, _ = tree(main)
    e = entries["/Compressed/tiny.txt"]
    assert "c" in e.flags and not e.error
    assert e.sha == hashlib.sha256(b"a small file in a compressed folder\n").hexdigest()


def test_lookup(main):
    """Case-insensitive through $UpCase, either separator, . and .., and the
    errors a path can meet."""
    def stat(path):
        rc, out, err = tool(main, "stat", path)
        return rc, (out.split("\t")[8] if rc == 0 else err.strip())

    hello = stat("/docs/hello.txt")[1]
    assert stat("\\DOCS\\Hello.TXT") == (0, hello)
    assert stat("docs//./hello.txt") == (0, hello)
    assert stat("/docs/empty dir/../hello.txt") == (0, hello)
    assert stat("/../docs/hello.txt") == (0, hello)
    assert stat("/ünïcødé/ÆØÅ.TXT")[0] == 0            # æøå.txt, by $UpCase
    assert stat("/ÜNÏCØDÉ/STRASSE.TXT")[0] == 1          # ß is not SS in $UpCase
    assert stat("/Ünïcødé/ΕΛΛΗΝΙΚΆ.TXT")[0] == 0
    # names equal but for case: each by its exact name, either by another
    mixed, upper = stat("/docs/Case.txt"), stat("/docs/CASE.txt")
    assert mixed[0] == upper[0] == 0 and mixed[1] != upper[1]
    assert stat("/docs/case.TXT")[1] in (mixed[1], upper[1])
    deep = "/deep/" + "/".join(f"LEVEL{i:02d}" for i in range(40)) + "/leaf.txt"
    assert stat(deep)[0] == 0
    assert stat("/docs/nothing.txt")[1].endswith("no such file or directory")
    assert stat("/docs/hello.txt/x")[1].endswith("not a directory")
    assert stat("/junction/hello.txt")[1].endswith("junction or symbolic link: not followed")
    assert stat("/" + "x" * 256)[1].endswith("invalid or too long path")
    rc, _, err = tool(main, "cat", "/docs")
    assert rc == 1 and "is a directory" in err


def test_times_and_attributes_as_fsntfsinfo(main):
    entries, _, _ = tree(main)
    for path in ("/docs/hello.txt", "/Compressed/text.txt", "/sparse.bin", "/OneDrive/placeholder.docx"):
        out = run(["fsntfsinfo", "-F", path.replace("/", "\\"), main]).stdout.decode()
        flags = int(re.search(r"File attribute flags\s*:\s*0x([0-9a-f]+)", out).group(1), 16)
        assert entries[path].attrs == flags, path
        stamp = re.search(r"Modification time\s*:\s*(.*) UTC", out).group(1)
        import datetime
        when = datetime.datetime.strptime(stamp.split(".")[0], "%b %d, %Y %H:%M:%S")
        assert entries[path].mtime == int(when.replace(tzinfo=datetime.timezone.utc).timestamp())


# ---- damaged copies ----------------------------------------------------------------

def record_offset(image, record):
    """Byte offset of MFT record RECORD, from $MFT's runs as ntfsinfo lists them."""
    out = run(["ntfsinfo", "-v", "-i", "0", image]).stdout.decode()
    info = dict(re.findall(r"^\s*(Cluster Size|MFT Record Size): (\d+)", run(
        ["ntfsinfo", "-m", image]).stdout.decode(), re.M))
    cluster, rsize = int(info["Cluster Size"]), int(info["MFT Record Size"])
    runs = re.findall(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)$",
                      out.split("$DATA (0x80)")[1], re.M)
    byte = record * rsize
    for vcn, lcn, length in runs:
        vcn, lcn, length = int(vcn, 16), int(lcn, 16), int(length, 16)
        if vcn * cluster <= byte < (vcn + length) * cluster:
            return lcn * cluster + byte - vcn * cluster, rsize
    raise AssertionError(f"record {record} not mapped")


def copy(image, tmp_path):
    target = tmp_path / "damaged.img"
    shutil.copyfile(image, target)
    return target


def patch(image, offset, data):
    with open(image, "r+b") as f:
        f.seek(offset)
        f.write(data)


def read_at(image, offset, length):
    with open(image, "rb") as f:
        f.seek(offset)
        return f.read(length)


def attributes(rec):
    """(type, offset) of each attribute of a fixed-up record (bytes)."""
    pos = struct.unpack_from("<H", rec, 0x14)[0]
    while pos + 8 <= len(rec):
        atype, length = struct.unpack_from("<II", rec, pos)
        if atype == 0xFFFFFFFF or length == 0:
            return
        yield atype, pos
        pos += length


def untouched_still_right(image, entries_before, damaged_paths):
    """Every file not among DAMAGED_PATHS reads as before."""
    after, _, _ = tree(image, tool=TOOL_ASAN)
    for path, e in entries_before.items():
        if path in damaged_paths or e.type != "f" or e.error:
            continue
        assert path in after and after[path].sha == e.sha, path
    return after


def test_wiped_and_truncated_records(main, tmp_path):
    """A record whose fixups fail, and records cut short (their used-bytes
    field and an attribute's length): those files say so, the rest read."""
    before, _, _ = tree(main)
    image = copy(main, tmp_path)
    victims = ["/docs/hello.txt", "/docs/random.bin", "/Compressed/text.txt", "/Ünïcødé/日本語.txt"]
    for n, path in enumerate(victims):
        offset, size = record_offset(image, before[path].record)
        if n == 0:
            patch(image, offset + 510, b"\xde\xad")             # a torn write
        elif n == 1:
            patch(image, offset + 0x18, struct.pack("<I", 0x40))  # used bytes: a header only
        else:
            rec = bytearray(read_at(image, offset, size))
            kinds = dict(attributes(rec))
            at = kinds[0x80 if n == 2 else 0x30]
            patch(image, offset + at + 4, struct.pack("<I", 0x7F0))   # past the record
    after = untouched_still_right(image, before, victims)
    for path in victims:
        assert path in after and after[path].error == CORRUPT, path
    rc, _, err = tool(image, "cat", "/docs/random.bin", asan=True)
    assert rc == 1 and CORRUPT in err


def test_run_off_the_volume_and_bad_compression(main, tmp_path):
    before, _, _ = tree(main)
    image = copy(main, tmp_path)
    # /docs/random.bin's first run: its LCN far past the volume's end
    offset, size = record_offset(image, before["/docs/random.bin"].record)
    rec = read_at(image, offset, size)
    data = dict(attributes(rec))[0x80]
    pairs = data + struct.unpack_from("<H", rec, data + 0x20)[0]
    header = rec[pairs]
    lcn_bytes, len_bytes = header >> 4, header & 15
    patch(image, offset + pairs + 1 + len_bytes, b"\x7f" * (lcn_bytes - 1) + b"\x7f")
    # /Compressed/small.txt: its one compressed cluster's chunk claims 4 KiB
    rc, out, _ = tool(main, "stat", "/Compressed/small.txt")
    out = run(["ntfsinfo", "-v", "-F", "/Compressed/small.txt", main]).stdout.decode()
    lcn = int(re.search(r"^\s+0x0\s+0x([0-9a-f]+)\s+0x1$", out, re.M).group(1), 16)
    patch(image, lcn * 4096, b"\xff\xbf")
    after = untouched_still_right(image, before, {"/docs/random.bin", "/Compressed/small.txt"})
    assert after["/docs/random.bin"].error == CORRUPT
    assert after["/Compressed/small.txt"].error == CORRUPT


def index_blocks(image, name_prefix):
    """Offsets of INDX blocks holding names that start with NAME_PREFIX."""
    data = pathlib.Path(image).read_bytes()
    needle = name_prefix.encode("utf-16le")
    found = []
    for m in re.finditer(b"INDX", data):
        at = m.start()
        if at % 4096 == 0 and needle in data[at:at + 4096]:
            found.append(at)
    return found


def test_torn_and_looping_index_blocks():
    """A directory of 10,000 files with one index block torn and another
    whose child pointer leads back to itself: an error for each, the other
    entries listed, and the walk ends."""
    if SKIP:
        pytest.skip(SKIP)
    image = ntfs_images.volume("fragmft")
    work = pathlib.Path(image).with_name("damaged-index.img")
    shutil.copyfile(image, work)
    try:
        blocks = index_blocks(work, "file ")
        assert len(blocks) > 100
        nodes = [b for b in blocks if read_at(work, b + 0x18 + 12, 1)[0] & 1]
        leaves = [b for b in blocks if b not in nodes]
        assert nodes and leaves
        # torn: a stride's check value differs
        patch(work, leaves[len(leaves) // 2] + 1022, b"\x00\x00")
        # a loop: the node's first child is the node itself
        node = nodes[0]
        vcn = read_at(work, node + 0x10, 8)
        first = 0x18 + struct.unpack_from("<I", read_at(work, node + 0x18, 4))[0]
        length = struct.unpack_from("<H", read_at(work, node + first + 8, 2))[0]
        child_at = node + first + length - 8
        if (child_at + 1) % 512 >= 510:          # under a fixup: leave it
            pytest.skip("child pointer under a fixup")
        patch(work, child_at, vcn)
        res = run([TOOL_ASAN, work, "ls", "/many"], timeout=60)
        lines = res.stdout.decode().splitlines()
        errors = [l for l in lines if l.startswith("!\t")]
        listed = [l for l in lines if not l.startswith("!\t")]
        assert res.returncode == 1 and errors
        assert all(CORRUPT in l for l in errors)
        assert 8000 < len(listed) < 10_000
        assert len(set(listed)) == len(listed)
    finally:
        work.unlink()


def test_cut_short_image(main, tmp_path):
    """The image's last part missing: what lies there fails as a read error."""
    before, _, _ = tree(main)
    image = copy(main, tmp_path)
    size = image.stat().st_size
    with open(image, "r+b") as f:
        f.truncate(size * 3 // 4)
    after, _, res = tree(image, tool=TOOL_ASAN)
    assert res.returncode == 1
    failed = 0
    for path, e in after.items():
        if e.type == "f" and not e.error and path in before and not before[path].error:
            assert e.sha == before[path].sha, path
        if e.error and not before[path].error:
            failed += 1
            assert e.error in ("device read error", CORRUPT), (path, e.error)
    assert failed > 0


@pytest.mark.parametrize("seed", range(6))
def test_flipped_bits_never_crash_or_hang(main, tmp_path, seed):
    """Bits flipped in the MFT's records and in index blocks: under ASan and
    UBSan, the listing and every read end with data or an error."""
    image = copy(main, tmp_path)
    rng = random.Random(seed)
    mft, rsize = record_offset(image, 0)
    targets = [mft + rsize * r for r in range(0, 700)]
    targets += index_blocks(image, "f0")[:20]
    with open(image, "r+b") as f:
        for _ in range(400):
            at = rng.choice(targets) + rng.randrange(rsize)
            f.seek(at)
            byte = f.read(1)[0]
            f.seek(at)
            f.write(bytes([byte ^ (1 << rng.randrange(8))]))
    entries, problems, res = tree(image, tool=TOOL_ASAN, timeout=120)
    assert res.returncode in (0, 1), res.stderr[-3000:]
    assert b"runtime error" not in res.stderr and b"AddressSanitizer" not in res.stderr


# ---- Debian's forensics sample --------------------------------------------------------

def test_forensics_sample_image(tmp_path):
    """forensics-samples-ntfs: a disk image with one NTFS partition holding
    forensics-samples-files' originals (the directories ending in 2 deleted):
    every file there, with the original's SHA-256."""
    packed = SAMPLES / "fs.ntfs.xz"
    originals = SAMPLES / "original-files"
    if not packed.exists() or not originals.is_dir():
        pytest.skip("forensics-samples-ntfs or forensics-samples-files is not installed")
    image = BUILD / "ntfs-images" / "forensics-fs.ntfs"
    if not image.exists() or image.stat().st_mtime < packed.stat().st_mtime:
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_bytes(lzma.decompress(packed.read_bytes()))
    mbr = read_at(image, 0, 512)
    assert mbr[510:512] == b"\x55\xaa" and mbr[0x1C2] == 0x07     # one NTFS partition
    start = struct.unpack_from("<I", mbr, 0x1C6)[0] * 512
    entries, problems, res = tree(f"{image}@{start}", tool=TOOL_ASAN)
    assert res.returncode == 0 and not problems
    files = {p: e for p, e in entries.items() if e.type == "f"}
    expected = {}
    for f in originals.rglob("*"):
        rel = "/" + str(f.relative_to(originals))
        if f.is_file() and not re.match(r"/[^/]*2/", rel):
            expected[rel] = hashlib.sha256(f.read_bytes()).hexdigest()
    assert set(files) == set(expected)
    for path, sha in expected.items():
        if files[path].sha != sha:
            # Debian's build normalized the PNGs' tIME chunks in
            # original-files (strip-nondeterminism), not inside the image
            ours = run([TOOL, f"{image}@{start}", "cat", path]).stdout
            original = (originals / path.lstrip("/")).read_bytes()
            assert hashlib.sha256(ours).hexdigest() == files[path].sha
            assert path.endswith(".png") and png_without_time(ours) == png_without_time(original), path


def png_without_time(data):
    """A PNG's chunks, its tIME chunk's content (and CRC) left out."""
    out, pos = [data[:8]], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        out.append(data[pos:pos + 8] if kind == b"tIME" else data[pos:end])
        pos = end
    return b"".join(out)
