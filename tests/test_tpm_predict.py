"""Would the TPM release the key on a normal start? (tpm/predict.c, tpm/judge.c,
through `tpm-tool verdict`.)

The oracle: two event logs built here from the same firmware events, as the
PC Client PFP and EDK2 lay them out. One is what Windows' own start would
log up to its unseal (the "Calling EFI Application" action and separators,
then the authority event of the db certificate that signed Windows Boot
Manager, and the boot manager's Authenticode hash); replaying it in Python
gives the PCR values, and their SHA-256 is the digest a sealed key made on
that start stores. The other is this start's log, booting something else
(this app) with whatever changed; the prediction must tell from it alone.
The boot manager is a real PE (systemd-boot) signed here by made-up CAs,
and db is a real EFI_SIGNATURE_LIST of them.
"""
import datetime
import hashlib
import shutil
import struct
import subprocess

import pytest

from conftest import BUILD
from test_tpm import (EV_EFI_ACTION, EV_EFI_BOOT_SERVICES_APPLICATION, EV_EFI_VARIABLE_BOOT,
                      EV_EFI_VARIABLE_DRIVER_CONFIG, EV_POST_CODE, EV_S_CRTM_VERSION,
                      EV_SEPARATOR, SHA1, SHA256, image_load, make_log, record,
                      replay_expected, run_tool, spec_id_header)

EV_EFI_BOOT_SERVICES_DRIVER = 0x80000004
EV_EFI_VARIABLE_AUTHORITY = 0x800000E0

GLOBAL_VARIABLE = bytes.fromhex("61dfe48bca93d211aa0d00e098032b8c")
IMAGE_SECURITY_DATABASE = bytes.fromhex("cbb219d73a3d9645a3bcdad00e67656f")
CERT_X509 = bytes.fromhex("a159c0a5e494a74a87b5ab155c2bf072")
MICROSOFT_OWNER = bytes.fromhex("bd9afa775903324dbd6028f4e78f784b")

CALLING = b"Calling EFI Application from Boot Option"
RETURNING = b"Returning from EFI Application from Boot Option"
PROFILE_0_2_4_11 = 0x815
PROFILE_7_11 = 0x880
BOOT_MANAGER_SOURCE = "/usr/lib/systemd/boot/efi/systemd-bootx64.efi"

WOULD = "would release"
FIRMWARE = "will not release: PCR 0, 2 or 4 (firmware, option ROMs or the boot manager changed)"
SECURE_BOOT = "will not release: PCR 7 (Secure Boot settings or certificates changed)"


# --- certificates, db, the boot manager ---------------------------------------------
def make_ca(name, tmp_path):
    """A self-signed CA certificate and its key (PEM files), and its DER."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Corporation"),
                         x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(len(name) * 1000 + 7)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    stem = tmp_path / name.replace(" ", "_")
    key_pem = stem.with_suffix(".key")
    cert_pem = stem.with_suffix(".crt")
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.TraditionalOpenSSL,
                                          serialization.NoEncryption()))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return {"key": key_pem, "cert": cert_pem,
            "der": cert.public_bytes(serialization.Encoding.DER)}


def signature_list(der, owner=MICROSOFT_OWNER):
    entry = owner + der
    return CERT_X509 + struct.pack("<III", 28 + len(entry), 0, len(entry)) + entry


def authority_event(der, owner=MICROSOFT_OWNER):
    """EV_EFI_VARIABLE_AUTHORITY's data: UEFI_VARIABLE_DATA of db and one entry."""
    entry = owner + der
    return (IMAGE_SECURITY_DATABASE + struct.pack("<QQ", 2, len(entry))
            + "db".encode("utf-16-le") + entry)


def variable(name, value, guid=GLOBAL_VARIABLE):
    return guid + struct.pack("<QQ", len(name), len(value)) + name.encode("utf-16-le") + value


