"""Will the TPM release the key on a normal start? End to end, with an
honest oracle (issue 11): a real key sealed by the TPM of the very machine
bitrescue then boots on, to the PCR values that machine's Windows Boot
Manager really starts with.

One machine, kept across power cycles (its disks, OVMF variable store and
swtpm state live in files): OVMF with Secure Boot enforcing (the snakeoil
keys), swtpm (TPM 2.0), a virtio disk laid out as Windows lays it out (an
ESP, two BitLocker volumes), bitrescue's USB stick on xHCI and a NIC
without an option ROM, the same hardware in every boot.

1. The sealing boot. The ESP's \\EFI\\Microsoft\\Boot\\bootmgfw.efi is
   build/tpm-probe.efi, signed with the snakeoil db key and started by the
   firmware as the boot option "Windows Boot Manager" (HD() short form, first
   in BootOrder, as Windows writes it): it reports the PCRs as they are when
   it starts (on QEMU's debug console, which loses no byte) and powers off.
2. With swtpm's state and those PCR values, tests/tpm_seal.py seals a key as
   Windows does (storage root key 0x81000001, KEYEDHASH object with
   PolicyAuthValue, PolicyPCR) for two profiles, 0,2,4,11 and 7,11 (PCR 11
   zero), and the two BitLocker volumes get TPM protectors holding them
   (tests/synth.py).
3. Power-cycled copies of that machine then boot bitrescue from the stick
   (BootNext, the one-time boot menu's way: the first boot application of
   the boot is the stick's, PCR 4 keeps the firmware's own events) after
   one change at a time, two machines at a time. bitrescue's verdict on
   each volume is read on the serial console and in its report.
4. The oracle: each changed machine also boots as Windows would, and the
   probe asks the TPM itself (tests/tools/policy_check_efi.c: TPM2_Load,
   PolicyAuthValue, PolicyPCR with the stored digest, PolicyGetDigest
   against authPolicy; never Unseal) whether it would release each key. The
   expected verdicts below must agree with the TPM, and bitrescue with both.
5. The earlier starts (efi/tpm_history.c): after one change (a db
   certificate enrolled), a Windows volume on a second disk, whose NTFS keeps
   the sealing boot's event log among Windows' MeasuredBoot logs, is unlocked
   by typing its recovery password; the app must name that log and list what
   changed since, as the host-tested tool does with the same logs. Another
   boot unlocks it by --recovery-password: the console must say the same.
"""
import concurrent.futures
import hashlib
import os
import re
import shutil
import struct
import subprocess
import time
import uuid

import pytest

import ntfs_build
import ovmf_vars
import qemu
import synth
import tpm_seal

# Every test here shares the module's boots: one worker runs them all
# (make check's --dist loadgroup), or each worker would boot them again.
pytestmark = pytest.mark.xdist_group("tpm-verdict-machine")

PROBE = qemu.BUILD / "tpm-probe.efi"
WINDOWS_BOOT_MANAGER = 0x0080
BITRESCUE_STICK = 0x0081
BOOTMGFW = "EFI/Microsoft/Boot/bootmgfw.efi"
PROFILES = {"0,2,4,11": [0, 2, 4, 11], "7,11": [7, 11]}
PROTECTOR_IDS = {name: uuid.UUID(f"7b2d0e2e-0000-4000-8000-00000000000{i}")
                 for i, name in enumerate(PROFILES)}
# what each boot may take under TCG, at most
BOOT_TIMEOUT = 240

QEMU_SECONDS = []          # (boot, seconds): the QEMU time, reported


def gpt_partitions(image):
    """[(unique GUID, first LBA, sectors)] of the GPT disk IMAGE."""
    with open(image, "rb") as f:
        f.seek(2 * qemu.SECTOR)
        table = f.read(128 * 128)
    out = []
    for i in range(128):
        e = table[i * 128:(i + 1) * 128]
        if e[:16] == bytes(16):
            break
        first, last = struct.unpack_from("<QQ", e, 32)
        out.append((uuid.UUID(bytes_le=e[16:32]), first, last - first + 1))
    return out


