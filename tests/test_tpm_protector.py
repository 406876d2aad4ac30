"""TPM 2.0 protectors' sealed keys (tpm/sealed.c) on the seven real blobs
Windows 10/11 made, through `bitrescue info` on a corpus image that carries
them as TPM protectors.

The blobs and the facts checked here are in ../shared/corpus/tpm2 (its
README.md: bitmap, pcrDigest, authPolicy and TPM+PIN for each, and two PCR
sets from Windows' own TPM command traces that reproduce a stored digest).
They are GPL data from public research and are never copied into this
repository: without them these tests are skipped.
"""
import hashlib
import shutil
import struct
import uuid

import pytest

from clihelp import EXIT_OK, info_json, run
from conftest import TOP
from test_corpus import add_protectors, brace, vmk_entry

TPM2 = TOP.parent / "shared" / "corpus" / "tpm2"

# ../shared/corpus/tpm2/README.md's table: bitmap, PCRs, pcrDigest, authPolicy
DIGEST_A = "1dd7e196ce6e18af93075b00e733ed0c02210bb0043cf02a37d78e737ea3e918"
POLICY_A = "7b8be11d1d6a3e46bc3d35d757665712c404642e6573e7ed1b82bdcfa0f6cf71"
DIGEST_B = "274cb5f1ba14fd461518bffc366a62123374e9b073d075c47fad2e18512a7cf3"
POLICY_B = "870475dd84278f361870bbfd32eeb69b1110c63d1528798c4f40cea99d9ba3d7"
BLOBS = {
    "win10-ovmf-swtpm-tpm-only": (0x815, [0, 2, 4, 11], DIGEST_A, POLICY_A),
    "win10-ovmf-swtpm-tpm-pin": (0x815, [0, 2, 4, 11], DIGEST_A, POLICY_A),
    "win11-laptop-sb-tpm-only": (0x880, [7, 11], DIGEST_B, POLICY_B),
    "win11-laptop-sb-tpm-pin": (0x880, [7, 11], DIGEST_B, POLICY_B),
    "win11-amd-ftpm-tpm-only": (
        0x815, [0, 2, 4, 11],
        "0f2c6573ff1674dd0d2656dcf35d9e2767832cfd8c888c1b467831dca850d5a4",
        "a832715f9b29f40e2b8e42797f813c565f1a6182de3987f42bb834586f5f8f4e"),
    "win10-sb-tpm-only": (
        0x880, [7, 11],
        "5ff59b8fb87c48dc436860eba270cca2224e7bb9f083edfe7891faede2b4de5a",
        "6fb5050c0a64e6ff2e0af18e9cd826408744b0f2084abca9c7cd7e7217deccf0"),
    "real-hw-sb-tpm-pin": (
        0x880, [7, 11],
        "2ed600a212ca19863a2557aadf7594238074b6c584b318e3ddb28870137efe4a",
        "d5388684deee4bc98bc045d1dfb683fd5451bc0326101560d23809f14bc16302"),
}

# README: PCR values that reproduce two stored digests (PCR 11 is all zeros
# when Windows' boot manager unseals)
PCR_SETS = {
    "win10-ovmf-swtpm-tpm-only": [
        "447311a35463f33203a60ad62d6faff813363a74e8f0f474d99a4bc9b3e6871c",
        "7283db88208a98a77b841934355d717e583235fa544a682bdaafb2232278ea36",
        "43b4abd851c1daf30009f6ac9fa72c73376facca26724d23a87cd9db8f7c5cef",
        "00" * 32],
    "real-hw-sb-tpm-pin": [
        "0d6f99cfb1b95917f1c402f6744429141d974f95b033c0962f3b88e95c68967d",
        "00" * 32],
}

TPM_ONLY, TPM_PIN = 0x0100, 0x0500
FILETIME = 132223104000000000      # 2020-01-01 00:00:00 UTC


def blob(name):
    path = TPM2 / f"{name}.bin"
    if not path.exists():
        pytest.skip(f"{path} absent: the real TPM 2.0 blobs are not part of "
                    "this repository (see tests/test_tpm_protector.py)")
    return path.read_bytes()


def protector_id(i):
    return uuid.UUID(f"7b2d0000-0000-4000-8000-{i:012d}")


def tpm_protector(i, ptype, value):
    prop = struct.pack("<HHHH", 8 + len(value), 0, 6, 1) + value
    return vmk_entry(protector_id(i).bytes_le, FILETIME, ptype, prop)


