"""Making NTFS volumes for the tests, the one way all builders share:
mkntfs, an ntfs-3g FUSE mount to write the files through, and the Windows
attributes ntfs-3g lets a test set through its system.* extended
attributes (FILE_ATTRIBUTE_* bits, reparse points).

The builders: ntfs_images.py (plain volumes for the NTFS reader's tests),
ntfs_bde.py (volumes encrypted into the clear-key corpus volume, for ls
and cp through bde/) and ntfs_build.py (volumes encrypted under a corpus
volume's recovery password, for the firmware's tests).

Python standard library and ntfs-3g (Debian's ntfs-3g package).
"""
import contextlib
import os
import pathlib
import shutil
import struct
import subprocess
import tempfile

# Reparse tags (Windows' IO_REPARSE_TAG_*).
TAG_MOUNT_POINT = 0xA0000003     # a junction
TAG_SYMLINK = 0xA000000C
TAG_CLOUD_1 = 0x9000101A         # OneDrive
TAG_WOF = 0x80000017             # CompactOS

# FILE_ATTRIBUTE_* bits ntfs-3g lets us set.
ATTR_ARCHIVE = 0x20
ATTR_COMPRESSED = 0x800          # on a directory: its new files are LZNT1-compressed
ATTR_OFFLINE = 0x1000


def missing(tools=("mkntfs", "ntfs-3g")):
    """Why volumes cannot be made here (TOOLS, root, /dev/fuse), or None."""
    for tool in tools:
        if not shutil.which(tool) and not pathlib.Path("/usr/sbin", tool).exists():
            return f"{tool} is not installed (Debian package ntfs-3g; scripts/setup installs it)"
    if os.geteuid() != 0:
        return "making NTFS volumes mounts them with ntfs-3g: needs root"
    if not os.access("/dev/fuse", os.R_OK | os.W_OK):
        return "no /dev/fuse: cannot mount with ntfs-3g"
    return None


def mkntfs(image, size, *options, label="RESCUE"):
    """An empty NTFS of SIZE bytes at IMAGE, with mkntfs's OPTIONS."""
    with open(image, "wb") as f:
        f.truncate(size)
    subprocess.run(["mkntfs", "-F", "-q", "-L", label, *options, str(image)],
                   check=True, capture_output=True, timeout=120)


@contextlib.contextmanager
def mounted(image, options=()):
    """IMAGE mounted read-write through ntfs-3g (with mount OPTIONS) while
    in the block: its mount point."""
    opts = ["-o", ",".join(options)] if options else []
    with tempfile.TemporaryDirectory(prefix="ntfs-mnt-") as mnt:
        subprocess.run(["ntfs-3g", *opts, str(image), mnt], check=True, capture_output=True,
                       timeout=60)
        try:
            yield pathlib.Path(mnt)
        finally:
            subprocess.run(["umount", mnt], check=True, capture_output=True, timeout=120)


def attributes(path):
    return struct.unpack(">I", os.getxattr(path, "system.ntfs_attrib_be"))[0]


def set_attributes(path, attrs):
    os.setxattr(path, "system.ntfs_attrib_be", struct.pack(">I", attrs))


def reparse(path, tag, payload):
    """Give PATH a reparse point: TAG and its data."""
    os.setxattr(path, "system.ntfs_reparse_data",
                struct.pack("<IHH", tag, len(payload), 0) + payload)


def link_payload(tag, target, print_name=None, relative=False):
    """A junction's or symlink's reparse data. TARGET is the substitute
    name ("\\??\\" is put before it unless RELATIVE); the print name is
    TARGET unless given ("" as some tools leave it)."""
    sub = (target if relative else "\\??\\" + target).encode("utf-16le")
    prn = (target if print_name is None else print_name).encode("utf-16le")
    head = struct.pack("<HHHH", 0, len(sub), len(sub) + 2, len(prn))
    if tag == TAG_SYMLINK:
        head += struct.pack("<I", 1 if relative else 0)
    return head + sub + b"\0\0" + prn + b"\0\0"
