"""Boot paths: the USB stick image, boot loaders that chainload the app.

- the image `make usb` writes (scripts/mkusb): its layout checked with
  sgdisk, mtools and fsck.fat, then booted as the machine's only disk,
  signed (scripts/sign) under enforcing Secure Boot, with a TPM 2.0 and the
  graphics console, whose screenshot is kept as build/test-logs/usb-main.png;
- the README's commands for a roomy boot stick, run on files standing for
  the stick and its partition;
- systemd-boot and GRUB (both from Debian packages) starting the app with
  arguments from their configuration, which the app acts on;
- shim (Debian's shim-unsigned, signed here with the test key) under
  enforcing Secure Boot: it starts the app, which carries SBAT metadata,
  and refuses the same app without it.

The UEFI Shell path is in test_boot.py. Logs are under build/test-logs/.
"""
import re
import shlex
import time
import subprocess

import qemu

TOP = qemu.TOP
SYSTEMD_BOOT = qemu.pathlib.Path("/usr/lib/systemd/boot/efi/systemd-bootx64.efi")
SHIM = qemu.pathlib.Path("/usr/lib/shim/shimx64.efi")
GRUB_MODULES = qemu.pathlib.Path("/usr/lib/grub/x86_64-efi")


def run(*args, **kw):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True,
                          text=True, timeout=120, **kw).stdout


def mkusb(tmp_path, app=qemu.APP, cert=None, app_aa64=qemu.APP_AA64):
    image = tmp_path / "usb.img"
    run(TOP / "scripts" / "mkusb", "--app", app, "--app-aa64", app_aa64, "--out", image,
        *(["--cert", cert] if cert else []))
    return image


def partition_sectors(sgdisk_info):
    """First and last sector of the partition `sgdisk -i N` describes."""
    return (int(re.search(r"First sector: (\d+)", sgdisk_info).group(1)),
            int(re.search(r"Last sector: (\d+)", sgdisk_info).group(1)))


def esp_of(image, tmp_path):
    """The first partition of IMAGE (at 1 MiB, as sgdisk reports) as a file."""
    out = run("sgdisk", "-i", "1", image)
    first, last = partition_sectors(out)
    esp = tmp_path / "esp.img"
    with open(image, "rb") as f:
        f.seek(first * 512)
        esp.write_bytes(f.read((last - first + 1) * 512))
    return esp, out


def test_usb_image_layout(tmp_path):
    """scripts/mkusb: a valid GPT disk with one FAT32 ESP holding each
    architecture's app twice, the helpdesk README (CRLF) and an empty
    drivers folder."""
    image = mkusb(tmp_path)
    assert image.stat().st_size == 64 * qemu.MIB
    assert "No problems found" in run("sgdisk", "-v", image)
    esp, info = esp_of(image, tmp_path)
    assert "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" in info   # EFI system
    assert "First sector: 2048 " in info
    fsck = run("fsck.fat", "-n", "-v", esp)
    assert "32 bit entries" in fsck                         # FAT32
    boot = run("file", esp)
    assert "hidden sectors 2048" in boot and "FAT (32 bit)" in boot

    for app, paths in [(qemu.APP, ["EFI/BOOT/BOOTX64.EFI", "EFI/bitrescue/bitrescue.efi"]),
                       (qemu.APP_AA64, ["EFI/BOOT/BOOTAA64.EFI",
                                        "EFI/bitrescue/bitrescue-aa64.efi"])]:
        for path in paths:
            got = subprocess.run(["mtype", "-i", str(esp), "::/" + path],
                                 capture_output=True, check=True, timeout=60).stdout
            assert got == app.read_bytes(), path
    readme = subprocess.run(["mtype", "-i", str(esp), "::/EFI/bitrescue/README.TXT"],
                            capture_output=True, check=True, timeout=60).stdout
    assert readme == (TOP / "usb" / "README.TXT").read_bytes().replace(b"\n", b"\r\n")
    # One file, English then Danish, UTF-8 with a byte-order mark (Notepad).
    assert readme.startswith(b"\xef\xbb\xbf")
    text = readme.decode("utf-8")
    assert text.index("WHERE TO FIND THE RECOVERY KEY") < text.index(
        "HVOR GENOPRETTELSESNØGLEN FINDES")
    assert "gendannelse" not in text.lower()
    for words in [b"aka.ms/myrecoverykey", b"Intune", b"Entra ID",
                  b"Active Directory", b"lsblk",
                  b"sudo dd if=bitrescue-usb.img of=/dev/sdX bs=4M conv=fsync"]:
        assert words in readme, words
    assert run("mdir", "-b", "-i", esp, "::/EFI/bitrescue").split() == [
        "::/EFI/bitrescue/README.TXT", "::/EFI/bitrescue/bitrescue-aa64.efi",
        "::/EFI/bitrescue/bitrescue.efi", "::/EFI/bitrescue/drivers/"]
    assert run("mdir", "-b", "-i", esp, "::/EFI/bitrescue/drivers") == ""
    top = run("mdir", "-b", "-i", esp, "::/")
    assert top.split() == ["::/EFI/"]


