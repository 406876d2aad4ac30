/** @file
 * Drawing and navigating the volume list.
 */
#include "bde/bde.h"
#include "bde/error.h"
#include "bde/guid.h"
#include "bde/status.h"
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/protectors.h"
#include "ui/text.h"
#include "ui/volume_list.h"

#define LIST_ROW 3                        /* first entry row */
#define DETAIL_ROW (LIST_ROW + UI_LIST_ROWS + 1)
#define PROTECTOR_ROW (DETAIL_ROW + 6)    /* after "Key Protectors" */
#define PROTECTOR_ROWS (UI_LAST_ROW - PROTECTOR_ROW + 1)
#define VALUE_COL 13                      /* after " Location:   " */

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
	if (e->partition)
		ui_text_addf(&t, msg(MSG_LIST_PART), e->partition);
	ui_text_pad_to(&t, 30);
	ui_text_add_size(&t, e->vol->volume_size);
	ui_text_pad_to(&t, 43);
	ui_text_add(&t, e->vol->description[0] ? e->vol->description :
		    msg(MSG_NO_DESCRIPTION));
	ui_put_text(s, row, 0, is_selected ? UI_HIGHLIGHT : UI_NORMAL, t.buf);
}

/* A few words per copy, so three fit on one line. */
static const char *copy_state(int status)
{
	switch (status) {
	case BDE_OK:                return msg(MSG_COPY_OK);
	case BDE_ERR_IO:            return msg(MSG_COPY_READ_ERROR);
	case BDE_ERR_NOT_BITLOCKER: return msg(MSG_COPY_MISSING);
	case BDE_ERR_UNSUPPORTED:   return msg(MSG_COPY_UNSUPPORTED);
	case BDE_COPY_NOT_READ:     return msg(MSG_COPY_NOT_READ);
	case BDE_COPY_PAST_END:     return msg(MSG_COPY_MISSING);
	default:                    return msg(MSG_COPY_DAMAGED);
	}
}

/* " Label:      " with the value lined up at VALUE_COL. */
static void label(struct ui_text *t, enum msg_id id)
{
	ui_text_init(t);
	ui_text_add_char(t, ' ');
	ui_text_add(t, msg(id));
	ui_text_pad_to(t, VALUE_COL);
}

/* " Metadata: copy 1 OK (in use), copy 2 damaged, ..." */
static void draw_copies(struct screen *s, unsigned row, const struct bde_volume *vol)
{
	struct ui_text t;
	int damaged = 0;
	unsigned i;

	label(&t, MSG_LIST_METADATA);
	for (i = 0; i < 3; i++) {
		if (i)
			ui_text_add(&t, ", ");
		ui_text_addf(&t, msg(MSG_LIST_COPY), i + 1,
			     copy_state(vol->copies[i].status));
		if ((int)i == vol->copy_used)
			ui_text_add(&t, msg(MSG_LIST_IN_USE));
		damaged |= vol->copies[i].status != BDE_OK;
	}
	ui_put_text(s, row, 0, damaged ? UI_ERROR : UI_NORMAL, t.buf);
}

static enum msg_id conversion_text(enum bde_conversion c)
{
	switch (c) {
	case BDE_CONV_FULLY_ENCRYPTED:   return MSG_CONV_FULLY_ENCRYPTED;
	case BDE_CONV_USED_SPACE_ONLY:   return MSG_CONV_USED_SPACE_ONLY;
	case BDE_CONV_ENCRYPTING:        return MSG_CONV_ENCRYPTING;
	case BDE_CONV_ENCRYPTION_PAUSED: return MSG_CONV_ENCRYPTION_PAUSED;
	case BDE_CONV_DECRYPTING:        return MSG_CONV_DECRYPTING;
	case BDE_CONV_DECRYPTION_PAUSED: return MSG_CONV_DECRYPTION_PAUSED;
	case BDE_CONV_FULLY_DECRYPTED:   return MSG_CONV_FULLY_DECRYPTED;
	case BDE_CONV_UNKNOWN:           break;
	}
	return MSG_CONV_UNKNOWN;
}