def boot_option(description, image, number, path):
    guid, first, sectors = gpt_partitions(image)[number - 1]
    return ovmf_vars.load_option(description, ovmf_vars.hd_node(number, first, sectors, guid) +
                                 ovmf_vars.file_node(path) + ovmf_vars.END_NODE)


def machine(name, state, extra_disks=()):
    """The machine whose files are in STATE (a directory)."""
    return qemu.Machine(
        name, boot_disk=qemu.Disk(state / "windows.img", writable=True),
        disks=[qemu.Disk(state / "stick.img", writable=True, bus="usb"), *extra_disks],
        bootindex=False, vars_file=state / "vars.fd", tpm=True,
        tpm_state=state / "tpm", secure_boot_firmware=True,
        reboot=False, memory=256,
        extra_args=["-debugcon", f"file:{state / 'debugcon.txt'}",
                    "-netdev", f"user,id=net0,tftp={state / 'tftp'},bootfile=missing.efi",
                    "-device", "virtio-net-pci,netdev=net0,romfile="])


def timed(name, vm):
    QEMU_SECONDS.append((name, vm.elapsed()))


def build_machine(state):
    """A new machine's disks and variable store in STATE."""
    state.mkdir(parents=True)
    (state / "tftp").mkdir()
    probe = qemu.sign_with_snakeoil(PROBE, state / "probe-signed.efi")
    app = qemu.sign_with_snakeoil(qemu.APP, state / "app-signed.efi")

    esp = state / "esp.part"
    qemu.make_esp(esp, {BOOTMGFW: probe.read_bytes()})
    volumes = []
    for name in PROFILES:
        volumes.append((qemu.BASIC_DATA_TYPE, f"Windows {name}", state / f"{name}.part"))
        with open(volumes[-1][2], "wb") as f:
            f.truncate(synth.SIZE)
    firsts = qemu.write_gpt_disk(state / "windows.img",
                                 [(qemu.ESP_TYPE, "EFI system partition", esp)] + volumes)
    for p in [esp] + [v[2] for v in volumes]:
        p.unlink()

    subprocess.run([str(qemu.TOP / "scripts" / "mkusb"), "--app", str(app),
                    "--cert", str(state / "app-signed.cer"), "--out",
                    str(state / "stick.img")], check=True, capture_output=True, timeout=120)
    (state / "options.txt").write_text("--report\n")
    subprocess.run(["mcopy", "-i", f"{state / 'stick.img'}@@{qemu.MIB}",
                    str(state / "options.txt"), "::/EFI/bitrescue/options.txt"],
                   check=True, capture_output=True, timeout=30)

    shutil.copyfile(qemu.OVMF_VARS_SNAKEOIL, state / "vars.fd")
    store = ovmf_vars.VarStore(state / "vars.fd")
    store.set(f"Boot{WINDOWS_BOOT_MANAGER:04X}", boot_option(
        "Windows Boot Manager", state / "windows.img", 1, "/" + BOOTMGFW))
    store.set(f"Boot{BITRESCUE_STICK:04X}", boot_option(
        "bitrescue", state / "stick.img", 1, "/EFI/BOOT/BOOTX64.EFI"))
    ovmf_vars.set_boot_order(store, [WINDOWS_BOOT_MANAGER])
    store.save()
    return dict(zip(PROFILES, firsts[1:]))


def sealed_file(profile):
    return profile.replace(",", "_") + ".bin"


