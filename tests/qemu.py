"""Boot bitrescue in QEMU/OVMF (or AAVMF) and talk to it: the end-to-end test harness.

    with Machine("banner", options="--key-test --timeout 60") as vm:
        vm.expect(r"Secure Boot: (\\S+)")
        vm.key("F1")                 # PC-ANSI escape sequence on the serial line
        vm.expect(r"key: F1")
        vm.qmp_key("f10")            # the same through the PS/2 keyboard

What it sets up, all in a temporary directory removed afterwards:
  - a GPT boot disk whose EFI system partition holds \\EFI\\BOOT\\BOOTX64.EFI
    (and \\EFI\\bitrescue\\options.txt when options are given: Debian's OVMF
    boot manager cannot pass arguments, so the app reads that file);
  - extra disks: raw images behind a qcow2 overlay (or read-only), or images
    copied into a GPT partition; the corpus is never opened for writing;
  - a writable copy of the OVMF variable store, optionally swtpm (TPM 2.0);
  - QEMU with the serial console on a socket (every byte is kept in a log
    under build/test-logs/) and QMP for keys through the PS/2 keyboard and
    screendumps when graphics are on.

Keys on the serial line: OVMF's TerminalDxe treats the serial console as a
PC-ANSI terminal (its output starts with the PC-ANSI "ESC [=3h"), and for
that type it decodes F1..F10 as ESC [ M .. ESC [ V. An escape sequence must
arrive whole: TerminalDxe turns a lone ESC into the Esc key after a timeout,
so each sequence goes out in one write.

AArch64 (arch="aa64"): the same harness boots build/bitrescue-aa64.efi as
\\EFI\\BOOT\\BOOTAA64.EFI in AAVMF on QEMU's virt machine (TCG, -cpu max),
swtpm behind tpm-tis-device, ramfb for screendumps. AAVMF's TerminalDxe
is a VT100 terminal: its F-keys are ESC O P .. (SERIAL_KEYS_VT100).

Accelerator: KVM is used only if a probe boot shows the app's banner (OVMF
under KVM fails on some hosts); otherwise TCG with -cpu max. The probe runs
once per process; BITRESCUE_ACCEL=tcg|kvm skips it. ACCEL_NOTE says which.

Python standard library only. Every wait is bounded and QEMU and swtpm are
always stopped, even when a test fails.
"""
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
import zlib

TOP = pathlib.Path(__file__).resolve().parent.parent
BUILD = TOP / "build"
APP = BUILD / "bitrescue.efi"
LOG_DIR = BUILD / "test-logs"

OVMF_CODE = pathlib.Path("/usr/share/OVMF/OVMF_CODE_4M.fd")
OVMF_VARS = pathlib.Path("/usr/share/OVMF/OVMF_VARS_4M.fd")
# The same firmware with Secure Boot support (needs SMM); with the blank
# variable store it has no platform key, so it is in setup mode.
OVMF_CODE_SECBOOT = pathlib.Path("/usr/share/OVMF/OVMF_CODE_4M.secboot.fd")

# Debian's test-only Secure Boot setup: the snakeoil key is enrolled as
# PK, KEK and db in this variable store, and its private key is shipped
# (passphrase "snakeoil", see the ovmf package's README.Debian).
OVMF_VARS_SNAKEOIL = pathlib.Path("/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd")
SNAKEOIL_KEY = pathlib.Path("/usr/share/ovmf/PkKek-1-snakeoil.key")
SNAKEOIL_CERT = pathlib.Path("/usr/share/ovmf/PkKek-1-snakeoil.pem")

ESP_TYPE = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")
BASIC_DATA_TYPE = uuid.UUID("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7")

# AAVMF: the AArch64 firmware; its code image does Secure Boot without
# SMM, and the snakeoil variable store enforces it with its own key.
AAVMF_CODE = pathlib.Path("/usr/share/AAVMF/AAVMF_CODE.fd")
AAVMF_VARS = pathlib.Path("/usr/share/AAVMF/AAVMF_VARS.fd")
AAVMF_VARS_SNAKEOIL = pathlib.Path("/usr/share/AAVMF/AAVMF_VARS.snakeoil.fd")
AAVMF_SNAKEOIL_KEY = pathlib.Path("/usr/share/qemu-efi-aarch64/PkKek-1-snakeoil.key")
AAVMF_SNAKEOIL_CERT = pathlib.Path("/usr/share/qemu-efi-aarch64/PkKek-1-snakeoil.pem")
APP_AA64 = BUILD / "bitrescue-aa64.efi"

SECTOR = 512
MIB = 1 << 20

# Serial-line bytes per key for a PC-ANSI terminal (TerminalDxe).
SERIAL_KEYS = {
    "Enter": b"\r", "Backspace": b"\x08", "Tab": b"\t", "Esc": b"\x1b",
    "Up": b"\x1b[A", "Down": b"\x1b[B", "Right": b"\x1b[C", "Left": b"\x1b[D",
    "Home": b"\x1b[H", "End": b"\x1b[F", "Insert": b"\x1b[@",
    "Delete": b"\x1b[X", "PageUp": b"\x1b[I", "PageDown": b"\x1b[G",
}
SERIAL_KEYS.update({f"F{n}": b"\x1b[" + bytes([ord("L") + n]) for n in range(1, 11)})

