/** @file
 * The progress screen.
 */
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/progress.h"
#include "ui/text.h"

#define BAR_ROW 12
#define BAR_COL 4
#define BAR_WIDTH 60

static void draw_bar(struct ui_progress *p)
{
	struct ui_text t;
	unsigned i, filled = p->percent * BAR_WIDTH / 100;

	ui_text_init(&t);
	ui_text_add_char(&t, '[');
	for (i = 0; i < BAR_WIDTH; i++)
		ui_text_add_char(&t, i < filled ? '#' : '.');
	ui_text_add(&t, "] ");
	ui_text_add_uint(&t, p->percent, 3);
	ui_text_add_char(&t, '%');
	ui_put_text(p->s, BAR_ROW, BAR_COL, UI_HIGHLIGHT, t.buf);
	p->s->flush(p->s);
}

void ui_progress_start(struct ui_progress *p, struct screen *s,
		       const char *title, const char *what, const char *keys)
{
	p->s = s;
	p->percent = 0;
	ui_frame(s, title, keys ? keys : msg(MSG_KEYS_WAIT));
	ui_put_wrapped(s, BAR_ROW - 3, BAR_COL, UI_COLS - 2 * BAR_COL, 2,
		       UI_NORMAL, what);
	draw_bar(p);
}

void ui_progress_set(struct ui_progress *p, uint64_t done, uint64_t total)
{
	unsigned percent = ui_percent(done, total);

	if (percent == p->percent)
		return;
	p->percent = percent;
	draw_bar(p);
}

void ui_stretch_progress(void *ctx, uint32_t done, uint32_t total)
{
	ui_progress_set(ctx, done, total);
}
