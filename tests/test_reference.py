"""Differential tests: what bdeinfo (libbde-utils) and cryptsetup bitlkDump
print for each corpus image must agree with bitrescue's info.

bdeinfo cannot open the encrypt-on-write and clear-key images; cryptsetup
cannot open some either: a tool's own failure skips that image, never ours.
"""
import re
import shutil
import subprocess
from datetime import datetime, timezone

import pytest

from clihelp import info_json
from conftest import IMAGES

NAMES = sorted(IMAGES)

# bdeinfo's protector type names -> manage-bde's, which we print
BDEINFO_TYPES = {
    "Password": "Password",
    "Recovery password": "Numerical Password",
    "Startup key": "External Key",
    "Unknown (0x1000)": "Smart Card",
    "Clear key": "Clear Key (protection suspended)",
    "TPM": "TPM",
}

# cryptsetup's "VMK protected with ..." -> manage-bde's names
CRYPTSETUP_TYPES = {
    "passphrase": "Password",
    "recovery passphrase": "Numerical Password",
    "startup key": "External Key",
    "smart card": "Smart Card",
    "clear key": "Clear Key (protection suspended)",
    "TPM": "TPM",
}


def tool_output(args, needs=None):
    """The tool's output; NEEDS: text that shows it read the metadata (bdeinfo
    prints it, then exits 1 because it was given no key)."""
    if not shutil.which(args[0]):
        pytest.skip(f"{args[0]} not installed")
    res = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if needs and needs in res.stdout:
        return res.stdout
    if res.returncode != 0:
        pytest.skip(f"{args[0]} cannot read this image: {res.stderr.strip()[:100]}")
    return res.stdout


def brace(guid):
    return "{" + guid.upper() + "}"


@pytest.mark.parametrize("name", NAMES)
def test_agrees_with_bdeinfo(corpus, name):
    out = tool_output(["bdeinfo", str(corpus / f"{name}.img")], "Volume identifier")
    [vol] = info_json(corpus / f"{name}.img")

    def value(key):
        return re.search(rf"^\s*{key}\s*:\s*(.*)$", out, re.M).group(1).strip()

    assert brace(value("Volume identifier")) == vol["volume_id"]
    assert value("Description") == vol["description"]
    method = value("Encryption method").replace(" with Diffuser", "")
    assert vol["method"].startswith(method.replace("AES-CBC", "AES-CBC").split()[0])
    assert method.split()[1] in vol["method"]
    # "Jul 04, 2019 07:01:55.156235200 UTC" -> to the second
    when = datetime.strptime(value("Creation time").split(".")[0], "%b %d, %Y %H:%M:%S")
    assert when.strftime("%Y-%m-%d %H:%M:%S UTC") == vol["created"]
    ids = [brace(g) for g in re.findall(r"Identifier\s*:\s*(\S+)", out)]
    types = [BDEINFO_TYPES[t.strip()] for t in re.findall(r"Type\s*:\s*(.+)", out)]
    assert list(zip(ids, types)) == [(p["id"], p["type"]) for p in vol["protectors"]]


@pytest.mark.parametrize("name", NAMES)
def test_agrees_with_cryptsetup(corpus, name):
    out = tool_output(["cryptsetup", "bitlkDump", str(corpus / f"{name}.img")])
    [vol] = info_json(corpus / f"{name}.img")

    def value(key):
        return re.search(rf"^{key}:\s*(.*)$", out, re.M).group(1).strip()

    assert brace(value("GUID")) == vol["volume_id"]
    assert value("Description") == vol["description"]
    assert int(value("Sector size").split()[0]) == vol["sector_size"]
    assert ("To Go" in out.splitlines()[0]) == (vol["kind"] == "BitLocker To Go")
    bits = int(value("Cipher key").split()[0])
    mode = value("Cipher mode")
    ours = vol["method"]
    if mode == "xts-plain64":
        assert ours == f"AES-XTS {bits // 2}-bit"
    elif mode == "cbc-elephant":
        assert ours.startswith(f"AES-CBC {bits // 2}-bit")
    else:
        assert ours == f"AES-CBC {bits}-bit"
    created = datetime.strptime(value("Created"), "%a %b %d %H:%M:%S %Y")
    assert created.strftime("%Y-%m-%d %H:%M:%S UTC") == vol["created"]

    slots = re.findall(r"GUID:\s*(\S+)\s*\n\s*Protection:\s*VMK protected with (.+)", out)
    assert [(brace(g), CRYPTSETUP_TYPES[t.strip()]) for g, t in slots] == \
        [(p["id"], p["type"]) for p in vol["protectors"]]
    areas = [int(x) for x in re.findall(r"FVE metadata area\s*\n\s*Offset:\s*(\d+)", out)]
    assert areas == [c["offset"] for c in vol["metadata_copies"]]
    header = re.search(r"Volume header\s*\n\s*Offset:\s*(\d+).*\n\s*Size:\s*(\d+)", out)
    assert (int(header.group(1)), int(header.group(2))) == \
        (vol["header_offset"], vol["header_size"])