def signed_boot_manager(ca, tmp_path, name="bootmgfw.efi"):
    out = tmp_path / name
    subprocess.run(["sbsign", "--key", str(ca["key"]), "--cert", str(ca["cert"]),
                    "--output", str(out), BOOT_MANAGER_SOURCE],
                   check=True, capture_output=True, timeout=60)
    return out


def authenticode(path):
    res = run_tool("pe-hash", path)
    assert res.returncode == 0, res.stdout
    return bytes.fromhex(res.stdout.split()[-1])


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """Three CAs in db: one for option ROMs and two for Windows (2011, 2023)."""
    if not shutil.which("sbsign"):
        pytest.fail("sbsign missing: scripts/setup installs sbsigntool")
    tmp = tmp_path_factory.mktemp("pki")
    cas = {n: make_ca(n, tmp) for n in ("Test UEFI CA 2011", "Test Windows PCA 2011",
                                       "Test Windows UEFI CA 2023")}
    db = b"".join(signature_list(c["der"]) for c in cas.values())
    (tmp / "db.bin").write_bytes(db)
    managers = {n: signed_boot_manager(cas[n], tmp, n.replace(" ", "_") + ".efi")
                for n in ("Test Windows PCA 2011", "Test Windows UEFI CA 2023")}
    return {"cas": cas, "db": db, "db_path": tmp / "db.bin", "managers": managers,
            "hashes": {n: authenticode(p) for n, p in managers.items()},
            "app": authenticode(BUILD / "bitrescue.efi")}


# --- starts -------------------------------------------------------------------------
def firmware_events(pki, secure_boot=True, firmware="1.0", db=None, option_rom=True):
    """What firmware logs before it starts a boot option (EDK2's order: PCR 7's
    separator before image verification, option ROMs verified by db)."""
    ev = [(0, EV_S_CRTM_VERSION, firmware.encode("utf-16-le") + b"\0\0"),
          (0, EV_POST_CODE, b"platform firmware"),
          (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable("SecureBoot", bytes([secure_boot]))),
          (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable("PK", b"pk")),
          (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable("KEK", b"kek")),
          (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable("db", db if db is not None else pki["db"],
                                                      IMAGE_SECURITY_DATABASE)),
          (7, EV_EFI_VARIABLE_DRIVER_CONFIG, variable("dbx", b"dbx", IMAGE_SECURITY_DATABASE)),
          (7, EV_SEPARATOR, bytes(4))]
    if option_rom:
        ev.append((2, EV_EFI_BOOT_SERVICES_DRIVER, image_load(1)))
        if secure_boot:
            ev.append((7, EV_EFI_VARIABLE_AUTHORITY,
                       authority_event(pki["cas"]["Test UEFI CA 2011"]["der"])))
    ev += [(1, EV_EFI_VARIABLE_BOOT, variable("BootOrder", b"\0\0\1\0")),
           (1, EV_EFI_VARIABLE_BOOT, variable("Boot0000", b"Windows Boot Manager"))]
    return ev


def ready_to_boot(calling=True):
    return ([(4, EV_EFI_ACTION, CALLING)] if calling else []) + [
        (p, EV_SEPARATOR, bytes(4)) for p in range(7)]


def windows_start(pki, ca="Test Windows PCA 2011", secure_boot=True, calling=True, **kw):
    """Windows' own start up to its unseal: the events and the digests they extend."""
    ev = firmware_events(pki, secure_boot=secure_boot, **kw) + ready_to_boot(calling)
    if secure_boot:
        ev.append((7, EV_EFI_VARIABLE_AUTHORITY, authority_event(pki["cas"][ca]["der"])))
    ev.append((4, EV_EFI_BOOT_SERVICES_APPLICATION, image_load(2),
               pki["hashes"][ca]))
    return ev


