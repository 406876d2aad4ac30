"""`bitrescue ls` and `cp` through the real unlock path.

Complete NTFS volumes made by mkntfs and written through an ntfs-3g FUSE
mount are encrypted into a copy of the corpus's clear-key volume
(tests/ntfs_bde.py), or into a synthetic volume whose BitLocker is off;
what `ls` lists and `cp -r` copies through bde/ must agree with ntfs-3g's
ntfsls and ntfscat on the plain NTFS image (names, sizes, SHA-256).

The corpus volumes themselves are partial captures (their MFTs are only
partly there; ntfsls refuses them too): they must give clear errors, per
file where the listing goes on, and exit 3 or 8, never crash.

Needs root and /dev/fuse (CI runs as root) and ntfs-3g's tools.
"""
import hashlib
import os
import re
import shutil
import struct
import subprocess

import pytest

import ntfs_bde
from clihelp import (BITRESCUE, EXIT_BAD_INPUT, EXIT_NOT_BITLOCKER, EXIT_NOT_COPIED,
                     EXIT_NOT_FOUND, EXIT_OK,
                     EXIT_USAGE, EXIT_WRONG_KEY, run)

pytestmark = pytest.mark.skipif(ntfs_bde.tools_missing() is not None,
                                reason=str(ntfs_bde.tools_missing()))

KEY = ("--clear-key",)
# under /Users: links, and files whose data is not to be read
LINKS = {"All Users", "link.txt", "OneDrive report.docx", "EFS secret.txt"}


@pytest.fixture(scope="module", params=["small", "whole"])
def volume(request, corpus, tmp_path_factory):
    """(BitLocker image, plain NTFS image) of each layout."""
    return ntfs_bde.build(corpus, tmp_path_factory.mktemp(request.param), request.param)


@pytest.fixture(scope="module")
def small(corpus, tmp_path_factory):
    return ntfs_bde.build(corpus, tmp_path_factory.mktemp("small1"), "small")


# ---- the oracle: ntfs-3g on the plain image --------------------------------

NTFSLS_LINE = re.compile(r"^\s*(\d+) \w{3} [ \d]\d \d\d:\d\d \d{4} (.*)$")


def ntfsls_tree(plain):
    """{directory: {name: (size, is_dir)}} from `ntfsls -l -F -R`."""
    out = subprocess.run(["ntfsls", "-l", "-F", "-R", str(plain)], capture_output=True,
                         check=True, timeout=120).stdout.decode()
    tree, cur = {}, None
    for line in out.splitlines():
        if line.endswith(":") and line.startswith("/"):
            cur = tree.setdefault(line[:-1].rstrip("/") or "/", {})
            continue
        m = NTFSLS_LINE.match(line)
        if not m:
            continue
        name, is_dir = m.group(2), m.group(2).endswith("/")
        name = name.rstrip("/")
        if name in (".", ".."):
            continue
        cur[name] = (int(m.group(1)), is_dir)
    return tree


def ntfscat_sha(plain, path):
    out = subprocess.run(["ntfscat", str(plain), path], capture_output=True, check=True,
                         timeout=120).stdout
    return hashlib.sha256(out).hexdigest()


# ---- ours -------------------------------------------------------------------

def ls(image, path=None, *extra):
    args = ["ls", image, *KEY, *extra] + ([path] if path is not None else [])
    return run(*args)


def parse_ls(stdout):
    """{name: (type, size or None, flags, link target or None)}."""
    entries = {}
    for line in stdout.splitlines():
        kind, size, _date, _time, _utc, flags, name = line.split(None, 6)
        target = None
        if kind in ("junction", "symlink"):
            name, target = name.split(" -> ", 1)
        entries[name] = (kind, int(size) if size.isdigit() else None, flags.split(","), target)
    return entries


def join(d, name):
    return d.rstrip("/") + "/" + name


def test_ls_agrees_with_ntfsls(volume):
    image, plain = volume
    tree = ntfsls_tree(plain)
    assert len(tree) > 20 and "/niveau-0/niveau-1/niveau-2" in tree
    for d, names in tree.items():
        res = ls(image, d)
        assert res.returncode == EXIT_OK, (d, res.stderr)
        ours = parse_ls(res.stdout)
        assert set(ours) == set(names), d
        for name, (size, is_dir) in names.items():
            kind, our_size, _flags, _target = ours[name]
            if d == "/Users" and name in LINKS:
                continue
            assert (kind == "dir") == is_dir, (d, name)
            if not is_dir:
                assert our_size == size, (d, name)