def probe_pcrs(text):
    """{pcr: bytes} of the SHA-256 bank in the probe's report."""
    return {int(m.group(1)): bytes.fromhex(m.group(2))
            for m in re.finditer(r"^pcr sha256 (\d+) ([0-9a-f]{64})$", text, re.M)}


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    """The machine after its sealing boot, the keys sealed: its state
    directory, the PCRs Windows Boot Manager started with, the protectors."""
    for tool in (PROBE, qemu.APP):
        if not tool.exists():
            pytest.fail(f"{tool} missing: run make")
    state = tmp_path_factory.mktemp("tpm-verdict") / "sealed"
    volume_at = build_machine(state)

    with machine("tpm-verdict-seal", state) as vm:
        vm.expect(r'BdsDxe: starting Boot0080 "Windows Boot Manager"', BOOT_TIMEOUT)
        vm.expect(r"tpm-probe done", BOOT_TIMEOUT)
        timed("sealing boot", vm)
    report = (state / "debugcon.txt").read_text(errors="replace")
    pcrs = probe_pcrs(report)
    assert sorted(pcrs) == list(range(24)), report[-2000:]
    # the log of this start, as Windows keeps it in \Windows\Logs\MeasuredBoot
    assert re.search(r"^log length \d+ truncated 0 error success$", report, re.M), report[-2000:]
    log = bytes.fromhex("".join(re.findall(r"^log-hex ([0-9a-f]+)$", report, re.M)))

    protectors = {}
    for name, selection in PROFILES.items():
        values = {p: pcrs[p] for p in selection if p != 11}
        values[11] = bytes(32)      # Windows' boot manager unseals before it extends 11
        unsealed_key = os.urandom(32)
        private, public, policy = tpm_seal.seal(
            state / "tpm", values, synth.key_payload(0x2000, unsealed_key),
            state / f"seal-{name}")
        datum = tpm_seal.tpm_datum(values, private, public)
        disk, _, _ = synth.build("win7", tpm=[(PROTECTOR_IDS[name].bytes_le, datum,
                                               unsealed_key)])
        with open(state / "windows.img", "r+b") as f:
            f.seek(volume_at[name] * qemu.SECTOR)
            f.write(disk)
        protectors[name] = {"values": values, "policy": policy, "datum": datum}
        # for the probe's own check (tests/tools/policy_check_efi.c)
        (state / f"{name}.bin").write_bytes(datum)
    esp = f"{state / 'windows.img'}@@{qemu.MIB}"
    subprocess.run(["mmd", "-i", esp, "::/EFI/Microsoft/Boot/sealed"], check=True,
                   capture_output=True, timeout=30)
    for name in PROFILES:
        subprocess.run(["mcopy", "-i", esp, str(state / f"{name}.bin"),
                        f"::/EFI/Microsoft/Boot/sealed/{sealed_file(name)}"],
                       check=True, capture_output=True, timeout=30)
    (state / "debugcon.txt").unlink()
    return {"state": state, "pcrs": pcrs, "protectors": protectors, "log": log}



# --- one change at a time ------------------------------------------------------

def enroll_db_certificate(state, store):
    """A second certificate in db, as an administrator enrolls one (its
    owner a new GUID): PCR 7 measures db, PCRs 0, 2 and 4 do not."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-subj", "/CN=bitrescue test db entry", "-days", "3650",
                    "-keyout", str(state / "extra-db.key"), "-outform", "DER",
                    "-out", str(state / "extra-db.cer")],
                   check=True, capture_output=True, timeout=60)
    db = store.get("db", ovmf_vars.IMAGE_SECURITY)
    store.set("db", db + ovmf_vars.signature_list_x509(
        uuid.uuid4(), (state / "extra-db.cer").read_bytes()),
        ovmf_vars.IMAGE_SECURITY, attributes=0x27)


def switch_secure_boot_off(state, store):
    """What OVMF's Secure Boot configuration screen does: the keys stay."""
    store.set("SecureBootEnable", b"\0", ovmf_vars.SECURE_BOOT_ENABLE, attributes=0x3)


def network_boot_first(state, store):
    """The firmware's own PXE option for the NIC first in BootOrder: it
    fails (TFTP has no such file), then the next option starts."""
    [pxe] = [n for n, d in ovmf_vars.boot_options(store).items()
             if d.startswith("UEFI PXEv4")]
    ovmf_vars.set_boot_order(store, [pxe] + ovmf_vars.boot_order(store))


