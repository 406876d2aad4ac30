"""The app finds every BitLocker volume (efi/discovery.c) and shows it:
in one boot with many disks, the device list of the report the app saves
on its boot disk (the same text `--list` prints); `--list` on the console
with one disk; and the interactive volume list over the serial console
(efi/app.c). The serial console is on TCP (serial_tcp): on a busy host a
Unix socket loses output.

Disks: every corpus image, most as whole disks (raw, behind an overlay),
some inside GPT partitions of one disk, two in MBR partitions of another;
a disk with no BitLocker; an empty
CD-ROM drive; a disk of 0 bytes; one whose reads all fail; a copy of an
image with all three metadata copies overwritten (damaged) and one with
only the first overwritten (still usable).
"""
import json
import re
import shutil
import subprocess

import pytest

import qemu
from conftest import BUILD

# Every test here shares the module's boots: one worker runs them all
# (make check's --dist loadgroup), or each worker would boot them again.
pytestmark = pytest.mark.xdist_group("discovery-boot")

# images.conf key -> the protector type (manage-bde's name) it names
GUID_KEYS = {
    "PW_VMK_GUID": "Password",
    "RP_VMK_GUID": "Numerical Password",
    "SK_VMK_GUID": "External Key",
    "SC_VMK_GUID": "Smart Card",
}
# Inside one GPT disk, in this order (partitions 1, 2, 3).
IN_GPT = ["bitlk-aes-xts-128", "bitlk-togo-aes-cbc-128", "bitlk-aes-cbc-256"]
# Inside one MBR disk (partitions 1, 2), as on older PCs.
IN_MBR = ["bitlk-aes-xts-128-eow", "bitlk-clearkey-aes-cbc-128"]


