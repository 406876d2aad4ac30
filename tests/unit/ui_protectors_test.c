/** @file
 * The manage-bde protector layout shared by the screens and the host CLI.
 *
 * Vector: bitlk-aes-xts-128-startup-key.img's startup-key protector
 * (images.conf SK_VMK_GUID 4381f759-c4f8-4de0-bb61-fc33a831bda5, created
 * 2020-09-15 07:24 UTC as `bitrescue info` and bdeinfo show it). The TPM
 * protectors' sealed keys carry the PCR digest and attributes of
 * win10-ovmf-swtpm-tpm-only in ../shared/corpus/tpm2/README.md; their IDs
 * are made up.
 */
#include <string.h>
#include "check.h"
#include "tpm/sealed.h"
#include "ui/protectors.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */

static int line_is(unsigned flags, unsigned n, const char *want)
{
	struct ui_text t;

	ui_protector_line(vol, flags, n, &t);
	return strcmp(t.buf, want) == 0;
}

/* A TPM protector whose sealed key was read with STATUS. */
static void add_tpm(uint16_t type, int status, int fields_read)
{
	struct bde_protector *p = &vol->protectors[vol->n_protectors++];

	memset(p, 0, sizeof(*p));
	p->type = type;
	p->guid[0] = (uint8_t)vol->n_protectors;
	p->has_pcr_profile = 1;
	p->pcr_mask = 0x815;
	p->has_sealed = 1;
	p->sealed.status = (uint8_t)status;
	p->sealed.fields_read = (uint8_t)fields_read;
	p->sealed.attributes = type & BDE_PROT_PIN_BIT ? 0x012 : 0x412;
	check_unhex("1dd7e196ce6e18af93075b00e733ed0c02210bb0043cf02a37d78e737ea3e918",
		    p->sealed.pcr_digest, 32);
}

/* UI_PROTECTOR_TPM: what each sealed key says, as far as it is understood */
static void tpm_lines(void)
{
	struct ui_text t;

	vol = check_alloc(sizeof(*vol));
	if (!vol)
		return;
	add_tpm(BDE_PROT_TPM, TPM_SEALED_OK, 1);
	add_tpm(BDE_PROT_TPM_PIN, TPM_SEALED_POLICY_MISMATCH, 1);
	add_tpm(BDE_PROT_TPM, TPM_SEALED_PRIVATE_SHORT, 0);

	/* without UI_PROTECTOR_TPM, manage-bde's four lines each */
	check(ui_protector_line(vol, 0, ~0u, &t) == 12);
	check(line_is(0, 3, "        0, 2, 4, 11"));
	check(line_is(0, 4, "    TPM And PIN:"));

	/* understood: all five lines */
	check(ui_protector_line(vol, UI_PROTECTOR_TPM, ~0u, &t) == 12 + 5 + 3 + 2);
	check(line_is(UI_PROTECTOR_TPM, 4, "      PIN: no"));
	check(line_is(UI_PROTECTOR_TPM, 5, "      Counts Toward TPM Lockout: no"));
	check(line_is(UI_PROTECTOR_TPM, 6, "      Expected PCR Digest (SHA-256):"));
	check(line_is(UI_PROTECTOR_TPM, 7, "        1DD7E196CE6E18AF93075B00E733ED0C"
		      "02210BB0043CF02A37D78E737EA3E918"));
	check(line_is(UI_PROTECTOR_TPM, 8, "      Policy: checks out"));
	/* read, but its policy is not the one recomputed: no digest */
	check(line_is(UI_PROTECTOR_TPM, 9, "    TPM And PIN:"));
	check(line_is(UI_PROTECTOR_TPM, 13, "      PIN: yes"));
	check(line_is(UI_PROTECTOR_TPM, 14, "      Counts Toward TPM Lockout: yes"));
	check(line_is(UI_PROTECTOR_TPM, 15, "      Policy: NOT UNDERSTOOD (authPolicy is "
		      "not PolicyAuthValue, PolicyPCR)"));
	/* not read through: nothing about the lockout either */
	check(line_is(UI_PROTECTOR_TPM, 16, "    TPM:"));
	check(line_is(UI_PROTECTOR_TPM, 20, "      PIN: no"));
	check(line_is(UI_PROTECTOR_TPM, 21, "      Policy: NOT UNDERSTOOD (TPM2B_PRIVATE "
		      "runs past the value)"));
	check(line_is(UI_PROTECTOR_TPM, 22, ""));
	check_free(vol, sizeof(*vol));
}

SELFTEST(ui_protectors)
{
	static const uint8_t bek_guid[16] = {
		0x59, 0xf7, 0x81, 0x43, 0xf8, 0xc4, 0xe0, 0x4d,
		0xbb, 0x61, 0xfc, 0x33, 0xa8, 0x31, 0xbd, 0xa5,
	};
	struct ui_text t;

	vol = check_alloc(sizeof(*vol));
	if (!vol)
		return;
	vol->n_protectors = 2;
	vol->protectors[0].type = BDE_PROT_STARTUP_KEY;
	memcpy(vol->protectors[0].guid, bek_guid, 16);
	vol->protectors[0].time = 132446282400000000ull; /* 2020-09-15 07:24 UTC */
	vol->protectors[1].type = 0x4242;                 /* unknown: its number */

	/* manage-bde: type, ID, the key's file name; no times */
	check(ui_protector_line(vol, 0, ~0u, &t) == 6);
	check(line_is(0, 0, "    External Key:"));
	check(line_is(0, 1, "      ID: {4381F759-C4F8-4DE0-BB61-FC33A831BDA5}"));
	check(line_is(0, 2, "      External Key File Name:"));
	check(line_is(0, 3, "        4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK"));
	check(line_is(0, 4, "    Unknown protector type 0x4242:"));
	check(line_is(0, 6, ""));       /* past the end: empty */

	/* with times, each ID is followed by its creation time */
	check(ui_protector_line(vol, UI_PROTECTOR_TIMES, ~0u, &t) == 8);
	check(line_is(UI_PROTECTOR_TIMES, 2, "      Created: 2020-09-15 07:24 UTC"));
	check(line_is(UI_PROTECTOR_TIMES, 3, "      External Key File Name:"));
	check_free(vol, sizeof(*vol));
	tpm_lines();
}
