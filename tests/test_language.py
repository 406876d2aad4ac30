"""Danish and English, and the card's QR codes, in firmware (QEMU/OVMF),
one boot: --lang da chooses Danish; the graphics console shows æøå, the
serial terminal (PC-ANSI, which has no such letters) the same text as
ae/oe/aa, never '?' in a word; L on the volume list switches language at
once; the helpdesk card speaks the language chosen and its QR code (GOP)
decodes to what it says; Q shows the key ID as a code in character cells
that decodes from the serial terminal's screen and from the graphics
console."""
import re
import subprocess
import time

import qemu

CELL_W, CELL_H = 8, 19


def cell(rgb, width, height, row, col):
    """The lit pixels of text cell ROW, COL on the graphics console, as a
    set of (x, y) inside the cell (lit: brighter than its background)."""
    left, top = (width - 80 * CELL_W) // 2, (height - 25 * CELL_H) // 2
    pixels = []
    for y in range(CELL_H):
        for x in range(CELL_W):
            i = ((top + row * CELL_H + y) * width + left + col * CELL_W + x) * 3
            pixels.append(sum(rgb[i:i + 3]))
    background = min(pixels)
    return {(i % CELL_W, i // CELL_W) for i, p in enumerate(pixels)
            if p > background + 200}


def zbar(path, found=True):
    """The QR code zbarimg finds in the image at PATH, as text; with
    FOUND=False, None when there is none (zbarimg exits 4)."""
    res = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable",
                          "-Sbinary", str(path)], capture_output=True, timeout=60)
    if not found and res.returncode == 4:
        return None
    assert res.returncode == 0, f"zbarimg found no code in {path}"
    return res.stdout.decode("utf-8").rstrip("\n")


def serial_screen_pgm(scr, path):
    """The serial terminal's screen as an image: a light grey cell white,
    any other black, 8x16 pixels a cell."""
    rows = []
    for r in range(scr.rows):
        line = bytes(255 if scr.colours(r, c)[1] == 7 else 0
                     for c in range(scr.cols) for _ in range(8))
        rows.extend([line] * 16)
    path.write_bytes(b"P5\n%d %d\n255\n" % (scr.cols * 8, scr.rows * 16) + b"".join(rows))


def test_danish_screens_and_the_l_key(corpus):
    disk = qemu.Disk(corpus / "bitlk-aes-xts-128.img", gpt=True)
    with qemu.Machine("language", graphics=True, disks=[disk],
                      options="--lang da --timeout 120") as vm:
        vm.expect(r"language: da \(--lang\)\n", timeout=120)
        vm.expect(r"BitLocker-drev \(1 fundet\)", 120)
        vm.expect(r"L: English", 30)       # row 1, drawn last
        scr = vm.screen()
        print(scr.text())
        # The serial terminal: Danish in ASCII, never a '?'.
        assert "Enter: laas op  H: noegle-id" in scr.line(24)
        assert "Noeglebeskyttere" in scr.text()
        assert not re.search(r"\w\?\w", scr.text())   # a '?' inside a word

        # The graphics console: the letters themselves. "å" of "lås" is an
        # "a" with a ring (its pixels a superset of the a's), "ø" of
        # "nøgle-id" an "o" with a stroke.
        time.sleep(1)     # the graphics console draws after the serial one
        ppm = qemu.LOG_DIR / "language-list.ppm"
        vm.screendump(ppm)
        width, height, rgb = qemu.read_ppm(ppm)
        qemu.ppm_to_png(ppm, qemu.LOG_DIR / "language-list.png",
                        qemu.text_area(width, height))
        hints = "Op/Ned: drev  PgUp/Dn: rul  Enter: lås op  H: nøgle-id  T: TPM  Esc: afslut"
        at = 1 + hints.index("lås")
        a_ring, a = cell(rgb, width, height, 24, at + 1), cell(rgb, width, height, 24, 1 + hints.index("afslut"))
        assert a and a < a_ring, "å is not drawn as a with a ring"
        o_stroke = cell(rgb, width, height, 24, 1 + hints.index("nøgle") + 1)
        o = cell(rgb, width, height, 24, 1 + hints.index("op") )
        assert o and o < o_stroke, "ø is not drawn as o with a stroke"

        # L: English at once, and back.
        vm.key("l")
        vm.expect(r"BitLocker volumes \(1 found\)", 30)
        vm.expect(r"L: dansk", 30)
        vm.key("L")
        vm.expect(r"BitLocker-drev \(1 fundet\)", 30)
        vm.expect(r"L: English", 30)

        # The card in Danish: what to read aloud, and in which order.
        mark = len(vm.raw)
        vm.key("h")
        vm.expect(r"Noegle-id - laes det op foerst, derefter computerens navn", 30)
        vm.expect(r"Genoprettelsesnoegler", 30)
        vm.expect(r"gruppe for gruppe", 30)
        scr = vm.screen(mark)
        print(scr.text())
        assert not re.search(r"\w\?\w", scr.text())

        # The card's QR code on the graphics console holds what it says.
        time.sleep(1)
        ppm = qemu.LOG_DIR / "language-card.ppm"
        vm.screendump(ppm)
        width, height, _ = qemu.read_ppm(ppm)
        left, top, right, bottom = qemu.text_area(width, height)
        # docs/helpdesk-da.png is this, the QR code included.
        qemu.ppm_to_png(ppm, qemu.LOG_DIR / "language-card.png",
                        (left, top, min(width, right + 90), bottom))
        lines = zbar(ppm).split("\n")
        print(lines)
        text = scr.text()
        assert len(lines) == 4
        key_id = re.fullmatch(r"BitLocker recovery key ID: ([0-9A-F]{8})", lines[0]).group(1)
        assert f"Noegle-id: {key_id}  {lines[1]}" in text
        assert lines[1].startswith("{" + key_id + "-")
        assert f"Drev: {lines[2]}" in text
        assert lines[3] == "https://aka.ms/myrecoverykey" and "aka.ms/myrecoverykey" in text

        # Q: the bare key ID, from the serial terminal's screen.
        mark = len(vm.raw)
        vm.key("q")
        vm.expect(r"Noegle-id som QR-kode", 30)
        vm.expect(r"ud fra\.", 30)      # the words right of the code come last
        scr = vm.screen()
        serial_screen_pgm(scr, qemu.LOG_DIR / "language-q-serial.pgm")
        assert zbar(qemu.LOG_DIR / "language-q-serial.pgm") == key_id
        assert scr.colours(24, 79) == (7, 0)    # the scrolling cell never written
        time.sleep(1)
        vm.screendump(qemu.LOG_DIR / "language-q.ppm")
        assert zbar(qemu.LOG_DIR / "language-q.ppm") == key_id
        vm.key("Esc")
        vm.expect(r"Noegle-id - laes det op", 30)
        vm.key("Esc")
        vm.expect(r"BitLocker-drev \(1 fundet\)", 30)
        vm.expect(r"L: English", 30)
        # The code goes with the card: the list's screen clears it.
        time.sleep(1)
        vm.screendump(qemu.LOG_DIR / "language-list-after.ppm")
        assert zbar(qemu.LOG_DIR / "language-list-after.ppm", found=False) is None
        vm.key("Esc")
        vm.expect(r"Afslut bitrescue\?", 30)
        vm.key("Esc")
        vm.expect(r"bitrescue: exit\n", 30)
