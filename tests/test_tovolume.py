"""End-to-end: what the decrypted volume offers to the firmware and to
what runs next (harness: tests/qemu.py). OVMF's own FAT driver mounts our
read-only BlockIo/DiskIo child and lists the same root folder the host
tool's decrypted copy holds; a program started with --then sees the
child; startup keys and recovery key files are found on a USB stick; the
clear key of a suspended volume needs nothing; --bench reports.
"""
import re
import struct
import subprocess

import qemu
import synth
from conftest import BUILD, IMAGES

TOGO = "bitlk-togo-aes-xts-128"


def host_decrypt(image, out, *key):
    subprocess.run([BUILD / "bitrescue", "unlock", str(image), *key,
                    "--output", str(out)], check=True, capture_output=True,
                   timeout=300)


def fat_root_entries(path):
    """(is_dir, size or None) of each root entry of a FAT12/16 image, as
    the directory holds them (deleted, long-name and label entries left out)."""
    with open(path, "rb") as f:
        boot = f.read(512)
        bps, _, reserved, fats, root_entries = struct.unpack_from("<HBHBH", boot, 11)
        per_fat = struct.unpack_from("<H", boot, 22)[0]
        f.seek((reserved + fats * per_fat) * bps)
        root = f.read(root_entries * 32)
    out = []
    for i in range(root_entries):
        e = root[i * 32:(i + 1) * 32]
        if e[0] == 0:
            break
        if e[0] == 0xE5 or e[11] & 0x0F == 0x0F or e[11] & 0x08:
            continue
        is_dir = bool(e[11] & 0x10)
        out.append((is_dir, None if is_dir else struct.unpack_from("<I", e, 28)[0]))
    return out


def app_listing(text, number):
    """[(name, is_dir, size)] the app printed for volume NUMBER's root."""
    block = re.search(rf"ls: volume {number}\n(.*?)ls: (\d+) entries", text, re.S)
    assert block, f"no listing for volume {number}"
    rows = re.findall(r"^ls: (.*?)(/?) (\d+)$", block.group(1), re.M)
    assert len(rows) == int(block.group(2))
    return [(name, slash == "/", int(size)) for name, slash, size in rows]


