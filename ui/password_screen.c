/** @file
 * Drawing the recovery password entry and its key loop.
 */
#include "bde/guid.h"
#include "crypto/wipe.h"
#include "ui/frame.h"
#include "ui/password_screen.h"
#include "ui/protectors.h"
#include "ui/text.h"

#define MARK_ROW (UI_PW_ROW + 1)
#define MESSAGE_ROW (UI_PW_ROW + 3)
#define HINT_ROW (MESSAGE_ROW + 4)

static void draw_key_id(struct screen *s, const struct bde_volume *vol)
{
	const struct bde_protector *rp = ui_recovery_protector(vol, 0);
	char id[BDE_KEY_ID_LEN], full[BDE_GUID_TEXT_LEN];
	struct ui_text t;

	if (!rp) {
		ui_put_text(s, UI_FIRST_ROW, 1, UI_ERROR,
			    "This volume has no recovery password protector.");
		return;
	}
	bde_key_id_format(rp->guid, id);
	bde_guid_format(rp->guid, full);
	ui_text_init(&t);
	ui_text_add(&t, "Recovery key ID: ");
	ui_text_add(&t, id);
	ui_put_text(s, UI_FIRST_ROW, 1, UI_HIGHLIGHT, t.buf);
	ui_text_init(&t);
	ui_text_add(&t, "Full ID:         ");
	ui_text_add(&t, full);
	ui_put_text(s, UI_FIRST_ROW + 1, 1, UI_DIM, t.buf);
}

/* The field: typed digits over a "______-______-..." template. */
static void draw_field(struct screen *s, const struct pwentry *pw)
{
	char typed[PW_TEXT_LEN], field[PW_TEXT_LEN];
	unsigned i, cursor;

	cursor = pwentry_text(pw, typed);
	for (i = 0; i < PW_TEXT_LEN - 1; i++)
		field[i] = (i + 1) % (PW_GROUP_DIGITS + 1) == 0 ? '-' : '_';
	field[PW_TEXT_LEN - 1] = '\0';
	for (i = 0; typed[i]; i++)
		field[i] = typed[i];
	s->put(s, UI_PW_ROW, UI_PW_COL, UI_INPUT, field);
	s->cursor(s, 1, UI_PW_ROW, UI_PW_COL + cursor);
	wipe(typed, sizeof(typed));
	wipe(field, sizeof(field));
}

/* Under each group its number; under a wrong one "^^ N^^" in red. */
static void draw_group_marks(struct screen *s, unsigned bad)
{
	unsigned g;

	for (g = 0; g < PW_GROUPS; g++) {
		char mark[PW_GROUP_DIGITS + 1] = "   N  ";
		int wrong = bad & (1u << g);

		if (wrong) {
			mark[0] = mark[1] = mark[4] = mark[5] = '^';
		}
		mark[3] = (char)('1' + g);
		s->put(s, MARK_ROW, UI_PW_COL + g * (PW_GROUP_DIGITS + 1),
		       wrong ? UI_ERROR : UI_DIM, mark);
	}
}

static void add_group_list(struct ui_text *t, unsigned bad)
{
	unsigned g, n = 0;

	for (g = 0; g < PW_GROUPS; g++)
		if (bad & (1u << g)) {
			if (n++)
				ui_text_add(t, ", ");
			ui_text_add_uint(t, g + 1, 0);
		}
}

