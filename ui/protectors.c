/** @file
 * Protector listing, shared by the volume list and the helpdesk card.
 */
#include "bde/guid.h"
#include "bde/names.h"
#include "tpm/sealed.h"
#include "ui/msg.h"
#include "ui/protectors.h"

/* manage-bde's names for the protector types, as its Danish edition says them. */
static const struct { uint16_t type; enum msg_id name; } type_names[] = {
	{ 0x0000, MSG_PROT_CLEAR_KEY },
	{ 0x0100, MSG_PROT_TPM },
	{ 0x0200, MSG_PROT_EXTERNAL_KEY },
	{ 0x0300, MSG_PROT_TPM_STARTUP_KEY },
	{ 0x0500, MSG_PROT_TPM_PIN },
	{ 0x0700, MSG_PROT_TPM_PIN_STARTUP_KEY },
	{ 0x0800, MSG_PROT_NUMERICAL_PASSWORD },
	{ 0x1000, MSG_PROT_SMART_CARD },
	{ 0x2000, MSG_PROT_PASSWORD },
};

const char *ui_protector_name(uint16_t type)
{
	unsigned i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i].type == type)
			return msg(type_names[i].name);
	return NULL;
}

/* The lines of one protector, in order; which ones P has depends on it. */
enum protector_line_kind {
	LINE_TYPE,          /* "    Numerical Password:" */
	LINE_ID,            /* "      ID: {...}" */
	LINE_CREATED,       /* "      Created: 2019-07-04 07:02 UTC" */
	LINE_KEY_SAVED,     /* "      Key Saved: 2019-07-04 07:02 UTC (kind 8, 2)" */
	LINE_BEK_TITLE,     /* startup keys: the file Windows saves the key in */
	LINE_BEK_NAME,
	LINE_PCR_TITLE,     /* TPM protectors with a validation profile */
	LINE_PCR_LIST,
	LINE_PIN,           /* UI_PROTECTOR_TPM: what the sealed key says */
	LINE_LOCKOUT,
	LINE_DIGEST_TITLE,
	LINE_DIGEST,
	LINE_POLICY,
	LINE_KINDS
};

static int protector_has_line(const struct bde_protector *p, unsigned flags,
			      enum protector_line_kind kind)
{
	switch (kind) {
	case LINE_CREATED:
		return flags & UI_PROTECTOR_TIMES;
	case LINE_KEY_SAVED:
		return (flags & UI_PROTECTOR_TIMES) && p->has_key_saved;
	case LINE_BEK_TITLE:
	case LINE_BEK_NAME:
		return p->type == BDE_PROT_STARTUP_KEY;
	case LINE_PCR_TITLE:
	case LINE_PCR_LIST:
		return p->has_pcr_profile;
	case LINE_PIN:
	case LINE_POLICY:
		return (flags & UI_PROTECTOR_TPM) && p->has_sealed;
	case LINE_LOCKOUT:
		/* the TPM enforces the attributes whatever the policy */
		return (flags & UI_PROTECTOR_TPM) && p->has_sealed && p->sealed.fields_read;
	case LINE_DIGEST_TITLE:
	case LINE_DIGEST:
		/* only what the policy is known to check */
		return (flags & UI_PROTECTOR_TPM) && p->has_sealed &&
		       p->sealed.status == TPM_SEALED_OK;
	default:
		return 1;
	}
}

/* Lines protector P takes. */
static unsigned protector_lines(const struct bde_protector *p, unsigned flags)
{
	unsigned kind, n = 0;

	for (kind = 0; kind < LINE_KINDS; kind++)
		n += protector_has_line(p, flags, kind);
	return n;
}

