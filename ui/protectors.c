/** @file
 * Protector listing, shared by the volume list and the helpdesk card.
 */
#include "bde/guid.h"
#include "bde/names.h"
#include "ui/protectors.h"

/* Lines protector P takes: type, ID, and the PCR profile if it has one. */
static unsigned protector_lines(const struct bde_protector *p)
{
	return p->has_pcr_profile ? 4 : 2;
}

static void protector_line(const struct bde_protector *p, unsigned n,
			   struct ui_text *t)
{
	uint8_t type[2] = { (uint8_t)(p->type >> 8), (uint8_t)p->type };
	char id[BDE_GUID_TEXT_LEN];
	const char *name;

	switch (n) {
	case 0:
		ui_text_add(t, "    ");
		name = bde_protector_type_name(p->type);
		if (name) {
			ui_text_add(t, name);
		} else {
			ui_text_add(t, "Unknown protector type 0x");
			ui_text_add_hex(t, type, 2);
		}
		ui_text_add_char(t, ':');
		break;
	case 1:
		bde_guid_format(p->guid, id);
		ui_text_add(t, "      ID: ");
		ui_text_add(t, id);
		break;
	case 2:
		ui_text_add(t, "      PCR Validation Profile:");
		break;
	case 3:
		ui_text_add(t, "        ");
		ui_text_add_pcr_list(t, p->pcr_mask);
		break;
	}
}

unsigned ui_protector_line(const struct bde_volume *vol, unsigned n,
			   struct ui_text *t)
{
	unsigned i, total = 0, count = vol->n_protectors;

	ui_text_init(t);
	if (count > BDE_MAX_PROTECTORS)
		count = BDE_MAX_PROTECTORS;
	for (i = 0; i < count; i++) {
		unsigned lines = protector_lines(&vol->protectors[i]);

		if (n >= total && n < total + lines)
			protector_line(&vol->protectors[i], n - total, t);
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