def test_ls_flags_and_links(small):
    image, _ = small
    root = parse_ls(ls(image).stdout)
    assert "sparse" in root["sparse.bin"][2]
    assert "links=2" in root["hello.txt"][2]
    assert "compressed" in parse_ls(ls(image, "/compressed").stdout)["text.txt"][2]
    users = ls(image, "\\USERS")      # any case, either separator
    assert users.returncode == EXIT_OK, users.stderr
    users = parse_ls(users.stdout)
    assert users["All Users"][0] == "junction"
    assert users["All Users"][3] == "C:\\ProgramData"
    assert users["link.txt"][0] == "symlink"
    assert users["link.txt"][3] == "..\\hello.txt"
    assert "online-only" in users["OneDrive report.docx"][2]
    assert "cloud" in users["OneDrive local.txt"][2]      # synced, but here too
    assert "EFS-encrypted" in users["EFS secret.txt"][2]
    # NTFS's own files only with -a
    assert "$MFT" not in root
    assert "$MFT" in parse_ls(ls(image, None, "-a").stdout)


def test_ls_of_a_file_and_a_junction_lists_them(small):
    image, _ = small
    # named as given, as ls does: a hard link's other name is not this one
    one = parse_ls(ls(image, "/Documents/hello LINK.txt").stdout)
    assert list(one) == ["/Documents/hello LINK.txt"]
    assert one["/Documents/hello LINK.txt"][:2] == ("file", 16)
    res = ls(image, "/Users/All Users")
    assert res.returncode == EXIT_OK, res.stderr
    assert parse_ls(res.stdout)["/Users/All Users"][0] == "junction"


def files_of(tree):
    """Every regular file's path in the oracle's tree (links left out)."""
    for d, names in tree.items():
        for name, (_size, is_dir) in names.items():
            if not is_dir and not (d == "/Users" and name in LINKS):
                yield join(d, name)