static void draw_message(struct screen *s, const struct pwentry *pw)
{
	unsigned bad = pwentry_bad_groups(pw);
	enum ui_colour colour = UI_ERROR;
	struct ui_text t;

	ui_text_init(&t);
	switch (pw->message) {
	case PW_MSG_BAD_GROUP:
		ui_text_add(&t, "Group ");
		ui_text_add_uint(&t, pw->msg_group, 0);
		ui_text_add(&t, " is not valid: check those 6 digits against the key.");
		break;
	case PW_MSG_INVALID_GROUPS:
		ui_text_add(&t, "Cannot unlock yet: not valid: group ");
		add_group_list(&t, bad);
		ui_text_add_char(&t, '.');
		break;
	case PW_MSG_INCOMPLETE:
		ui_text_add(&t, "Cannot unlock yet: ");
		ui_text_add_uint(&t, pw->len, 0);
		ui_text_add(&t, " of 48 digits typed.");
		break;
	case PW_MSG_NOT_A_DIGIT:
		ui_text_add(&t, "Only digits. No digits on this keyboard? "
			    "F1-F9 type 1-9 and F10 types 0.");
		break;
	case PW_MSG_FULL:
		ui_text_add(&t, "All 48 digits are typed.");
		break;
	case PW_MSG_WRONG_PASSWORD:
		ui_text_add(&t, "That recovery key does not unlock this volume. "
			    "Check each group.");
		break;
	case PW_MSG_NONE:
		if (pw->len == PW_DIGITS && !bad) {
			ui_text_add(&t, "All 8 groups are valid. Press Enter to unlock.");
			colour = UI_OK;
		}
		break;
	}
	if (t.len)
		ui_put_text(s, MESSAGE_ROW, 1, colour, t.buf);

	/* Wrong groups stay listed whatever was said last. */
	if (bad && pw->message != PW_MSG_INVALID_GROUPS) {
		ui_text_init(&t);
		ui_text_add(&t, "Not valid: group ");
		add_group_list(&t, bad);
		ui_text_add_char(&t, '.');
		ui_put_text(s, MESSAGE_ROW + 1, 1, UI_ERROR, t.buf);
	}
	/* How to correct one group without typing all 48 digits again. */
	if ((bad && pw->message != PW_MSG_INVALID_GROUPS) ||
	    pw->message == PW_MSG_WRONG_PASSWORD)
		ui_put_text(s, MESSAGE_ROW + 2, 1, UI_NORMAL,
			    "Left/Right/Home/End move to a group; a digit typed "
			    "over another replaces it.");
}

void ui_password_draw(struct screen *s, const struct bde_volume *vol,
		      const struct pwentry *pw)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add(&t, "Unlock ");
	ui_text_add(&t, vol->description[0] ? vol->description : "volume");
	ui_frame(s, t.buf, "Enter: unlock   Esc: back   F1-F9, F10: digits 1-9, 0");
	draw_key_id(s, vol);
	ui_put_text(s, UI_PW_ROW - 2, 1, UI_NORMAL,
		    "Type the 48-digit recovery key:");
	draw_group_marks(s, pwentry_bad_groups(pw));
	draw_message(s, pw);
	ui_put_text(s, HINT_ROW, 1, UI_DIM,
		    "Digits from the number row or keypad, or F1-F9 = 1-9 and F10 = 0.");
	ui_put_text(s, HINT_ROW + 1, 1, UI_DIM,
		    "Dashes are added for you. Backspace deletes the last digit.");
	ui_put_text(s, HINT_ROW + 2, 1, UI_DIM,
		    "Each group of 6 is checked as soon as it is complete.");
	ui_put_text(s, HINT_ROW + 4, 1, UI_DIM,
		    "Enter: unlock    Esc: back (the key ID card shows where to find the key)");
	/* The field last, so the cursor ends up in it. */
	draw_field(s, pw);
	s->flush(s);
}

enum pw_result ui_password_run(struct screen *s, const struct bde_volume *vol,
			       struct pwentry *pw)
{
	struct ui_key key;
	enum pw_result result = PW_CONTINUE;

	while (result == PW_CONTINUE) {
		ui_password_draw(s, vol, pw);
		if (s->read_key(s, &key, UI_WAIT_FOREVER) != 1)
			return PW_CANCEL;
		result = pwentry_key(pw, &key);
	}
	s->cursor(s, 0, 0, 0);
	return result;
}
