"""The TPM verdict in real firmware, in one boot: QEMU/OVMF with a fresh
swtpm (no storage root key, as after a TPM clear) and a BitLocker volume
whose TPM protector holds a sealed key laid out as Windows writes it
(tests/test_tpm_predict.py builds it). `--list --tpm` reads the TPM,
sends TPM2_ReadPublic through EFI_TCG2_PROTOCOL, and must say the TPM was
cleared, as the console line (one per protector, when the TPM is read)
and in the listing. The end-to-end checks with keys really sealed in the
same swtpm are the tpme2e tests.
"""
import uuid

import qemu
from test_corpus import add_protectors, vmk_entry
from test_tpm_predict import PROFILE_7_11, sealed_blob

PROTECTOR_ID = "7e3a1c55-0b5d-4e0c-9a44-58f1d3b0c2aa"
LINE = ("TPM verdict (PCRs 7, 11): will not release: the TPM was cleared or replaced "
        "(its storage root key is missing)")


def sealed_key_image(src, dst):
    import struct
    import subprocess
    subprocess.run(["cp", "--sparse=always", str(src), str(dst)], check=True, timeout=60)
    dst.chmod(0o644)
    blob = sealed_blob(PROFILE_7_11, bytes(range(32)))
    prop = struct.pack("<HHHH", 8 + len(blob), 0, 6, 1) + blob
    add_protectors(dst, vmk_entry(uuid.UUID(PROTECTOR_ID).bytes_le, 132223104000000000,
                                  0x0100, prop))
    return dst


def test_verdict_in_firmware(corpus, tmp_path):
    image = sealed_key_image(corpus / "bitlk-aes-xts-128.img", tmp_path / "sealed.img")
    with qemu.Machine("tpm-verdict", serial_tcp=True, options="--list --tpm", tpm=True,
                      disks=[qemu.Disk(image)]) as vm:
        vm.expect(r"\n" + LINE.replace("(", r"\(").replace(")", r"\)") + r"\r?\n", 180)
        listed = vm.expect(r"\n    " + LINE.replace("(", r"\(").replace(")", r"\)")
                           + r"\r?\n    predicted PCR digest \(SHA-256\) ([0-9a-f]{64}|not predicted)"
                           r"\r?\n    TPM checks: storage root key no, key loads not asked",
                           120)
        vm.expect(r"bitrescue: exit", 60)
    assert listed
