"""Nothing a screen shows is spelled outside the message table.

ui/messages.def holds every text in English and Danish (the self-test
ui_messages checks each fits its field and keeps its conversions); this
scans the screens' sources for words in string literals that did not go
through it.
"""
import re

from conftest import TOP

# The files that draw screens.
SCREEN_SOURCES = sorted(p for p in (TOP / "ui").glob("*.c") if p.name != "msg.c") + [
    TOP / "efi" / name for name in
    ("app.c", "unlock_screens.c", "verify.c", "tpm_view.c", "key_loop.c",
     "rescue_screen.c", "rescue_targets.c")]

# Names, units and markers that read the same in every language.
SAME_IN_EVERY_LANGUAGE = {
    " bitrescue - ", ".BEK", "TPM", "TPM ", "PCR", "PCR ", "PCRs ", " UTC",
    "SHA-256: ", "BitLocker", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    "0123456789ABCDEF", "EV_", "NTFS",
    # The join text's commands (ui/split.c), and where rescued files go
    # on the stick (ui/copy_screen.c): a folder name, not words to read.
    "copy /b ", "cat ", "/bitrescue/rescued/",
    # The card's QR code says the same in every language: its reader is
    # the helpdesk's phone and tools (ui/qr.c).
    "BitLocker recovery key ID: ", "https://aka.ms/myrecoverykey",
    # a Windows command, typed as it is in every language (ui/tpm_verdict.c)
    "manage-bde -protectors -disable C: -RebootCount 1",
}

# key_loop.c's console test is a test mode, not a screen people read.
TEST_MODE = {"NORMAL", "TITLE", "HIGHLIGHT", "ERROR", "DIM", "INPUT",
             "EDGE>>", "LASTCELL", "last key: ",
             "display and keyboard check", "Esc: exit",
             "Press keys; each is named below."}


TOKEN = re.compile(r"""
    /\*.*?\*/ | //[^\n]* | \#include[^\n]*      # comments, includes
  | '(?:\\.|[^'\\])*'                          # character literals
  | (?P<prefix>\w*)"(?P<text>(?:\\.|[^"\\])*)"   # string literals
""", re.S | re.X)


def literals(source):
    """String literals outside comments, #include lines and Print(L"...")."""
    return [m["text"] for m in TOKEN.finditer(source)
            if m["text"] is not None and not m["prefix"].endswith("L")]


def test_no_inline_words():
    inline = []
    for path in SCREEN_SOURCES:
        for text in literals(path.read_text()):
            if text in SAME_IN_EVERY_LANGUAGE or text in TEST_MODE:
                continue
            if re.search(r"[A-Za-z]{3,}", text):
                inline.append(f"{path.relative_to(TOP)}: \"{text}\"")
    assert not inline, "spelled outside ui/messages.def:\n" + "\n".join(inline)


def test_scan_finds_words():
    """The scan itself: a word in a literal is found, one in a comment not."""
    assert literals('/* "Hidden" */ ui_put_text(s, 1, 1, UI_NORMAL, "Visible");') == ["Visible"]
    assert literals('Print(L"log line %a", "x");') == ["x"]
    assert literals('[UI_NORMAL] = "NORMAL",') == ["NORMAL"]
