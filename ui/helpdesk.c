/** @file
 * Drawing the helpdesk card.
 */
#include <string.h>
#include "bde/guid.h"
#include "bde/names.h"
#include "ui/bigtext.h"
#include "ui/frame.h"
#include "ui/helpdesk.h"
#include "ui/msg.h"
#include "ui/protectors.h"
#include "ui/text.h"
#include "ui/tpm_verdict.h"
#include "ui/utf8.h"

#define MINUTE 600000000ull   /* in FILETIME's 100 ns */
#define MORE_LEN 12           /* ", +NN more" in the longest language */

/* Where organisations keep recovery keys, with the path an admin clicks. */
static const enum msg_id key_locations[] = {
	MSG_CARD_WHERE_INTUNE,
	MSG_CARD_WHERE_ENTRA,
	MSG_CARD_WHERE_MSA,
	MSG_CARD_WHERE_AD,
	MSG_CARD_WHERE_AD_OBJECTS,
};

/* The same places, found by the device when the key ID is unknown. */
static const enum msg_id by_device[] = {
	MSG_CARD_WHERE_INTUNE,
	MSG_CARD_DEVICE_ENTRA,
	MSG_CARD_DEVICE_MSA,
	MSG_CARD_WHERE_AD,
};

/* Width of the text left of the QR code's place (UI_CARD_TEXT_COLS). */
#define LEFT_WIDTH (UI_CARD_TEXT_COLS - 1)

/* TEXT at ROW from column 1, cut (with "...") left of the QR code. */
static void put_left(struct screen *s, unsigned row, enum ui_colour colour,
		     const char *text)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add(&t, text);
	if (t.cols > LEFT_WIDTH) {
		t.len = utf8_bytes(t.buf, LEFT_WIDTH - 3);
		t.cols = LEFT_WIDTH - 3;
		t.buf[t.len] = '\0';
		ui_text_add(&t, "...");
	}
	ui_put_text(s, row, 1, colour, t.buf);
}

/* The organisation's own words come first: they know their process. */
static unsigned draw_organisation(struct screen *s, unsigned row,
				  const struct bde_volume *vol, unsigned max_rows)
{
	unsigned used = 0;
	struct ui_text t;

	if (vol->recovery_message[0])
		used += ui_put_wrapped(s, row, 1, LEFT_WIDTH, max_rows - 1,
				       UI_HIGHLIGHT, vol->recovery_message);
	if (vol->recovery_url[0]) {
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_CARD_URL), vol->recovery_url);
		put_left(s, row + used, UI_HIGHLIGHT, t.buf);
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
	struct ui_text t, when;
	unsigned i;
	int saved_apart;

	bde_key_id_format(rp->guid, id);
	bde_guid_format(rp->guid, full);
	put_left(s, row++, UI_NORMAL, msg(MSG_CARD_READ_ALOUD));
	ui_big_text(s, row, 4, UI_HIGHLIGHT, id);
	row += UI_BIG_ROWS;

	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_CARD_KEY_ID), id, full);
	put_left(s, row++, UI_HIGHLIGHT, t.buf);

	/* Active Directory names each stored key by its date: show ours, and
	 * when Windows saved the key (value type 0x15), the recovery screen's
	 * hint */
	ui_text_init(&t);
	saved_apart = rp->has_key_saved &&
		      (!rp->time || rp->key_saved_time / MINUTE != rp->time / MINUTE);
	if (rp->time) {
		ui_text_init(&when);
		ui_text_add_filetime(&when, rp->time);
		ui_text_addf(&t, msg(rp->has_key_saved && !saved_apart ?
				     MSG_CARD_KEY_CREATED_SAVED : MSG_CARD_KEY_CREATED), when.buf);
	}
	if (saved_apart) {
		ui_text_init(&when);
		ui_text_add_filetime(&when, rp->key_saved_time);
		ui_text_addf(&t, msg(rp->time ? MSG_CARD_KEY_ALSO_SAVED : MSG_CARD_KEY_SAVED),
			     when.buf);
	}
	/* Several recovery passwords: any of them opens the volume. Whole
	 * IDs only: a cut one would send the helpdesk to the wrong key. */
	for (i = 1; (other = ui_recovery_protector(vol, i)) != NULL; i++) {
		const char *lead = i > 1 ? ", " : t.len ? "  " : "";
		int last = ui_recovery_protector(vol, i + 1) == NULL;
		unsigned more = 0, need = utf8_count(t.buf) + utf8_count(lead) +
			(i == 1 ? utf8_count(msg(MSG_CARD_OTHER_IDS)) : 0) + BDE_KEY_ID_LEN - 1;

		if (need + (last ? 0 : MORE_LEN) <= LEFT_WIDTH) {
			ui_text_add(&t, lead);
			if (i == 1)
				ui_text_add(&t, msg(MSG_CARD_OTHER_IDS));
			bde_key_id_format(other->guid, id);
			ui_text_add(&t, id);
			continue;
		}
		while (ui_recovery_protector(vol, i + more))
			more++;
		/* no room even for the count: the volume list names them all */
		ui_text_init(&when);
		ui_text_addf(&when, msg(i == 1 ? MSG_CARD_OTHER_IDS_COUNT : MSG_CARD_MORE_IDS), more);
		if (utf8_count(t.buf) + utf8_count(lead) + utf8_count(when.buf) <= LEFT_WIDTH) {
			ui_text_add(&t, lead);
			ui_text_add(&t, when.buf);
		}
		break;
	}
	if (t.len)
		put_left(s, row, UI_NORMAL, t.buf);
}