def test_usb_image_too_small_is_refused(tmp_path):
    r = subprocess.run([str(TOP / "scripts" / "mkusb"), "--out",
                        str(tmp_path / "x.img"), "--size-mib", "16"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "FAT32 needs at least" in r.stderr
    assert not (tmp_path / "x.img").exists()


def readme_roomy_stick_commands():
    """The commands README.md gives under "Room for rescued files" for
    making a whole stick FAT32 with the app on it."""
    text = (TOP / "README.md").read_text()
    section = text[text.index("### Room for rescued files"):]
    section = section[:section.index("\n## ")]
    return [line.strip() for line in section.splitlines()
            if line.startswith("      ") and line.strip()]


def test_readme_roomy_stick_commands_work(tmp_path):
    """The README's route to a roomy boot stick, run as written (less
    sudo) on a 256 MiB file standing for the stick, /dev/sdX, and one of
    its first partition's size for /dev/sdX1: a valid GPT disk whose one
    partition is an ESP over the rest of the disk, formatted FAT32 and
    holding the image's EFI folder byte for byte."""
    commands = readme_roomy_stick_commands()
    assert [c.split()[:2] for c in commands] == [
        ["sudo", "parted"], ["sudo", "mkfs.vfat"], ["mcopy", "-s"], ["sudo", "mcopy"]]
    image = mkusb(tmp_path)
    disk, part = tmp_path / "sdX", tmp_path / "sdX1"
    with open(disk, "wb") as f:
        f.truncate(256 * qemu.MIB)
    for command in commands:
        for name, path in [("build/bitrescue-usb.img", image), ("/dev/sdX1", part),
                           ("/dev/sdX", disk), ("/tmp/bitrescue-EFI", tmp_path / "EFI-copy")]:
            command = command.replace(name, str(path))
        argv = shlex.split(command.removeprefix("sudo "))
        if argv[0] == "mkfs.vfat":          # the kernel would have made sdX1 now
            first, last = partition_sectors(run("sgdisk", "-i", "1", disk))
            with open(part, "wb") as f:
                f.truncate((last - first + 1) * 512)
        run(*argv)

    assert "No problems found" in run("sgdisk", "-v", disk)
    info = run("sgdisk", "-i", "1", disk)
    assert "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" in info and "'BITRESCUE'" in info
    first, last = partition_sectors(info)
    assert first == 2048 and (last + 1) * 512 >= 255 * qemu.MIB   # to the last MiB
    assert "32 bit entries" in run("fsck.fat", "-n", "-v", part)
    assert "label: \"BITRESCUE  \"" in run("file", part)
    esp, _ = esp_of(image, tmp_path)
    want = sorted(run("mdir", "-/", "-b", "-i", esp, "::/EFI").split())
    assert sorted(run("mdir", "-/", "-b", "-i", part, "::/EFI").split()) == want
    assert "::/EFI/BOOT/BOOTX64.EFI" in want
    for path in want:
        if not path.endswith("/"):
            got = subprocess.run(["mtype", "-i", str(part), path], capture_output=True,
                                 check=True, timeout=60).stdout
            assert got == subprocess.run(["mtype", "-i", str(esp), path], capture_output=True,
                                         check=True, timeout=60).stdout, path


def lit_pixels(rgb):
    return sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 128)


def test_usb_stick_boots_signed_with_tpm_and_graphics(tmp_path):
    """The stick image, its app signed through scripts/sign, boots as the
    only disk, a USB stick on xHCI, under enforcing Secure Boot with a TPM
    2.0; the first screen says so on the serial and the graphics console."""
    signed = qemu.sign_with_snakeoil(qemu.APP, tmp_path / "signed.efi")
    image = mkusb(tmp_path, app=signed, cert=tmp_path / "signed.cer")
    # The signer's certificate rides along, in DER, for enrolling.
    esp, _ = esp_of(image, tmp_path)
    cer = subprocess.run(["mtype", "-i", str(esp), "::/EFI/bitrescue/keys/db.cer"],
                         capture_output=True, check=True, timeout=60).stdout
    der = subprocess.run(["openssl", "x509", "-in", str(qemu.SNAKEOIL_CERT),
                          "-outform", "DER"], capture_output=True, check=True,
                         timeout=60).stdout
    assert cer == der
    with qemu.Machine("usb-stick", boot_disk=image, boot_usb=True, tpm=True,
                      graphics=True,
                      secure_boot_firmware=True,
                      vars_template=qemu.OVMF_VARS_SNAKEOIL) as vm:
        vm.expect(r'BdsDxe: starting Boot\d+ "UEFI QEMU QEMU USB HARDDRIVE', 90)
        vm.expect(r"bitrescue \S+\n", timeout=90)
        print(qemu.ACCEL_NOTE, f"banner after {vm.elapsed():.1f} s")
        assert vm.expect(r"Secure Boot: (.+)\n", 30).group(1) == "enabled"
        assert vm.expect(r"TPM: (.+)\n", 30).group(1) == "2.0, maker IBM"   # swtpm
        # The stick and its ESP, nothing else.
        assert vm.expect(r"Block devices: (\d+)\n", 30).group(1) == "2"
        # No options file on the stick: the volume list waits for people.
        vm.expect(r"BitLocker volumes \(0 found\)", 60)
        vm.expect(r"Esc: exit", 30)
        assert "options from" not in vm.text()
        assert "arguments:" not in vm.text()

        ppm = qemu.LOG_DIR / "usb-main.ppm"
        vm.screendump(ppm)
        width, height, rgb = qemu.read_ppm(ppm)
        qemu.ppm_to_png(ppm, qemu.LOG_DIR / "usb-main.png",
                        qemu.text_area(width, height))
        assert width >= 80 * 8 and height >= 25 * 19   # 80x25 cells of 8x19
        assert lit_pixels(rgb) > 2000            # text is drawn
        vm.key("Esc")
        vm.expect(r"Leave bitrescue\?", 30)
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)