def fresh_tpm(state, store):
    """Another TPM (or this one cleared): swtpm with a new state."""
    shutil.rmtree(state / "tpm")
    (state / "tpm").mkdir()


WOULD = "would release"
# scenario: (change, {profile: expected verdict}, {profile: the TPM would release})
SCENARIOS = {
    "unchanged": (None, {"0,2,4,11": WOULD, "7,11": WOULD}),
    "db-enrolled": (enroll_db_certificate, {
        "0,2,4,11": WOULD,
        "7,11": "will not release: PCR 7 (Secure Boot settings or certificates changed)"}),
    "secure-boot-off": (switch_secure_boot_off, {
        "0,2,4,11": WOULD,
        "7,11": "will not release: PCR 7 (Secure Boot was switched off)"}),
    "network-first": (network_boot_first, {
        "0,2,4,11": "will not release: PCR 4 (a failed network or CD/USB boot attempt "
                    "before Windows)",
        "7,11": WOULD}),
    "tpm-replaced": (fresh_tpm, {
        p: "will not release: the TPM was cleared or replaced (its storage root key "
           "is missing)" for p in PROFILES}),
}
# Scenarios whose oracle boot is left out, to save a boot: a TPM without
# any persistent key loads nothing (TPM_RC_HANDLE, seen once).
NO_ORACLE = {"tpm-replaced"}
VERDICT_LINE = re.compile(r"TPM verdict \(PCRs ([0-9, ]+)\): (would release|"
                          r"will not release: .*|cannot tell: .*)")


def changed_machine(sealed, name, start, workdir):
    """A copy of the sealed machine after scenario NAME's change, set to
    start the boot option START next (BootNext, or right after the network
    option when that is first)."""
    state = workdir / f"{name}-{start:04x}"
    subprocess.run(["cp", "-a", "--sparse=always", str(sealed["state"]), str(state)],
                   check=True, timeout=120)
    store = ovmf_vars.VarStore(state / "vars.fd")
    change = SCENARIOS[name][0]
    if change:
        change(state, store)
    order = ovmf_vars.boot_order(store)
    if order[0] in (WINDOWS_BOOT_MANAGER, BITRESCUE_STICK):
        if start != order[0]:
            store.set("BootNext", struct.pack("<H", start))
    else:       # the network first, then START
        ovmf_vars.set_boot_order(store, [order[0], start] +
                                 [n for n in order[1:] if n != start])
    store.save()
    return state


def boot_bitrescue(sealed, name, workdir):
    """(serial console text, report text, QEMU seconds)."""
    state = changed_machine(sealed, name, BITRESCUE_STICK, workdir)
    with machine(f"tpm-verdict-{name}", state) as vm:
        vm.expect(r'BdsDxe: starting Boot0081 "bitrescue"', BOOT_TIMEOUT)
        vm.expect(r"report: report saved as \\bitrescue\\report.txt", BOOT_TIMEOUT)
        vm.expect(r"bitrescue: exit\n", 60)
        seconds = vm.elapsed()
        text = vm.text()
    report = subprocess.run(["mcopy", "-n", "-i", f"{state / 'stick.img'}@@{qemu.MIB}",
                             "::/bitrescue/report.txt", "-"],
                            capture_output=True, check=True, timeout=30).stdout
    return text, report.decode("ascii"), seconds


def boot_windows(sealed, name, workdir):
    """The changed machine started as Windows would be: the probe's lines
    (its debug console) and the QEMU seconds."""
    state = changed_machine(sealed, name, WINDOWS_BOOT_MANAGER, workdir)
    with machine(f"tpm-verdict-{name}-windows", state) as vm:
        vm.expect(r'BdsDxe: starting Boot0080 "Windows Boot Manager"', BOOT_TIMEOUT)
        vm.expect(r"tpm-probe done", BOOT_TIMEOUT)
        seconds = vm.elapsed()
    return (state / "debugcon.txt").read_text(errors="replace"), seconds


