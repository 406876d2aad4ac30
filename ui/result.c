/** @file
 * Success and failure screens.
 */
#include "bde/bde.h"
#include "ui/errors.h"
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/result.h"
#include "ui/text.h"

static void line(struct screen *s, unsigned row, enum msg_id label,
		 const char *value)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add(&t, msg(label));
	ui_text_pad_to(&t, 15);
	ui_text_add(&t, value);
	ui_put_text(s, row, 2, UI_NORMAL, t.buf);
}

void ui_success_draw(struct screen *s, const struct bde_volume *vol,
		     const struct ui_unlocked *u)
{
	unsigned row = UI_FIRST_ROW + 1;

	ui_frame(s, msg(MSG_OK_TITLE), u->hints ? u->hints : msg(MSG_KEYS_BACK));
	ui_put_text(s, row, 2, UI_OK, msg(MSG_OK_UNLOCKED));
	row += 2;
	line(s, row++, MSG_OK_VOLUME, vol->description[0] ? vol->description :
	     msg(MSG_NO_DESCRIPTION));
	if (u->fs_type) {
		line(s, row++, MSG_OK_FILE_SYSTEM, u->fs_type);
		line(s, row++, MSG_OK_LABEL, u->label && u->label[0] ? u->label :
		     msg(MSG_OK_NO_LABEL));
		line(s, row++, MSG_OK_SERIAL, u->serial ? u->serial :
		     msg(MSG_LIST_UNKNOWN_PATH));
	} else {
		/* The key was proven right by the metadata's authentication tag,
		 * so this is about the content, not the password. */
		row++;
		row += ui_put_wrapped(s, row, 2, 76, 4, UI_ERROR, msg(MSG_OK_NO_FS));
	}
	if (bde_view_uncertain(vol))
		row += ui_put_wrapped(s, row + 1, 2, 76, 2, UI_ERROR, msg(MSG_OK_BEST_EFFORT)) + 1;
	ui_put_text(s, row + 1, 2, UI_DIM, msg(MSG_OK_READ_ONLY));
	s->flush(s);
}

void ui_uncertain_draw(struct screen *s, const struct bde_volume *vol)
{
	unsigned row = UI_FIRST_ROW + 1;

	ui_frame(s, msg(MSG_UNCERTAIN_TITLE), msg(MSG_UNCERTAIN_KEYS));
	ui_put_text(s, row, 2, UI_OK, msg(MSG_UNCERTAIN_KEY_RIGHT));
	row += 2;
	row += ui_put_wrapped(s, row, 2, 76, 3, UI_ERROR, msg(MSG_UNCERTAIN_WHY));
	ui_put_text(s, row++, 4, UI_ERROR, ui_eow_problem_text(vol->eow_map.problem));
	row++;
	row += ui_put_wrapped(s, row, 2, 76, 4, UI_NORMAL, msg(MSG_UNCERTAIN_NOISE));
	ui_put_text(s, row + 1, 2, UI_DIM, msg(MSG_UNCERTAIN_READ_ONLY));
	s->flush(s);
}

void ui_error_draw(struct screen *s, const char *what, int err,
		   const char *hints)
{
	ui_frame(s, msg(MSG_ERR_TITLE), hints ? hints : msg(MSG_KEYS_BACK));
	ui_put_text(s, UI_FIRST_ROW + 1, 2, UI_NORMAL, what);
	ui_put_text(s, UI_FIRST_ROW + 2, 4, UI_ERROR, ui_error_text(err));
	ui_put_text(s, UI_FIRST_ROW + 4, 2, UI_DIM, msg(MSG_ERR_NOTHING_WRITTEN));
	s->flush(s);
}
