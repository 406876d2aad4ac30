/** @file
 * The TPM's own answer, for tests/test_tpm_verdict.py: would it release a
 * BitLocker sealed key now? Run by the probe standing in for Windows Boot
 * Manager (tests/tools/tpm_probe_efi.c), as Windows' boot manager starts.
 *
 * For each file in \EFI\Microsoft\Boot\sealed\ (a TPM-encoded-key datum
 * value, as the test wrote it into the volume's TPM protector) it does what
 * the boot manager does before TPM2_Unseal: TPM2_Load under 0x81000001,
 * a policy session, TPM2_PolicyAuthValue, TPM2_PolicyPCR with the stored
 * digest and selection (the TPM compares them with its PCRs and refuses a
 * digest that differs), then TPM2_PolicyGetDigest, which must equal the
 * object's authPolicy. Unseal itself would add only the HMAC of an empty
 * authValue, so it is not sent. One line each on the debug console:
 *
 *   sealed 7_11.bin load 0x0 policy-pcr 0x0 policy-digest match unseal yes
 */
#include <efi.h>
#include <efilib.h>
#include "tests/tools/policy_check_efi.h"
#include "tpm/sealed.h"
#include "tpm/tpm2.h"

#define SRK 0x81000001u
#define TPM_RH_NULL 0x40000007u
#define TPM_ST_NO_SESSIONS 0x8001
#define TPM_CC_START_AUTH_SESSION 0x176
#define TPM_CC_POLICY_AUTH_VALUE 0x16B
#define TPM_CC_POLICY_PCR 0x17F
#define TPM_CC_POLICY_GET_DIGEST 0x189
#define TPM_SE_POLICY 0x01
#define NO_RC 0xFFFFFFFFu

/* The start of EFI_TCG2_PROTOCOL (TCG EFI Protocol Specification). */
struct tcg2_submit {
	void *get_capability, *get_event_log, *hash_log_extend_event;
	EFI_STATUS (EFIAPI *submit_command)(struct tcg2_submit *self, UINT32 in_size,
					    UINT8 *in, UINT32 out_size, UINT8 *out);
};

struct cmd {
	uint8_t b[1024];
	size_t n;
};

static void put(struct cmd *c, uint32_t v, int bytes)
{
	while (bytes--)
		c->b[c->n++] = (uint8_t)(v >> (8 * bytes));
}

static void begin(struct cmd *c, uint32_t code)
{
	c->n = 0;
	put(c, TPM_ST_NO_SESSIONS, 2);
	put(c, 0, 4);          /* size, set by submit() */
	put(c, code, 4);
}

static uint32_t submit(struct tcg2_submit *tcg2, struct cmd *c, uint8_t *rsp, size_t cap)
{
	c->b[2] = (uint8_t)(c->n >> 24);
	c->b[3] = (uint8_t)(c->n >> 16);
	c->b[4] = (uint8_t)(c->n >> 8);
	c->b[5] = (uint8_t)c->n;
	SetMem(rsp, cap, 0);
	if (EFI_ERROR(uefi_call_wrapper(tcg2->submit_command, 5, tcg2, (UINT32)c->n,
					c->b, (UINT32)cap, rsp)))
		return NO_RC;
	return tpm2_response_code(rsp, cap);
}