def tpm_answers(probe_text):
    """{profile: would the TPM release it} from the probe's "sealed" lines."""
    out = {}
    for name in PROFILES:
        m = re.search(rf"^sealed {re.escape(sealed_file(name))} load (\S+) policy-pcr (\S+) "
                      r"policy-digest (\S+) unseal (yes|no)$", probe_text, re.M | re.I)
        assert m, f"no TPM answer for {name}: {probe_text[-1500:]}"
        out[name] = m.group(4) == "yes"
    return out


# --- the earlier start the key was sealed to (efi/tpm_history.c) --------------

# PCR 7 changed: the 7,11 key will not release, and the earlier starts that
# Windows keeps may tell which start it was sealed on.
HISTORY_SCENARIO = "db-enrolled"
HISTORY_PROFILE = "7,11"
HISTORY_BASE = "bitlk-aes-xts-128"
HISTORY_PROTECTOR = uuid.UUID("7b2d0e2e-0000-4000-8000-0000000000a1")
MEASURED_BOOT = "Windows/Logs/MeasuredBoot/"
SEALED_ON = "0000000001-0000000000.log"
# Windows' log of each start, oldest first, and what the app must say of
# it: it reads the newest first and stops at the first that matches.
HISTORY_LOGS = {SEALED_ON: "matches the sealed key",
                "0000000002-0000000000.log": "another start",
                "0000000003-0000000000.log": "damaged log"}
SEALED_ON_TIME = (1700000000, "2023-11-14 22:13 UTC")   # the others a day apart
HISTORY_VOLUME = "windows-volume.img"   # in the boots' folder, for both history boots
EV_NO_ACTION = 3
TPM_ALG_SHA256 = 0x000B


def sha256_digest_at(log, pcr):
    """The offset of the SHA-256 digest of LOG's first event extended into
    PCR (a crypto-agile TCG log: its Spec ID event gives the digest sizes)."""
    spec_len = struct.unpack_from("<I", log, 28)[0]
    spec = log[32:32 + spec_len]
    sizes = dict(struct.unpack_from("<HH", spec, 28 + 4 * i)
                 for i in range(struct.unpack_from("<I", spec, 24)[0]))
    at = 32 + spec_len
    while at < len(log):
        index, etype, count = struct.unpack_from("<III", log, at)
        at += 12
        sha256 = None
        for _ in range(count):
            alg = struct.unpack_from("<H", log, at)[0]
            sha256 = at + 2 if alg == TPM_ALG_SHA256 else sha256
            at += 2 + sizes[alg]
        if index == pcr and etype != EV_NO_ACTION and sha256:
            return sha256
        at += 4 + struct.unpack_from("<I", log, at)[0]
    raise AssertionError(f"no SHA-256 event of PCR {pcr} in the log")


def measured_boot_volume(sealed, folder):
    """A Windows volume (an NTFS encrypted into a corpus volume) whose TPM
    protector holds the key sealed to PCRs 7 and 11 on the sealing boot,
    and whose \\Windows\\Logs\\MeasuredBoot keeps that start's log, then one
    of a later start (a PCR 7 digest changed), then one cut short: FOLDER /
    HISTORY_VOLUME."""
    from conftest import CORPUS, IMAGES
    from test_corpus import add_protectors, vmk_entry

    log = sealed["log"]
    other = bytearray(log)
    other[sha256_digest_at(log, 7)] ^= 0xFF
    logs = dict(zip(HISTORY_LOGS, [log, bytes(other), log[:-7]]))
    plain, volume = folder / "windows-ntfs.img", folder / HISTORY_VOLUME
    when = {MEASURED_BOOT + n: SEALED_ON_TIME[0] + 86400 * i for i, n in enumerate(logs)}
    ntfs_build.make_ntfs(plain, 16 << 20, {MEASURED_BOOT + n: d for n, d in logs.items()},
                         label="Windows", mtimes=when)
    password, tool = IMAGES[HISTORY_BASE]["RP"], qemu.BUILD / "bitrescue"
    ntfs_build.encrypt_into(tool, CORPUS / f"{HISTORY_BASE}.img", password, plain, volume)
    copy = ntfs_build.volume_info(tool, volume)["metadata_copies"][0]["offset"]
    vmk = ntfs_build.vmk_from_recovery_password(volume, copy, password)
    datum = sealed["protectors"][HISTORY_PROFILE]["datum"]
    prop = struct.pack("<HHHH", 8 + len(datum), 0, 6, 1) + datum
    add_protectors(volume, vmk_entry(HISTORY_PROTECTOR.bytes_le, synth.FILETIME, 0x0100,
                                     prop), vmk)


