/** @file
 * Drawing the key ID's QR code in character cells.
 */
#include "bde/guid.h"
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/protectors.h"
#include "ui/qr.h"
#include "ui/qr_screen.h"
#include "ui/text.h"

/* Rows 1-23: 21 modules and a quiet zone of 1 each side fill them. */
static void draw_code(struct screen *s, const struct ui_qr *qr)
{
	int size = ui_qr_size(qr), x, y;
	int side = size + 2 * UI_QR_QUIET;

	for (y = 0; y < side; y++)
		for (x = 0; x < side; x++) {
			int mx = x - UI_QR_QUIET, my = y - UI_QR_QUIET;
			int dark = mx >= 0 && my >= 0 && mx < size && my < size &&
				   ui_qr_dark(qr, mx, my);

			s->put(s, UI_QR_ROW + (unsigned)y, UI_QR_COL + 2 * (unsigned)x,
			       dark ? UI_QR_DARK : UI_QR_LIGHT, "  ");
		}
}

void ui_qr_screen_draw(struct screen *s, const struct bde_volume *vol)
{
	const struct bde_protector *rp = ui_recovery_protector(vol, 0);
	unsigned col = UI_QR_COL + 2 * (21 + 2 * UI_QR_QUIET) + 2, row = 3;
	char id[BDE_KEY_ID_LEN];
	static struct ui_qr qr;
	struct ui_text t;

	ui_frame(s, msg(MSG_QR_TITLE), msg(MSG_KEYS_BACK));
	if (!rp) {
		ui_put_wrapped(s, UI_FIRST_ROW, 1, 78, 2, UI_ERROR, msg(MSG_QR_NO_KEY_ID));
		s->flush(s);
		return;
	}
	bde_key_id_format(rp->guid, id);
	if (ui_qr_key_id(&qr, id) == 0)
		draw_code(s, &qr);
	ui_put_text(s, row++, col, UI_NORMAL, msg(MSG_QR_KEY_ID));
	ui_text_init(&t);
	ui_text_add(&t, id);
	ui_put_text(s, row++, col, UI_HIGHLIGHT, t.buf);
	row++;
	ui_put_wrapped(s, row, col, UI_COLS - col, 8, UI_NORMAL, msg(MSG_QR_HOW));
	s->flush(s);
}