static void flush(struct tcg2_submit *tcg2, uint32_t handle)
{
	struct cmd c;
	uint8_t rsp[64];

	c.n = tpm2_build_flush_context(c.b, sizeof(c.b), handle);
	submit(tcg2, &c, rsp, sizeof(rsp));
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The checks on one datum value; prints its line. */
static void check(struct tcg2_submit *tcg2, const CHAR16 *name, const uint8_t *value,
		  size_t len, void (*out)(const CHAR16 *fmt, ...))
{
	struct tpm_sealed s;
	struct cmd c;
	uint8_t rsp[512];
	uint32_t load_rc, pcr_rc = NO_RC, object = 0, session = 0;
	const char *digest = "-";
	size_t pub_at;
	unsigned i;

	tpm_sealed_read(value, len, 0, &s);
	if (!s.fields_read) {
		out(L"sealed %s not understood: %a\n", name, tpm_sealed_status_text(s.status));
		return;
	}
	pub_at = tpm_sealed_public_at(&s);
	c.n = tpm2_build_load(c.b, sizeof(c.b), SRK, value + TPM_SEALED_PRIVATE_AT,
			      2 + (size_t)s.private_len, value + pub_at, 2 + (size_t)s.public_len);
	load_rc = c.n ? submit(tcg2, &c, rsp, sizeof(rsp)) : NO_RC;
	if (load_rc == 0 && tpm2_parse_load(rsp, sizeof(rsp), &object) != 0)
		load_rc = NO_RC;

	begin(&c, TPM_CC_START_AUTH_SESSION);
	put(&c, TPM_RH_NULL, 4);          /* tpmKey: unsalted */
	put(&c, TPM_RH_NULL, 4);          /* bind: unbound */
	put(&c, 32, 2);                   /* nonceCaller */
	for (i = 0; i < 32; i++)
		put(&c, 0xB0 + i, 1);
	put(&c, 0, 2);                    /* encryptedSalt */
	put(&c, TPM_SE_POLICY, 1);
	put(&c, TPM2_ALG_NULL, 2);        /* symmetric */
	put(&c, 0x000B, 2);               /* authHash SHA-256 */
	if (submit(tcg2, &c, rsp, sizeof(rsp)) == 0) {
		session = be32(rsp + 10);
		begin(&c, TPM_CC_POLICY_AUTH_VALUE);
		put(&c, session, 4);
		if (submit(tcg2, &c, rsp, sizeof(rsp)) == 0) {
			begin(&c, TPM_CC_POLICY_PCR);
			put(&c, session, 4);
			put(&c, TPM_SEALED_DIGEST_LEN, 2);
			for (i = 0; i < TPM_SEALED_DIGEST_LEN; i++)
				put(&c, s.pcr_digest[i], 1);
			put(&c, 1, 4);                    /* one selection */
			put(&c, 0x000B, 2);               /* SHA-256 bank */
			put(&c, s.select_len, 1);
			for (i = 0; i < s.select_len; i++)
				put(&c, s.select[i], 1);
			pcr_rc = submit(tcg2, &c, rsp, sizeof(rsp));
		}
		if (pcr_rc == 0) {
			begin(&c, TPM_CC_POLICY_GET_DIGEST);
			put(&c, session, 4);
			if (submit(tcg2, &c, rsp, sizeof(rsp)) == 0)
				digest = rsp[10] == 0 && rsp[11] == TPM_SEALED_DIGEST_LEN &&
					 CompareMem(rsp + 12, s.auth_policy,
						    TPM_SEALED_DIGEST_LEN) == 0 ? "match" : "differs";
		}
		flush(tcg2, session);
	}
	if (object)
		flush(tcg2, object);
	out(L"sealed %s load 0x%x policy-pcr 0x%x policy-digest %a unseal %a\n", name,
	    load_rc, pcr_rc, digest,
	    load_rc == 0 && pcr_rc == 0 && digest[0] == 'm' ? "yes" : "no");
}

void policy_check_all(EFI_HANDLE image, void (*out)(const CHAR16 *fmt, ...))
{
	EFI_GUID tcg2_guid = { 0x607f766c, 0x7455, 0x42be,
			       { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } };
	EFI_LOADED_IMAGE *loaded;
	struct tcg2_submit *tcg2;
	EFI_FILE_HANDLE root, dir, file;
	UINT8 entry[512];
	static uint8_t value[4096];

	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
					(void **)&loaded)) ||
	    EFI_ERROR(uefi_call_wrapper(BS->LocateProtocol, 3, &tcg2_guid, NULL,
					(void **)&tcg2)))
		return;
	root = LibOpenRoot(loaded->DeviceHandle);
	if (!root || EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &dir,
						 L"\\EFI\\Microsoft\\Boot\\sealed",
						 EFI_FILE_MODE_READ, 0)))
		return;
	for (;;) {
		EFI_FILE_INFO *info = (EFI_FILE_INFO *)entry;
		UINTN size = sizeof(entry);

		if (EFI_ERROR(uefi_call_wrapper(dir->Read, 3, dir, &size, entry)) || !size)
			break;
		if (info->Attribute & EFI_FILE_DIRECTORY)
			continue;
		if (EFI_ERROR(uefi_call_wrapper(dir->Open, 5, dir, &file, info->FileName,
						EFI_FILE_MODE_READ, 0)))
			continue;
		size = sizeof(value);
		if (!EFI_ERROR(uefi_call_wrapper(file->Read, 3, file, &size, value)))
			check(tcg2, info->FileName, value, size, out);
		uefi_call_wrapper(file->Close, 1, file);
	}
	uefi_call_wrapper(dir->Close, 1, dir);
}