def select_volume(vm, description):
    """Move the volume list's selection (" > ") to the row showing DESCRIPTION."""
    from test_rescue_efi import settle
    settle(vm, description, BOOT_TIMEOUT)
    for _ in range(16):
        scr = vm.screen()
        if any(scr.line(r).startswith(" > ") and description in scr.line(r)
               for r in range(25)):
            return
        vm.key("Down")
        time.sleep(1)
    raise AssertionError("the volume list never selected " + description)


def history_machine(sealed, name, workdir, kind, options):
    """A copy of the changed machine with the Windows volume (WORKDIR /
    HISTORY_VOLUME, attached read-only) on a second disk and OPTIONS (None:
    none) in the stick's options.txt: (its state directory, the volume, the
    stick's FAT for mtools)."""
    folder = workdir / kind
    folder.mkdir()
    volume = workdir / HISTORY_VOLUME
    state = changed_machine(sealed, name, BITRESCUE_STICK, folder)
    stick = f"{state / 'stick.img'}@@{qemu.MIB}"
    subprocess.run(["mdel", "-i", stick, "::/EFI/bitrescue/options.txt"], check=True,
                   capture_output=True, timeout=30)
    if options:
        (folder / "options.txt").write_text(options + "\n")
        subprocess.run(["mcopy", "-i", stick, str(folder / "options.txt"),
                        "::/EFI/bitrescue/options.txt"], check=True, capture_output=True,
                       timeout=30)
    return state, volume, stick


def boot_history(sealed, name, workdir):
    """The volume chosen on the volume list, unlocked by typing its recovery
    password; the success screen, then the report saved (R). (serial console
    text, success screen text, report, event log, seconds)."""
    from conftest import IMAGES
    from test_rescue_efi import settle, unlock_by_typing

    state, volume, stick = history_machine(sealed, name, workdir, "history", None)
    with machine(f"tpm-history-{name}", state, [qemu.Disk(volume)]) as vm:
        vm.expect(r'BdsDxe: starting Boot0081 "bitrescue"', BOOT_TIMEOUT)
        select_volume(vm, "DESKTOP-NPM7RCA")
        vm.key("Enter")
        unlock_by_typing(vm, IMAGES[HISTORY_BASE]["RP"], 120)
        settle(vm, "more in the report", 60)       # the history's last row
        success = vm.screen().text()
        vm.key("Esc")                  # the success screen
        settle(vm, "R: save report", 60)            # the volume list
        vm.type("r")
        settle(vm, "report.txt", 120)
        vm.key("Esc")                  # the report screen
        settle(vm, "R: save report", 60)
        vm.key("Esc")                  # the list
        vm.key("Enter")                # yes, leave
        vm.expect(r"bitrescue: exit\n", 60)
        seconds, text = vm.elapsed(), vm.text()
    saved = {}
    for path in ("report.txt", "eventlog.bin"):
        saved[path] = subprocess.run(["mcopy", "-n", "-i", stick, f"::/bitrescue/{path}", "-"],
                                     capture_output=True, check=True, timeout=30).stdout
    return text, success, saved["report.txt"].decode("ascii"), saved["eventlog.bin"], seconds


