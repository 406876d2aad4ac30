/** @file
 * Drawing the helpdesk card.
 */
#include <string.h>
#include "bde/guid.h"
#include "bde/names.h"
#include "ui/bigtext.h"
#include "ui/frame.h"
#include "ui/helpdesk.h"
#include "ui/protectors.h"
#include "ui/text.h"

#define MINUTE 600000000ull   /* in FILETIME's 100 ns */
#define LINE_ROOM 78          /* a card line, from column 1 */
#define MORE_LEN 11           /* " (+NN more)" */

/* Where organisations keep recovery keys, with the path an admin clicks. */
static const char *const key_locations[] = {
	"  Intune:    Devices > All devices > (this device) > Recovery keys",
	"  Entra ID:  Devices > BitLocker keys, search for the key ID",
	"  Personal Microsoft account: aka.ms/myrecoverykey",
	"  Active Directory: the computer object's BitLocker Recovery tab",
	"             (msFVE-RecoveryInformation objects, named by date and key ID)",
};

/* The same places, found by the device when the key ID is unknown. */
static const char *const by_device[] = {
	"  Intune:    Devices > All devices > (this device) > Recovery keys",
	"  Entra ID:  Devices > All devices > (this device) > BitLocker keys",
	"  Personal Microsoft account: aka.ms/myrecoverykey, listed by device",
	"  Active Directory: the computer object's BitLocker Recovery tab",
};

/* The organisation's own words come first: they know their process. */
static unsigned draw_organisation(struct screen *s, unsigned row,
				  const struct bde_volume *vol, unsigned max_rows)
{
	unsigned used = 0;
	struct ui_text t;

	if (vol->recovery_message[0])
		used += ui_put_wrapped(s, row, 1, 78, max_rows - 1, UI_HIGHLIGHT,
				       vol->recovery_message);
	if (vol->recovery_url[0]) {
		ui_text_init(&t);
		ui_text_add(&t, "URL: ");
		ui_text_add(&t, vol->recovery_url);
		ui_put_text(s, row + used, 1, UI_HIGHLIGHT, t.buf);
		used++;
	}
	return used ? used + 1 : 0;
}

static void draw_key_id(struct screen *s, unsigned row,
			const struct bde_volume *vol,
			const struct bde_protector *rp)
{
	char id[BDE_KEY_ID_LEN], full[BDE_GUID_TEXT_LEN];
	const struct bde_protector *other;
	struct ui_text t;
	unsigned i;

	bde_key_id_format(rp->guid, id);
	bde_guid_format(rp->guid, full);
	ui_put_text(s, row++, 1, UI_NORMAL,
		    "Recovery key ID - read it to your helpdesk:");
	ui_big_text(s, row, 4, UI_HIGHLIGHT, id);
	row += UI_BIG_ROWS;

	ui_text_init(&t);
	ui_text_add(&t, "Key ID: ");
	ui_text_add(&t, id);
	ui_text_add(&t, "   Full ID: ");
	ui_text_add(&t, full);
	ui_put_text(s, row++, 1, UI_HIGHLIGHT, t.buf);

	/* Active Directory names each stored key by its date: show ours, and
	 * when Windows saved the key (the recovery screen's hint) */
	ui_text_init(&t);
	if (rp->time) {
		ui_text_add(&t, "Key created ");
		if (rp->has_key_saved && rp->key_saved_time / MINUTE == rp->time / MINUTE)
			ui_text_add(&t, "and saved ");
		ui_text_add_filetime(&t, rp->time);
	}
	if (rp->has_key_saved && (!rp->time || rp->key_saved_time / MINUTE != rp->time / MINUTE)) {
		ui_text_add(&t, rp->time ? ", saved " : "Key saved ");
		ui_text_add_filetime(&t, rp->key_saved_time);
	}
	/* Several recovery passwords: any of them opens the volume. Whole
	 * IDs only: a cut one would send the helpdesk to the wrong key. */
	for (i = 1; (other = ui_recovery_protector(vol, i)) != NULL; i++) {
		const char *lead = i == 1 ? (t.len ? "   Other recovery key IDs: " :
					     "Other recovery key IDs: ") : ", ";
		int last = ui_recovery_protector(vol, i + 1) == NULL;
		unsigned more = 0;

		if (t.len + strlen(lead) + BDE_KEY_ID_LEN - 1 + (last ? 0 : MORE_LEN) <= LINE_ROOM) {
			ui_text_add(&t, lead);
			bde_key_id_format(other->guid, id);
			ui_text_add(&t, id);
			continue;
		}
		while (ui_recovery_protector(vol, i + more))
			more++;
		ui_text_add(&t, i == 1 ? "   (+" : " (+");
		ui_text_add_uint(&t, more, 0);
		ui_text_add(&t, i == 1 ? " other IDs)" : " more)");
		break;
	}
	if (t.len)
		ui_put_text(s, row, 1, UI_NORMAL, t.buf);
}