def test_systemd_boot_chainloads_with_options(tmp_path):
    """systemd-boot (Debian's systemd-boot-efi) as the removable-media boot
    loader starts the app from a loader entry; the entry's options reach
    the app, which acts on them (--timeout: exits after 3 s)."""
    loader = b"default bitrescue.conf\ntimeout 0\n"
    entry = (b"title bitrescue\nefi /EFI/bitrescue/bitrescue.efi\n"
             b"options --timeout 3\n")
    with qemu.Machine("systemd-boot", app=SYSTEMD_BOOT,
                      esp_files={"EFI/bitrescue/bitrescue.efi": qemu.APP.read_bytes(),
                                 "loader/loader.conf": loader,
                                 "loader/entries/bitrescue.conf": entry}) as vm:
        vm.expect(r"bitrescue \S+\n", timeout=90)
        assert vm.expect(r"arguments: (.*)\n", 30).group(1) == "--timeout 3"
        vm.expect(r"BitLocker volumes \(0 found\)", 60)
        vm.expect(r"timeout: no key for 3 s\nbitrescue: exit\n", 60)
        assert "options from" not in vm.text()
        # The app returned to systemd-boot, which shows its menu.
        vm.expect(r"Reboot Into Firmware Interface", 30)


def grub_image(tmp_path):
    """A GRUB EFI image from Debian's grub-efi-amd64-bin modules that reads
    grub.cfg next to itself; no root needed (grub-mkimage)."""
    out = tmp_path / "grubx64.efi"
    run("grub-mkimage", "-O", "x86_64-efi", "-p", "/EFI/BOOT", "-o", out,
        "-d", GRUB_MODULES, "normal", "configfile", "chain", "part_gpt",
        "fat", "search", "echo", "test")
    return out


