"""End-to-end unlocking in OVMF (harness: tests/qemu.py): every corpus
image opened with its recovery password, both given as a load option and
typed at the password screen, its decrypted view hashed in firmware;
typing's special cases (F-keys, a wrong group, a wrong password
corrected); and no byte written to any disk.

Several volumes share a boot: a boot costs 10-20 s under TCG.
"""
import functools
import re
import subprocess
import time

import pytest

import qemu
from conftest import BUILD, CORPUS, IMAGES

ALL = sorted(IMAGES)
# Typed with the special cases (test_typing).
TYPED = ["bitlk-aes-xts-128", "bitlk-aes-cbc-256"]
# A suspended volume opens by its clear key before any screen asks for a
# password: its recovery password can only come by option.
CLEAR_KEY = "bitlk-clearkey-aes-cbc-128"
# Used space only, their bitmaps stripped: the view is uncertain, offered
# after Y at a screen or with --best-effort (tests/test_eow.py).
UNCERTAIN = {"bitlk-aes-xts-128-eow", CLEAR_KEY}
# Every other image typed plainly (test_typed_recovery_passwords).
PLAIN_TYPED = [n for n in ALL if n not in TYPED and n != CLEAR_KEY]
TYPED_BATCHES = [PLAIN_TYPED[i::2] for i in range(2)]
# By options, every image too. Options files hold at most
# CMDLINE_MAX_ARGS words: a few volumes a boot.
BY_OPTIONS = [n for n in ALL if n not in TYPED]
BATCHES = [BY_OPTIONS[i::3] for i in range(3)]


def disks_for(corpus, names):
    return [qemu.Disk(corpus / f"{n}.img") for n in names]


def untouched(disks):
    """An on_stop hook collecting which disks the guest wrote to."""
    written = []

    def check(vm):
        written.extend(d.image.name for d in disks if d.guest_wrote())
    return written, check


def unlocked_lines(vm):
    """{volume number: (fs, serial)} and {volume number: sha256} so far."""
    text = vm.text()
    fs = {int(m.group(1)): (m.group(2), m.group(3)) for m in re.finditer(
        r"unlock: volume (\d+): file system (\S+), serial (\S+),", text)}
    sha = {}
    for m in re.finditer(r"verify: volume (\d+)\n.*?verify: (best-effort )?SHA-256 "
                         r"([0-9A-F]{64})", text, re.S):
        sha[int(m.group(1))] = (m.group(2) or "") + m.group(3).lower()
    return fs, sha


def volume_numbers(vm):
    """{volume GUID (lower case): number} from the app's volume list."""
    return {m.group(2).lower(): int(m.group(1)) for m in re.finditer(
        r"unlock: volume (\d+): \{([0-9A-F-]{36})\} ", vm.text())}


@functools.lru_cache(maxsize=None)
def host_view(name):
    """(serial, SHA-256) of NAME's decrypted view from the host tool, for
    the images whose images.conf leaves UUID or SHA256SUM empty."""
    out = subprocess.run([BUILD / "bitrescue", "unlock", CORPUS / f"{name}.img",
                          "--recovery-password", IMAGES[name]["RP"], "--sha256",
                          "--best-effort"],
                         capture_output=True, text=True, check=True, timeout=300).stdout
    serial = re.search(r"^Serial Number: +(\S+)$", out, re.M).group(1)
    m = re.search(r"^(Best-effort )?SHA-256: +([0-9a-f]{64})$", out, re.M)
    return serial, (m.group(1) or "").lower() + m.group(2)


def check_unlocked(vm, names):
    """Each of NAMES unlocked in firmware, its serial and view's SHA-256 as
    images.conf gives them (or, where it gives none, as the host tool
    computes them)."""
    numbers = volume_numbers(vm)
    fs, sha = unlocked_lines(vm)
    for name in names:
        conf = IMAGES[name]
        n = numbers[conf["GUID"].lower()]
        assert n in fs, f"{name} not unlocked"
        assert fs[n][1] == (conf["UUID"] or host_view(name)[0]), name
        # an uncertain view's hash is labelled so, in firmware as on the host
        assert sha[n] == (conf["SHA256SUM"] or host_view(name)[1]), name
        assert sha[n].startswith("best-effort ") == (name in UNCERTAIN), name


@pytest.mark.parametrize("batch", range(len(BATCHES)))
def test_recovery_password_options(corpus, batch):
    """--volume GUID --recovery-password P for each image, then --verify:
    the serial equals images.conf's UUID and the SHA-256 of the view its
    SHA256SUM; nothing is written to any disk."""
    names = BATCHES[batch]
    words = []
    for name in names:
        words += ["--volume", IMAGES[name]["GUID"],
                  "--recovery-password", IMAGES[name]["RP"]]
    disks = disks_for(corpus, names)
    written, hook = untouched(disks)
    # --best-effort: the two uncertain views are offered (and say so)
    with qemu.Machine(f"unlock-options-{batch}",
                      options=" ".join(words + ["--verify", "--best-effort"]),
                      disks=disks, serial_tcp=True) as vm:
        vm.on_stop = hook
        done = vm.expect(r"unlock: done, (\d+) failed\n", timeout=900)
        print(f"{len(names)} volumes unlocked and hashed in {vm.elapsed():.0f} s")
        check_unlocked(vm, names)
        assert done.group(1) == "0"
        vm.expect(r"bitrescue: exit\n", 60)
    assert written == []