def this_start(pki, secure_boot=True, attempts=0, calling=True, **kw):
    """This app's start: another boot application (verified by another CA),
    after ATTEMPTS failed boot options; then what it measures itself."""
    ev = firmware_events(pki, secure_boot=secure_boot, **kw) + ready_to_boot(calling)
    for _ in range(attempts):
        ev += [(4, EV_EFI_ACTION, RETURNING), (4, EV_EFI_ACTION, CALLING)]
    if secure_boot:
        ev.append((7, EV_EFI_VARIABLE_AUTHORITY,
                   authority_event(pki["cas"]["Test Windows UEFI CA 2023"]["der"])))
    ev += [(4, EV_EFI_BOOT_SERVICES_APPLICATION, image_load(3), pki["app"]),
           (4, EV_EFI_BOOT_SERVICES_APPLICATION, image_load(4)),
           (8, EV_POST_CODE, b"grub"), (5, EV_EFI_ACTION, b"Exit Boot Services Invocation")]
    return ev


def digests_of(algs, event):
    """record()'s digests: the event's own for an image, else the data's hash."""
    pcr, etype, data = event[:3]
    if len(event) == 4:
        return {a: event[3] if a == SHA256 else hashlib.sha1(event[3]).digest() for a in algs}
    return None


def log_bytes(events, algs=(SHA1, SHA256)):
    algs = list(algs)
    return spec_id_header(algs) + b"".join(
        record(algs, e[0], e[1], e[2], digests_of(algs, e)) for e in events)


def replay(events):
    """SHA-256 PCR values after EVENTS (an image's digest is its Authenticode hash)."""
    pcrs = [bytes(32)] * 24
    for e in events:
        d = e[3] if len(e) == 4 else hashlib.sha256(e[2]).digest()
        pcrs[e[0]] = hashlib.sha256(pcrs[e[0]] + d).digest()
    pcrs[11] = bytes(32)
    return pcrs


def stored_digest(events, profile):
    pcrs = replay(events)
    return hashlib.sha256(b"".join(pcrs[p] for p in range(24) if profile >> p & 1)).digest()


# --- sealed keys ----------------------------------------------------------------------
def policy(select, pcr_digest, bank=SHA256):
    d = hashlib.sha256(bytes(32) + struct.pack(">I", 0x16B)).digest()
    return hashlib.sha256(d + struct.pack(">IIHB", 0x17F, 1, bank, 3) + select
                          + pcr_digest).digest()


def sealed_blob(profile, pcr_digest, pin=False, bank=SHA256):
    """The TPM-encoded key datum's value, laid out as Windows writes it."""
    select = profile.to_bytes(3, "little")
    public = (struct.pack(">HHI", 0x0008, SHA256, 0x012 if pin else 0x412)
              + struct.pack(">H", 32) + policy(select, pcr_digest, bank)
              + struct.pack(">H", 0x0010) + struct.pack(">H", 32) + bytes(range(32)))
    private = bytes(range(0xde))
    return (struct.pack("<I", profile) + struct.pack(">H", len(private)) + private
            + struct.pack(">H", len(public)) + public + struct.pack(">H", 32) + pcr_digest
            + bytes([3]) + select)


def verdict(tmp_path, blob, log, *args):
    (tmp_path / "blob.bin").write_bytes(blob)
    (tmp_path / "log.bin").write_bytes(log)
    res = run_tool("verdict", tmp_path / "blob.bin", tmp_path / "log.bin", *map(str, args))
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    fields = {ln.split()[0]: ln.split()[1:] for ln in lines[:-1]}
    return lines[-1], fields


def judge(tmp_path, pki, windows, live, profile, manager="Test Windows PCA 2011", *args):
    blob = sealed_blob(profile, stored_digest(windows, profile))
    extra = ["--db", pki["db_path"]]
    if manager:
        extra += ["--boot-manager", pki["managers"][manager]]
    line, fields = verdict(tmp_path, blob, log_bytes(live), *extra, *args)
    pcrs = ", ".join(str(p) for p in range(24) if profile >> p & 1)
    assert line.startswith(f"TPM verdict (PCRs {pcrs}): "), line
    return line.split(": ", 1)[1], fields