def test_grub_chainloads_with_arguments(tmp_path):
    """GRUB's chainloader passes its words after the path as load options:
    an unknown option gets the app's usage error."""
    cfg = (b"set timeout=0\n"
           b"menuentry bitrescue {\n"
           b"\tchainloader /EFI/bitrescue/bitrescue.efi --timeout 60 --frobnicate\n"
           b"}\n")
    with qemu.Machine("grub", app=grub_image(tmp_path),
                      esp_files={"EFI/bitrescue/bitrescue.efi": qemu.APP.read_bytes(),
                                 "EFI/BOOT/grub.cfg": cfg}) as vm:
        vm.expect(r"Welcome to GRUB!", timeout=90)
        vm.expect(r"Booting `bitrescue'", 30)
        vm.expect(r"bitrescue \S+\n", 30)
        args = vm.expect(r"arguments: (.*)\n", 30).group(1)
        assert args == "--timeout 60 --frobnicate"
        vm.expect(r"error: unknown option --frobnicate\n", 30)
        vm.expect(r"usage: bitrescue ", 30)
        vm.expect(r"bitrescue: exit\n", 30)


def make(*args, **env):
    return subprocess.run(["make", "--no-print-directory", "-C", str(TOP)] +
                          [str(a) for a in args], capture_output=True, text=True,
                          timeout=300, env=dict(qemu.os.environ, **env))


def test_make_sign_and_usb_pick_the_signed_app(tmp_path):
    """make sign KEY= CERT= signs both apps (scripts/sign); make usb then
    puts the signed apps and their certificate on the stick, and refuses a
    signed app older than the build, or one missing. Outputs go to
    tmp_path (SIGNED=, SIGNED_AA64=, USB_IMG=)."""
    signed, image = tmp_path / "signed.efi", tmp_path / "usb.img"
    signed_aa64 = tmp_path / "signed-aa64.efi"
    paths = [f"SIGNED={signed}", f"SIGNED_AA64={signed_aa64}", f"USB_IMG={image}"]
    r = make("sign", *paths)
    assert r.returncode != 0 and "usage: make sign KEY=" in r.stdout
    r = make("usb", *paths, f"KEY={qemu.SNAKEOIL_KEY}", f"CERT={qemu.SNAKEOIL_CERT}",
             SIGN_KEY_PASS="pass:snakeoil")
    assert r.returncode == 0, r.stdout + r.stderr
    esp, _ = esp_of(image, tmp_path)
    for app, plain, boot_path in [(signed, qemu.APP, "BOOTX64.EFI"),
                                  (signed_aa64, qemu.APP_AA64, "BOOTAA64.EFI")]:
        run("sbverify", "--cert", qemu.SNAKEOIL_CERT, app)
        boot = subprocess.run(["mtype", "-i", str(esp), "::/EFI/BOOT/" + boot_path],
                              capture_output=True, check=True, timeout=60).stdout
        assert boot == app.read_bytes() != plain.read_bytes()
    assert "::/EFI/bitrescue/keys/db.cer" in run("mdir", "-b", "-/", "-i", esp, "::/")

    # A signed app from before the last build is not put on a stick.
    old = qemu.APP.stat().st_mtime - 60
    qemu.os.utime(signed, (old, old))
    image.unlink()
    r = make("usb", *paths)
    assert r.returncode != 0 and "is older than" in r.stdout
    assert not image.exists()
    # Nor one architecture signed and the other not.
    signed.unlink()
    r = make("usb", *paths)
    assert r.returncode != 0 and f"{signed} is missing" in r.stdout
    assert not image.exists()