def boot_history_options(sealed, name, workdir):
    """The same volume unlocked by the options a rescue boot loader passes
    (--recovery-password): (serial console text, seconds)."""
    from conftest import IMAGES

    conf = IMAGES[HISTORY_BASE]
    state, volume, _ = history_machine(
        sealed, name, workdir, "history-options",
        f"--volume {conf['GUID']} --recovery-password {conf['RP']}")
    with machine(f"tpm-history-options-{name}", state, [qemu.Disk(volume)]) as vm:
        vm.expect(r'BdsDxe: starting Boot0081 "bitrescue"', BOOT_TIMEOUT)
        vm.expect(r"unlock: done, 0 failed", BOOT_TIMEOUT)
        vm.expect(r"bitrescue: exit\n", 60)
        return vm.text(), vm.elapsed()


BOOT_KINDS = {"bitrescue": boot_bitrescue, "windows": boot_windows, "history": boot_history,
              "history-options": boot_history_options}


@pytest.fixture(scope="module")
def boots(sealed, tmp_path_factory):
    """Every scenario's two boots, two machines at a time (the host's two
    cores): {(name, "bitrescue" or "windows"): result or the exception}."""
    workdir = tmp_path_factory.mktemp("tpm-verdict-boots")
    jobs = [(name, kind) for name in SCENARIOS for kind in ("bitrescue", "windows")
            if kind == "bitrescue" or name not in NO_ORACLE]
    if not ntfs_build.tools_missing():
        measured_boot_volume(sealed, workdir)      # once, for both history boots
        jobs += [(HISTORY_SCENARIO, "history"), (HISTORY_SCENARIO, "history-options")]
    jobs.sort(key=lambda job: job[0] != "network-first")   # the longest first
    results = {}
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {pool.submit(BOOT_KINDS[kind], sealed, name, workdir): (name, kind)
                   for name, kind in jobs}
        for future in concurrent.futures.as_completed(futures):
            job = futures[future]
            try:
                results[job] = future.result()
                QEMU_SECONDS.append((f"{job[0]} ({job[1]})", results[job][-1]))
            except Exception as e:        # reported by the scenario's test
                results[job] = e
    print(f"\nTPM verdict boots: {time.monotonic() - start:.0f} s wall, two at a time; "
          f"QEMU time {sum(s for _, s in QEMU_SECONDS):.0f} s: " +
          ", ".join(f"{n} {s:.0f} s" for n, s in QEMU_SECONDS))
    return results


def result(boots, name, kind):
    r = boots[(name, kind)]
    if isinstance(r, Exception):
        raise r
    return r


def test_sealing_boot_started_windows_boot_manager(sealed):
    """The probe ran as the firmware's "Windows Boot Manager", and the keys
    sealed to its PCRs are what bitrescue's parser reads back."""
    pcrs = sealed["pcrs"]
    assert all(pcrs[p] != bytes(32) for p in (0, 2, 4, 7))
    for name, p in sealed["protectors"].items():
        assert p["policy"] == tpm_seal.policy_digest(p["values"])


def report_protector(report, profile):
    """The lines of the report's TPM protector sealed to PROFILE."""
    ident = str(PROTECTOR_IDS[profile]).upper()
    m = re.search(rf"^  TPM {{{ident}}}\n((?:    .*\n)+)", report, re.M)
    assert m, f"no TPM protector {ident} in the report"
    return m.group(1)