# AAVMF's terminal is a VT100, whose keys EDK2's TerminalDxe reads as in
# its table (TerminalConIn.c): F1..F10 are ESC O and P Q w x t u q r p M.
SERIAL_KEYS_VT100 = dict(SERIAL_KEYS)
SERIAL_KEYS_VT100.update({f"F{n}": b"\x1bO" + c.encode() for n, c in
                          enumerate("PQwxtuqrpM", 1)})
SERIAL_KEYS_VT100.update({"End": b"\x1b[K", "Delete": b"\x1b[P",
                          "PageUp": b"\x1b[V", "PageDown": b"\x1b[U"})

# What terminals send for keys the firmware's terminal spells differently
# (xterm, VT220 and the Linux console), by key name, so `make run` can
# offer F-keys from any terminal.
TERMINAL_KEY_NAMES = {
    b"\x1bOP": "F1", b"\x1bOQ": "F2",
    b"\x1bOR": "F3", b"\x1bOS": "F4",
    b"\x1b[11~": "F1", b"\x1b[12~": "F2",
    b"\x1b[13~": "F3", b"\x1b[14~": "F4",
    b"\x1b[15~": "F5", b"\x1b[17~": "F6",
    b"\x1b[18~": "F7", b"\x1b[19~": "F8",
    b"\x1b[20~": "F9", b"\x1b[21~": "F10",
    b"\x1b[[A": "F1", b"\x1b[[B": "F2",
    b"\x1b[[C": "F3", b"\x1b[[D": "F4",
    b"\x1b[[E": "F5",
    b"\x1bOA": "Up", b"\x1bOB": "Down",
    b"\x1bOC": "Right", b"\x1bOD": "Left",
    b"\x1bOH": "Home", b"\x1bOF": "End",
    b"\x1b[1~": "Home", b"\x1b[4~": "End",
    b"\x1b[2~": "Insert", b"\x1b[3~": "Delete",
    b"\x1b[5~": "PageUp", b"\x1b[6~": "PageDown",
    b"\x7f": "Backspace",   # PC-ANSI reads DEL as Delete
}
TERMINAL_TO_PC_ANSI = {seq: SERIAL_KEYS[name] for seq, name in TERMINAL_KEY_NAMES.items()}
TERMINAL_TO_VT100 = {seq: SERIAL_KEYS_VT100[name]
                     for seq, name in TERMINAL_KEY_NAMES.items()}
_TERMINAL_KEY = re.compile(b"|".join(
    re.escape(k) for k in sorted(TERMINAL_KEY_NAMES, key=len, reverse=True)))


def terminal_to_pc_ansi(data):
    """Rewrite the key sequences of a local terminal for TerminalDxe."""
    return _TERMINAL_KEY.sub(lambda m: TERMINAL_TO_PC_ANSI[m.group(0)], data)


def terminal_to_vt100(data):
    """The same for AAVMF's TerminalDxe, a VT100."""
    return _TERMINAL_KEY.sub(lambda m: TERMINAL_TO_VT100[m.group(0)], data)


# QEMU key codes (QKeyCode) for the PS/2 keyboard, by our key names.
QMP_KEYS = {"Enter": "ret", "Backspace": "backspace", "Tab": "tab",
            "Esc": "esc", "Up": "up", "Down": "down", "Left": "left",
            "Right": "right", "Home": "home", "End": "end",
            "Insert": "insert", "Delete": "delete", "PageUp": "pgup",
            "PageDown": "pgdn", " ": "spc", "-": "minus"}
QMP_KEYS.update({f"F{n}": f"f{n}" for n in range(1, 13)})

# Terminal control sequences in the serial output (PC-ANSI / VT100).
_CONTROL = re.compile(rb"\x1b\[[0-9;=?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\r")


class QemuError(AssertionError):
    """The guest did not do what the test waited for."""


def _bounded_wait(proc, seconds):
    try:
        proc.wait(timeout=seconds)
        return True
    except subprocess.TimeoutExpired:
        return False


def _stop(proc, grace=5):
    """Terminate PROC (then kill it); never waits unboundedly."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    if not _bounded_wait(proc, grace):
        proc.kill()
        _bounded_wait(proc, grace)


def _wait_for_path(path, proc, seconds, what):
    deadline = time.monotonic() + seconds
    while not os.path.exists(path):
        if proc.poll() is not None:
            raise QemuError(f"{what} exited with status {proc.returncode}")
        if time.monotonic() > deadline:
            raise QemuError(f"{what} did not create {path} in {seconds} s")
        time.sleep(0.02)


def _free_tcp_port():
    """A loopback port nobody listens on (QEMU binds it right after)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _connect_tcp(port, proc, seconds):
    """Connect to QEMU's serial server on PORT once it listens."""
    deadline = time.monotonic() + seconds
    while True:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.connect(("127.0.0.1", port))
            return sock
        except OSError:
            sock.close()
        if proc.poll() is not None:
            raise QemuError(f"QEMU exited with status {proc.returncode}")
        if time.monotonic() > deadline:
            raise QemuError(f"QEMU did not listen on port {port} in {seconds} s")
        time.sleep(0.02)


# --- disk images -------------------------------------------------------------

def _copy_sparse(src, dst_file, offset):
    """Copy file SRC into DST_FILE at OFFSET, leaving zero blocks as holes."""
    with open(src, "rb") as f:
        pos = offset
        while True:
            block = f.read(MIB)
            if not block:
                break
            if block.count(0) != len(block):
                dst_file.seek(pos)
                dst_file.write(block)
            pos += len(block)