/* " Status:     Encryption in Progress 45.2%, protection off" as manage-bde
 * words it, and what the encrypt-on-write bitmaps leave unknown. */
static void draw_status(struct screen *s, unsigned row, const struct bde_volume *vol)
{
	struct bde_status st;
	struct ui_text t;
	int bad = bde_view_uncertain(vol) || vol->eow_map.bad_regions;

	bde_status_get(vol, &st);
	label(&t, MSG_LIST_STATUS);
	ui_text_add(&t, msg(conversion_text(st.conversion)));
	if (st.conversion != BDE_CONV_FULLY_ENCRYPTED && st.conversion != BDE_CONV_USED_SPACE_ONLY &&
	    st.conversion != BDE_CONV_FULLY_DECRYPTED)
		ui_text_addf(&t, msg(MSG_LIST_PERCENT), st.permille / 10, st.permille % 10);
	ui_text_add(&t, msg(st.protection_on ? MSG_LIST_PROTECTION_ON : MSG_LIST_PROTECTION_OFF));
	if (bde_view_uncertain(vol))
		ui_text_add(&t, msg(MSG_LIST_BITMAPS_UNREADABLE));
	else if (vol->eow_map.bad_regions)
		ui_text_add(&t, msg(MSG_LIST_BITMAP_DAMAGED));
	ui_put_text(s, row, 0, bad ? UI_ERROR : UI_NORMAL, t.buf);
}

/*
 * No metadata copy could be read: method, volume ID and protectors are
 * all in it, so say they are unknown rather than show zeros.
 */
static void draw_unreadable(struct screen *s, unsigned row, const struct bde_volume *vol)
{
	struct ui_text t;

	label(&t, MSG_LIST_ENCRYPTION);
	ui_text_add(&t, msg(MSG_LIST_ENCRYPTION_UNKNOWN));
	ui_put_text(s, row++, 0, UI_ERROR, t.buf);
	label(&t, MSG_LIST_STATUS);
	ui_text_add(&t, msg(MSG_UNKNOWN));
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);
	draw_copies(s, row++, vol);
	label(&t, MSG_LIST_VOLUME_ID);
	ui_text_add(&t, msg(MSG_UNKNOWN));
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);
	ui_put_text(s, row, 1, UI_TITLE, msg(MSG_LIST_PROTECTORS));
}

static void draw_details(struct screen *s, const struct ui_volume_entry *e)
{
	const struct bde_volume *vol = e->vol;
	uint8_t method[2] = { (uint8_t)(vol->method >> 8), (uint8_t)vol->method };
	char guid[BDE_GUID_TEXT_LEN];
	struct ui_text t;
	unsigned row = DETAIL_ROW;

	label(&t, MSG_LIST_LOCATION);
	ui_text_add(&t, e->device_path ? e->device_path : msg(MSG_LIST_UNKNOWN_PATH));
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);

	if (vol->copy_used < 0) {
		draw_unreadable(s, row, vol);
		return;
	}
	label(&t, MSG_LIST_ENCRYPTION);
	if (vol->method == BDE_METHOD_NONE) {
		ui_text_add(&t, msg(MSG_NONE));   /* BitLocker is off */
	} else if (e->method_name) {
		ui_text_add(&t, e->method_name);
	} else {
		struct ui_text hex;

		ui_text_init(&hex);
		ui_text_add_hex(&hex, method, 2);
		ui_text_addf(&t, msg(MSG_LIST_METHOD), hex.buf);
	}
	if (vol->eow)
		ui_text_add(&t, msg(MSG_LIST_USED_SPACE_ONLY));
	if (vol->kind == BDE_KIND_TOGO)
		ui_text_add(&t, msg(MSG_LIST_TOGO));
	else if (vol->kind == BDE_KIND_VISTA)
		ui_text_add(&t, msg(MSG_LIST_VISTA));
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);
	draw_status(s, row++, vol);

	draw_copies(s, row++, vol);

	bde_guid_format(vol->volume_guid, guid);
	label(&t, MSG_LIST_VOLUME_ID);
	ui_text_add(&t, guid);
	ui_put_text(s, row++, 0, UI_NORMAL, t.buf);

	ui_put_text(s, row, 1, UI_TITLE, msg(MSG_LIST_PROTECTORS));
}