def mdir_names(image):
    out = subprocess.run(["mdir", "-b", "-i", str(image), "::/"], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return sorted(line.strip()[3:].rstrip("/") for line in out.splitlines()
                  if line.strip())


def fat_volume(tmp_path):
    """A synthetic BitLocker volume (clear key) holding a FAT file system
    with known files, and that file system's image."""
    fat = tmp_path / "fat.img"
    qemu.make_esp(fat, {"README.TXT": b"read me\r\n", "Long file name.txt": b"x" * 3000,
                        "DOCS/A.TXT": b"a"}, size=synth.SIZE)
    plain = bytearray(fat.read_bytes())
    # mformat leaves a partition entry in the boot sector, which Windows
    # does not: the firmware's partition driver would take the volume.
    plain[446:510] = bytes(64)
    disk, _, _ = synth.build("win7", plain=bytes(plain))
    vol = tmp_path / "fat-volume.img"
    vol.write_bytes(disk)
    return vol


def test_decrypted_view_mounted_and_then(corpus, tmp_path):
    """To Go and a FAT volume unlocked: OVMF's FAT driver lists the same
    root folder as the host's decrypted copy; --then starts a program
    (the app itself, with --help) that counts the two decrypted block
    devices among its own; the disks are untouched."""
    togo = corpus / f"{TOGO}.img"
    fatvol = fat_volume(tmp_path)
    host_decrypt(togo, tmp_path / "togo.plain", "--recovery-password", IMAGES[TOGO]["RP"])
    host_decrypt(fatvol, tmp_path / "fat.plain", "--clear-key")

    disks = [qemu.Disk(togo), qemu.Disk(fatvol)]
    written = []
    options = (f"--volume 1 --recovery-password {IMAGES[TOGO]['RP']} "
               "--volume 2 --clear-key --ls --then \\EFI\\BOOT\\BOOTX64.EFI -- --help")
    with qemu.Machine("unlock-tovolume", options=options, disks=disks, serial_tcp=True) as vm:
        vm.on_stop = lambda _: written.extend(d.image.name for d in disks
                                              if d.guest_wrote())
        before = int(vm.expect(r"Block devices: (\d+)\n", 120).group(1))
        vm.expect(r"unlock: volume 1: file system FAT, serial " + IMAGES[TOGO]["UUID"], 300)
        vm.expect(r"unlock: volume 1: decrypted view installed, file system mounted", 30)
        vm.expect(r"unlock: volume 2: decrypted view installed, file system mounted", 120)
        vm.expect(r"then: starting ", 300)
        after = int(vm.expect(r"Block devices: (\d+)\n", 120).group(1))
        vm.expect(r"usage: bitrescue", 30)
        vm.expect(r"then: \\EFI\\BOOT\\BOOTX64.EFI returned: Success", 60)
        done = vm.expect(r"unlock: done, (\d+) failed\n", 60)
        vm.expect(r"bitrescue: exit\n", 60)
        text = vm.text()
    assert done.group(1) == "0"
    # The started program saw our two children.
    assert after == before + 2

    # To Go (its data in the corpus image is random past the FAT's
    # header): entry by entry, directory or file of the same size.
    listed = app_listing(text, 1)
    want = fat_root_entries(tmp_path / "togo.plain")
    assert [(d, None if d else s) for _, d, s in listed] == want

    # The FAT volume: the same names mtools reads in the host's copy.
    listed = app_listing(text, 2)
    assert sorted(n for n, _, _ in listed) == mdir_names(tmp_path / "fat.plain")
    assert ("Long file name.txt", False, 3000) in listed
    assert written == []


def test_keys_found_on_usb_stick(corpus, tmp_path):
    """With the volumes named but no key given: the startup-key volume
    opens with its .BEK from a USB stick (lower-case name), the suspended
    volume with its clear key, and a saved recovery key file (UTF-16)
    fills the password screen; no typing but Enter and Esc. A fourth
    volume opens with --startup-key, a .BEK on the boot device."""
    sk, clear, txt = ("bitlk-aes-xts-128-startup-key", "bitlk-clearkey-aes-cbc-128",
                      "bitlk-aes-cbc-128")
    bek_name = IMAGES[sk]["SK_VMK_GUID"].upper() + ".BEK"
    rp_id = IMAGES[txt]["RP_VMK_GUID"].upper()
    recovery_text = ("BitLocker Drive Encryption recovery key\r\n\r\nIdentifier:\r\n\r\n"
                     f"\t{rp_id}\r\n\r\nRecovery Key:\r\n\r\n\t{IMAGES[txt]['RP']}\r\n")
    stick = tmp_path / "stick.img"
    qemu.make_esp(stick, {
        bek_name.lower(): (corpus / bek_name).read_bytes(),
        f"BitLocker Recovery Key {rp_id}.TXT":
            b"\xff\xfe" + recovery_text.encode("utf-16-le"),
    }, size=8 << 20)
    names = [sk, clear, txt]
    # And one by --startup-key, a .BEK on the boot device.
    win11 = "bitlk-aes-xts-128-startup-key-win11"
    win11_bek = IMAGES[win11]["SK_VMK_GUID"].upper() + ".BEK"
    disks = [qemu.Disk(corpus / f"{n}.img") for n in names + [win11]]
    written = []
    options = " ".join(f"--volume {IMAGES[n]['GUID']}" for n in names)
    options += f" --volume {IMAGES[win11]['GUID']} --startup-key \\keys\\{win11_bek}"
    with qemu.Machine("unlock-keyfiles", options=options,
                      esp_files={f"keys/{win11_bek}": (corpus / win11_bek).read_bytes()},
                      disks=disks + [qemu.Disk(partitions=[
                          (qemu.BASIC_DATA_TYPE, "USB", stick)])],
                      serial_tcp=True) as vm:
        vm.on_stop = lambda _: written.extend(d.image.name for d in disks
                                              if d.guest_wrote())
        vm.expect(r"Unlocked with the startup key \(.BEK\) found on", 300)
        vm.key("Esc")
        vm.expect(r"unlock: volume 1: unlocked with .* \{" +
                  IMAGES[sk]["SK_VMK_GUID"].upper() + r"\}", 60)
        vm.expect(r"unlock: volume 1: file system NTFS, serial " + IMAGES[sk]["UUID"], 30)
        # used space only, its bitmaps stripped: offered once Y says so
        vm.expect(r"Y: offer it anyway", 120)
        vm.key("y")
        vm.expect(r"protection of this volume is suspended", 120)
        vm.key("Esc")
        vm.expect(r"unlock: volume 2: file system NTFS, serial " + IMAGES[clear]["UUID"], 60)
        # The key file's password fills the entry, which says so.
        vm.expect(r"All 8 groups are valid", 120)
        vm.expect(r"Recovery key read from a saved key file", 30)
        vm.key("Enter")
        vm.expect(r"The volume is unlocked", 300)
        vm.key("Esc")
        vm.expect(r"unlock: volume 3: file system NTFS, serial " + IMAGES[txt]["UUID"], 60)
        vm.expect(r"unlock: volume 4: unlocked with External Key \{" +
                  IMAGES[win11]["SK_VMK_GUID"].upper(), 60)
        vm.expect(r"unlock: volume 4: file system NTFS, serial " + IMAGES[win11]["UUID"], 30)
        done = vm.expect(r"unlock: done, (\d+) failed\n", 60)
    assert done.group(1) == "0"
    assert written == []


def test_bench_user_password_and_bad_volume(corpus):
    """--bench prints the stretch time and decryption speed with the paths
    used; --password opens a volume by its user password, which the app
    never prints; a --volume that names nothing, or a wrong password, is
    reported, not a crash."""
    with qemu.Machine("unlock-bench", options="--bench 8", serial_tcp=True) as vm:
        m = vm.expect(r"bench: stretch (\d+) ms \((\S+)\), decrypt (\d+) MB/s \((.+?)\)",
                      timeout=300)
        print(m.group(0))
        assert int(m.group(1)) > 0 and m.group(2) in ("sha-ni", "portable")
        vm.expect(r"bitrescue: exit\n", 60)
    name = "bitlk-aes-xts-256"
    conf = IMAGES[name]
    # and a used-space-only volume whose bitmaps are unusable: without
    # --best-effort its uncertain view is not offered, and the run says why
    eow = "bitlk-aes-xts-128-eow"
    options = (f"--volume 7 --clear-key --volume {{00000000-0000-0000-0000-000000000000}} "
               f"--volume 1 --password wrong-password --volume 1 --password {conf['PW']} "
               f"--volume 2 --password {IMAGES[eow]['PW']}")
    with qemu.Machine("unlock-password", options=options,
                      disks=[qemu.Disk(corpus / f"{name}.img"),
                             qemu.Disk(corpus / f"{eow}.img")], serial_tcp=True) as vm:
        vm.expect(r"unlock: 7: no such BitLocker volume", 120)
        vm.expect(r"unlock: \{0+-0000-0000-0000-0+\}: no such BitLocker volume", 30)
        vm.expect(r"unlock: volume 1: wrong key or password for this volume", 300)
        vm.expect(r"unlock: volume 1: unlocked with Password \{" +
                  conf["PW_VMK_GUID"].upper() + r"\}", 300)
        vm.expect(r"unlock: volume 1: file system NTFS, serial " + conf["UUID"], 30)
        vm.expect(r"unlock: volume 2: the decrypted view is uncertain \(no valid "
                  r"encrypt-on-write information block\).*--best-effort offers it", 300)
        vm.expect(r"unlock: done, 4 failed\n", 30)
        vm.expect(r"bitrescue: exit\n", 30)
        # The app echoes its options, keys hidden: screens get read aloud.
        assert "--password (hidden) --volume 1 --password (hidden)" in vm.text()
        assert conf["PW"] not in vm.text() and "wrong-password" not in vm.text()


def test_verify_stops_on_esc(corpus):
    """Reading a whole volume can take hours on a large disk: Esc stops
    it, without a SHA-256, and the run says so. (Esc is typed while the key
    is stretched, before the read starts, and waits in the console's
    queue: however fast the machine, the read cannot finish first.)"""
    name = "bitlk-aes-xts-128"
    options = f"--volume 1 --recovery-password {IMAGES[name]['RP']} --verify"
    with qemu.Machine("verify-stop", options=options,
                      disks=[qemu.Disk(corpus / f"{name}.img", readonly=True)]) as vm:
        vm.expect(r"unlock: 1 BitLocker volume\n", 120)
        vm.key("Esc")
        vm.expect(r"Reading the whole decrypted volume", 300)
        vm.expect(r"verify: stopped after \d+ of 100 MiB, no SHA-256\n", 120)
        vm.expect(r"unlock: done, 1 failed\n", 30)
        assert "verify: SHA-256" not in vm.text()