def write_gpt_disk(path, partitions):
    """Write a GPT disk at PATH. PARTITIONS: (type uuid, name, source file).

    Each partition starts on a 1 MiB boundary and is as large as its
    source (rounded up to a sector). Returns the partitions' first LBAs.
    """
    entries, firsts = [], []
    lba = MIB // SECTOR
    for ptype, name, src in partitions:
        sectors = -(-os.path.getsize(src) // SECTOR)
        firsts.append(lba)
        entries.append((ptype, name, lba, lba + sectors - 1))
        lba = -(-(lba + sectors) * SECTOR // MIB) * MIB // SECTOR
    total = lba + MIB // SECTOR  # room for the backup table at the end

    table = b"".join(
        ptype.bytes_le + uuid.uuid4().bytes_le +
        first.to_bytes(8, "little") + last.to_bytes(8, "little") +
        (0).to_bytes(8, "little") + name.encode("utf-16-le").ljust(72, b"\0")
        for ptype, name, first, last in entries).ljust(128 * 128, b"\0")
    disk_guid = uuid.uuid4().bytes_le

    def header(my_lba, alt_lba, table_lba):
        fields = (b"EFI PART" + (0x00010000).to_bytes(4, "little") +
                  (92).to_bytes(4, "little") + b"\0" * 8 +
                  my_lba.to_bytes(8, "little") + alt_lba.to_bytes(8, "little") +
                  (34).to_bytes(8, "little") +
                  (total - 34).to_bytes(8, "little") + disk_guid +
                  table_lba.to_bytes(8, "little") +
                  (128).to_bytes(4, "little") + (128).to_bytes(4, "little") +
                  zlib.crc32(table).to_bytes(4, "little"))
        crc = zlib.crc32(fields)
        return (fields[:16] + crc.to_bytes(4, "little") + fields[20:]).ljust(
            SECTOR, b"\0")

    # Protective MBR: one partition of type 0xEE covering the disk.
    mbr = bytearray(SECTOR)
    mbr[446:462] = (b"\0\0\x02\0\xee\xff\xff\xff" + (1).to_bytes(4, "little") +
                    min(total - 1, 0xFFFFFFFF).to_bytes(4, "little"))
    mbr[510:512] = b"\x55\xaa"

    with open(path, "wb") as f:
        f.truncate(total * SECTOR)
        f.write(bytes(mbr) + header(1, total - 1, 2) + table)
        f.seek((total - 33) * SECTOR)
        f.write(table + header(total - 1, 1, total - 33))
        for (_, _, src), first in zip(partitions, firsts):
            _copy_sparse(src, f, first * SECTOR)
    return firsts


def make_esp(path, files, size=32 * MIB, dirs=(), fat32=False, hidden=0):
    """A FAT file system image at PATH holding FILES {esp path: bytes}.

    DIRS: folders to create even when empty. FAT32 (mformat -F) needs at
    least 65525 clusters, about 33 MiB with its 512-byte clusters; without
    it mformat picks FAT16 here. HIDDEN: the partition's first sector on
    its disk, which the boot sector records (scripts/mkusb sets it).
    """
    with open(path, "wb") as f:
        f.truncate(size)
    subprocess.run(["mformat", "-i", str(path), "-T", str(size // SECTOR),
                    "-h", "64", "-s", "32", "-H", str(hidden), "-v", "BITRESCUE"] +
                   (["-F"] if fat32 else []) + ["::"],
                   check=True, capture_output=True, timeout=30)
    made = set()
    wanted = [d.strip("/") + "/" for d in dirs]
    for esp_path in sorted(list(files) + wanted):
        parts = esp_path.strip("/").split("/")
        last = len(parts) + 1 if esp_path.endswith("/") else len(parts)
        for i in range(1, last):
            d = "/".join(parts[:i])
            if d not in made:
                subprocess.run(["mmd", "-i", str(path), "::/" + d], check=True,
                               capture_output=True, timeout=30)
                made.add(d)
        if esp_path.endswith("/"):
            continue
        src = pathlib.Path(path).with_name("esp-file.tmp")
        src.write_bytes(files[esp_path])
        subprocess.run(["mcopy", "-i", str(path), str(src), "::/" + "/".join(parts)],
                       check=True, capture_output=True, timeout=30)
        src.unlink()


class Disk:
    """An extra disk for the guest.

    Disk(image)               the image as a whole disk, through a qcow2
                              overlay: the guest may write, the image is
                              never opened for writing
    Disk(image, readonly=True)  the image itself, attached read-only
    Disk(image, writable=True)  the image itself, which the guest changes
                              (a disk kept from one boot to the next)
    Disk(image, gpt=True)     a copy of the image inside a GPT partition
                              (Microsoft basic data), as Windows lays out a disk
    Disk(partitions=[(type uuid, name, image), ...])
                              a GPT disk with copies of several images, e.g.
                              an ESP and BitLocker volumes side by side
    bus="nvme" or "usb"       on an NVMe controller, or a USB stick on xHCI,
                              instead of virtio
    """

    def __init__(self, image=None, gpt=False, readonly=False,
                 part_type=BASIC_DATA_TYPE, partitions=None, bus="virtio",
                 writable=False):
        if partitions is None:
            image = pathlib.Path(image).resolve()
            partitions = [(part_type, image.stem, image)] if gpt else None
        self.image = image
        self.partitions = partitions
        self.readonly = readonly
        self.writable = writable
        self.bus = bus                # "virtio", "nvme" or "usb" (xHCI)
        self.overlay = None           # the qcow2 file the guest writes to

    def device(self, index):
        """The -device option value for drive d<INDEX>."""
        return {"virtio": f"virtio-blk-pci,drive=d{index}",
                "nvme": f"nvme,drive=d{index},serial=bitrescue{index}",
                "usb": f"usb-storage,drive=d{index},bus=xhci.0"}[self.bus]

    def guest_wrote(self):
        """Whether the guest changed any byte of an overlay-backed disk
        (qemu-img compare of the overlay against its image): call while
        the machine's files exist, e.g. from Machine.on_stop."""
        if not self.overlay:
            raise QemuError("only disks behind a qcow2 overlay can be compared")
        r = subprocess.run(["qemu-img", "compare", "-q", "-f", "qcow2", "-F", "raw",
                            str(self.overlay), str(self.image)],
                           capture_output=True, timeout=300)
        if r.returncode not in (0, 1):
            raise QemuError(f"qemu-img compare failed: {r.stderr.decode()}")
        return r.returncode == 1

    def drive(self, workdir, index):
        """The -drive option value, preparing files in WORKDIR."""
        if self.partitions:
            path = workdir / f"disk{index}-gpt.img"
            write_gpt_disk(path, self.partitions)
            return f"format=raw,file={path}"
        if self.readonly:
            return f"format=raw,file={self.image},readonly=on"
        if self.writable:
            return f"format=raw,file={self.image}"
        path = workdir / f"disk{index}.qcow2"
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b",
                        str(self.image), "-F", "raw", str(path)],
                       check=True, capture_output=True, timeout=30)
        self.overlay = path
        return f"format=qcow2,file={path}"


def sign_with_snakeoil(app, out, workdir=None):
    """Sign APP into OUT with the snakeoil key (for OVMF_VARS_SNAKEOIL),
    through scripts/sign, the script `make sign` runs."""
    subprocess.run([str(TOP / "scripts" / "sign"), str(SNAKEOIL_KEY),
                    str(SNAKEOIL_CERT), str(app), str(out)], check=True,
                   capture_output=True, timeout=60,
                   env=dict(os.environ, SIGN_KEY_PASS="pass:snakeoil"))
    return pathlib.Path(out)


# --- the accelerator probe -----------------------------------------------------

ACCEL = None          # "kvm" or "tcg" once decided
ACCEL_NOTE = None     # one line for the test report


def accelerator():
    """KVM if it boots the app here, else TCG. Decided once per process."""
    global ACCEL, ACCEL_NOTE
    if ACCEL:
        return ACCEL
    forced = os.environ.get("BITRESCUE_ACCEL")
    if forced in ("kvm", "tcg"):
        ACCEL, ACCEL_NOTE = forced, f"QEMU accelerator: {forced} (BITRESCUE_ACCEL)"
        return ACCEL
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        ACCEL, ACCEL_NOTE = "tcg", "QEMU accelerator: tcg (no usable /dev/kvm)"
        return ACCEL
    start = time.monotonic()
    reason = "banner shown"
    try:
        with Machine("kvm-probe", accel="kvm", options="--timeout 5",
                     quiet=True) as vm:
            vm.expect(r"bitrescue \S+", timeout=20)
        ok = True
    except (QemuError, OSError, subprocess.SubprocessError) as e:
        ok = False
        reason = str(e).splitlines()[0][:160]
    took = time.monotonic() - start
    ACCEL = "kvm" if ok else "tcg"
    ACCEL_NOTE = (f"QEMU accelerator: {ACCEL} (KVM probe {took:.0f} s: "
                  f"{'banner shown' if ok else 'failed: ' + reason})")
    return ACCEL


# --- the machine -------------------------------------------------------------

class Machine:
    r"""One QEMU/OVMF boot of the app; use as a context manager.

    name            log file name under build/test-logs/
    options         text for \EFI\bitrescue\options.txt (None: no file)
    disks           extra Disk()s, after the boot disk
    tpm             attach swtpm (TPM 2.0, CRB interface)
    graphics        a VGA device too (for screendump; ConOut spans both)
    accel           "kvm"/"tcg"; default: accelerator()'s choice
    app             the EFI binary to boot
    boot_path       where the app goes on the ESP (default the removable
                    media path the boot manager starts by itself)
    esp_files       more files {ESP path: bytes}, e.g. startup.nsh for the
                    Shell, which runs when nothing else boots
    reboot          let the guest reset (default: QEMU exits instead)
    secure_boot_firmware, vars_template
                    the Secure Boot capable OVMF and its variable store
                    (OVMF_VARS_SNAKEOIL enforces; see sign_with_snakeoil)
    boot_disk       a ready disk image to boot instead of the ESP built
                    from app/options/esp_files (e.g. what make usb
                    writes); attached through a qcow2 overlay, never written;
                    or a Disk (e.g. Disk(image, writable=True))
    bootindex       False: no device gets a bootindex, so the firmware
                    boots what its own variables (BootNext, BootOrder) say
    vars_file       the variable store to use in place (kept from one boot
                    to the next) instead of a copy of vars_template
    tpm_state       swtpm's state directory (kept from one boot to the
                    next) instead of a new one
    boot_usb        attach the boot disk as a USB stick (usb-storage on an
                    xHCI controller) instead of a virtio disk
    esp_readonly    attach the boot disk read-only (the app cannot write
                    its files there)
    serial_tcp      the serial console on a loopback TCP socket instead of
                    a Unix one: QEMU's UART drops bytes when its socket
                    cannot take them, and a Unix socket fills after a few
                    hundred bytes (each byte is its own buffer), so a
                    reader starved by a busy host loses output; TCP
                    buffers hundreds of kilobytes
    empty_cdrom     add a CD-ROM drive with no disc in it (AHCI)
    arch            "x64" (OVMF, q35) or "aa64" (AAVMF, virt, TCG); the
                    defaults of app, boot_path and vars_template follow
                    it; secure_boot_firmware is x64's (AAVMF's one code
                    image enforces Secure Boot with AAVMF_VARS_SNAKEOIL)

    esp_file(path) reads a file back from the boot disk's ESP (mtools)
    while the machine is still up, e.g. what the app saved there.
    """

    def __init__(self, name, options=None, disks=(), tpm=False, graphics=False,
                 accel=None, app=None, esp_files=None, secure_boot_firmware=False,
                 memory=None, extra_args=(), quiet=False, vars_template=None,
                 boot_path=None, reboot=False,
                 esp_readonly=False, empty_cdrom=False, serial_tcp=True,
                 boot_disk=None, boot_usb=False, arch="x64", bootindex=True,
                 vars_file=None, tpm_state=None):
        if arch not in ("x64", "aa64"):
            raise ValueError(f"arch {arch!r}: x64 or aa64")
        aa64 = arch == "aa64"
        self.arch = arch
        app = app or (APP_AA64 if aa64 else APP)
        vars_template = vars_template or (AAVMF_VARS if aa64 else OVMF_VARS)
        boot_path = boot_path or f"EFI/BOOT/BOOT{'AA64' if aa64 else 'X64'}.EFI"
        # AAVMF wants more than OVMF's 256 MiB (the issue measured 1 GiB).
        memory = memory or (1024 if aa64 else 256)
        self.name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        self.options = options
        self.disks = list(disks)
        self.tpm = tpm
        self.graphics = graphics
        self.accel = accel
        self.app = pathlib.Path(app)
        self.esp_files = dict(esp_files or {})
        self.secure_boot_firmware = secure_boot_firmware
        self.memory = memory
        self.extra_args = list(extra_args)
        self.quiet = quiet            # no console dump on failure
        self.vars_template = pathlib.Path(vars_template)
        self.args = []
        self.boot_path = boot_path    # where the app goes on the ESP
        self.reboot = reboot          # False: QEMU exits when the guest resets
        self.esp_readonly = esp_readonly
        self.empty_cdrom = empty_cdrom
        self.serial_tcp = serial_tcp
        self.boot_disk = boot_disk
        self.boot_usb = boot_usb
        self.bootindex = bootindex
        self.vars_file = vars_file
        self.tpm_state = tpm_state
        self.workdir = None
        self.qemu = self.swtpm = None
        self.serial = self.qmp = None
        self.raw = bytearray()        # every byte from the serial console
        self.cursor = 0               # expect() searches text after this
        self.started = None
        self.log_path = LOG_DIR / f"{self.name}.log"
        self._lock = threading.Lock()
        self._reader = None
        self.on_output = None         # called with each chunk of serial output
        self.on_stop = None           # called after QEMU stopped, files still there
        self._qmp_buf = b""

    # context manager
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop(failed=True)
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stop(failed=exc_type is not None)
        return False

    def start(self):
        """Boot with the serial console on a socket this object reads."""
        args = self._prepare()
        w = self.workdir
        if self.serial_tcp:
            port = _free_tcp_port()
            where = f"host=127.0.0.1,port={port}"
        else:
            where = f"path={w / 'serial.sock'}"
        args += ["-chardev", f"socket,id=ser0,{where},server=on,wait=on",
                 "-serial", "chardev:ser0", "-monitor", "none"]
        self.args = args
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self._stderr = open(w / "qemu.stderr", "wb")
        self.started = time.monotonic()
        self.qemu = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self._stderr, stderr=self._stderr)
        # QEMU waits for the serial client before it starts the guest.
        if self.serial_tcp:
            self.serial = _connect_tcp(port, self.qemu, 30)
        else:
            _wait_for_path(w / "serial.sock", self.qemu, 30, "QEMU")
            self.serial = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.serial.connect(str(w / "serial.sock"))
        self._reader = threading.Thread(target=self._read_serial, daemon=True)
        self._reader.start()
        self._connect_qmp()

    def _prepare(self):
        """Disks, firmware variables and swtpm in a new temporary directory;
        returns QEMU's arguments without the serial console."""
        if not self.app.exists():
            raise QemuError(f"{self.app} missing: run make")
        # No KVM for an AArch64 guest on this x86-64 host.
        accel = "tcg" if self.arch == "aa64" else self.accel or accelerator()
        self.workdir = pathlib.Path(tempfile.mkdtemp(prefix="bitrescue-qemu-"))
        w = self.workdir

        if isinstance(self.boot_disk, Disk):
            boot_drive = self.boot_disk.drive(w, 0)
        elif self.boot_disk:
            boot_drive = Disk(self.boot_disk).drive(w, 0)
        else:
            files = {self.boot_path: self.app.read_bytes()}
            if self.options is not None:
                files["EFI/bitrescue/options.txt"] = (self.options + "\n").encode()
            files.update(self.esp_files)
            make_esp(w / "esp.img", files)
            write_gpt_disk(w / "boot.img", [(ESP_TYPE, "EFI system", w / "esp.img")])
            (w / "esp.img").unlink()
            boot_drive = f"format=raw,file={w / 'boot.img'}"
        self.vars_fd = self.vars_file or w / "vars.fd"
        if not self.vars_file:
            shutil.copyfile(self.vars_template, self.vars_fd)
        if self.arch == "aa64":
            args = self._aa64_args(boot_drive)
        else:
            args = self._x64_args(boot_drive, accel)
        for i, disk in enumerate(self.disks, 1):
            args += ["-drive", f"{disk.drive(w, i)},if=none,id=d{i}",
                     "-device", disk.device(i)]
        if self.empty_cdrom:
            args += ["-drive", "if=none,id=cd0,media=cdrom",
                     "-device", "ide-cd,drive=cd0"]
        args += ["-qmp", f"unix:{w / 'qmp.sock'},server=on,wait=off"]
        args += ["-display", "none"]
        if self.graphics and self.arch == "aa64":
            # ramfb for the screen (GOP); a USB keyboard for send-key
            args += ["-device", "ramfb", "-device", "usb-kbd,bus=xhci.0"]
        elif self.graphics:
            args += ["-device", "VGA"]
        if self.tpm:
            self._start_swtpm()
            args += ["-chardev", f"socket,id=chrtpm,path={w / 'swtpm.sock'}",
                     "-tpmdev", "emulator,id=tpm0,chardev=chrtpm",
                     "-device", ("tpm-tis-device" if self.arch == "aa64"
                                 else "tpm-crb") + ",tpmdev=tpm0"]
        args += self.extra_args
        self.accel_used = accel
        return args

    def _boot_index(self):
        """The boot disk's bootindex, or none: the firmware's own variables
        (BootNext, BootOrder) then say what boots."""
        return ",bootindex=0" if self.bootindex else ""

    def _aa64_args(self, boot_drive):
        """QEMU's virt machine with AAVMF, -machine to the boot disk (the
        serial console is its PL011);
        menu=on,splash-time=0 spares AAVMF's 5-second boot menu wait."""
        w = self.workdir
        args = ["qemu-system-aarch64", "-machine", "virt", "-cpu", "max",
                "-m", str(self.memory), "-nodefaults", "-accel", "tcg",
                "-boot", "menu=on,splash-time=0"] + ([] if self.reboot else ["-no-reboot"])
        args += ["-drive", f"if=pflash,format=raw,readonly=on,file={AAVMF_CODE}",
                 "-drive", f"if=pflash,format=raw,file={self.vars_fd}",
                 "-drive", f"{boot_drive},if=none,id=d0"
                 + (",readonly=on" if self.esp_readonly else "")]
        if self.boot_usb or any(d.bus == "usb" for d in self.disks) or self.graphics:
            args += ["-device", "qemu-xhci,id=xhci"]
        if self.boot_usb:
            args += ["-device", f"usb-storage,drive=d0{self._boot_index()},removable=on,bus=xhci.0"]
        else:
            args += ["-device", f"virtio-blk-pci,drive=d0{self._boot_index()}"]
        return args

    def _x64_args(self, boot_drive, accel):
        """QEMU's q35 machine with OVMF (-machine to the boot disk)."""
        w = self.workdir
        code = OVMF_CODE_SECBOOT if self.secure_boot_firmware else OVMF_CODE
        machine = "q35,smm=on" if self.secure_boot_firmware else "q35"
        args = ["qemu-system-x86_64", "-machine", machine, "-m", str(self.memory),
                "-nodefaults"] + ([] if self.reboot else ["-no-reboot"])
        if accel == "kvm":
            args += ["-accel", "kvm"]
        else:
            args += ["-accel", "tcg", "-cpu", "max"]
        if self.secure_boot_firmware:
            args += ["-global", "driver=cfi.pflash01,property=secure,value=on"]
        args += ["-drive", f"if=pflash,format=raw,readonly=on,file={code}",
                 "-drive", f"if=pflash,format=raw,file={self.vars_fd}",
                 "-drive", f"{boot_drive},if=none,id=d0"
                 + (",readonly=on" if self.esp_readonly else ""),
                 "-device", f"virtio-blk-pci,drive=d0{self._boot_index()}"]
        if self.boot_usb or any(d.bus == "usb" for d in self.disks):
            # before the devices on its bus
            args[-4:-4] = ["-device", "qemu-xhci,id=xhci"]
        if self.boot_usb:
            args[-1] = f"usb-storage,drive=d0{self._boot_index()},removable=on,bus=xhci.0"
        return args

    def esp_file(self, path):
        """The bytes of PATH ("bitrescue/report.txt") on the boot disk's
        ESP, or None if it is not there. Call before the machine stops."""
        # The ESP is the boot disk's first partition, at 1 MiB.
        res = subprocess.run(["mcopy", "-n", "-i", f"{self.workdir / 'boot.img'}@@{MIB}",
                              "::/" + path.strip("/"), "-"],
                             capture_output=True, timeout=30)
        return res.stdout if res.returncode == 0 else None

    def _start_swtpm(self):
        state = self.tpm_state or self.workdir / "tpm"
        os.makedirs(state, exist_ok=True)
        self.swtpm = subprocess.Popen(
            ["swtpm", "socket", "--tpm2", "--tpmstate", f"dir={state}",
             "--ctrl", f"type=unixio,path={self.workdir / 'swtpm.sock'}",
             "--flags", "not-need-init"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        _wait_for_path(self.workdir / "swtpm.sock", self.swtpm, 10, "swtpm")

    def _read_serial(self):
        while True:
            try:
                data = self.serial.recv(4096)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.raw += data
                if self.on_output:
                    self.on_output(data)

    def stop(self, failed=False):
        """Stop QEMU and swtpm, save the log, remove the temporary files."""
        if self.qmp:
            try:
                self._qmp_command("quit", timeout=3)
            except (OSError, QemuError, ValueError):
                pass
        _stop(self.qemu)
        _stop(self.swtpm)
        for s in (self.serial, self.qmp):
            if s:
                try:
                    s.close()
                except OSError:
                    pass
        if self._reader:
            self._reader.join(timeout=5)
        if self.on_stop and self.qemu is not None:
            self.on_stop(self)
        stderr = b""
        if self.workdir and (self.workdir / "qemu.stderr").exists():
            self._stderr.close()
            stderr = (self.workdir / "qemu.stderr").read_bytes()
        if self.started is not None:
            LOG_DIR.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "wb") as f:
                f.write(b"# " + " ".join(self.args).encode() + b"\n")
                f.write(bytes(self.raw))
                if stderr:
                    f.write(b"\n# QEMU stderr:\n" + stderr)
            if failed and not self.quiet:
                print(f"--- serial console of {self.name} ({self.log_path}) ---")
                print(self.text()[-6000:])
                if stderr:
                    print("--- QEMU stderr ---\n" + stderr.decode(errors="replace"))
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self.qemu = self.swtpm = self.serial = self.qmp = None

    # serial console
    def text(self):
        """Console output so far, without terminal control sequences."""
        with self._lock:
            raw = bytes(self.raw)
        return _CONTROL.sub(b"", raw).decode("utf-8", errors="replace")

    def screen(self, since=0):
        """The serial console as a TextScreen (fed from byte SINCE on)."""
        with self._lock:
            raw = bytes(self.raw[since:])
        scr = TextScreen()
        scr.feed(raw)
        return scr

    def elapsed(self):
        return time.monotonic() - self.started

    def expect(self, pattern, timeout=30):
        """Wait until PATTERN (a regex) appears after the previous match;
        returns the match and moves past it."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.text(), self.cursor)
            if m:
                self.cursor = m.end()
                return m
            if self.qemu.poll() is not None:
                raise QemuError(f"QEMU exited ({self.qemu.returncode}) while "
                                f"waiting for {pattern!r}; log {self.log_path}")
            fatal = self._fatal_error()
            if fatal:
                raise QemuError(f"QEMU stopped the guest ({fatal}) while "
                                f"waiting for {pattern!r}; log {self.log_path}")
            if time.monotonic() > deadline:
                raise QemuError(f"no {pattern!r} within {timeout} s; "
                                f"log {self.log_path}")
            time.sleep(0.05)

    def _fatal_error(self):
        """An error after which QEMU keeps running but the guest is dead."""
        try:
            err = (self.workdir / "qemu.stderr").read_bytes()
        except OSError:
            return None
        for what in (b"KVM internal error", b"emulation failure",
                     b"Triple fault"):
            if what in err:
                return what.decode()
        return None

    def send(self, data):
        """Write bytes (or text) to the serial console in one write."""
        if isinstance(data, str):
            data = data.encode()
        self.serial.sendall(data)

    def key(self, name):
        """Press one key on the serial console: a name from SERIAL_KEYS
        (F1..F10, Esc, Enter, Backspace, arrows...) or one character; as
        the firmware's terminal type spells it (PC-ANSI or VT100)."""
        keys = SERIAL_KEYS_VT100 if self.arch == "aa64" else SERIAL_KEYS
        self.send(keys[name] if name in keys else name)

    def type(self, text):
        """Type printable text on the serial console."""
        for ch in text:
            self.send(ch)

    # QMP
    def _connect_qmp(self):
        _wait_for_path(self.workdir / "qmp.sock", self.qemu, 30, "QEMU")
        self.qmp = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.qmp.settimeout(10)
        self.qmp.connect(str(self.workdir / "qmp.sock"))
        self._qmp_read()                     # greeting
        self._qmp_command("qmp_capabilities")

    def _qmp_read(self, timeout=10):
        deadline = time.monotonic() + timeout
        while b"\n" not in self._qmp_buf:
            self.qmp.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                data = self.qmp.recv(65536)
            except socket.timeout:
                data = None
            if not data:
                raise QemuError("QMP connection closed or silent")
            self._qmp_buf += data
        line, self._qmp_buf = self._qmp_buf.split(b"\n", 1)
        return json.loads(line)

    def _qmp_command(self, command, timeout=10, **arguments):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.qmp.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self._qmp_read(timeout)
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise QemuError(f"QMP {command}: {reply['error']}")
            # anything else is an asynchronous event: skip it

    def qmp_key(self, name, hold_ms=50):
        """Press a key on the PS/2 keyboard: our key name (F1, Esc, ...), a
        character, or a QEMU key code."""
        code = QMP_KEYS.get(name)
        if code is None:
            code = name.lower() if len(name) == 1 or name.islower() else name
        self._qmp_command("send-key", keys=[{"type": "qcode", "data": code}],
                          **{"hold-time": hold_ms})

    def qmp_type(self, text):
        """Type TEXT (letters, digits, space, '-') on the PS/2 keyboard."""
        for ch in text:
            if ch.isupper():
                keys = [{"type": "qcode", "data": "shift"},
                        {"type": "qcode", "data": ch.lower()}]
            else:
                keys = [{"type": "qcode", "data": QMP_KEYS.get(ch, ch)}]
            self._qmp_command("send-key", keys=keys)

    def screendump(self, path):
        """Save the graphics console as a PPM file (needs graphics=True)."""
        self._qmp_command("screendump", filename=str(pathlib.Path(path).resolve()))

    def memory_dump(self, path):
        """Save the guest's RAM (physical addresses 0 to its size) to PATH."""
        self._qmp_command("pmemsave", timeout=120, val=0, size=self.memory * MIB,
                          filename=str(pathlib.Path(path).resolve()))


# --- the serial console as a screen -----------------------------------------------

class TextScreen:
    """What a PC-ANSI terminal shows after the serial output so far: cells of
    (character, foreground, background), colours 0-15 as in UEFI (8-15 are
    the bold/bright ones). Understands what TerminalDxe sends: cursor
    position, clear screen, colours, CR, LF (scrolling), backspace."""

    def __init__(self, cols=80, rows=25):
        self.cols, self.rows = cols, rows
        self.clear()

    def clear(self):
        self.cells = [[(" ", 7, 0) for _ in range(self.cols)]
                      for _ in range(self.rows)]
        self.row = self.col = 0
        self.fg, self.bg, self.bold = 7, 0, False

    def feed(self, data):
        for m in re.finditer(rb"\x1b\[([0-9;=?]*)([A-Za-z])|([\s\S])", data):
            if m.group(3) is not None:
                self._char(m.group(3)[0])
                continue
            params = [int(p) for p in re.findall(rb"\d+", m.group(1))]
            if m.group(2) == b"H":
                row, col = (params + [1, 1])[:2]
                self.row = min(max(row, 1), self.rows) - 1
                self.col = min(max(col, 1), self.cols) - 1
            elif m.group(2) == b"J" and params[:1] == [2]:
                self.cells = TextScreen(self.cols, self.rows).cells
            elif m.group(2) == b"m":
                for p in params or [0]:
                    if p == 0:
                        self.fg, self.bg, self.bold = 7, 0, False
                    elif p == 1:
                        self.bold = True
                    elif 30 <= p <= 37:
                        self.fg = p - 30
                    elif 40 <= p <= 47:
                        self.bg = p - 40

    def _char(self, c):
        if c == 0x0d:
            self.col = 0
        elif c == 0x0a:
            if self.row == self.rows - 1:
                self.cells = self.cells[1:] + [[(" ", 7, 0)] * self.cols]
            else:
                self.row += 1
        elif c == 0x08:
            self.col = max(0, self.col - 1)
        elif c >= 0x20:
            if self.col < self.cols:
                # ANSI colour numbers to UEFI's: red and blue swap places.
                ansi_to_efi = [0, 4, 2, 6, 1, 5, 3, 7]
                fg = ansi_to_efi[self.fg] + (8 if self.bold else 0)
                self.cells[self.row][self.col] = (chr(c), fg, ansi_to_efi[self.bg])
                self.col += 1

    def line(self, row):
        return "".join(ch for ch, _, _ in self.cells[row]).rstrip()

    def text(self):
        return "\n".join(self.line(r) for r in range(self.rows))

    def colours(self, row, col):
        """(foreground, background) at ROW, COL, UEFI numbering."""
        _, fg, bg = self.cells[row][col]
        return fg, bg


# --- screenshots ---------------------------------------------------------------

def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (what screendump writes)."""
    data = pathlib.Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError(f"{path}: not an 8-bit binary PPM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height * 3]


def text_area(width, height, cols=80, rows=25, margin=8):
    """The box (left, top, right, bottom) around the text of a WIDTH x
    HEIGHT screendump: OVMF's graphics console centres its cells of 8x19
    pixels."""
    left, top = (width - cols * 8) // 2, (height - rows * 19) // 2
    return (max(0, left - margin), max(0, top - margin),
            min(width, left + cols * 8 + margin), min(height, top + rows * 19 + margin))


def ppm_to_png(src, dst, box=None):
    """Convert a screendump to PNG (for people looking at test output);
    BOX (left, top, right, bottom) crops it, e.g. to text_area()."""
    import struct
    width, height, rgb = read_ppm(src)
    left, top, right, bottom = box or (0, 0, width, height)
    rows = b"".join(b"\0" + rgb[(y * width + left) * 3:(y * width + right) * 3]
                    for y in range(top, bottom))
    width, height = right - left, bottom - top

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body)))
    png = (b"\x89PNG\r\n\x1a\n" +
           chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
    pathlib.Path(dst).write_bytes(png)