static void draw_volume(struct screen *s, unsigned row,
			const struct bde_volume *vol)
{
	char guid[BDE_GUID_TEXT_LEN];
	struct ui_text t;

	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_CARD_VOLUME), vol->description[0] ?
		     vol->description : msg(MSG_NO_DESCRIPTION));
	put_left(s, row, UI_NORMAL, t.buf);
	bde_guid_format(vol->volume_guid, guid);
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_CARD_VOLUME_ID), guid);
	put_left(s, row + 1, UI_NORMAL, t.buf);
}

/* Returns the rows used. */
static unsigned draw_no_recovery(struct screen *s, unsigned row,
				 const struct bde_volume *vol)
{
	unsigned i, start = row;
	struct ui_text t;

	row += ui_put_wrapped(s, row, 1, 78, 4, UI_ERROR, msg(MSG_CARD_NO_RECOVERY));
	row++;
	ui_text_init(&t);
	ui_text_add(&t, msg(MSG_CARD_OPENS_ONLY_WITH));
	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++) {
		const char *name = ui_protector_name(vol->protectors[i].type);

		if (i)
			ui_text_add(&t, ", ");
		ui_text_add(&t, name ? name : msg(MSG_CARD_UNKNOWN_PROTECTOR));
	}
	if (i == 0)
		ui_text_add(&t, msg(MSG_CARD_NO_PROTECTORS));
	row += ui_put_wrapped(s, row, 1, 78, 2, UI_NORMAL, t.buf);
	row += 1 + ui_put_wrapped(s, row + 1, 1, 78, 4, UI_NORMAL, msg(MSG_CARD_KEY_PACKAGE));
	return row - start;
}

/* No readable metadata copy: the key ID is in the metadata, so is unknown. */
static void draw_unreadable(struct screen *s, unsigned row)
{
	unsigned i;

	row += ui_put_wrapped(s, row, 1, 78, 4, UI_ERROR, msg(MSG_CARD_UNREADABLE));
	row++;
	row += ui_put_wrapped(s, row, 1, 78, 4, UI_NORMAL, msg(MSG_CARD_BY_NAME));
	for (i = 0; i < sizeof(by_device) / sizeof(by_device[0]); i++)
		ui_put_text(s, row++, 1, UI_NORMAL, msg(by_device[i]));
	row++;
	ui_put_wrapped(s, row, 1, 78, 5, UI_NORMAL, msg(MSG_CARD_REPAIR_BDE));
}

void ui_helpdesk_draw(struct screen *s, const struct bde_volume *vol)
{
	ui_helpdesk_draw_tpm(s, vol, NULL);
}

void ui_helpdesk_draw_tpm(struct screen *s, const struct bde_volume *vol,
			  const struct tpm_verdict *tpm)
{
	const struct bde_protector *rp = ui_recovery_protector(vol, 0);
	unsigned row = UI_FIRST_ROW, i;

	ui_frame(s, msg(MSG_CARD_TITLE),
		 msg(rp ? MSG_CARD_KEYS : MSG_CARD_KEYS_NO_RECOVERY));
	if (vol->copy_used < 0) {
		draw_unreadable(s, row);
		s->flush(s);
		return;
	}
	/* At most 3 rows for the organisation: the key ID must stay in view. */
	row += draw_organisation(s, row, vol, 3);
	if (!rp) {
		draw_volume(s, row, vol);
		row += 3 + draw_no_recovery(s, row + 3, vol);
		if (row < UI_LAST_ROW)
			ui_card_verdict(s, row + 1, UI_LAST_ROW - row, tpm);
		s->flush(s);
		return;
	}
	draw_key_id(s, row, vol, rp);
	row += 1 + UI_BIG_ROWS + 2;
	draw_volume(s, row, vol);
	row += 2;
	put_left(s, row++, UI_NORMAL, msg(MSG_CARD_ADMIN_FINDS));
	for (i = 0; i < sizeof(key_locations) / sizeof(key_locations[0]); i++)
		ui_put_text(s, row++, 1, UI_NORMAL, msg(key_locations[i]));
	/* Both fit below the longest organisation message (3 rows). */
	ui_put_text(s, row++, 1, UI_NORMAL, msg(MSG_CARD_WRONG_KEY));
	row += ui_put_wrapped(s, row, 1, 78, UI_LAST_ROW + 1 - row, UI_NORMAL,
			      msg(MSG_CARD_NOT_THERE));
	/* the TPM's verdict in the rows left (none below the longest
	 * organisation message: T shows it) */
	if (row < UI_LAST_ROW)
		ui_card_verdict(s, row + 1, UI_LAST_ROW - row, tpm);
	s->flush(s);
}
