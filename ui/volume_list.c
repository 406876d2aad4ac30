/** @file
 * Drawing and navigating the volume list.
 */
#include "bde/bde.h"
#include "bde/error.h"
#include "bde/guid.h"
#include "bde/status.h"
#include "ui/frame.h"
#include "ui/protectors.h"
#include "ui/text.h"
#include "ui/volume_list.h"

#define LIST_ROW 3                        /* first entry row */
#define DETAIL_ROW (LIST_ROW + UI_LIST_ROWS + 1)
#define PROTECTOR_ROW (DETAIL_ROW + 6)    /* after "Key Protectors" */
#define PROTECTOR_ROWS (UI_LAST_ROW - PROTECTOR_ROW + 1)

static const struct ui_volume_entry *selected(const struct ui_volume_list *l)
{
	return l->n ? &l->entries[l->selected] : NULL;
}

static int has_password(const struct ui_volume_list *l)
{
	const struct bde_volume *vol;
	unsigned i;

	if (!l->n)
		return 0;
	vol = selected(l)->vol;
	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++)
		if (vol->protectors[i].type == BDE_PROT_PASSWORD)
			return 1;
	return 0;
}

static unsigned protector_lines(const struct ui_volume_list *l)
{
	struct ui_text t;

	return l->n ? ui_protector_line(selected(l)->vol, 0, ~0u, &t) : 0;
}

void ui_volume_list_init(struct ui_volume_list *l,
			 const struct ui_volume_entry *entries, unsigned n)
{
	l->entries = entries;
	l->n = n;
	l->selected = 0;
	l->top = 0;
	l->detail_top = 0;
	l->secure_boot = NULL;
}

static void select_entry(struct ui_volume_list *l, unsigned i)
{
	if (i >= l->n)
		return;
	l->selected = i;
	l->detail_top = 0;
	if (l->selected < l->top)
		l->top = l->selected;
	if (l->selected >= l->top + UI_LIST_ROWS)
		l->top = l->selected - UI_LIST_ROWS + 1;
}

enum ui_list_action ui_volume_list_key(struct ui_volume_list *l,
				       const struct ui_key *key)
{
	unsigned lines = protector_lines(l);
	unsigned last_top = lines > PROTECTOR_ROWS ? lines - PROTECTOR_ROWS : 0;

	switch (key->scan) {
	case UI_KEY_UP:
		if (l->selected > 0)
			select_entry(l, l->selected - 1);
		return UI_LIST_NONE;
	case UI_KEY_DOWN:
		select_entry(l, l->selected + 1);
		return UI_LIST_NONE;
	case UI_KEY_PGUP:
		l->detail_top = l->detail_top > PROTECTOR_ROWS ?
			l->detail_top - PROTECTOR_ROWS : 0;
		return UI_LIST_NONE;
	case UI_KEY_PGDN:
		l->detail_top += PROTECTOR_ROWS;
		if (l->detail_top > last_top)
			l->detail_top = last_top;
		return UI_LIST_NONE;
	case UI_KEY_ENTER:
		return l->n ? UI_LIST_UNLOCK : UI_LIST_NONE;
	case UI_KEY_ESC:
		return UI_LIST_EXIT;
	case UI_KEY_CHAR:
		if (key->ch == 'p' || key->ch == 'P')
			return has_password(l) ? UI_LIST_PASSWORD : UI_LIST_NONE;
		if (key->ch == 'h' || key->ch == 'H')
			return l->n ? UI_LIST_HELPDESK : UI_LIST_NONE;
		if (key->ch == 't' || key->ch == 'T')
			return UI_LIST_TPM;
		return UI_LIST_NONE;
	}
	return UI_LIST_NONE;
}

static void draw_entry(struct screen *s, unsigned row,
		       const struct ui_volume_entry *e, unsigned number,
		       int is_selected)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add(&t, is_selected ? " > " : "   ");
	ui_text_add_uint(&t, number, 2);
	ui_text_add(&t, "  ");
	ui_text_add(&t, e->disk ? e->disk : "?");
	if (e->partition) {
		ui_text_add(&t, " part ");
		ui_text_add_uint(&t, e->partition, 0);
	}
	ui_text_pad_to(&t, 30);
	ui_text_add_size(&t, e->vol->volume_size);
	ui_text_pad_to(&t, 43);
	ui_text_add(&t, e->vol->description[0] ? e->vol->description :
		    "(no description)");
	ui_put_text(s, row, 0, is_selected ? UI_HIGHLIGHT : UI_NORMAL, t.buf);
}