BOTH = [PROFILE_0_2_4_11, PROFILE_7_11]


# --- would release ----------------------------------------------------------------------
@pytest.mark.parametrize("profile", BOTH, ids=["0,2,4,11", "7,11"])
def test_normal_start_would_release(tmp_path, pki, profile):
    said, fields = judge(tmp_path, pki, windows_start(pki), this_start(pki), profile)
    assert said == WOULD
    assert fields["predicted"] == fields["stored"]
    if profile == PROFILE_7_11:       # the PCA 2011 entry, named by the signature
        assert fields["secure-boot"][fields["secure-boot"].index("candidate") + 1] == "1"


@pytest.mark.parametrize("profile", BOTH, ids=["0,2,4,11", "7,11"])
def test_firmware_without_calling_action(tmp_path, pki, profile):
    """Firmware that logs no "Calling EFI Application" action: PCR 4's
    separator marks where it starts its boot options."""
    said, _ = judge(tmp_path, pki, windows_start(pki, calling=False),
                    this_start(pki, calling=False), profile)
    assert said == WOULD


def test_certificate_logged_once(tmp_path, pki):
    """The boot manager's CA already verified an option ROM: firmware does not
    log it again, so the prediction must not add it."""
    windows = windows_start(pki)
    for i, e in enumerate(windows):
        if e[1] == EV_EFI_VARIABLE_AUTHORITY and i > 10:
            del windows[i]            # Windows' own authority event: not logged twice
            break
    for i, e in enumerate(windows):
        if e[1] == EV_EFI_VARIABLE_AUTHORITY:
            windows[i] = (7, e[1], authority_event(pki["cas"]["Test Windows PCA 2011"]["der"]))
    live = [(7, e[1], authority_event(pki["cas"]["Test Windows PCA 2011"]["der"]))
            if e[1] == EV_EFI_VARIABLE_AUTHORITY and i < 12 else e
            for i, e in enumerate(this_start(pki))]
    said, _ = judge(tmp_path, pki, windows, live, PROFILE_7_11)
    assert said == WOULD


def test_secure_boot_off_both_ways(tmp_path, pki):
    """Sealed and started with Secure Boot off: no authority events at all."""
    said, _ = judge(tmp_path, pki, windows_start(pki, secure_boot=False),
                    this_start(pki, secure_boot=False), PROFILE_0_2_4_11)
    assert said == WOULD


# --- will not release: named causes -------------------------------------------------
@pytest.mark.parametrize("profile,expected", [(PROFILE_0_2_4_11, FIRMWARE),
                                              (PROFILE_7_11, WOULD)], ids=["0,2,4,11", "7,11"])
def test_firmware_update(tmp_path, pki, profile, expected):
    said, _ = judge(tmp_path, pki, windows_start(pki, firmware="1.0"),
                    this_start(pki, firmware="1.1"), profile)
    assert said == expected


def test_failed_boot_attempt_before_windows(tmp_path, pki):
    windows, live = windows_start(pki), this_start(pki, attempts=1)
    said, fields = judge(tmp_path, pki, windows, live, PROFILE_0_2_4_11, "Test Windows PCA 2011",
                         "--windows-first", "0")
    assert said == ("will not release: PCR 4 (a failed network or CD/USB boot attempt "
                    "before Windows)")
    assert fields["secure-boot"][2] == "2"              # attempts: Returning + Calling
    # Windows Boot Manager first in BootOrder: this start's detour does not last
    said, fields = judge(tmp_path, pki, windows, live, PROFILE_0_2_4_11, "Test Windows PCA 2011",
                         "--windows-first", "1")
    assert said == WOULD and fields["secure-boot"][-1] == "1"
    # PCR 7 never sees it
    said, _ = judge(tmp_path, pki, windows, live, PROFILE_7_11)
    assert said == WOULD


