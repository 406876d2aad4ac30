#!/usr/bin/python3
"""`make run`: boot bitrescue in QEMU/OVMF on this terminal.

The boot disk holds the app; two corpus images are attached behind qcow2
overlays (one as a whole disk, one inside a GPT partition, as Windows lays
out a system disk), and swtpm provides a TPM 2.0. The serial console is
this terminal; Ctrl-A X quits (Ctrl-A Ctrl-A sends a Ctrl-A).

OVMF reads its serial console as a PC-ANSI terminal (AAVMF as a VT100),
which spells F-keys differently from xterm or the Linux console, so keys
typed here are translated (qemu.terminal_to_pc_ansi, terminal_to_vt100):
F1-F10 work from any terminal.

    tests/run_qemu.py [APP OPTIONS...]     e.g. --self-test, --console-test

BITRESCUE_ARCH=aa64 (make run ARCH=aa64) boots the AArch64 app in AAVMF.

App options go into \\EFI\\bitrescue\\options.txt on the boot disk.
"""
import os
import pathlib
import select
import sys
import termios
import tty

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import qemu  # noqa: E402

CORPUS = qemu.TOP / "deps" / "corpus"
DEMO_IMAGES = ["bitlk-aes-xts-128.img", "bitlk-aes-cbc-128.img"]
CTRL_A = b"\x01"


def write_out(data):
    os.write(sys.stdout.fileno(), data)


def relay(vm, stdin):
    """Terminal keys to the guest until Ctrl-A X, end of input or QEMU exits."""
    translate = qemu.terminal_to_vt100 if vm.arch == "aa64" else qemu.terminal_to_pc_ansi
    escape = False
    while vm.qemu.poll() is None:
        ready, _, _ = select.select([stdin], [], [], 0.2)
        if not ready:
            continue
        data = os.read(stdin, 1024)
        if not data:
            return
        out = b""
        for i in range(len(data)):
            byte = data[i:i + 1]
            if escape:
                escape = False
                if byte in (b"x", b"X"):
                    vm.send(translate(out))
                    return
                if byte == CTRL_A:
                    out += CTRL_A
            elif byte == CTRL_A:
                escape = True
            else:
                out += byte
        if out:
            vm.send(translate(out))


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
    arch = os.environ.get("BITRESCUE_ARCH") or "x64"
    accel = "tcg" if arch == "aa64" else qemu.accelerator()
    print(f"run_qemu: {arch}, {accel}; disks: {DEMO_IMAGES[0]} (whole disk), "
          f"{DEMO_IMAGES[1]} (GPT partition); Ctrl-A X quits", flush=True)
    stdin = sys.stdin.fileno()
    saved = termios.tcgetattr(stdin) if os.isatty(stdin) else None
    with qemu.Machine("run", options=" ".join(argv) if argv else None,
                      disks=disks, tpm=True, arch=arch) as vm:
        with vm._lock:               # then no output is lost or doubled
            write_out(bytes(vm.raw))
            vm.on_output = write_out
        try:
            if saved:
                tty.setraw(stdin)
            relay(vm, stdin)
        finally:
            if saved:
                termios.tcsetattr(stdin, termios.TCSADRAIN, saved)
    print("\nrun_qemu: QEMU stopped; serial log in", vm.log_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
