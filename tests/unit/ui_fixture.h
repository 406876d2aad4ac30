/** @file
 * A volume for the UI self-tests to draw.
 *
 * The volume GUID, password and recovery protector GUIDs are those of
 * bitlk-aes-xts-128.img in images.conf. The TPM protector, its PCR profile
 * (0, 2, 4, 11, manage-bde's usual example) and the description are made
 * up: that image has no TPM protector.
 */
#ifndef UI_FIXTURE_H
#define UI_FIXTURE_H

#include <string.h>
#include "bde/guid.h"
#include "bde/volume.h"
#include "ui/memscreen.h"

#define FIXTURE_VOLUME_GUID "8f595209-f5b9-49a0-85d4-cb8f80258c27"
#define FIXTURE_TPM_GUID "a5b31c23-1111-4222-8333-444455556666"
#define FIXTURE_PASSWORD_GUID "3e55195c-8811-4d9b-97b4-2b9e5f8f5384"
#define FIXTURE_RECOVERY_GUID "64311dea-4587-4029-924a-ba299647998e"

static inline void fixture_add_protector(struct bde_volume *vol, uint16_t type,
				  const char *guid, uint32_t pcr_mask)
{
	struct bde_protector *p = &vol->protectors[vol->n_protectors++];

	p->type = type;
	bde_guid_parse(guid, p->guid);
	p->has_pcr_profile = pcr_mask != 0;
	p->pcr_mask = pcr_mask;
}

static inline void fixture_volume(struct bde_volume *vol)
{
	memset(vol, 0, sizeof(*vol));
	vol->kind = BDE_KIND_WIN7;
	vol->sector_size = 512;
	vol->volume_size = 256052966400ull;
	vol->encrypted_size = vol->volume_size;
	vol->version = 2;
	vol->method = 0x8004;
	vol->state_current = vol->state_next = BDE_STATE_ENCRYPTED;
	bde_guid_parse(FIXTURE_VOLUME_GUID, vol->volume_guid);
	memcpy(vol->description, "DESKTOP-X C: 7/4/2019", sizeof("DESKTOP-X C: 7/4/2019"));
	vol->copies[0].offset = 0x2100000;
	vol->copies[1].offset = 0x4100000;
	vol->copies[2].offset = 0x6100000;
	fixture_add_protector(vol, 0x0100, FIXTURE_TPM_GUID,
			      1u << 0 | 1u << 2 | 1u << 4 | 1u << 11);
	fixture_add_protector(vol, 0x2000, FIXTURE_PASSWORD_GUID, 0);
	fixture_add_protector(vol, 0x0800, FIXTURE_RECOVERY_GUID, 0);
}

/* Nothing outside 80x25, nothing that is not printable ASCII. */
static inline int fixture_screen_clean(const struct memscreen *m)
{
	return m->out_of_bounds == 0 && m->not_shown == 0;
}

/* Row ROW of M equals TEXT (trailing spaces ignored). */
static inline int fixture_row_is(const struct memscreen *m, unsigned row, const char *text)
{
	char buf[MEMSCREEN_ROW_BYTES];

	return strcmp(memscreen_row(m, row, buf), text) == 0;
}

#endif