static void draw_protectors(struct screen *s, const struct ui_volume_list *l)
{
	const struct bde_volume *vol = selected(l)->vol;
	unsigned lines = protector_lines(l), i;
	struct ui_text t;

	if (lines == 0) {
		if (vol->copy_used >= 0 && vol->state_current == BDE_STATE_DECRYPTED)
			ui_put_text(s, PROTECTOR_ROW, 4, UI_NORMAL, msg(MSG_LIST_PROTECTORS_OFF));
		else
			ui_put_text(s, PROTECTOR_ROW, 4, UI_ERROR, msg(vol->copy_used < 0 ?
				    MSG_LIST_PROTECTORS_UNKNOWN : MSG_LIST_PROTECTORS_NONE));
		return;
	}
	for (i = 0; i < PROTECTOR_ROWS && l->detail_top + i < lines; i++) {
		ui_protector_line(vol, 0, l->detail_top + i, &t);
		ui_put_text(s, PROTECTOR_ROW + i, 0, UI_NORMAL, t.buf);
	}
	/* Say there is more, in words as well as position. */
	if (l->detail_top > 0)
		ui_put_text(s, PROTECTOR_ROW, 60, UI_DIM, msg(MSG_LIST_PGUP_MORE));
	if (l->detail_top + PROTECTOR_ROWS < lines)
		ui_put_text(s, UI_LAST_ROW, 60, UI_DIM, msg(MSG_LIST_PGDN_MORE));
}

void ui_volume_list_draw(struct screen *s, const struct ui_volume_list *l)
{
	struct ui_text t;
	unsigned i;

	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_LIST_TITLE), l->n);
	if (l->secure_boot)
		/* on the first screen: a helpdesk asks about it (PCR 7) */
		ui_text_addf(&t, msg(MSG_LIST_SECURE_BOOT), l->secure_boot);
	ui_frame(s, t.buf, msg(MSG_LIST_KEYS));
	if (l->n == 0) {
		ui_put_wrapped(s, UI_FIRST_ROW, 1, 78, 4, UI_NORMAL,
			       msg(MSG_LIST_NONE_FOUND));
		s->flush(s);
		return;
	}
	ui_text_init(&t);
	ui_text_add(&t, "    #  ");
	ui_text_add(&t, msg(MSG_LIST_HEAD_WHERE));
	ui_text_pad_to(&t, 30);
	ui_text_add(&t, msg(MSG_LIST_HEAD_SIZE));
	ui_text_pad_to(&t, 43);
	ui_text_add(&t, msg(MSG_LIST_HEAD_DESCRIPTION));
	ui_put_text(s, LIST_ROW - 1, 0, UI_DIM, t.buf);
	for (i = 0; i < UI_LIST_ROWS && l->top + i < l->n; i++)
		draw_entry(s, LIST_ROW + i, &l->entries[l->top + i], l->top + i + 1,
			   l->top + i == l->selected);
	if (l->top > 0)
		ui_put_text(s, LIST_ROW - 1, 64, UI_DIM, msg(MSG_LIST_MORE_ABOVE));
	if (l->top + UI_LIST_ROWS < l->n)
		ui_put_text(s, LIST_ROW + UI_LIST_ROWS, 64, UI_DIM, msg(MSG_LIST_MORE_BELOW));
	if (has_password(l))
		ui_put_text(s, LIST_ROW + UI_LIST_ROWS, 1, UI_NORMAL,
			    msg(MSG_LIST_HAS_PASSWORD));
	draw_details(s, selected(l));
	draw_protectors(s, l);
	s->flush(s);
}