/* A few words per copy, so three fit on one line. */
static const char *copy_state(int status)
{
	switch (status) {
	case BDE_OK:                return "OK";
	case BDE_ERR_IO:            return "read error";
	case BDE_ERR_NOT_BITLOCKER: return "missing";
	case BDE_ERR_UNSUPPORTED:   return "unsupported";
	case BDE_COPY_NOT_READ:     return "not read";
	case BDE_COPY_PAST_END:     return "missing";
	default:                    return "damaged";
	}
}

/* " Metadata: copy 1 OK (in use), copy 2 damaged, ..." */
static void draw_copies(struct screen *s, unsigned row, const struct bde_volume *vol)
{
	struct ui_text t;
	int damaged = 0;
	unsigned i;

	ui_text_init(&t);
	ui_text_add(&t, " Metadata:   ");
	for (i = 0; i < 3; i++) {
		if (i)
			ui_text_add(&t, ", ");
		ui_text_add(&t, "copy ");
		ui_text_add_uint(&t, i + 1, 0);
		ui_text_add_char(&t, ' ');
		ui_text_add(&t, copy_state(vol->copies[i].status));
		if ((int)i == vol->copy_used)
			ui_text_add(&t, " (in use)");
		damaged |= vol->copies[i].status != BDE_OK;
	}
	ui_put_text(s, row, 0, damaged ? UI_ERROR : UI_NORMAL, t.buf);
}

/* " Status:     Encryption in Progress 45.2%, protection off" as manage-bde
 * words it, and what the encrypt-on-write bitmaps leave unknown. */
static void draw_status(struct screen *s, unsigned row, const struct bde_volume *vol)
{
	struct bde_status st;
	struct ui_text t;
	int bad = bde_view_uncertain(vol) || vol->eow_map.bad_regions;

	bde_status_get(vol, &st);
	ui_text_init(&t);
	ui_text_add(&t, " Status:     ");
	ui_text_add(&t, bde_conversion_name(st.conversion));
	if (st.conversion != BDE_CONV_FULLY_ENCRYPTED && st.conversion != BDE_CONV_USED_SPACE_ONLY &&
	    st.conversion != BDE_CONV_FULLY_DECRYPTED) {
		ui_text_add_char(&t, ' ');
		ui_text_add_uint(&t, st.permille / 10, 0);
		ui_text_add_char(&t, '.');
		ui_text_add_uint(&t, st.permille % 10, 0);
		ui_text_add_char(&t, '%');
	}
	ui_text_add(&t, st.protection_on ? ", protection on" : ", protection off");
	if (bde_view_uncertain(vol))
		ui_text_add(&t, ", bitmaps unreadable");
	else if (vol->eow_map.bad_regions)
		ui_text_add(&t, ", bitmap damaged");
	ui_put_text(s, row, 0, bad ? UI_ERROR : UI_NORMAL, t.buf);
}

/*
 * No metadata copy could be read: method, volume ID and protectors are
 * all in it, so say they are unknown rather than show zeros.
 */
static void draw_unreadable(struct screen *s, unsigned row, const struct bde_volume *vol)
{
	ui_put_text(s, row++, 0, UI_ERROR,
		    " Encryption: unknown, no copy of the BitLocker metadata is readable");
	ui_put_text(s, row++, 0, UI_NORMAL, " Status:     unknown");
	draw_copies(s, row++, vol);
	ui_put_text(s, row++, 0, UI_NORMAL, " Volume ID:  unknown");
	ui_put_text(s, row, 1, UI_TITLE, "Key Protectors");
}

static void draw_details(struct screen *s, const struct ui_volume_entry *e)
{
	const struct bde_volume *vol = e->vol;
	uint8_t method[2] = { (uint8_t)(vol->method >> 8), (uint8_t)vol->method };
	char guid[BDE_GUID_TEXT_LEN];
	struct ui_text t;
	unsigned row = DETAIL_ROW;

	ui_text_init(&t);
	ui_text_add(&t, " Location:   ");
	ui_text_add(&t, e->device_path ? e->device_path : "(unknown)");
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);

	if (vol->copy_used < 0) {
		draw_unreadable(s, row, vol);
		return;
	}
	ui_text_init(&t);
	ui_text_add(&t, " Encryption: ");
	if (e->method_name) {
		ui_text_add(&t, e->method_name);
	} else {
		ui_text_add(&t, "method 0x");
		ui_text_add_hex(&t, method, 2);
	}
	if (vol->eow)
		ui_text_add(&t, ", used space only");
	if (vol->kind == BDE_KIND_TOGO)
		ui_text_add(&t, ", BitLocker To Go");
	else if (vol->kind == BDE_KIND_VISTA)
		ui_text_add(&t, ", Windows Vista format");
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);
	draw_status(s, row++, vol);

	draw_copies(s, row++, vol);

	bde_guid_format(vol->volume_guid, guid);
	ui_text_init(&t);
	ui_text_add(&t, " Volume ID:  ");
	ui_text_add(&t, guid);
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);

	ui_put_text(s, row, 1, UI_TITLE, "Key Protectors");
}