def wait_entry(vm):
    vm.expect(r"Type the 48-digit recovery key:", timeout=120)


def screen_after(vm, pattern, ready, timeout=60):
    """The screen once PATTERN has been drawn and READY(screen) holds: the
    app draws a screen in several writes, the field last, so the message
    can arrive before the rest (give up after 30 s, for the assert to say)."""
    vm.expect(pattern, timeout)
    deadline = time.monotonic() + 30
    while True:
        scr = vm.screen()
        if ready(scr) or time.monotonic() > deadline:
            return scr
        time.sleep(0.1)


def test_typing(corpus):
    """The password typed on the serial console: F-keys type digits, a
    mistyped group is flagged before Enter and Enter is refused, a
    well-formed wrong password is refused with the digits kept, fixing the
    last group then unlocks; a second volume typed plainly."""
    first, second = TYPED
    rp, other = IMAGES[first]["RP"], IMAGES[second]["RP"]
    disks = disks_for(corpus, TYPED)
    written, hook = untouched(disks)
    options = f"--volume {IMAGES[first]['GUID']} --volume {IMAGES[second]['GUID']} --verify"
    with qemu.Machine("unlock-typing", options=options, disks=disks, serial_tcp=True) as vm:
        vm.on_stop = hook
        wait_entry(vm)
        # The key ID is in view while typing.
        key_id = IMAGES[first]["RP_VMK_GUID"][:8].upper()
        assert f"Recovery key ID: {key_id}" in vm.screen().text()

        # Group 1 by F-keys (F1-F9 = 1-9, F10 = 0).
        for digit in rp[:6]:
            vm.key(f"F{int(digit) or 10}")
        # Group 2 mistyped: flagged at once, with its number.
        vm.type("123456")   # not a multiple of 11
        typed = rp[:6] + "-123456"
        scr = screen_after(vm, r"Group 2 is not valid",
                           lambda scr: typed in scr.line(qemu_row("field")))
        assert scr.line(qemu_row("field")).strip().startswith(typed)
        # Enter is refused while a group is wrong.
        vm.type(rp[14:])       # the rest, dashes typed by the app
        vm.key("Enter")
        vm.expect(r"Cannot unlock yet: not valid: group 2", 60)
        for _ in range(42):      # back to the end of group 1
            vm.key("Backspace")
        # A wrong password of valid groups: the last group 000000.
        wrong = rp[7:-6].replace("-", "") + "000000"
        vm.type(wrong)
        vm.expect(r"All 8 groups are valid", 60)
        vm.key("Enter")
        vm.expect(r"That recovery key does not unlock this volume", 300)
        vm.expect(re.escape(rp[:-6] + "000000"), 30)     # digits kept
        for _ in range(6):
            vm.key("Backspace")
        vm.type(rp[-6:])
        vm.key("Enter")
        vm.expect(r"Serial number: +" + IMAGES[first]["UUID"], 300)
        vm.key("Esc")

        # The second volume typed with the dashes as the user may.
        wait_entry(vm)
        assert IMAGES[second]["RP_VMK_GUID"][:8].upper() in vm.screen().text()
        vm.type(other)
        vm.expect(r"All 8 groups are valid", 60)
        vm.key("Enter")
        vm.expect(r"The volume is unlocked", 300)
        vm.key("Esc")
        done = vm.expect(r"unlock: done, (\d+) failed\n", timeout=900)
        check_unlocked(vm, TYPED)
        assert done.group(1) == "0"
    assert written == []


@pytest.mark.parametrize("batch", range(len(TYPED_BATCHES)))
def test_typed_recovery_passwords(corpus, batch):
    """Each volume named by --volume with no key: the password screen shows
    its key ID, its recovery password typed (digits alone, or with the
    dashes) unlocks it and the success screen shows the serial from
    images.conf; --verify's SHA-256 equals its SHA256SUM; nothing is
    written to any disk."""
    names = TYPED_BATCHES[batch]
    disks = disks_for(corpus, names)
    written, hook = untouched(disks)
    options = " ".join(f"--volume {IMAGES[n]['GUID']}" for n in names) + " --verify"
    with qemu.Machine(f"unlock-typed-{batch}", options=options, disks=disks,
                      serial_tcp=True) as vm:
        vm.on_stop = hook
        for i, name in enumerate(names):
            conf = IMAGES[name]
            wait_entry(vm)
            key_id = conf["RP_VMK_GUID"][:8].upper()
            assert f"Recovery key ID: {key_id}" in vm.screen().text(), name
            vm.type(conf["RP"] if i % 2 else conf["RP"].replace("-", ""))
            vm.expect(r"All 8 groups are valid", 60)
            vm.key("Enter")
            if name in UNCERTAIN:
                vm.expect(r"Y: offer it anyway", 300)
                vm.key("y")
            vm.expect(r"The volume is unlocked", 300)
            if conf["UUID"]:
                vm.expect(r"Serial number: +" + conf["UUID"], 30)
            vm.key("Esc")
        done = vm.expect(r"unlock: done, (\d+) failed\n", timeout=900)
        print(f"{len(names)} volumes typed, unlocked and hashed in {vm.elapsed():.0f} s")
        check_unlocked(vm, names)
        assert done.group(1) == "0"
    assert written == []


def qemu_row(what):
    """Screen rows of ui/password_screen.h (UI_PW_ROW)."""
    return {"field": 7}[what]