def test_cp_r_agrees_with_ntfscat(volume, tmp_path):
    image, plain = volume
    dest = tmp_path / "out"
    res = run("cp", image, *KEY, "-r", "/", dest, timeout=300)
    # the placeholder's data is not here, the EFS file's is ciphertext:
    # those are the failures
    assert res.returncode == EXIT_NOT_COPIED, res.stderr
    assert re.search(r"OneDrive report\.docx: .*(online|not on this disk)", res.stderr,
                     re.I), res.stderr
    assert re.search(r"EFS secret\.txt: .*(EFS|encrypt)", res.stderr, re.I), res.stderr
    assert "2 could not be copied" in res.stderr
    assert "2 links not followed" in res.stderr
    assert not (dest / "Users" / "OneDrive report.docx").exists()
    assert not (dest / "Users" / "EFS secret.txt").exists()
    assert not (dest / "Users" / "All Users").exists()
    tree = ntfsls_tree(plain)
    expected = sorted(files_of(tree))
    got = sorted("/" + str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert got == expected
    for path in expected:
        assert ntfs_bde.sha256(dest / path[1:]) == ntfscat_sha(plain, path), path
    for d in tree:
        assert (dest / d[1:]).is_dir(), d


def test_cp_one_file_into_a_directory_and_to_a_name(small, tmp_path):
    image, plain = small
    res = run("cp", image, *KEY, "/compressed/text.txt", tmp_path)
    assert res.returncode == EXIT_OK, res.stderr
    assert ntfs_bde.sha256(tmp_path / "text.txt") == ntfscat_sha(plain, "/compressed/text.txt")
    res = run("cp", image, *KEY, "/big.bin", tmp_path / "renamed.bin")
    assert res.returncode == EXIT_OK, res.stderr
    assert ntfs_bde.sha256(tmp_path / "renamed.bin") == ntfscat_sha(plain, "/big.bin")


def test_cp_sparse_file_keeps_its_holes(small, tmp_path):
    image, plain = small
    assert run("cp", image, *KEY, "/sparse.bin", tmp_path).returncode == EXIT_OK
    out = tmp_path / "sparse.bin"
    assert ntfs_bde.sha256(out) == ntfscat_sha(plain, "/sparse.bin")
    assert out.stat().st_blocks * 512 < 1 << 20


def test_cp_never_overwrites(small, tmp_path):
    image, _ = small
    (tmp_path / "hello.txt").write_bytes(b"mine")
    res = run("cp", image, *KEY, "/hello.txt", tmp_path)
    assert res.returncode == EXIT_NOT_COPIED
    assert "already exists: not overwritten" in res.stderr
    assert (tmp_path / "hello.txt").read_bytes() == b"mine"
    # into an existing tree: the rest is copied, the existing file kept
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Documents" / "hello link.txt").write_bytes(b"mine too")
    res = run("cp", image, *KEY, "-r", "/Documents", tmp_path)
    assert res.returncode == EXIT_NOT_COPIED
    assert "1 could not be copied" in res.stderr
    assert (tmp_path / "Documents" / "hello link.txt").read_bytes() == b"mine too"
    assert (tmp_path / "Documents" / "fil 0 Documents.bin").stat().st_size == 4097


def test_cp_r_stays_inside_dest(small, tmp_path):
    """In an existing destination, a symlink where a copied directory goes
    is not followed, and a file there is not overwritten: nothing is
    written outside DEST, the rest of the tree is copied."""
    image, _ = small
    dest, elsewhere = tmp_path / "dest", tmp_path / "elsewhere"
    dest.mkdir()
    elsewhere.mkdir()
    (dest / "Documents").symlink_to(elsewhere)
    (dest / "Skrivebord").write_bytes(b"mine")
    res = run("cp", image, *KEY, "-r", "/", dest)
    assert res.returncode == EXIT_NOT_COPIED
    assert re.search(r"/Documents: already exists: not overwritten", res.stderr), res.stderr
    assert re.search(r"/Skrivebord: already exists: not overwritten", res.stderr), res.stderr
    assert list(elsewhere.iterdir()) == []
    assert (dest / "Skrivebord").read_bytes() == b"mine"
    assert (dest / "hello.txt").read_bytes() == b"Hello from NTFS\n"
    assert (dest / "æøå ÆØÅ").is_dir()


def test_cp_r_stops_when_the_destination_is_full(volume, tmp_path):
    """A 6 MiB file system for a volume with a 48 MiB file (or, for the
    small volume, a 512 KiB one for its 8 MiB file): the copy stops, says
    so, and leaves no part of the file that did not fit."""
    image, plain = volume
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    dest = tmp_path / "full"
    dest.mkdir()
    size = "6m" if "whole" in image.name else "512k"
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(dest)],
                   check=True, timeout=30)
    try:
        res = run("cp", image, *KEY, "-r", "/", dest / "out", timeout=300)
        assert res.returncode == EXIT_NOT_COPIED, res.stderr
        assert "the destination is full: stopped" in res.stderr
        assert re.search(r"/big\.bin: .*No space left on device", res.stderr), res.stderr
        assert not (dest / "out" / "big.bin").exists()
        copied = [p for p in (dest / "out").rglob("*") if p.is_file()]
        for out in copied:
            path = "/" + str(out.relative_to(dest / "out"))
            assert ntfs_bde.sha256(out) == ntfscat_sha(plain, path), path
        assert len(copied) < len(list(files_of(ntfsls_tree(plain))))
    finally:
        subprocess.run(["umount", str(dest)], check=True, timeout=30)


def test_missing_path_is_exit_7(small, tmp_path):
    image, _ = small
    for path in ("/nope", "/Documents/nope.txt", "/hello.txt/below"):
        assert ls(image, path).returncode == EXIT_NOT_FOUND, path
        res = run("cp", image, *KEY, path, tmp_path)
        assert res.returncode == EXIT_NOT_FOUND, path
        assert "nope" in res.stderr or "below" in res.stderr or "directory" in res.stderr
    # a path through a junction is not followed
    assert ls(image, "/Users/All Users/x").returncode == EXIT_NOT_FOUND
    assert list(tmp_path.iterdir()) == []


def test_cp_directory_needs_r(small, tmp_path):
    image, _ = small
    res = run("cp", image, *KEY, "/Documents", tmp_path)
    assert res.returncode == EXIT_USAGE and "-r" in res.stderr