def screenshot(vm, name, wider=0):
    """The graphics console, cropped to its text (and WIDER pixels more on
    the right), as build/test-logs/NAME.png (docs/ keeps copies of these);
    returns its RGB pixels."""
    ppm = qemu.LOG_DIR / f"{name}.ppm"
    vm.screendump(ppm)
    width, height, rgb = qemu.read_ppm(ppm)
    left, top, right, bottom = qemu.text_area(width, height)
    qemu.ppm_to_png(ppm, qemu.LOG_DIR / f"{name}.png",
                    (left, top, min(width, right + wider), bottom))
    return rgb


def test_stick_screens_with_a_bitlocker_disk(corpus, tmp_path):
    """The stick with a Windows-like disk beside it: the volume list and the
    helpdesk card on the graphics console (docs/screenshot.png is the
    first, docs/helpdesk.png the second)."""
    image = mkusb(tmp_path)
    disk = qemu.Disk(corpus / "bitlk-aes-xts-128.img", gpt=True)
    with qemu.Machine("stick-screens", boot_disk=image, boot_usb=True,
                      graphics=True, disks=[disk]) as vm:
        vm.expect(r"BitLocker volumes \(1 found\)", timeout=120)
        vm.expect(r"Esc: exit", 30)
        time.sleep(1)     # the graphics console draws after the serial one
        before = screenshot(vm, "stick-volumes")
        assert lit_pixels(before) > 5000
        vm.key("h")
        vm.expect(r"Recovery key ID - read it first", 30)
        vm.expect(r"Intune", 30)
        time.sleep(1)
        # The card's QR code reaches past the text on the right.
        after = screenshot(vm, "stick-helpdesk", wider=90)
        assert after != before
        vm.key("Esc")
        vm.expect(r"BitLocker volumes \(1 found\)", 30)
        vm.key("Esc")
        vm.expect(r"Leave bitrescue\?", 30)
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)


def test_shim_starts_the_app_with_sbat(tmp_path):
    """shim as the removable-media loader starts grubx64.efi beside it:
    our app, signed with a key in db. It runs; without its .sbat section
    (removed from a copy) shim refuses it, as the README warns."""
    shim = qemu.sign_with_snakeoil(SHIM, tmp_path / "shim.efi", tmp_path)
    plain = tmp_path / "no-sbat.efi"
    run("objcopy", "--remove-section", ".sbat", qemu.APP, plain)
    assert ".sbat" in run("objdump", "-h", qemu.APP)
    assert ".sbat" not in run("objdump", "-h", plain)
    common = dict(app=shim, secure_boot_firmware=True, vars_template=qemu.OVMF_VARS_SNAKEOIL,
                  options="--key-test --timeout 60")
    app = qemu.sign_with_snakeoil(qemu.APP, tmp_path / "app.efi", tmp_path)
    with qemu.Machine("shim", esp_files={"EFI/BOOT/grubx64.efi": app.read_bytes()},
                      **common) as vm:
        vm.expect(r"Secure Boot: enabled\n", timeout=120)
        vm.expect(r"Press keys", 30)
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)
    unsbat = qemu.sign_with_snakeoil(plain, tmp_path / "no-sbat.signed.efi", tmp_path)
    with qemu.Machine("shim-no-sbat", esp_files={"EFI/BOOT/grubx64.efi": unsbat.read_bytes()},
                      **common) as vm:
        vm.expect(r"Verification failed: \(0x1A\) Security Violation", timeout=120)
        assert "bitrescue" not in vm.text()