static void draw_protectors(struct screen *s, const struct ui_volume_list *l)
{
	const struct bde_volume *vol = selected(l)->vol;
	unsigned lines = protector_lines(l), i;
	struct ui_text t;

	if (lines == 0) {
		if (vol->copy_used >= 0 && vol->state_current == BDE_STATE_DECRYPTED)
			ui_put_text(s, PROTECTOR_ROW, 4, UI_NORMAL,
				    "None: BitLocker is off. Enter opens the volume, no key needed.");
		else
			ui_put_text(s, PROTECTOR_ROW, 4, UI_ERROR, vol->copy_used < 0 ?
				    "Unknown: the metadata that lists them is damaged." :
				    "None: this volume cannot be unlocked.");
		return;
	}
	for (i = 0; i < PROTECTOR_ROWS && l->detail_top + i < lines; i++) {
		ui_protector_line(vol, 0, l->detail_top + i, &t);
		ui_put_text(s, PROTECTOR_ROW + i, 0, UI_NORMAL, t.buf);
	}
	/* Say there is more, in words as well as position. */
	if (l->detail_top > 0)
		ui_put_text(s, PROTECTOR_ROW, 60, UI_DIM, "(PgUp: more above)");
	if (l->detail_top + PROTECTOR_ROWS < lines)
		ui_put_text(s, UI_LAST_ROW, 60, UI_DIM, "(PgDn: more below)");
}

void ui_volume_list_draw(struct screen *s, const struct ui_volume_list *l)
{
	struct ui_text t;
	unsigned i;

	ui_text_init(&t);
	ui_text_add(&t, "BitLocker volumes (");
	ui_text_add_uint(&t, l->n, 0);
	ui_text_add(&t, " found)");
	if (l->secure_boot) {
		/* on the first screen: a helpdesk asks about it (PCR 7) */
		ui_text_add(&t, "   Secure Boot: ");
		ui_text_add(&t, l->secure_boot);
	}
	ui_frame(s, t.buf, "Up/Down: volume  PgUp/Dn: scroll  Enter: unlock  "
		 "H: key ID  T: TPM  Esc: exit");
	if (l->n == 0) {
		ui_put_wrapped(s, UI_FIRST_ROW, 1, 78, 4, UI_NORMAL,
			       "No BitLocker volume was found on any disk this "
			       "firmware can see. If the disk is behind a RAID or "
			       "NVMe controller the firmware has no driver for, "
			       "it cannot be reached from here.");
		s->flush(s);
		return;
	}
	ui_text_init(&t);
	ui_text_add(&t, "    #  Where");
	ui_text_pad_to(&t, 30);
	ui_text_add(&t, "Size");
	ui_text_pad_to(&t, 43);
	ui_text_add(&t, "Description");
	ui_put_text(s, LIST_ROW - 1, 0, UI_DIM, t.buf);
	for (i = 0; i < UI_LIST_ROWS && l->top + i < l->n; i++)
		draw_entry(s, LIST_ROW + i, &l->entries[l->top + i], l->top + i + 1,
			   l->top + i == l->selected);
	if (l->top > 0)
		ui_put_text(s, LIST_ROW - 1, 64, UI_DIM, "(more above)");
	if (l->top + UI_LIST_ROWS < l->n)
		ui_put_text(s, LIST_ROW + UI_LIST_ROWS, 64, UI_DIM, "(more below)");
	if (has_password(l))
		ui_put_text(s, LIST_ROW + UI_LIST_ROWS, 1, UI_NORMAL,
			    "This volume has a password: P to use it, Enter: recovery key.");
	draw_details(s, selected(l));
	draw_protectors(s, l);
	s->flush(s);
}
