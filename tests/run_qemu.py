#!/usr/bin/python3
"""`make run`: boot bitrescue in QEMU/OVMF on this terminal.

The boot disk holds the app; two corpus images are attached behind qcow2
overlays (one as a whole disk, one inside a GPT partition, as Windows lays
out a system disk), and swtpm provides a TPM 2.0. The serial console is
this terminal: Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor.

    tests/run_qemu.py [APP OPTIONS...]     e.g. --self-test, --timeout 30

App options go into \\EFI\\bitrescue\\options.txt on the boot disk.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import qemu  # noqa: E402

CORPUS = qemu.TOP / "deps" / "corpus"
DEMO_IMAGES = ["bitlk-aes-xts-128.img", "bitlk-aes-cbc-128.img"]


def main(argv):
    if any(a in ("-h", "--run-help") for a in argv):
        print(__doc__)
        return 0
    missing = [n for n in DEMO_IMAGES if not (CORPUS / n).exists()]
    if missing:
        print(f"run_qemu: {', '.join(missing)} missing in {CORPUS}: run scripts/setup",
              file=sys.stderr)
        return 1
    disks = [qemu.Disk(CORPUS / DEMO_IMAGES[0]),
             qemu.Disk(CORPUS / DEMO_IMAGES[1], gpt=True)]
    vm = qemu.Machine("run", options=" ".join(argv) if argv else None,
                      disks=disks, tpm=True)
    print(f"run_qemu: {qemu.accelerator()}; disks: {DEMO_IMAGES[0]} (whole disk), "
          f"{DEMO_IMAGES[1]} (GPT partition); Ctrl-A X quits", flush=True)
    try:
        status = vm.run_interactive()
    finally:
        vm.stop()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