def test_boot_manager_signed_by_other_ca(tmp_path, pki):
    """Sealed when the 2023-signed boot manager started; the one on disk now is
    the PCA 2011 one."""
    said, _ = judge(tmp_path, pki, windows_start(pki, ca="Test Windows UEFI CA 2023"),
                    this_start(pki), PROFILE_7_11, "Test Windows PCA 2011")
    assert said == ("will not release: PCR 7 (Windows Boot Manager is signed through "
                    "another certificate, such as the 2023 CA instead of PCA 2011)")


def test_secure_boot_switched(tmp_path, pki):
    said, _ = judge(tmp_path, pki, windows_start(pki, secure_boot=True),
                    this_start(pki, secure_boot=False), PROFILE_7_11)
    assert said == "will not release: PCR 7 (Secure Boot was switched off)"
    said, _ = judge(tmp_path, pki, windows_start(pki, secure_boot=False),
                    this_start(pki, secure_boot=True), PROFILE_7_11)
    assert said == "will not release: PCR 7 (Secure Boot was switched on)"
    # PCRs 0, 2, 4 do not see Secure Boot's state
    said, _ = judge(tmp_path, pki, windows_start(pki, secure_boot=True),
                    this_start(pki, secure_boot=False, option_rom=True), PROFILE_0_2_4_11)
    assert said == WOULD


def test_db_changed(tmp_path, pki):
    """A certificate enrolled in db: PCR 7, no named cause."""
    new_db = pki["db"] + signature_list(make_ca("Extra CA", tmp_path)["der"])
    said, _ = judge(tmp_path, pki, windows_start(pki), this_start(pki, db=new_db), PROFILE_7_11)
    assert said == SECURE_BOOT


# --- cannot tell ------------------------------------------------------------------------------
def test_cannot_tell(tmp_path, pki):
    windows = windows_start(pki)
    blob = sealed_blob(PROFILE_0_2_4_11, stored_digest(windows, PROFILE_0_2_4_11))
    manager = ["--boot-manager", pki["managers"]["Test Windows PCA 2011"], "--db", pki["db_path"]]

    line, _ = verdict(tmp_path, blob, b"", *manager)
    assert line.endswith("cannot tell: no event log")
    line, _ = verdict(tmp_path, blob, log_bytes(this_start(pki), algs=[SHA1]), *manager)
    assert line.endswith("cannot tell: the event log has no SHA-256 bank (SHA-1 only)")
    line, _ = verdict(tmp_path, blob, log_bytes(this_start(pki)), "--db", pki["db_path"])
    assert line.endswith("cannot tell: no Windows Boot Manager found")
    line, _ = verdict(tmp_path, blob, log_bytes(firmware_events(pki)), *manager)
    assert line.endswith("cannot tell: the event log shows no boot application")
    line, _ = verdict(tmp_path, blob, log_bytes(this_start(pki)), *manager, "--truncated")
    assert line.endswith("cannot tell: the event log is damaged or incomplete")
    line, _ = verdict(tmp_path, sealed_blob(0x980, bytes(32)), log_bytes(this_start(pki)),
                      *manager)
    assert line == ("TPM verdict (PCRs 7, 8, 11): cannot tell: the profile holds a PCR "
                    "this tool does not predict")
    # a key sealed to the SHA-1 bank's PCRs: read, its PCRs not predicted
    line, fields = verdict(tmp_path, sealed_blob(PROFILE_0_2_4_11, bytes(32), bank=SHA1),
                           log_bytes(this_start(pki)), *manager)
    assert fields["sealed"] == ["policy", "over", "the", "SHA-1", "PCR", "bank"]
    assert line.endswith("cannot tell: the key is sealed to the SHA-1 PCR bank, which this "
                         "tool does not predict")
    # Secure Boot on, PCR 7 bound, and db not readable
    line, _ = verdict(tmp_path, sealed_blob(PROFILE_7_11, bytes(32)),
                      log_bytes(this_start(pki)), "--boot-manager",
                      pki["managers"]["Test Windows PCA 2011"])
    assert line.endswith("cannot tell: the Secure Boot db cannot be read")