static void draw_volume(struct screen *s, unsigned row,
			const struct bde_volume *vol)
{
	char guid[BDE_GUID_TEXT_LEN];
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add(&t, "Volume: ");
	ui_text_add(&t, vol->description[0] ? vol->description : "(no description)");
	ui_put_text(s, row, 1, UI_NORMAL, t.buf);
	bde_guid_format(vol->volume_guid, guid);
	ui_text_init(&t);
	ui_text_add(&t, "Volume ID: ");
	ui_text_add(&t, guid);
	ui_put_text(s, row + 1, 1, UI_NORMAL, t.buf);
}

static void draw_no_recovery(struct screen *s, unsigned row,
			     const struct bde_volume *vol)
{
	struct ui_text t;
	unsigned i;

	row += ui_put_wrapped(s, row, 1, 78, 4, UI_ERROR,
			      "This volume has no recovery password (Numerical "
			      "Password) protector: no 48-digit recovery key "
			      "exists for it, so none can be looked up.");
	row++;
	ui_text_init(&t);
	ui_text_add(&t, "It opens only with: ");
	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++) {
		const char *name = bde_protector_type_name(vol->protectors[i].type);

		if (i)
			ui_text_add(&t, ", ");
		ui_text_add(&t, name ? name : "an unknown protector");
	}
	if (i == 0)
		ui_text_add(&t, "nothing (no protectors)");
	row += ui_put_wrapped(s, row, 1, 78, 2, UI_NORMAL, t.buf);
	ui_put_wrapped(s, row + 1, 1, 78, 4, UI_NORMAL,
		       "Ask your administrator whether a BitLocker key package "
		       "or a startup key (.BEK file) was saved elsewhere. "
		       "Without one of these the data cannot be reached.");
}

/* No readable metadata copy: the key ID is in the metadata, so is unknown. */
static void draw_unreadable(struct screen *s, unsigned row)
{
	unsigned i;

	row += ui_put_wrapped(s, row, 1, 78, 4, UI_ERROR,
			      "The BitLocker metadata of this volume is damaged "
			      "in all three of its copies: its recovery key ID, "
			      "volume ID and key protectors cannot be read.");
	row++;
	row += ui_put_wrapped(s, row, 1, 78, 4, UI_NORMAL,
			      "An administrator can still find the recovery key "
			      "by this computer's name:");
	for (i = 0; i < sizeof(by_device) / sizeof(by_device[0]); i++)
		ui_put_text(s, row++, 1, UI_NORMAL, by_device[i]);
	row++;
	ui_put_wrapped(s, row, 1, 78, 5, UI_NORMAL,
		       "The volume cannot be unlocked here. With the recovery "
		       "key, Windows' repair-bde can rescue the data from an "
		       "image of this disk: work on the copy, never on the "
		       "damaged disk itself.");
}

void ui_helpdesk_draw(struct screen *s, const struct bde_volume *vol)
{
	const struct bde_protector *rp = ui_recovery_protector(vol, 0);
	unsigned row = UI_FIRST_ROW, i;

	ui_frame(s, "Recovery key needed",
		 rp ? "Enter: type the recovery key   T: TPM   Esc: back" :
		      "T: TPM   Esc: back");
	if (vol->copy_used < 0) {
		draw_unreadable(s, row);
		s->flush(s);
		return;
	}
	/* At most 3 rows for the organisation: the key ID must stay in view. */
	row += draw_organisation(s, row, vol, 3);
	if (!rp) {
		draw_volume(s, row, vol);
		draw_no_recovery(s, row + 3, vol);
		s->flush(s);
		return;
	}
	draw_key_id(s, row, vol, rp);
	row += 1 + UI_BIG_ROWS + 2;
	draw_volume(s, row, vol);
	row += 3;
	ui_put_text(s, row++, 1, UI_NORMAL,
		    "An administrator finds the 48-digit recovery key under this ID in:");
	for (i = 0; i < sizeof(key_locations) / sizeof(key_locations[0]); i++)
		ui_put_text(s, row++, 1, UI_NORMAL, key_locations[i]);
	ui_put_wrapped(s, row, 1, 78, UI_LAST_ROW + 1 - row, UI_NORMAL,
		       "Not there? Once the device runs again, rotate the key "
		       "from the Intune console.");
	s->flush(s);
}
