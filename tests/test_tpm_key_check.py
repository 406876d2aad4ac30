"""The TPM's own part of the verdict (tpm/key_check.c through `tpm-tool verdict
--port`), against swtpm: a key sealed the way Windows seals it (tpm2-tools:
storage root key persistent at 0x81000001, a KEYEDHASH object under it
whose authPolicy is PolicyAuthValue then PolicyPCR), then a TPM without
that storage root key, another TPM with its own, and a TPM in lockout.
The commands sent are ReadPublic, Load (flushed again), GetCapability:
never Unseal.
"""
import shutil
import struct
import subprocess

import pytest

from test_tpm import run_swtpm, tpm2
from test_tpm_predict import (PROFILE_0_2_4_11, policy, verdict, log_bytes, this_start,
                              windows_start, stored_digest)
from test_tpm_predict import pki  # noqa: F401  (fixture)

PIN_ATTRIBUTES = "fixedtpm|fixedparent"
TPM_ONLY_ATTRIBUTES = "fixedtpm|fixedparent|noda"


def make_srk(port, tmp_path):
    ctx = str(tmp_path / f"srk-{port}.ctx")
    tpm2(port, "tpm2_createprimary", "-C", "o", "-g", "sha256", "-G", "rsa", "-c", ctx, "-Q")
    tpm2(port, "tpm2_evictcontrol", "-C", "o", "-c", ctx, "0x81000001", "-Q")
    tpm2(port, "tpm2_flushcontext", "-t")


def seal(port, tmp_path, profile, pcr_digest, pin):
    """A sealed key's datum value, its two parts made by the TPM at PORT."""
    select = profile.to_bytes(3, "little")
    (tmp_path / "policy.bin").write_bytes(policy(select, pcr_digest))
    (tmp_path / "secret.bin").write_bytes(b"volume master key stand-in")
    tpm2(port, "tpm2_create", "-C", "0x81000001", "-g", "sha256",
         "-a", PIN_ATTRIBUTES if pin else TPM_ONLY_ATTRIBUTES,
         "-L", str(tmp_path / "policy.bin"), "-i", str(tmp_path / "secret.bin"),
         "-u", str(tmp_path / "key.pub"), "-r", str(tmp_path / "key.priv"), "-Q")
    return (struct.pack("<I", profile) + (tmp_path / "key.priv").read_bytes()
            + (tmp_path / "key.pub").read_bytes() + struct.pack(">H", 32) + pcr_digest
            + bytes([3]) + select)


def check(tmp_path, port, blob, pki, *extra):
    manager = ["--boot-manager", pki["managers"]["Test Windows PCA 2011"], "--db", pki["db_path"]]
    line, fields = verdict(tmp_path, blob, log_bytes(this_start(pki)), *manager,
                           "--port", port, *extra)
    return line.split(": ", 1)[1], fields


@pytest.fixture
def tpms(tmp_path):
    if not shutil.which("tpm2_create"):
        pytest.fail("tpm2-tools missing: run scripts/setup")
    first = run_swtpm(tmp_path / "first")
    second = run_swtpm(tmp_path / "second")
    ports = (next(first), next(second))
    try:
        yield ports
    finally:
        for gen in (first, second):
            gen.close()


def test_sealed_key_checks(tmp_path, pki, tpms):
    here, other = tpms
    digest = stored_digest(windows_start(pki), PROFILE_0_2_4_11)
    make_srk(here, tmp_path)
    blob = seal(here, tmp_path, PROFILE_0_2_4_11, digest, pin=False)

    # the key loads under this TPM's storage root key: the PCRs decide
    said, fields = check(tmp_path, here, blob, pki)
    assert fields["sealed"] == ["checks", "out"]
    assert fields["srk"][0] == "yes" and fields["loads"][0] == "yes"
    assert fields["lockout"][:1] == ["no"]
    assert said == "would release"
    # Load left nothing behind (the key was flushed)
    assert "0x80" not in tpm2(here, "tpm2_getcap", "handles-transient")

    # a cleared TPM: no storage root key
    said, fields = check(tmp_path, other, blob, pki)
    assert fields["srk"] == ["no", "rc", "0x18b"]
    assert said == "will not release: the TPM was cleared or replaced (its storage root key is missing)"

    # another TPM with a storage root key of its own
    make_srk(other, tmp_path)
    said, fields = check(tmp_path, other, blob, pki)
    assert fields["srk"][0] == "yes" and fields["loads"][0] == "no", fields
    assert said == ("will not release: the TPM was cleared or replaced (it cannot load the "
                    "key: another TPM)")


def test_lockout_counts_for_pin_keys_only(tmp_path, pki, tpms):
    here, _ = tpms
    digest = stored_digest(windows_start(pki), PROFILE_0_2_4_11)
    make_srk(here, tmp_path)
    pin_blob = seal(here, tmp_path, PROFILE_0_2_4_11, digest, pin=True)
    tpm_only_blob = seal(here, tmp_path, PROFILE_0_2_4_11, digest, pin=False)
    # one wrong authorisation locks this TPM out
    tpm2(here, "tpm2_dictionarylockout", "-s", "-n", "1", "-t", "600", "-l", "600")
    (tmp_path / "s.bin").write_bytes(b"x")
    tpm2(here, "tpm2_create", "-C", "0x81000001", "-p", "right", "-i", str(tmp_path / "s.bin"),
         "-u", str(tmp_path / "o.pub"), "-r", str(tmp_path / "o.priv"), "-Q")
    tpm2(here, "tpm2_load", "-C", "0x81000001", "-u", str(tmp_path / "o.pub"),
         "-r", str(tmp_path / "o.priv"), "-c", str(tmp_path / "o.ctx"), "-Q")
    with pytest.raises(subprocess.CalledProcessError):
        tpm2(here, "tpm2_unseal", "-c", str(tmp_path / "o.ctx"), "-p", "wrong")
    tpm2(here, "tpm2_flushcontext", "-t")

    said, fields = check(tmp_path, here, pin_blob, pki, "--pin")
    assert fields["lockout"][0] == "yes" and fields["lockout"][2] == "1"
    assert said == "will not release: the TPM is locked out after wrong PINs"
    # a TPM-only key is noDA: the lockout does not stop it
    said, fields = check(tmp_path, here, tpm_only_blob, pki)
    assert fields["lockout"][0] == "yes"
    assert said == "would release"


def test_unseal_never_sent():
    """The TPM code has no TPM2_Unseal (0x15E) and no policy session of its own."""
    import pathlib
    root = pathlib.Path(__file__).resolve().parent.parent
    text = "".join(p.read_text() for p in (root / "tpm").glob("*.[ch]"))
    assert "0x0000015e" not in text.lower() and "0x15e" not in text.lower()