def test_corrupt_blobs_not_understood(tmp_path, pki):
    """Every length field off by one either way: not understood, never a guess."""
    windows = windows_start(pki)
    blob = bytearray(sealed_blob(PROFILE_0_2_4_11, stored_digest(windows, PROFILE_0_2_4_11)))
    log = log_bytes(this_start(pki))
    private_at, public_at = 4, 4 + 2 + 0xde
    fields = [private_at, public_at, public_at + 2 + 8, public_at + 2 + 44,
              public_at + 2 + 0x4e, len(blob) - 4]
    manager = ["--boot-manager", pki["managers"]["Test Windows PCA 2011"]]
    for at in fields:
        for delta in (1, -1):
            bad = bytearray(blob)
            if at == len(blob) - 4:
                bad[at] = (bad[at] + delta) & 0xff                  # sizeofSelect: u8
            else:
                struct.pack_into(">H", bad, at, (struct.unpack_from(">H", bad, at)[0] + delta)
                                 & 0xffff)
            line, _ = verdict(tmp_path, bytes(bad), log, *manager)
            assert line.endswith("cannot tell: the sealed key is not understood"), (at, delta)
    for cut in range(0, len(blob), 7):
        line, _ = verdict(tmp_path, bytes(blob[:cut]), log, *manager)
        assert line.endswith("cannot tell: the sealed key is not understood"), cut
    # and the intact one is understood and would release
    line, _ = verdict(tmp_path, bytes(blob), log, *manager)
    assert line.endswith(WOULD)


# --- the final events table -------------------------------------------------------------
def test_final_events_continue_a_truncated_log(tmp_path, pki):
    """The main log ran out of room before the boot application; the final
    events table repeats its last two events and carries on. The prediction
    walks both, each event once."""
    windows = windows_start(pki)
    live = this_start(pki)
    algs = [SHA1, SHA256]
    records = [record(algs, e[0], e[1], e[2], digests_of(algs, e)) for e in live]
    cut = len(live) - 8                 # PCR 2's and 3's separators end the main log
    main = spec_id_header(algs) + b"".join(records[:cut])
    table_records = records[cut - 2:]
    table = struct.pack("<QQ", 1, len(table_records)) + b"".join(table_records)
    (tmp_path / "final.bin").write_bytes(table)
    blob = sealed_blob(PROFILE_0_2_4_11, stored_digest(windows, PROFILE_0_2_4_11))
    manager = ["--boot-manager", pki["managers"]["Test Windows PCA 2011"], "--db", pki["db_path"]]
    line, fields = verdict(tmp_path, blob, main, *manager, "--final", tmp_path / "final.bin",
                           "--truncated")
    assert line.endswith(WOULD)
    assert fields["final"][-1] == "8"   # the two repeated separators not again
    # without the table, the truncated log cannot tell
    line, _ = verdict(tmp_path, blob, main, *manager, "--truncated")
    assert line.endswith("cannot tell: the event log is damaged or incomplete")
    # a table that starts where the main log stops (older EDK2 wrote late
    # events there only)
    table = struct.pack("<QQ", 1, len(records[cut:])) + b"".join(records[cut:])
    (tmp_path / "final.bin").write_bytes(table)
    line, fields = verdict(tmp_path, blob, main, *manager, "--final", tmp_path / "final.bin")
    assert line.endswith(WOULD) and fields["final"][-1] == "8"
    # the repeated events replayed twice make another PCR 2: the check can fail
    doubled = spec_id_header(algs) + b"".join(records[:cut] + records[cut - 2:])
    line, _ = verdict(tmp_path, blob, doubled, *manager)
    assert line.endswith(FIRMWARE)
