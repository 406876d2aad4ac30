/** @file
 * Drawing the user password entry and its key loop.
 */
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/userpw_screen.h"

#define FIELD_ROW 5
#define FIELD_COL 4
#define FIELD_WIDTH 60   /* stars shown; longer passwords show a count */

static void draw_field(struct screen *s, const struct userpw *u)
{
	struct ui_text t;
	unsigned i, stars = u->chars < FIELD_WIDTH ? u->chars : FIELD_WIDTH;

	ui_text_init(&t);
	for (i = 0; i < stars; i++)
		ui_text_add_char(&t, '*');
	if (u->chars > FIELD_WIDTH) {
		ui_text_add(&t, " (");
		ui_text_add_uint(&t, u->chars, 0);
		ui_text_add_char(&t, ')');
	}
	if (t.len)
		ui_put_text(s, FIELD_ROW, FIELD_COL, UI_INPUT, t.buf);
	s->cursor(s, 1, FIELD_ROW, FIELD_COL + stars);
}

static void draw_message(struct screen *s, const struct userpw *u)
{
	const char *text = NULL;

	switch (u->message) {
	case USERPW_MSG_NONE:
		break;
	case USERPW_MSG_EMPTY:
		text = msg(MSG_USERPW_EMPTY);
		break;
	case USERPW_MSG_FULL:
		text = msg(MSG_USERPW_FULL);
		break;
	case USERPW_MSG_WRONG:
		text = msg(MSG_USERPW_WRONG);
		break;
	}
	if (text)
		ui_put_text(s, FIELD_ROW + 2, 1, UI_ERROR, text);
}

void ui_userpw_draw(struct screen *s, const struct bde_volume *vol,
		    const struct userpw *u)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_UNLOCK_TITLE), vol->description[0] ?
		     vol->description : msg(MSG_UNLOCK_VOLUME));
	ui_frame(s, t.buf, msg(MSG_USERPW_KEYS));
	ui_put_text(s, FIELD_ROW - 2, 1, UI_NORMAL, msg(MSG_USERPW_TYPE));
	draw_message(s, u);
	ui_put_wrapped(s, FIELD_ROW + 4, 1, 78, 3, UI_DIM, msg(MSG_USERPW_LAYOUT));
	ui_put_text(s, FIELD_ROW + 8, 1, UI_DIM, msg(MSG_USERPW_NO_PASSWORD));
	draw_field(s, u);
	s->flush(s);
}

enum userpw_result ui_userpw_run(struct screen *s, const struct bde_volume *vol,
				 struct userpw *u)
{
	enum userpw_result result = USERPW_CONTINUE;
	struct ui_key key;

	while (result == USERPW_CONTINUE) {
		ui_userpw_draw(s, vol, u);
		if (s->read_key(s, &key, UI_WAIT_FOREVER) != 1)
			return USERPW_CANCEL;
		result = userpw_key(u, &key);
	}
	s->cursor(s, 0, 0, 0);
	return result;
}
