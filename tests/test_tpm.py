"""TPM code against tpm2-tools and a software TPM.

Event logs are made here in the crypto-agile format (TCG PC Client Platform
Firmware Profile) and walked by build/tpm-tool (tpm/eventlog.c) and by
tpm2_eventlog; their replayed PCRs and event counts must agree. Then our
marshalled GetCapability/PCR_Read go to swtpm over its raw TCP command
channel, and the values must equal tpm2_pcrread's.
"""
import hashlib
import random
import re
import shutil
import socket
import struct
import subprocess
import time

import pytest

from conftest import BUILD

TPM_TOOL = BUILD / "tpm-tool"

SHA1, SHA256 = 0x0004, 0x000B
HASHES = {SHA1: hashlib.sha1, SHA256: hashlib.sha256}
NAMES = {SHA1: "sha1", SHA256: "sha256"}

EV_POST_CODE = 0x1
EV_NO_ACTION = 0x3
EV_SEPARATOR = 0x4
EV_S_CRTM_VERSION = 0x8
EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001
EV_EFI_VARIABLE_BOOT = 0x80000002
EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003
EV_EFI_ACTION = 0x80000007


# --- making logs ---------------------------------------------------------------
def spec_id_header(algs):
    data = b"Spec ID Event03\0" + struct.pack("<IBBBBI", 0, 0, 2, 0, 2, len(algs))
    data += b"".join(struct.pack("<HH", a, HASHES[a]().digest_size) for a in algs)
    data += b"\0"
    return struct.pack("<II", 0, EV_NO_ACTION) + bytes(20) + struct.pack("<I", len(data)) + data


def record(algs, pcr, etype, data, digests=None):
    if digests is None:
        digests = {a: (bytes(HASHES[a]().digest_size) if etype == EV_NO_ACTION
                       else HASHES[a](data).digest()) for a in algs}
    out = struct.pack("<III", pcr, etype, len(algs))
    out += b"".join(struct.pack("<H", a) + digests[a] for a in algs)
    return out + struct.pack("<I", len(data)) + data


def uefi_variable(name, value):
    """UEFI_VARIABLE_DATA, the shape tpm2_eventlog insists on."""
    return (bytes(range(16)) + struct.pack("<QQ", len(name), len(value))
            + name.encode("utf-16-le") + value)


def image_load(n):
    """UEFI_IMAGE_LOAD_EVENT with an empty device path."""
    return struct.pack("<QQQQ", 0x100000 * n, 0x2000 + n, 0, 0)


def sample_events(seed, count):
    """(pcr, type, data) a firmware might log, in shapes tpm2_eventlog parses."""
    rng = random.Random(seed)
    events = [(0, EV_S_CRTM_VERSION, "1.0".encode("utf-16-le") + b"\0\0")]
    for i in range(count):
        kind = rng.randrange(5)
        if kind == 0:
            events.append((rng.choice([0, 2]), EV_POST_CODE, rng.randbytes(rng.randrange(1, 40))))
        elif kind == 1:
            events.append((7, EV_EFI_VARIABLE_DRIVER_CONFIG,
                           uefi_variable(rng.choice(["SecureBoot", "PK", "KEK", "db"]),
                                         rng.randbytes(rng.randrange(1, 60)))))
        elif kind == 2:
            events.append((1, EV_EFI_VARIABLE_BOOT,
                           uefi_variable("Boot%04X" % i, rng.randbytes(20))))
        elif kind == 3:
            events.append((4, EV_EFI_BOOT_SERVICES_APPLICATION, image_load(i)))
        else:
            events.append((rng.choice([4, 5, 6]), EV_EFI_ACTION, b"Calling EFI Application"))
    events += [(pcr, EV_SEPARATOR, bytes(4)) for pcr in range(8)]
    events.append((5, EV_EFI_ACTION, b"Exit Boot Services Invocation"))
    events.append((14, EV_POST_CODE, b"shim"))
    return events


def make_log(algs, events):
    return spec_id_header(algs) + b"".join(record(algs, *e) for e in events)


def replay_expected(algs, events, locality=0):
    """PCR := H(PCR || digest) from zero (PCR 0 from the startup locality)."""
    pcrs = {}
    for a in algs:
        size = HASHES[a]().digest_size
        pcrs[a] = [bytes(size)] * 24
        pcrs[a][0] = bytes(size - 1) + bytes([locality])
        for pcr, etype, data in events:
            if etype != EV_NO_ACTION:
                pcrs[a][pcr] = HASHES[a](pcrs[a][pcr] + HASHES[a](data).digest()).digest()
    return pcrs