static void protector_line(const struct bde_protector *p, unsigned flags,
			   unsigned n, struct ui_text *t)
{
	uint8_t type[2] = { (uint8_t)(p->type >> 8), (uint8_t)p->type };
	char id[BDE_GUID_TEXT_LEN];
	struct ui_text when;
	const char *name;
	unsigned kind;

	for (kind = 0; kind < LINE_KINDS; kind++)
		if (protector_has_line(p, flags, kind) && n-- == 0)
			break;
	switch (kind) {
	case LINE_TYPE:
		ui_text_add(t, "    ");
		name = ui_protector_name(p->type);
		if (name) {
			ui_text_add(t, name);
		} else {
			struct ui_text hex;

			ui_text_init(&hex);
			ui_text_add_hex(&hex, type, 2);
			ui_text_addf(t, msg(MSG_PROT_UNKNOWN_TYPE), hex.buf);
		}
		ui_text_add_char(t, ':');
		break;
	case LINE_ID:
		bde_guid_format(p->guid, id);
		ui_text_add(t, "      ID: ");
		ui_text_add(t, id);
		break;
	case LINE_CREATED:
		ui_text_add(t, "      ");
		ui_text_add(t, msg(MSG_PROT_CREATED));
		ui_text_add_filetime(t, p->time);
		break;
	case LINE_KEY_SAVED:
		/* when Windows saved the key; the numbers' meaning is not known */
		ui_text_add(t, "      ");
		ui_text_init(&when);
		ui_text_add_filetime(&when, p->key_saved_time);
		ui_text_addf(t, msg(MSG_PROT_KEY_SAVED), when.buf, p->key_saved_kind[0],
			     p->key_saved_kind[1]);
		break;
	case LINE_BEK_TITLE:
		ui_text_add(t, "      ");
		ui_text_add(t, msg(MSG_PROT_BEK_FILE));
		break;
	case LINE_BEK_NAME:
		/* Windows names the file after the ID, without braces. */
		bde_guid_format(p->guid, id);
		id[BDE_GUID_TEXT_LEN - 2] = '\0';
		ui_text_add(t, "        ");
		ui_text_add(t, id + 1);
		ui_text_add(t, ".BEK");
		break;
	case LINE_PCR_TITLE:
		ui_text_add(t, "      ");
		ui_text_add(t, msg(MSG_PROT_PCR_PROFILE));
		break;
	case LINE_PCR_LIST:
		ui_text_add(t, "        ");
		ui_text_add_pcr_list(t, p->pcr_mask);
		break;
	case LINE_PIN:
		ui_text_add(t, "      ");
		ui_text_addf(t, msg(MSG_PROT_PIN), msg(p->type & BDE_PROT_PIN_BIT ? MSG_YES : MSG_NO));
		break;
	case LINE_LOCKOUT:
		ui_text_add(t, "      ");
		ui_text_addf(t, msg(MSG_PROT_LOCKOUT),
			     msg(tpm_sealed_counts_lockout(&p->sealed) ? MSG_YES : MSG_NO));
		break;
	case LINE_DIGEST_TITLE:
		ui_text_add(t, "      ");
		ui_text_add(t, msg(MSG_PROT_PCR_DIGEST));
		break;
	case LINE_DIGEST:
		/* upper case, as the TPM screen shows PCR values */
		ui_text_add(t, "        ");
		ui_text_add_hex(t, p->sealed.pcr_digest, TPM_SEALED_DIGEST_LEN);
		break;
	case LINE_POLICY:
		/* the reason stays in the core's English: it is for an expert */
		ui_text_add(t, "      ");
		ui_text_addf(t, msg(p->sealed.status == TPM_SEALED_OK ? MSG_PROT_POLICY :
				    MSG_PROT_POLICY_NOT_UNDERSTOOD),
			     tpm_sealed_status_text(p->sealed.status));
		break;
	}
}

unsigned ui_protector_line(const struct bde_volume *vol, unsigned flags,
			   unsigned n, struct ui_text *t)
{
	unsigned i, total = 0, count = vol->n_protectors;

	ui_text_init(t);
	if (count > BDE_MAX_PROTECTORS)
		count = BDE_MAX_PROTECTORS;
	for (i = 0; i < count; i++) {
		unsigned lines = protector_lines(&vol->protectors[i], flags);

		if (n >= total && n < total + lines)
			protector_line(&vol->protectors[i], flags, n - total, t);
		total += lines;
	}
	return total;
}

const struct bde_protector *ui_recovery_protector(const struct bde_volume *vol,
						  unsigned n)
{
	unsigned i;

	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++)
		if (vol->protectors[i].type == BDE_PROT_RECOVERY_PASSWORD && n-- == 0)
			return &vol->protectors[i];
	return NULL;
}

uint32_t ui_volume_pcr_profile(const struct bde_volume *vol)
{
	uint32_t mask = 0;
	unsigned i;

	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++)
		if (vol->protectors[i].has_pcr_profile)
			mask |= vol->protectors[i].pcr_mask;
	return mask;
}