def write_mbr_disk(path, images):
    """An MBR disk with IMAGES copied into primary NTFS-type (0x07)
    partitions, each at a 1 MiB boundary."""
    entries, lba = b"", qemu.MIB // qemu.SECTOR
    with open(path, "wb") as f:
        for image in images:
            sectors = -(-image.stat().st_size // qemu.SECTOR)
            entries += (b"\0\xfe\xff\xff\x07\xfe\xff\xff" + lba.to_bytes(4, "little") +
                        sectors.to_bytes(4, "little"))
            subprocess.run(["dd", f"if={image}", f"of={path}", "bs=1M",
                            f"seek={lba * qemu.SECTOR // qemu.MIB}", "conv=sparse,notrunc",
                            "status=none"], check=True, timeout=60)
            lba = -(-(lba + sectors) * qemu.SECTOR // qemu.MIB) * qemu.MIB // qemu.SECTOR
        f.truncate(lba * qemu.SECTOR)
        f.seek(0)
        mbr = bytearray(qemu.SECTOR)
        mbr[440:444] = b"BRsc"               # disk signature
        mbr[446:446 + len(entries)] = entries
        mbr[510:512] = b"\x55\xaa"
        f.write(mbr)


# The synthetic TPM protector test_corpus adds (no corpus image has one).
TPM_ID = "11111111-2222-3333-4444-555555555555"
ODD_ID = "66666666-7777-8888-9999-000000000000"


def tpm_protector_image(src, dst):
    """DST: a copy of SRC with a TPM protector (PCR profile 0, 2, 4, 11)
    and one of an unknown type 0x4242 added, as test_corpus builds it."""
    import struct
    import uuid
    from test_corpus import add_protectors, vmk_entry
    subprocess.run(["cp", "--sparse=always", str(src), str(dst)], check=True,
                   timeout=60)
    dst.chmod(0o644)
    blob = struct.pack("<I", 0x815) + bytes.fromhex("000401020304" "0002aabb")
    prop = struct.pack("<HHHH", 8 + len(blob), 0, 6, 1) + blob
    add_protectors(dst, vmk_entry(uuid.UUID(TPM_ID).bytes_le, 132223104000000000,
                                  0x0100, prop) +
                   vmk_entry(uuid.UUID(ODD_ID).bytes_le, 132223104000000000,
                             0x4242, b""))
    return dst


def brace(guid):
    return "{" + guid.upper() + "}"


def metadata_offsets(image):
    out = subprocess.run([BUILD / "bitrescue", "info", "--json", str(image)],
                         capture_output=True, text=True, check=True,
                         timeout=60).stdout
    [vol] = json.loads(out)["volumes"]
    return [c["offset"] for c in vol["metadata_copies"]]


def damaged_copy(src, dst, copies):
    """DST: SRC with the FVE block header of metadata copies COPIES (0-2)
    zeroed."""
    offsets = metadata_offsets(src)
    subprocess.run(["cp", "--sparse=always", str(src), str(dst)], check=True,
                   timeout=60)
    dst.chmod(0o644)
    with open(dst, "r+b") as f:
        for i in copies:
            f.seek(offsets[i])
            f.write(bytes(64))
    return dst


def parse_list(text):
    """--list output as {device name: {"state", "size", "lines", ...}}."""
    devices, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^dev (Disk \d+(?: part \d+)?): (.+?)(?:, (\d+) bytes)?$", line)
        if m:
            cur = devices[m.group(1)] = {"state": m.group(2), "size": m.group(3),
                                         "protectors": {}, "lines": []}
            continue
        if line.startswith("devices ") or line.startswith("tpm "):
            cur = None
        if cur is None or not line.startswith("  "):
            continue
        cur["lines"].append(line.strip())
        m = re.match(r"^  (\S.*) (\{[0-9A-F-]{36}\})$", line)
        if m and not line.startswith("  volume "):
            cur["protectors"][m.group(2)] = m.group(1)
        for key in ("volume", "method", "recovery key ID", "path", "kind"):
            if line.startswith(f"  {key} "):
                cur[key] = line[len(key) + 3:]
    return devices


@pytest.fixture(scope="module")
def listing(corpus, images, tmp_path_factory):
    """One boot with every image attached: (devices, layout, console text)."""
    tmp = tmp_path_factory.mktemp("disks")
    plain = tmp / "plain.img"
    with open(plain, "wb") as f:
        f.truncate(8 * qemu.MIB)
    all_bad = damaged_copy(corpus / "bitlk-aes-xts-256.img", tmp / "all-bad.img", [0, 1, 2])
    one_bad = damaged_copy(corpus / "bitlk-aes-cbc-128.img", tmp / "one-bad.img", [0])

    whole = [n for n in sorted(images) if n not in IN_GPT + IN_MBR]
    gpt = [(qemu.BASIC_DATA_TYPE, n, corpus / f"{n}.img") for n in IN_GPT]
    # Disk numbers: 1 is the boot disk, then the extra disks in order.
    disks, layout = [], {}
    for name in whole:
        disks.append(qemu.Disk(corpus / f"{name}.img"))
        layout[name] = f"Disk {len(disks) + 1}"
    disks.append(qemu.Disk(partitions=gpt))
    for i, name in enumerate(IN_GPT, 1):
        layout[name] = f"Disk {len(disks) + 1} part {i}"
    write_mbr_disk(tmp / "mbr.img", [corpus / f"{n}.img" for n in IN_MBR])
    disks.append(qemu.Disk(tmp / "mbr.img"))
    for i, name in enumerate(IN_MBR, 1):
        layout[name] = f"Disk {len(disks) + 1} part {i}"
    disks.append(qemu.Disk(plain))
    layout["plain"] = f"Disk {len(disks) + 1}"
    disks.append(qemu.Disk(all_bad))
    layout["all-bad"] = f"Disk {len(disks) + 1}"
    disks.append(qemu.Disk(one_bad))
    layout["one-bad"] = f"Disk {len(disks) + 1}"

    # A disk of 0 bytes (OVMF gives it no BlockIo: it must not matter), and
    # one whose every read fails (QEMU's blkdebug injects EIO).
    zero = tmp / "zero.img"
    zero.write_bytes(b"")
    disks.append(qemu.Disk(zero, readonly=True))
    (tmp / "eio.conf").write_text('[inject-error]\nevent = "read_aio"\nerrno = "5"\n')
    failing = ["-drive", f"if=none,id=eio,format=raw,readonly=on,"
               f"file=blkdebug:{tmp / 'eio.conf'}:{plain}",
               "-device", "virtio-blk-pci,drive=eio"]

    with qemu.Machine("discovery-all", serial_tcp=True, options="--report", disks=disks,
                      empty_cdrom=True, extra_args=failing) as vm:
        vm.expect(r"arguments: --report\n", timeout=120)
        vm.expect(r"report: report saved as \\bitrescue\\report.txt", 120)
        vm.expect(r"bitrescue: exit\n", 30)
        print(f"{qemu.ACCEL_NOTE}, report saved after {vm.elapsed():.1f} s")
        text = vm.esp_file("bitrescue/report.txt").decode("ascii")
    return parse_list(text), layout, text


def host_protectors(image):
    """{ID: type} as the host tool (the same core, on the image file) sees it."""
    out = subprocess.run([BUILD / "bitrescue", "info", "--json", str(image)],
                         capture_output=True, text=True, check=True,
                         timeout=60).stdout
    [vol] = json.loads(out)["volumes"]
    return {p["id"]: p["type"] for p in vol["protectors"]}


def test_every_volume_with_its_protectors(listing, corpus, images):
    """Each image's volume ID, recovery key ID and protectors: those
    images.conf names with their types, and no other than the host tool
    finds in the image file (some images carry protectors conf omits)."""
    devices, layout, _ = listing
    for name, conf in images.items():
        dev = devices[layout[name]]
        assert dev["state"] == "BitLocker", name
        assert dev["volume"] == brace(conf["GUID"]), name
        got = dev["protectors"]
        for key, type_name in GUID_KEYS.items():
            if conf.get(key):
                assert got.get(brace(conf[key])) == type_name, (name, key)
        assert got == host_protectors(corpus / f"{name}.img"), name
        assert dev["recovery key ID"] == conf["RP_VMK_GUID"][:8].upper(), name
    clear = devices[layout["bitlk-clearkey-aes-cbc-128"]]["protectors"]
    assert "Clear Key (protection suspended)" in clear.values()
    bitlocker = [d for d in devices.values() if d["state"] == "BitLocker"]
    # every image, and the one with a single damaged metadata copy
    assert len(bitlocker) == len(images) + 1


def test_partitions_and_whole_disks(listing, images):
    devices, layout, _ = listing
    gpt_disk = layout[IN_GPT[0]].rsplit(" part", 1)[0]
    assert devices[gpt_disk]["state"] == "partitioned"
    for i, name in enumerate(IN_GPT, 1):
        assert devices[layout[name]]["path"].endswith(f"/HD({i},GPT)")
        assert int(devices[layout[name]]["size"]) == (corpus_size(name))
    for i, name in enumerate(IN_MBR, 1):
        assert devices[layout[name]]["path"].endswith(f"/HD({i},MBR)")
    togo = devices[layout["bitlk-togo-aes-xts-128"]]
    assert togo["kind"] == "To Go" and "/HD(" not in togo["path"]
    # The boot disk: its ESP is no BitLocker volume.
    assert devices["Disk 1"]["state"] == "partitioned"
    assert devices["Disk 1 part 1"]["state"] == "not a BitLocker volume"


def corpus_size(name):
    return (qemu.TOP / "deps" / "corpus" / f"{name}.img").stat().st_size


def test_other_devices_said_plainly(listing):
    devices, layout, text = listing
    assert devices[layout["plain"]]["state"] == "not a BitLocker volume"
    assert int(devices[layout["plain"]]["size"]) == 8 * qemu.MIB
    # The disk that fails every read: said, and not retried forever.
    failing = [d for d in devices.values() if d["state"] == "device read error"]
    assert len(failing) == 1 and int(failing[0]["size"]) == 8 * qemu.MIB
    # The empty CD-ROM drive, on the AHCI controller.
    cdrom = [d for d in devices.values() if "Sata(" in d.get("path", "")]
    assert [d["state"] for d in cdrom] == ["no media"]


def test_damaged_volumes(listing):
    devices, layout, _ = listing
    bad = devices[layout["all-bad"]]
    assert bad["state"] == "BitLocker metadata is damaged"
    copies = [l for l in bad["lines"] if l.startswith("metadata copy")]
    assert len(copies) == 3 and all(l.endswith(": BitLocker metadata is damaged")
                                     for l in copies)
    assert bad["protectors"] == {}
    one = devices[layout["one-bad"]]
    assert one["state"] == "BitLocker"
    copies = [l for l in one["lines"] if l.startswith("metadata copy")]
    assert copies[0].endswith(": BitLocker metadata is damaged")
    assert copies[1].endswith(": ok (in use)") and copies[2].endswith(": ok")
    assert len(one["protectors"]) == 2


def test_summary_and_no_tpm(listing):
    devices, _, text = listing
    assert re.search(r"^tpm none: no TPM$", text, re.M)
    assert re.search(r"^eventlog none$", text, re.M)
    summary = re.search(r"^devices (\d+), BitLocker (\d+), damaged (\d+)$", text, re.M)
    assert int(summary.group(1)) == len(devices)
    assert int(summary.group(2)) == sum(d["state"] == "BitLocker"
                                        for d in devices.values())
    assert int(summary.group(3)) == 1


def test_list_on_the_console(corpus, images):
    """--list --tpm prints the same form on the console; without a TPM it
    says so and lists the volumes all the same."""
    name = "bitlk-aes-xts-128-startup-key"
    with qemu.Machine("discovery-list", serial_tcp=True, options="--list --tpm",
                      disks=[qemu.Disk(corpus / f"{name}.img", readonly=True)]) as vm:
        vm.expect(r"arguments: --list --tpm\n", timeout=120)
        vm.expect(r"bitrescue: exit\n", 60)
        text = vm.text()
    devices = parse_list(text)
    conf = images[name]
    assert devices["Disk 2"]["state"] == "BitLocker"
    assert devices["Disk 2"]["volume"] == brace(conf["GUID"])
    assert devices["Disk 2"]["protectors"][brace(conf["SK_VMK_GUID"])] == "External Key"
    assert devices["Disk 2"]["recovery key ID"] == conf["RP_VMK_GUID"][:8].upper()
    assert re.search(r"^devices 3, BitLocker 1, damaged 0$", text, re.M)
    assert re.search(r"^tpm none: no TPM$", text, re.M)


def test_nvme_and_usb_disks(corpus, images):
    """A volume on an NVMe disk (as most laptops have) and a To Go volume
    on a USB stick are found, and where they are reads in the firmware's
    own words (NVMe(...), USB(...)), not gnu-efi's "Path(131,23,...)"."""
    nvme, usb = "bitlk-aes-xts-256", "bitlk-togo-aes-xts-128"
    disks = [qemu.Disk(corpus / f"{nvme}.img", bus="nvme"),
             qemu.Disk(corpus / f"{usb}.img", bus="usb")]
    with qemu.Machine("discovery-buses", serial_tcp=True, options="--list",
                      disks=disks) as vm:
        vm.expect(r"arguments: --list\n", timeout=120)
        vm.expect(r"bitrescue: exit\n", 60)
        text = vm.text()
    print(text)
    by_volume = {d.get("volume"): d for d in parse_list(text).values()}
    for name, node in [(nvme, "/NVMe("), (usb, "/USB(")]:
        dev = by_volume[brace(images[name]["GUID"])]
        assert dev["state"] == "BitLocker", name
        assert node in dev["path"], dev["path"]
        assert dev["recovery key ID"] == images[name]["RP_VMK_GUID"][:8].upper()
    assert "Msg(" not in text and "Path(" not in text


def test_interactive_list_over_serial(corpus, images, tmp_path):
    """Up/Down select, H shows the helpdesk card with the big key ID (T
    there shows the TPM, Enter the password screen), Esc goes back, T
    shows the TPM screen, D all devices, R saves the report on
    the boot disk, Enter the unlock action, Esc then B reboots."""
    names = ["bitlk-aes-xts-128", "bitlk-aes-cbc-256"]
    first = tpm_protector_image(corpus / f"{names[0]}.img", tmp_path / "tpm.img")
    with qemu.Machine("discovery-ui", serial_tcp=True, options="--timeout 120", tpm=True,
                      disks=[qemu.Disk(first), qemu.Disk(corpus / f"{names[1]}.img")]) as vm:
        # No --lang: the firmware's language (OVMF's is "en") decides.
        vm.expect(r"language: en \(PlatformLang en", timeout=120)
        vm.expect(r"BitLocker volumes \(2 found\)", timeout=120)
        # Row 1 is drawn last (efi/app.c draw_extras): the list is complete.
        vm.expect(r"D: all devices \(\d+\)", 30)
        scr = vm.screen()
        print(scr.text())
        assert scr.line(3).startswith(" >  1  Disk 2")
        assert "Disk 3" in scr.line(4) and not scr.line(4).startswith(" >")
        assert images[names[0]]["GUID"].upper() in scr.text()

        mark = len(vm.raw)
        vm.key("Down")
        vm.expect(re.escape(images[names[1]]["GUID"].upper()), 30)
        assert vm.screen().line(4).startswith(" >  2  Disk 3")

        vm.key("h")
        vm.expect(r"Recovery key ID - read it first", 30)
        key_id = images[names[1]]["RP_VMK_GUID"][:8].upper()
        vm.expect(r"Key ID: " + key_id, 30)
        vm.expect(r"Intune", 30)
        scr = vm.screen()
        # the big digits: five consecutive rows of '#' glyphs, 8 of them
        rows = [r for r in range(25) if "#" in scr.line(r)]
        assert rows == list(range(rows[0], rows[0] + 5))
        assert max(len(scr.line(r)) for r in rows) >= 4 + 7 * 7 + 5

        # The card's own keys: T the TPM and back to the card, Enter the
        # password screen, Esc from there back to the list.
        vm.key("t")
        vm.expect(r"bitrescue - TPM", 30)
        vm.key("Esc")
        vm.expect(r"Recovery key ID - read it first", 30)
        vm.key("Enter")
        vm.expect(r"Type the 48-digit recovery key", 30)
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(2 found\)", 30)
        vm.key("t")
        vm.expect(r"bitrescue - TPM", 30)
        vm.expect(r"PCR validation profile: none", 30)   # volume 2 has no TPM protector
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(2 found\)", 30)
        # Volume 1's TPM protector: its PCRs are marked on the TPM screen.
        vm.key("Up")
        vm.expect(r"TPM:", 30)
        vm.key("t")
        vm.expect(r"PCR validation profile: 0, 2, 4, 11 \(marked \*\)", 30)
        vm.expect(r"Every PCR read matches the log's replay", 30)
        scr = vm.screen()
        print(scr.text())
        assert "Manufacturer: IBM" in scr.text()
        # B: the next bank read; E: the log's events per PCR, by type.
        vm.key("b")
        bank = vm.expect(r"PCR values \((sha\d+), first bytes\)", 30).group(1)
        assert bank != "sha256"
        vm.key("e")
        vm.expect(r"bitrescue - TPM event log", 30)
        vm.expect(r"PCR 7: +\d+ events: ", 30)
        scr = vm.screen()
        print(scr.text())
        assert "SEPARATOR" in scr.text()
        vm.key("Esc")
        vm.expect(r"bitrescue - TPM", 30)
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(2 found\)", 30)

        vm.key("d")
        vm.expect(r"bitrescue - All devices", 30)
        vm.expect(r"not a BitLocker volume", 30)
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(2 found\)", 30)

        vm.key("r")
        vm.expect(r"Report \\bitrescue\\report.txt \((\d+(\.\d)? [KM]?i?B(ytes)?)\)", 60)
        vm.expect(r"TPM event log \\bitrescue\\eventlog.bin", 30)
        report = vm.esp_file("bitrescue/report.txt").decode("ascii")
        assert "  volume " + brace(images[names[1]]["GUID"]) in report
        assert vm.esp_file("bitrescue/eventlog.bin")
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(2 found\)", 30)

        vm.key("Enter")
        vm.expect(r"Type the 48-digit recovery key", 30)
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(2 found\)", 30)
        vm.key("Esc")
        vm.expect(r"Leave bitrescue\?", 30)
        assert "B: reboot the PC" in vm.screen().line(24)
        vm.key("b")
        vm.expect(r"bitrescue: restarting the PC\n", 30)
        vm.qemu.wait(timeout=60)     # QEMU exits at a reset (no -reboot)
        assert "bitrescue: exit" not in vm.text()
