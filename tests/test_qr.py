"""The card's QR codes decode to what the card says (host, zbarimg):
long descriptions are shortened to fit, never wrong; the Q screen's
character-cell code decodes to the bare key ID."""
import subprocess

import pytest

from conftest import BUILD

QR_TOOL = BUILD / "qr-tool"
KEY_ID = "64311DEA"
FULL_ID = "{64311DEA-4587-4029-924A-BA299647998E}"


def zbar(path):
    """What zbarimg reads from the image at PATH (one QR code), as bytes."""
    res = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable",
                          "-Sbinary", str(path)], capture_output=True, timeout=60)
    assert res.returncode == 0, f"zbarimg found no code in {path}"
    return res.stdout.rstrip(b"\n")


def card(tmp_path, description, url=None):
    out = tmp_path / "card.pgm"
    args = [QR_TOOL, "card", out, description] + ([url] if url else [])
    res = subprocess.run(args, capture_output=True, timeout=30)
    assert res.returncode == 0, res.stderr
    first, _, payload = res.stdout.partition(b"\n")
    return int(first.split()[1]), payload, zbar(out)


def test_card_payload_decodes(tmp_path):
    version, payload, decoded = card(tmp_path, "DESKTOP-X C: 7/4/2019")
    assert decoded == payload
    assert decoded.decode().split("\n") == [
        f"BitLocker recovery key ID: {KEY_ID}", FULL_ID, "DESKTOP-X C: 7/4/2019",
        "https://aka.ms/myrecoverykey"]
    assert version <= 10


def test_danish_description_stays_utf8(tmp_path):
    _, payload, decoded = card(tmp_path, "KØBENHAVN-PC C: 02-12-2026")
    assert decoded == payload
    assert "KØBENHAVN-PC C: 02-12-2026" in decoded.decode("utf-8")


def test_organisation_url_comes_first(tmp_path):
    _, _, decoded = card(tmp_path, "PC-7 C:", "https://helpdesk.example.com/bitlocker")
    lines = decoded.decode().split("\n")
    assert lines[0] == "https://helpdesk.example.com/bitlocker"
    assert lines[1] == f"BitLocker recovery key ID: {KEY_ID}"
    assert lines[-1] == "https://aka.ms/myrecoverykey"


@pytest.mark.parametrize("length", [120, 200, 255])
def test_long_descriptions_are_shortened_never_wrong(tmp_path, length):
    """A description longer than version 10 holds is cut, ending in '...';
    the IDs and URLs stay whole; what is kept is the description's start."""
    description = ("LAPTOP-ÆØÅ-" + "0123456789" * 30)[:length]
    description = description.encode()[:255].decode("utf-8", "ignore")
    version, payload, decoded = card(tmp_path, description,
                                     "https://helpdesk.example.com/recover?c=1")
    assert decoded == payload and version <= 10
    lines = decoded.decode().split("\n")
    assert lines[1] == f"BitLocker recovery key ID: {KEY_ID}"
    assert lines[2] == FULL_ID
    assert lines[-1] == "https://aka.ms/myrecoverykey"
    shown = lines[3]
    if shown != description:
        assert shown.endswith("...") and description.startswith(shown[:-3])


def test_q_screen_decodes_to_the_key_id(tmp_path):
    """The Q screen as a text console shows it (light grey cells white,
    every other cell black): a version-1 code of the upper-case key ID."""
    out = tmp_path / "screen.pgm"
    subprocess.run([QR_TOOL, "screen", out], check=True, timeout=30)
    assert zbar(out) == KEY_ID.encode()
