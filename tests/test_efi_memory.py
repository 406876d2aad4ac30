"""What the app leaves allocated when it returns (harness: tests/qemu.py).

Pages and pool an application allocates in UEFI outlive it: a rescue
boot loader or the UEFI Shell that starts bitrescue again and again, or
boots Windows after it, keeps every byte it did not free. One boot: the
UEFI Shell (startup.nsh) starts the app RUNS times, each time unlocking
a volume by its recovery password with swtpm attached (the TPM and its
event log read, the volume's TPM protector judged), hashing the view
(--verify) and listing a folder through our NTFS file system (--ls),
then saving the report; then once more with no options, driven over the
serial console: the volume list, the recovery key typed, the success
screen, the file screen and a file and a folder copied from it to the
boot stick. The app's pages and pool are LoaderData (its image's data
type); the Shell's `memmap -sfo` after each run must show as many
LoaderData pages as before the first. A leak of even 1 KiB a run shows
as a page more (seen with the folder listing's buffer left unfreed). The
firmware's own types move by a page now and then whatever the app does,
so they are not compared.
"""
import collections

import pytest

import ntfs_build
import qemu
from conftest import BUILD, CORPUS, IMAGES
from test_rescue_efi import settle, unlock_by_typing
from test_tpm_verdict_efi import sealed_key_image

BASE = "bitlk-aes-xts-128"
RUNS = 3


def memory_maps(text):
    """[{memory type: pages}] of each `memmap -sfo` in TEXT, in order."""
    maps = []
    for block in text.replace("\r", "").split('ShellCommand,"memmap"')[1:]:
        pages = collections.Counter()
        for line in block.split("\n"):
            if line.startswith("MemoryMap,"):
                fields = [f.strip('"') for f in line.split(",")]
                pages[fields[1]] += int(fields[4], 16)
        maps.append(pages)
    return maps


def test_runs_leave_no_memory_behind(tmp_path):
    why = ntfs_build.tools_missing()
    if why:
        pytest.skip(why)
    conf = IMAGES[BASE]
    plain, ntfs_volume = tmp_path / "ntfs.img", tmp_path / "ntfs-volume.img"
    ntfs_build.make_ntfs(plain, 16 << 20, {"Documents/a.txt": b"hello\r\n" * 100,
                                           "b.bin": bytes(70000)}, label="MEMORY")
    ntfs_build.encrypt_into(BUILD / "bitrescue", CORPUS / f"{BASE}.img", conf["RP"],
                            plain, ntfs_volume)
    volume = sealed_key_image(ntfs_volume, tmp_path / "volume.img")
    app = "fs0:\\EFI\\bitrescue\\bitrescue.efi"
    run = (f"{app} --volume {conf['GUID']} --recovery-password {conf['RP']}"
           f" --verify --ls \\Documents\r\n{app} --report\r\nmemmap -sfo\r\n")
    nsh = ("memmap -sfo\r\n" + run * RUNS + f"{app}\r\nmemmap -sfo\r\nreset -s\r\n").encode()
    with qemu.Machine("memory", boot_path="EFI/bitrescue/bitrescue.efi", tpm=True,
                      esp_files={"startup.nsh": nsh}, disks=[qemu.Disk(volume)]) as vm:
        vm.expect(r"any other key to continue", timeout=90)
        vm.key("Enter")    # skip the Shell's 5 s countdown
        for _ in range(RUNS):
            vm.expect(r"TPM verdict \(PCRs 7, 11\): will not release: the TPM was cleared", 300)
            vm.expect(r"unlock: done, 0 failed\n", 300)
            vm.expect(r"report: report saved as", 120)
        # the screens
        vm.expect(r"Enter: unlock", 120)
        vm.key("Enter")
        unlock_by_typing(vm, conf["RP"])
        vm.type("f")
        vm.expect(r"Files on MEMORY", 60)
        settle(vm, "[ ] Documents")
        vm.type(" ")                   # b.bin, then Documents
        settle(vm, "[x] b.bin")
        vm.key("Down")
        vm.type(" ")
        settle(vm, "[x] Documents")
        vm.type("c")                   # to the boot stick, the one stick there
        vm.expect(r"Copy to which stick\?", 60)
        settle(vm, " free")
        vm.key("Enter")
        vm.expect(r"Copy finished", 300)
        settle(vm, "Every marked file was copied.")
        vm.key("Esc")                  # the summary
        vm.expect(r"Files on MEMORY", 60)
        vm.key("Esc")                  # the file screen
        vm.expect(r"F: files", 60)
        vm.key("Esc")                  # the success screen
        vm.expect(r"Enter: unlock", 60)
        vm.key("Esc")                  # the list
        vm.key("Enter")                # yes, leave
        vm.expect(r"Reset with", 120)
        maps = memory_maps(vm.text())
    assert len(maps) == RUNS + 2
    assert [m["LoaderData"] for m in maps] == [maps[0]["LoaderData"]] * (RUNS + 2)
