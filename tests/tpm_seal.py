"""Seal a key in swtpm the way Windows' BitLocker does, with Debian's
tpm2-tools, between two boots of a test machine (tests/test_tpm_verdict.py):

  - the storage root key: RSA 2048 with AES-128 CFB, the TCG storage
    template (restricted, decrypt, fixedTPM, fixedParent, noDA, empty auth),
    made persistent at 0x81000001 unless a key is there already;
  - a policy from a trial session: TPM2_PolicyAuthValue, then TPM2_PolicyPCR
    over the given SHA-256 PCR values (not the TPM's own: its PCRs are those
    of a TPM without firmware while QEMU is off);
  - a KEYEDHASH object holding the secret, created under 0x81000001 with
    that authPolicy and attributes fixedTPM|fixedParent|noDA (0x412, a
    TPM-only protector: no userWithAuth, so only the policy opens it).

The result is the sealed object's TPM2B_PRIVATE and TPM2B_PUBLIC as
tpm2_create writes them, and the policy digest, checked against the one
computed here from the formula in ../shared/corpus/tpm2/README.md.
"""
import hashlib
import os
import pathlib
import socket
import struct
import subprocess
import time

SRK_HANDLE = 0x81000001
TPM_CC_POLICY_AUTH_VALUE = 0x16B
TPM_CC_POLICY_PCR = 0x17F
TPM_ALG_SHA256 = 0x000B


def pcr_select(pcrs):
    sel = bytearray(3)
    for p in pcrs:
        sel[p // 8] |= 1 << (p % 8)
    return bytes(sel)


def policy_digest(pcr_values):
    """authPolicy of PolicyAuthValue then PolicyPCR over PCR_VALUES
    {pcr: 32 bytes} (TPM 2.0 Part 3, 23.18 and 23.7)."""
    digest = hashlib.sha256(bytes(32) + struct.pack(">I", TPM_CC_POLICY_AUTH_VALUE)).digest()
    pcrs = sorted(pcr_values)
    selection = struct.pack(">IHB", 1, TPM_ALG_SHA256, 3) + pcr_select(pcrs)
    values = hashlib.sha256(b"".join(pcr_values[p] for p in pcrs)).digest()
    return hashlib.sha256(digest + struct.pack(">I", TPM_CC_POLICY_PCR) + selection +
                          values).digest()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Swtpm:
    """swtpm on TCP sockets over STATE (a directory), for tpm2-tools; the
    same state QEMU's swtpm uses, never both at once."""

    def __init__(self, state):
        self.state = pathlib.Path(state)
        self.proc = None

    def __enter__(self):
        self.state.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            # the swtpm TCTI finds the control channel on the next port
            self.port = _free_port()
            ctrl = self.port + 1
            self.proc = subprocess.Popen(
                ["swtpm", "socket", "--tpm2", "--tpmstate", f"dir={self.state}",
                 "--server", f"type=tcp,port={self.port},bindaddr=127.0.0.1",
                 "--ctrl", f"type=tcp,port={ctrl},bindaddr=127.0.0.1",
                 "--flags", "not-need-init,startup-clear"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE)
            if self._listening():
                self.env = dict(os.environ, TPM2TOOLS_TCTI=f"swtpm:host=127.0.0.1,port={self.port}")
                return self
            self._stop()
        raise RuntimeError("swtpm did not start: " + self.proc.stderr.read().decode())

    def _listening(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def _stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def __exit__(self, *exc):
        self._stop()
        return False

    def run(self, *args):
        r = subprocess.run([str(a) for a in args], env=self.env, capture_output=True,
                           timeout=120)
        if r.returncode:
            raise RuntimeError(f"{' '.join(map(str, args))}: {r.stderr.decode()}")
        return r.stdout.decode()

    def has_persistent(self, handle):
        out = self.run("tpm2_getcap", "handles-persistent")
        return f"0x{handle:X}" in out.upper().replace("0X", "0x")


def seal(state, pcr_values, secret, workdir):
    """Seal SECRET under 0x81000001 to PCR_VALUES {pcr: bytes} in the swtpm
    state directory STATE; returns (TPM2B_PRIVATE, TPM2B_PUBLIC, authPolicy)."""
    w = pathlib.Path(workdir)
    w.mkdir(parents=True, exist_ok=True)
    pcrs = sorted(pcr_values)
    (w / "pcrs.bin").write_bytes(b"".join(pcr_values[p] for p in pcrs))
    (w / "secret.bin").write_bytes(secret)
    with Swtpm(state) as tpm:
        if not tpm.has_persistent(SRK_HANDLE):
            tpm.run("tpm2_createprimary", "-C", "o", "-g", "sha256", "-G",
                    "rsa2048:null:aes128cfb", "-a",
                    "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|"
                    "restricted|decrypt", "-c", w / "srk.ctx")
            tpm.run("tpm2_evictcontrol", "-C", "o", "-c", w / "srk.ctx", f"0x{SRK_HANDLE:x}")
            # no resource manager between the tools and swtpm: what one
            # tool loads stays loaded until flushed
            tpm.run("tpm2_flushcontext", "-t")
        tpm.run("tpm2_startauthsession", "-S", w / "trial.ctx")
        tpm.run("tpm2_policyauthvalue", "-S", w / "trial.ctx")
        tpm.run("tpm2_policypcr", "-S", w / "trial.ctx", "-l",
                "sha256:" + ",".join(map(str, pcrs)), "-f", w / "pcrs.bin",
                "-L", w / "policy.bin")
        tpm.run("tpm2_flushcontext", w / "trial.ctx")
        tpm.run("tpm2_create", "-C", f"0x{SRK_HANDLE:x}", "-g", "sha256",
                "-a", "fixedtpm|fixedparent|noda", "-L", w / "policy.bin",
                "-i", w / "secret.bin", "-u", w / "seal.pub", "-r", w / "seal.priv")
        # the TPM takes it back (the boot manager's TPM2_Load)
        tpm.run("tpm2_load", "-C", f"0x{SRK_HANDLE:x}", "-u", w / "seal.pub",
                "-r", w / "seal.priv", "-c", w / "seal.ctx")
        tpm.run("tpm2_flushcontext", "-t")
    policy = (w / "policy.bin").read_bytes()
    if policy != policy_digest(pcr_values):
        raise RuntimeError("tpm2-tools' policy differs from PolicyAuthValue, PolicyPCR")
    return (w / "seal.priv").read_bytes(), (w / "seal.pub").read_bytes(), policy


def tpm_datum(pcr_values, private, public):
    """The TPM-encoded-key datum's value (type 0x0006) as Windows writes it:
    u32 PCR bitmap, TPM2B_PRIVATE, TPM2B_PUBLIC, TPM2B_DIGEST of the PCR
    values, the selection (sizeofSelect 3)."""
    pcrs = sorted(pcr_values)
    digest = hashlib.sha256(b"".join(pcr_values[p] for p in pcrs)).digest()
    return (struct.pack("<I", sum(1 << p for p in pcrs)) + private + public +
            struct.pack(">H", 32) + digest + b"\x03" + pcr_select(pcrs))