def test_help_says_what_cp_does_with_existing_files():
    out = " ".join(run("--help").stdout.split())
    assert "bitrescue ls IMAGE KEY [PATH]" in out and "bitrescue cp IMAGE KEY PATH DEST [-r]" in out
    assert "Existing files are never overwritten" in out
    assert "never as zeros" in out


def test_usage_errors():
    for args in (["ls"], ["cp", "x.img", "--clear-key", "/a"], ["ls", "x.img", "a", "b"],
                 ["ls", "x.img", "-r"], ["cp", "x.img", "a", "b", "-a"]):
        assert run(*args).returncode == EXIT_USAGE, args


@pytest.mark.parametrize("option,key", [("--recovery-password", "RP"), ("--password", "PW")])
def test_keys_from_stdin(small, images, tmp_path, option, key):
    image, plain = small
    secret = images[ntfs_bde.BASE][key] + "\n"
    res = subprocess.run([str(BITRESCUE), "ls", str(image), option, "-", "/Documents"],
                         input=secret, capture_output=True, text=True, timeout=120)
    assert res.returncode == EXIT_OK, res.stderr
    assert "fil 0 Documents.bin" in parse_ls(res.stdout)
    res = subprocess.run([str(BITRESCUE), "cp", str(image), option, "-", "/hello.txt",
                          str(tmp_path)], input=secret, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == EXIT_OK, res.stderr
    assert (tmp_path / "hello.txt").read_bytes() == b"Hello from NTFS\n"


def test_wrong_key(small):
    image, _ = small
    res = subprocess.run([str(BITRESCUE), "ls", str(image), "--password", "-"],
                         input="wrong\n", capture_output=True, text=True, timeout=120)
    assert res.returncode == EXIT_WRONG_KEY


def test_partition_of_a_disk_image(small, tmp_path):
    """The volume as partition 2 of an MBR disk, after a plain one."""
    image, plain = small
    disk = tmp_path / "disk.img"
    vol = image.read_bytes()
    start = 2 << 20
    mbr = bytearray(512)
    for slot, (lba, sectors, kind) in enumerate([(2048, 2048, 0x0c),
                                                 (start // 512, len(vol) // 512, 0x07)]):
        struct.pack_into("<B3sB3sII", mbr, 446 + 16 * slot, 0, b"\0\0\0", kind, b"\0\0\0",
                         lba, sectors)
    mbr[510:512] = b"\x55\xaa"
    with open(disk, "wb") as f:
        f.write(mbr)
        f.seek(start)
        f.write(vol)
    for extra in ([], ["--partition", "2"]):
        res = run("ls", disk, *KEY, *extra, "/Documents")
        assert res.returncode == EXIT_OK, res.stderr
        assert "hello link.txt" in parse_ls(res.stdout)
    assert run("ls", disk, *KEY, "--partition", "1").returncode == EXIT_NOT_BITLOCKER
    res = run("cp", disk, *KEY, "--partition=2", "/hello.txt", tmp_path)
    assert res.returncode == EXIT_OK, res.stderr
    assert (tmp_path / "hello.txt").read_bytes() == b"Hello from NTFS\n"


@pytest.mark.parametrize("decrypted", [True, False], ids=["bitlocker-off", "xts-clear-key"])
def test_synthetic_volume(tmp_path, decrypted):
    """A volume whose BitLocker is off opens without a key; the same layout
    with AES-XTS and a clear key."""
    image, plain = ntfs_bde.build_synth(tmp_path, decrypted)
    key = [] if decrypted else ["--clear-key"]
    res = run("ls", image, *key)
    assert res.returncode == EXIT_OK, res.stderr
    assert set(parse_ls(res.stdout)) == {"readme.txt", "Mapper"}
    res = run("cp", image, *key, "-r", "/", tmp_path / "out")
    assert res.returncode == EXIT_OK, res.stderr
    for path in ("/readme.txt", "/Mapper/data.bin"):
        assert ntfs_bde.sha256(tmp_path / "out" / path[1:]) == ntfscat_sha(plain, path)
    if decrypted:   # a key given all the same is not needed, and not refused
        assert run("ls", image, "--clear-key").returncode == EXIT_OK


# ---- damage: clear errors per file, the rest copied ---------------------

def check_partial_copy(res, dest, plain, tree):
    """Every file is either copied, equal to ntfscat's, or named in the
    summary and absent: never a partial or made-up file."""
    assert res.returncode == EXIT_NOT_COPIED, res.stderr
    said = res.stderr.replace("\\", "/")
    unlisted = re.findall(r"^  (.*): listing: ", said, re.M)
    copied = failed = 0
    for path in files_of(tree):
        out = dest / path[1:]
        if out.exists():
            assert ntfs_bde.sha256(out) == ntfscat_sha(plain, path), path
            copied += 1
        else:
            # named in the summary, or in a directory whose listing failed
            assert f"  {path}: " in said or any(path.startswith(d + "/") for d in unlisted), \
                path
            failed += 1
    return copied, failed


def test_damaged_record_is_one_files_error(small, corpus, tmp_path):
    _, plain = small
    damaged = tmp_path / "ntfs.img"
    shutil.copy(plain, damaged)
    ntfs_bde.damage_record(damaged, "/Documents/fil 1 Documents.bin")
    image = ntfs_bde.encrypt_into_base(damaged, corpus, tmp_path / "bde.img")
    res = ls(image, "/Documents")
    assert res.returncode == EXIT_BAD_INPUT
    entries = parse_ls(res.stdout)
    assert entries["fil 1 Documents.bin"][0] == "?"
    assert entries["fil 0 Documents.bin"][:2] == ("file", 4097)
    assert re.search(r"fil 1 Documents\.bin: .*damaged", res.stderr), res.stderr
    dest = tmp_path / "out"
    dest.mkdir()
    res = run("cp", image, *KEY, "-r", "/Documents", dest)
    tree = {"/Documents": ntfsls_tree(plain)["/Documents"]}
    assert check_partial_copy(res, dest, plain, tree) == (4, 1)


def test_image_cut_short_copies_what_is_there(volume, tmp_path):
    image, plain = volume
    if "whole" not in image.name:
        pytest.skip("the small volume ends before the metadata a cut image must keep")
    # cut 2 MiB into big.bin's first run: its copy fails halfway and must
    # be removed; BitLocker's first metadata copy must stay
    info = subprocess.run(["ntfsinfo", "-v", "-F", "/big.bin", str(plain)], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    vcn, lcn, length = (int(x, 16) for x in info.split("Runlist:")[1].split()[3:6])
    assert vcn == 0 and length >= 1024
    at = lcn * 4096 + (2 << 20)
    assert at > 0x21a7000, "big.bin starts below BitLocker's metadata: the layout changed"
    cut = tmp_path / "cut.img"
    with open(image, "rb") as src, open(cut, "wb") as dst:
        dst.write(src.read(at))
    dest = tmp_path / "out"
    res = run("cp", cut, *KEY, "-r", "/", dest, timeout=300)
    assert "cut short" in res.stderr
    copied, failed = check_partial_copy(res, dest, plain, ntfsls_tree(plain))
    assert copied > 100 and failed >= 1
    assert re.search(r"/big\.bin: .* \(at byte [1-9]", res.stderr), res.stderr


# ---- the corpus: partial captures ------------------------------------------

CORPUS_KEYS = {
    "bitlk-aes-xts-128": "PW", "bitlk-aes-cbc-128": "PW", "bitlk-aes-cbc-elephant-128": "PW",
    "bitlk-aes-xts-128-4k": "PW", "bitlk-clearkey-aes-cbc-128": None,
}


def corpus_key(images, name):
    k = CORPUS_KEYS[name]
    return ["--clear-key"] if k is None else ["--password", images[name][k]]


@pytest.mark.parametrize("name", sorted(CORPUS_KEYS))
def test_partial_corpus_volumes_fail_clearly(corpus, images, tmp_path, name):
    key = corpus_key(images, name)
    image = corpus / f"{name}.img"
    res = run("ls", image, *key, timeout=120)
    assert res.returncode in (EXIT_OK, EXIT_BAD_INPUT), res.stderr
    if res.returncode == EXIT_BAD_INPUT:
        assert res.stderr.startswith("bitrescue: ") and len(res.stderr) < 20000
    res = run("cp", image, *key, "-r", "/", tmp_path / "out", timeout=300)
    assert res.returncode in (EXIT_BAD_INPUT, EXIT_NOT_COPIED), res.stderr
    assert "Traceback" not in res.stderr and res.stderr.startswith("bitrescue: ")
    if res.returncode == EXIT_NOT_COPIED:
        assert "could not be copied" in res.stderr
