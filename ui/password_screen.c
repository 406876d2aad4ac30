/** @file
 * Drawing the recovery password entry and its key loop.
 */
#include "bde/guid.h"
#include "crypto/wipe.h"
#include "ui/frame.h"
#include "ui/msg.h"
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
		ui_put_text(s, UI_FIRST_ROW, 1, UI_ERROR, msg(MSG_PW_NO_RECOVERY));
		return;
	}
	bde_key_id_format(rp->guid, id);
	bde_guid_format(rp->guid, full);
	ui_text_init(&t);
	ui_text_add(&t, msg(MSG_PW_KEY_ID));
	ui_text_pad_to(&t, 17);
	ui_text_add(&t, id);
	ui_put_text(s, UI_FIRST_ROW, 1, UI_HIGHLIGHT, t.buf);
	ui_text_init(&t);
	ui_text_add(&t, msg(MSG_PW_FULL_ID));
	ui_text_pad_to(&t, 17);
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

/* "2, 5": the groups set in BAD, as text in T. */
static const char *group_list(struct ui_text *t, unsigned bad)
{
	unsigned g, n = 0;

	ui_text_init(t);
	for (g = 0; g < PW_GROUPS; g++)
		if (bad & (1u << g)) {
			if (n++)
				ui_text_add(t, ", ");
			ui_text_add_uint(t, g + 1, 0);
		}
	return t->buf;
}

static void draw_message(struct screen *s, const struct pwentry *pw)
{
	unsigned bad = pwentry_bad_groups(pw);
	enum ui_colour colour = UI_ERROR;
	struct ui_text t, groups;

	ui_text_init(&t);
	switch (pw->message) {
	case PW_MSG_BAD_GROUP:
		ui_text_addf(&t, msg(MSG_PW_BAD_GROUP), pw->msg_group);
		break;
	case PW_MSG_INVALID_GROUPS:
		ui_text_addf(&t, msg(MSG_PW_CANNOT_INVALID), group_list(&groups, bad));
		break;
	case PW_MSG_INCOMPLETE:
		ui_text_addf(&t, msg(MSG_PW_INCOMPLETE), pw->len);
		break;
	case PW_MSG_NOT_A_DIGIT:
		ui_text_add(&t, msg(MSG_PW_NOT_A_DIGIT));
		break;
	case PW_MSG_FULL:
		ui_text_add(&t, msg(MSG_PW_FULL));
		break;
	case PW_MSG_WRONG_PASSWORD:
		ui_text_add(&t, msg(MSG_PW_WRONG));
		break;
	case PW_MSG_NONE:
		if (pw->len == PW_DIGITS && !bad) {
			ui_text_add(&t, msg(MSG_PW_ALL_VALID));
			colour = UI_OK;
		}
		break;
	}
	if (t.len)
		ui_put_text(s, MESSAGE_ROW, 1, colour, t.buf);

	/* Wrong groups stay listed whatever was said last. */
	if (bad && pw->message != PW_MSG_INVALID_GROUPS) {
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_PW_NOT_VALID), group_list(&groups, bad));
		ui_put_text(s, MESSAGE_ROW + 1, 1, UI_ERROR, t.buf);
	}
	/* How to correct one group without typing all 48 digits again. */
	if ((bad && pw->message != PW_MSG_INVALID_GROUPS) ||
	    pw->message == PW_MSG_WRONG_PASSWORD)
		ui_put_text(s, MESSAGE_ROW + 2, 1, UI_NORMAL, msg(MSG_PW_CORRECT_HINT));
}

void ui_password_draw(struct screen *s, const struct bde_volume *vol,
		      const struct pwentry *pw)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_UNLOCK_TITLE), vol->description[0] ?
		     vol->description : msg(MSG_UNLOCK_VOLUME));
	ui_frame(s, t.buf, msg(MSG_PW_KEYS));
	draw_key_id(s, vol);
	ui_put_text(s, UI_PW_ROW - 2, 1, UI_NORMAL, msg(MSG_PW_TYPE));
	draw_group_marks(s, pwentry_bad_groups(pw));
	draw_message(s, pw);
	ui_put_text(s, HINT_ROW, 1, UI_DIM, msg(MSG_PW_HINT_DIGITS));
	ui_put_text(s, HINT_ROW + 1, 1, UI_DIM, msg(MSG_PW_HINT_DASHES));
	ui_put_text(s, HINT_ROW + 2, 1, UI_DIM, msg(MSG_PW_HINT_GROUPS));
	ui_put_text(s, HINT_ROW + 4, 1, UI_DIM, msg(MSG_PW_HINT_KEYS));
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