def check_report_digests(sealed, report, expected):
    """For the expert: the stored digest is the one sealed; the predicted
    one equals it unless the PCRs are the cause; the TPM's answers."""
    for profile, verdict in expected.items():
        lines = report_protector(report, profile)
        values = sealed["protectors"][profile]["values"]
        stored = hashlib.sha256(b"".join(values[p] for p in sorted(values))).hexdigest()
        assert f"expected PCR digest (SHA-256) {stored}\n" in lines, lines
        predicted = re.search(r"predicted PCR digest \(SHA-256\) ([0-9a-f]{64})\n", lines)
        assert predicted, lines
        assert (predicted.group(1) == stored) == (not verdict.startswith(
            "will not release: PCR")), lines
        srk = "no" if "storage root key is missing" in verdict else "yes"
        assert ("On a normal start the TPM would release the key." if verdict == WOULD
                else "The TPM will not release the key on a normal start:") in lines, lines
        assert f"TPM checks: storage root key {srk}," in lines, lines


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_verdict(sealed, boots, name):
    expected = SCENARIOS[name][1]
    # the oracle: the TPM itself, on this machine started as Windows would be
    if name not in NO_ORACLE:
        probe_text, _ = result(boots, name, "windows")
        assert tpm_answers(probe_text) == {p: v == WOULD for p, v in expected.items()}

    text, report, _ = result(boots, name, "bitrescue")
    for where, got in (("serial console", text), ("report", report)):
        verdicts = {m.group(1).replace(" ", ""): m.group(2)
                    for m in VERDICT_LINE.finditer(got)}
        assert verdicts == expected, f"{where}:\n" + "\n".join(
            line for line in got.splitlines()
            if re.search(r"verdict|predicted|stored|PCR profile|Secure Boot", line))
    check_report_digests(sealed, report, expected)


def skip_without_ntfs_tools():
    why = ntfs_build.tools_missing()
    if why:
        pytest.skip(why)


def test_history_in_firmware(sealed, boots, tmp_path):
    """The key the TPM will not release (PCR 7: a db certificate enrolled):
    after the unlock, the app reads the earlier starts' logs off the
    unlocked NTFS, names the sealing start's log, says why it passed over
    the others, and lists the differences as the host tool finds them in
    the same logs with the event log the app saved (tests/test_tpm_history.py
    tests that tool against a Python replay)."""
    from test_tpm import run_tool

    skip_without_ntfs_tools()
    text, success, report, eventlog, _ = result(boots, HISTORY_SCENARIO, "history")
    lines = re.findall(r"TPM history: ([^\r\n]*)", text)
    assert lines == [f"{log}: {status}" for log, status in reversed(HISTORY_LOGS.items())]
    flat = " ".join(success.split())
    found = f"Earlier start that the key was sealed to: {SEALED_ON} ({SEALED_ON_TIME[1]})"
    assert found in flat, success
    assert "PCR 7 changed: EV_EFI_VARIABLE_DRIVER_CONFIG (db)" in report, report

    (tmp_path / "blob.bin").write_bytes(sealed["protectors"][HISTORY_PROFILE]["datum"])
    (tmp_path / "live.log").write_bytes(eventlog)
    (tmp_path / SEALED_ON).write_bytes(sealed["log"])
    oracle = run_tool("history", tmp_path / "blob.bin", tmp_path / "live.log",
                      tmp_path / SEALED_ON)
    assert oracle.returncode == 0, oracle.stdout + oracle.stderr
    expected = [line.strip() for line in oracle.stdout.splitlines()
                if line.startswith("  PCR ")]
    section = history_section(report)
    assert section[:2] == ["TPM history (protector 2): 3 logs in \\Windows\\Logs\\MeasuredBoot,"
                           " 3 read, 0 skipped", found], report
    assert [line for line in section if line.startswith("PCR ")] == expected
    # the screen shows the first two, the report all
    assert len(expected) > 2 and all(line in flat for line in expected[:2]), success


def history_section(text):
    """The lines of TEXT's (a report's, or the console's) TPM history."""
    m = re.search(r"^  (TPM history \(.*\n(?:    .*\n)*)", text.replace("\r", ""), re.M)
    assert m, text[-3000:]
    return [line.strip() for line in m.group(1).splitlines()]


def test_history_from_options(boots):
    """Unlocked by the options a boot loader passes (--recovery-password),
    the app prints on the console the TPM history its report has, after
    the same lines about each log."""
    skip_without_ntfs_tools()
    text, _ = result(boots, HISTORY_SCENARIO, "history-options")
    lines = re.findall(r"TPM history: ([^\r\n]*)", text)
    assert lines == [f"{log}: {status}" for log, status in reversed(HISTORY_LOGS.items())]
    report = result(boots, HISTORY_SCENARIO, "history")[2]
    assert history_section(text) == history_section(report)
