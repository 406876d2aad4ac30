"""OVMF's variable store file (OVMF_VARS*.fd), read and changed while no
firmware runs: what a firmware setup screen or an OS would change, done
between two boots of the same machine (tests/test_tpm_verdict.py): a boot
option, the boot order, BootNext, a db entry, Secure Boot switched off.

The layout (edk2's MdeModulePkg/Include/Guid/VariableFormat.h): a firmware
volume header, then a variable store header (signature GUID, size, format
0x5A, state 0xFE), then variables one after another, each an authenticated
variable header (60 bytes: StartId 0x55AA, state, attributes, monotonic
count, timestamp, public key index, name size, data size, vendor GUID), its
UCS-2 name and its data; the next header starts on a 4-byte boundary; free
space reads 0xFF. A variable is live while its state is VAR_ADDED (0x3F),
possibly with the in-deleted-transition bit cleared (0x3E). A change marks
the live copy deleted (clears bit 1) and appends a new one, as the firmware
itself does. The firmware checks signatures only when it is asked to
write, so an authenticated variable (db) written here is what a signed
update would have left; its timestamp is kept.

Python standard library only.
"""
import struct
import uuid

GLOBAL = uuid.UUID("8be4df61-93ca-11d2-aa0d-00e098032b8c")    # EFI_GLOBAL_VARIABLE
IMAGE_SECURITY = uuid.UUID("d719b2cb-3d3a-4596-a3bc-dad00e67656f")  # db, dbx
# OVMF's switch behind its Secure Boot configuration screen
SECURE_BOOT_ENABLE = uuid.UUID("f0a30bc7-af08-4556-99c4-001009c93a44")
AUTH_STORE = uuid.UUID("aaf32c78-947b-439a-a180-2e144ec37792")
CERT_X509 = uuid.UUID("a5c059a1-94e4-4aa7-87b5-ab155c2bf072")   # EFI_CERT_X509_GUID

NV_BS_RT = 0x7
HEADER = struct.Struct("<HBBIQ16sIII16s")     # 60 bytes
VAR_ADDED, VAR_DELETED_BIT = 0x3F, 0x02


class VarStore:
    """The variables of one OVMF_VARS file, changed in memory; save() writes."""

    def __init__(self, path):
        self.path = path
        self.data = bytearray(open(path, "rb").read())
        if self.data[40:44] != b"_FVH":
            raise ValueError(f"{path}: no firmware volume header")
        self.store = struct.unpack_from("<H", self.data, 48)[0]
        if uuid.UUID(bytes_le=bytes(self.data[self.store:self.store + 16])) != AUTH_STORE:
            raise ValueError(f"{path}: not an authenticated variable store")
        size, fmt, state = struct.unpack_from("<IBB", self.data, self.store + 16)
        if (fmt, state) != (0x5A, 0xFE):
            raise ValueError(f"{path}: variable store not formatted and healthy")
        self.end = self.store + size

    def _records(self):
        """(offset, state, attributes, name, guid, data, fields) of each record."""
        off = self.store + 28
        while True:
            off = (off + 3) & ~3
            if off + HEADER.size > self.end:
                return
            f = HEADER.unpack_from(self.data, off)
            if f[0] != 0x55AA:
                return
            name_size, data_size = f[7], f[8]
            name_at = off + HEADER.size
            name = bytes(self.data[name_at:name_at + name_size]).decode(
                "utf-16-le").rstrip("\0")
            data = bytes(self.data[name_at + name_size:name_at + name_size + data_size])
            yield off, f[1], f[3], name, uuid.UUID(bytes_le=f[9]), data, f
            off = name_at + name_size + data_size

    def _live(self, name, guid):
        for rec in self._records():
            if rec[3] == name and rec[4] == guid and rec[1] | 1 == VAR_ADDED:
                return rec
        return None

    def get(self, name, guid=GLOBAL):
        rec = self._live(name, guid)
        return rec[5] if rec else None

    def names(self, guid=GLOBAL):
        return [r[3] for r in self._records() if r[4] == guid and r[1] | 1 == VAR_ADDED]

    def delete(self, name, guid=GLOBAL):
        rec = self._live(name, guid)
        if rec:
            self.data[rec[0] + 2] &= ~VAR_DELETED_BIT & 0xFF
        return rec

    def set(self, name, data, guid=GLOBAL, attributes=NV_BS_RT):
        """Replace NAME's value (keeping an authenticated one's count and
        timestamp) or add it."""
        old = self.delete(name, guid)
        count, stamp, key = (old[6][4], old[6][5], old[6][6]) if old else (0, bytes(16), 0)
        free = self._free()
        encoded = (name + "\0").encode("utf-16-le")
        record = HEADER.pack(0x55AA, VAR_ADDED, 0, attributes, count, stamp, key,
                             len(encoded), len(data), guid.bytes_le) + encoded + data
        if free + len(record) > self.end:
            raise ValueError("variable store full")
        self.data[free:free + len(record)] = record

    def _free(self):
        """Where the next record goes: past the last one, 4-byte aligned."""
        end = self.store + 28
        for off, *_, f in self._records():
            end = off + HEADER.size + f[7] + f[8]
        return (end + 3) & ~3

    def save(self, path=None):
        with open(path or self.path, "wb") as f:
            f.write(self.data)


# --- load options (UEFI 2.x, 3.1.3) and their device paths ------------------

def hd_node(number, first_lba, sectors, partition_guid):
    """Media device path HD(): a GPT partition by number, place and GUID,
    the short form Windows writes for its boot manager."""
    return struct.pack("<BBHIQQ16sBB", 4, 1, 42, number, first_lba, sectors,
                       uuid.UUID(str(partition_guid)).bytes_le, 2, 2)


def file_node(path):
    name = (path.replace("/", "\\") + "\0").encode("utf-16-le")
    return struct.pack("<BBH", 4, 4, 4 + len(name)) + name


END_NODE = bytes.fromhex("7fff0400")


def load_option(description, device_path, attributes=1):
    """EFI_LOAD_OPTION: LOAD_OPTION_ACTIVE by default, no optional data."""
    return (struct.pack("<IH", attributes, len(device_path)) +
            (description + "\0").encode("utf-16-le") + device_path)


def option_description(value):
    end = 6
    while value[end:end + 2] != b"\0\0":
        end += 2
    return value[6:end].decode("utf-16-le")


def boot_options(store):
    """{number: description} of the store's Boot#### variables."""
    out = {}
    for name in store.names():
        if len(name) == 8 and name.startswith("Boot") and name[4:] != "Next" \
                and all(c in "0123456789ABCDEF" for c in name[4:]):
            out[int(name[4:], 16)] = option_description(store.get(name))
    return out


def boot_order(store):
    value = store.get("BootOrder") or b""
    return list(struct.unpack(f"<{len(value) // 2}H", value))


def set_boot_order(store, numbers):
    store.set("BootOrder", struct.pack(f"<{len(numbers)}H", *numbers))


def signature_list_x509(owner, der):
    """An EFI_SIGNATURE_LIST holding one X.509 certificate."""
    return (CERT_X509.bytes_le + struct.pack("<III", 28 + 16 + len(der), 0, 16 + len(der)) +
            uuid.UUID(str(owner)).bytes_le + der)