# --- reading tool output --------------------------------------------------------
def run_tool(*args):
    res = subprocess.run([TPM_TOOL, *map(str, args)], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode in (0, 1), f"tpm-tool died: {res.returncode} {res.stderr}"
    return res


def our_summary(path):
    res = run_tool("eventlog", path)
    replay, pcr_events, types = {}, {}, {}
    for line in res.stdout.splitlines():
        f = line.split()
        if f[0] == "replay":
            replay.setdefault(f[1], {})[int(f[2])] = f[3]
        elif f[0] == "pcr-events":
            pcr_events[int(f[1])] = int(f[2])
        elif f[0] == "type":
            types[(int(f[1]), f[2])] = int(f[3])
        elif f[0] == "events":
            nevents = int(f[1])
    return res, nevents, pcr_events, types, replay


def tpm2_eventlog(path):
    out = subprocess.run(["tpm2_eventlog", str(path)], capture_output=True, text=True,
                         errors="replace",
                         check=True, timeout=60).stdout
    pcr_events, types, nevents = {}, {}, 0
    for m in re.finditer(r"^- EventNum: \d+\n  PCRIndex: (\d+)\n  EventType: (\w+)", out, re.M):
        pcr, name = int(m.group(1)), m.group(2)
        nevents += 1
        pcr_events[pcr] = pcr_events.get(pcr, 0) + 1
        types[(pcr, name)] = types.get((pcr, name), 0) + 1
    replay, bank = {}, None
    section = out[out.index("\npcrs:"):]
    for line in section.splitlines():
        m = re.match(r"^  (\w+):$", line)
        if m:
            bank = m.group(1)
        m = re.match(r"^    (\d+)\s*: 0x([0-9a-fA-F]+)$", line)
        if m:
            replay.setdefault(bank, {})[int(m.group(1))] = m.group(2).lower()
    return nevents, pcr_events, types, replay


# --- event log ---------------------------------------------------------------------
@pytest.mark.parametrize("algs", [[SHA1, SHA256], [SHA256]], ids=["sha1+sha256", "sha256"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_eventlog_matches_tpm2_eventlog(tmp_path, algs, seed):
    events = sample_events(seed, 30)
    path = tmp_path / "log.bin"
    path.write_bytes(make_log(algs, events))

    res, nevents, pcr_events, types, replay = our_summary(path)
    assert res.returncode == 0, res.stdout
    ref_nevents, ref_pcr_events, ref_types, ref_replay = tpm2_eventlog(path)

    assert nevents == ref_nevents == len(events) + 1     # the header is a record too
    assert pcr_events == ref_pcr_events
    assert types == ref_types
    assert set(replay) == set(ref_replay) == {NAMES[a] for a in algs}
    for bank, values in replay.items():
        for pcr, value in values.items():
            # tpm2_eventlog lists only the PCRs the log extended.
            assert value == ref_replay[bank].get(pcr, "0" * len(value)), (bank, pcr)
    # And both agree with our own arithmetic in Python.
    expected = replay_expected(algs, events)
    for a in algs:
        assert [replay[NAMES[a]][p] for p in range(24)] == [v.hex() for v in expected[a]]


def test_startup_locality(tmp_path):
    """An H-CRTM start: PCR 0 begins at 00..03, the EV_NO_ACTION itself is not
    extended (PC Client PFP). tpm2_eventlog 5.4 gets this one wrong (it
    extends the zero digest), so the reference here is hashlib."""
    algs = [SHA1, SHA256]
    events = [(0, EV_NO_ACTION, b"StartupLocality\0\x03")] + sample_events(4, 10)
    path = tmp_path / "log.bin"
    path.write_bytes(make_log(algs, events))
    res, _, _, _, replay = our_summary(path)
    assert res.returncode == 0 and "locality 3" in res.stdout
    expected = replay_expected(algs, events, locality=3)
    for a in algs:
        assert replay[NAMES[a]][0] == expected[a][0].hex()


def test_truncated_logs_fail_cleanly(tmp_path):
    algs = [SHA1, SHA256]
    events = sample_events(5, 6)
    ends, log = [], spec_id_header(algs)
    ends.append(len(log))
    for e in events:
        log += record(algs, *e)
        ends.append(len(log))
    path = tmp_path / "cut.bin"
    for cut in range(len(log)):
        path.write_bytes(log[:cut])
        res = run_tool("eventlog", path)
        if cut in ends:
            assert res.returncode == 0, (cut, res.stdout)
        else:
            assert res.returncode == 1 and "error" in res.stdout, cut


def test_garbage_logs_fail_cleanly(tmp_path):
    """Random byte flips: an error or a parse, never a crash or a hang."""
    algs = [SHA1, SHA256]
    log = make_log(algs, sample_events(6, 8))
    rng = random.Random(7)
    path = tmp_path / "bad.bin"
    for _ in range(300):
        bad = bytearray(log)
        for _ in range(rng.randrange(1, 4)):
            bad[rng.randrange(len(bad))] = rng.randrange(256)
        path.write_bytes(bytes(bad))
        run_tool("eventlog", path)          # asserts exit 0 or 1
    # An algorithm the header never announced is an error, not a guess.
    unknown = spec_id_header(algs) + record(algs, 0, EV_POST_CODE, b"x").replace(
        struct.pack("<H", SHA1), struct.pack("<H", 0x0012), 1)
    path.write_bytes(unknown)
    res = run_tool("eventlog", path)
    assert res.returncode == 1 and "unsupported" in res.stdout


def test_span_from_last_entry(tmp_path):
    """GetEventLog gives the last record's address; the length follows from it."""
    algs = [SHA1, SHA256]
    events = sample_events(8, 5)
    log = make_log(algs, events)
    last = len(log) - len(record(algs, *events[-1]))
    path = tmp_path / "log.bin"
    path.write_bytes(log + bytes(100))      # firmware's unused log area
    assert run_tool("span", path, last).stdout.split() == ["span", str(len(log))]


# --- swtpm ---------------------------------------------------------------------------
def free_port_pair():
    """A port P with P+1 also free (tpm2-tools' swtpm TCTI wants the control
    channel on P+1)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    pytest.fail("no free port pair on 127.0.0.1")


@pytest.fixture
def swtpm(tmp_path):
    yield from run_swtpm(tmp_path / "tpmstate")


def run_swtpm(state):
    """swtpm on a free port pair with its state in STATE (made if missing):
    yields the command port, stops it after."""
    if not shutil.which("swtpm"):
        pytest.fail("swtpm missing: run scripts/setup")
    port = free_port_pair()
    state.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        ["swtpm", "socket", "--tpm2",
         "--server", f"type=tcp,port={port},bindaddr=127.0.0.1",
         "--ctrl", f"type=tcp,port={port + 1},bindaddr=127.0.0.1",
         "--flags", "not-need-init,startup-clear", "--tpmstate", f"dir={state}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port + 1), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("swtpm did not start")
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tpm2(port, *args):
    env = {"TPM2TOOLS_TCTI": f"swtpm:host=127.0.0.1,port={port}", "PATH": "/usr/bin:/bin"}
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env,
                          timeout=60).stdout


def pcrread(port, bank):
    out = tpm2(port, "tpm2_pcrread", bank)
    return {int(m.group(1)): m.group(2).lower()
            for m in re.finditer(r"^\s+(\d+)\s*: 0x([0-9A-Fa-f]+)$", out, re.M)}


def extend(port, pcr, digests):
    spec = ",".join(f"{NAMES[a]}={d.hex()}" for a, d in digests.items())
    tpm2(port, "tpm2_pcrextend", f"{pcr}:{spec}")


def our_query(port, profile=None):
    res = run_tool("query", port, *([hex(profile)] if profile is not None else []))
    assert res.returncode == 0, res.stdout
    pcrs, fields, marked = {}, {}, set()
    for line in res.stdout.splitlines():
        f = line.split()
        if f[0] == "pcr":
            pcrs.setdefault(f[1], {})[int(f[2])] = f[3]
            if f[-1] == "profile":
                marked.add(int(f[2]))
        else:
            fields[f[0]] = f[1:]
    return pcrs, fields, marked


def test_swtpm_pcrs_equal_tpm2_pcrread(swtpm):
    # Extend most PCRs in both banks so reads past the 8-per-call limit matter.
    rng = random.Random(11)
    for pcr in list(range(0, 17)) + [23]:
        for _ in range(rng.randrange(1, 3)):
            extend(swtpm, pcr, {a: HASHES[a](rng.randbytes(8)).digest() for a in (SHA1, SHA256)})
    ours, fields, marked = our_query(swtpm, profile=0x0815)   # PCRs 0, 2, 4, 11
    for bank in ("sha1", "sha256", "sha384", "sha512"):
        ref = pcrread(swtpm, bank)
        assert len(ref) == 24
        assert ours[bank] == ref, bank
    assert marked == {0, 2, 4, 11}

    fixed = tpm2(swtpm, "tpm2_getcap", "properties-fixed")

    def raw(prop):
        return int(re.search(prop + r":\n\s+raw: (0x[0-9A-Fa-f]+|\d+)", fixed).group(1), 0)
    assert fields["version"] == ["2.0"]
    assert int(fields["manufacturer"][1], 16) == raw("TPM2_PT_MANUFACTURER")
    assert fields["manufacturer"][0] == "IBM"
    assert int(fields["firmware"][0], 16) == raw("TPM2_PT_FIRMWARE_VERSION_1")
    assert int(fields["firmware"][1], 16) == raw("TPM2_PT_FIRMWARE_VERSION_2")


def test_swtpm_live_pcrs_match_log(swtpm, tmp_path):
    """The firmware's story: extend what the log says, then the live PCRs and
    the replay agree; one extend behind the log's back shows as a mismatch."""
    algs = [SHA1, SHA256]
    events = sample_events(12, 15)
    path = tmp_path / "log.bin"
    path.write_bytes(make_log(algs, events))
    for pcr, etype, data in events:
        extend(swtpm, pcr, {a: HASHES[a](data).digest() for a in algs})

    out = run_tool("match", swtpm, path).stdout
    assert "match sha1 0xffffff mismatch 0x000000" in out
    assert "match sha256 0xffffff mismatch 0x000000" in out

    extend(swtpm, 9, {a: HASHES[a](b"not in the log").digest() for a in algs})
    out = run_tool("match", swtpm, path).stdout
    assert "match sha256 0xfffdff mismatch 0x000200" in out