def image_with(corpus, tmp_path, protectors):
    """A copy of a corpus image with PROTECTORS [(type, value)] added; the
    protectors by ID from `info --json`, and the text `info` prints."""
    img = tmp_path / "tpm2.img"
    shutil.copy(corpus / "bitlk-aes-xts-128.img", img)
    add_protectors(img, b"".join(tpm_protector(i, t, v)
                                 for i, (t, v) in enumerate(protectors)))
    [vol] = info_json(img)
    text = run("info", img)
    assert text.returncode == EXIT_OK, text.stderr
    by_id = {p["id"]: p for p in vol["protectors"]}
    return [by_id[brace(str(protector_id(i)))] for i in range(len(protectors))], text.stdout


def test_pcr_sets_reproduce_stored_digests():
    """SHA-256 of the documented PCR values, in PCR order, is the stored
    pcrDigest: what the digest is, checked independently of our parser."""
    for name, pcrs in PCR_SETS.items():
        value = blob(name)
        digest = hashlib.sha256(b"".join(bytes.fromhex(p) for p in pcrs)).hexdigest()
        assert digest == BLOBS[name][2]
        assert bytes.fromhex(digest) in value


def test_real_blobs_parse_and_their_policy_checks_out(corpus, tmp_path):
    names = sorted(BLOBS)
    values = [blob(n) for n in names]
    types = [TPM_PIN if n.endswith("-pin") else TPM_ONLY for n in names]
    found, text = image_with(corpus, tmp_path, list(zip(types, values)))
    for name, p, ptype in zip(names, found, types):
        bitmap, pcrs, digest, policy = BLOBS[name]
        pin = ptype == TPM_PIN
        assert p["type"] == ("TPM And PIN" if pin else "TPM"), name
        assert p["pcr_profile"] == pcrs, name
        assert p["tpm"] == {
            "pin": pin, "startup_key": False, "policy_checks_out": True,
            "policy": "checks out", "problem": None,
            # TPM+PIN keys leave noDA clear: wrong PINs count toward lockout
            "counts_toward_lockout": pin,
            "object_attributes": 0x012 if pin else 0x412,
            "pcr_digest": digest, "auth_policy": policy}, name
        lines = (f"    {p['type']}:\n      ID: {p['id']}\n"
                 "      Created: 2020-01-01 00:00 UTC\n"
                 "      PCR Validation Profile:\n"
                 f"        {', '.join(map(str, pcrs))}\n"
                 f"      PIN: {'yes' if pin else 'no'}\n"
                 f"      Counts Toward TPM Lockout: {'yes' if pin else 'no'}\n"
                 "      Expected PCR Digest (SHA-256):\n"
                 f"        {digest.upper()}\n"
                 "      Policy: checks out\n")
        assert lines in text, name


def test_blobs_we_do_not_understand_are_said_so(corpus, tmp_path):
    """A real blob changed where the policy covers it, cut short, or under
    the other protector type: NOT UNDERSTOOD, with why, and no digest."""
    value = blob("win10-ovmf-swtpm-tpm-only")
    at = value.index(bytes.fromhex(DIGEST_A))
    policy_at = value.index(bytes.fromhex(POLICY_A))
    cases = [
        (TPM_ONLY, value[:at] + bytes([value[at] ^ 1]) + value[at + 1:],
         "authPolicy is not PolicyAuthValue, PolicyPCR", True),
        (TPM_ONLY, value[:policy_at] + bytes(32) + value[policy_at + 32:],
         "authPolicy is not PolicyAuthValue, PolicyPCR", True),
        (TPM_ONLY, value[:-1], "the PCR selection runs past the value", False),
        (TPM_ONLY, value + b"\0", "bytes follow the PCR selection", False),
        (TPM_ONLY, value[:100], "TPM2B_PRIVATE runs past the value", False),
        (TPM_PIN, value, "noDA disagrees with the protector type", True),
    ]
    found, text = image_with(corpus, tmp_path, [(t, v) for t, v, _, _ in cases])
    for (ptype, _, problem, read), p in zip(cases, found):
        tpm = p["tpm"]
        assert tpm["policy"] == "NOT UNDERSTOOD" and not tpm["policy_checks_out"]
        assert tpm["problem"] == problem
        assert tpm["pcr_digest"] is None
        assert tpm["pin"] == (ptype == TPM_PIN)
        # the attributes are facts once the structure is read
        assert (tpm["counts_toward_lockout"] is not None) == read
        assert p["pcr_profile"] == [0, 2, 4, 11]   # the bitmap still reads
        assert f"      Policy: NOT UNDERSTOOD ({problem})\n" in text
    assert "Expected PCR Digest" not in text
