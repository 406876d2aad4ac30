/** @file
 * The file screen's copy views: the stick picker (the plan's size against
 * each stick's free space, and the question when files are there
 * already), the copy's progress with Esc, and the summary.
 */
#include <string.h>
#include "ui/files_screen.h"
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/utf8.h"

#define REDRAW_MS 500              /* progress redraws and Esc polls */
#define SKIP_ROWS 12               /* skipped entries shown at once */
#define DEST_PREFIX "/bitrescue/rescued/"

/* --- the copy's progress ------------------------------------------------ */

/* Seconds as h:mm:ss, or m:ss under an hour. */
static void add_duration(struct ui_text *t, uint64_t seconds)
{
	uint64_t h = seconds / 3600, m = seconds / 60 % 60, sec = seconds % 60;

	if (h) {
		ui_text_add_uint(t, h, 0);
		ui_text_add_char(t, ':');
		ui_text_add_char(t, (char)('0' + m / 10));
		ui_text_add_char(t, (char)('0' + m % 10));
	} else {
		ui_text_add_uint(t, m, 0);
	}
	ui_text_add_char(t, ':');
	ui_text_add_char(t, (char)('0' + sec / 10));
	ui_text_add_char(t, (char)('0' + sec % 10));
}

/* A message with a size (or two) in place of its %s conversions. */
static void put_sizes(struct screen *s, unsigned row, enum msg_id id,
		      uint64_t a, uint64_t b, enum ui_colour colour)
{
	struct ui_text t, sa, sb;

	ui_text_init(&sa);
	ui_text_add_size(&sa, a);
	ui_text_init(&sb);
	ui_text_add_size(&sb, b);
	ui_text_init(&t);
	ui_text_addf(&t, msg(id), sa.buf, sb.buf);
	ui_put_text(s, row, 2, colour, t.buf);
}

static void dest_text(const struct ui_files *f, struct ui_text *t)
{
	const char *p;

	ui_text_add(t, f->targets[f->target_sel].name);
	ui_text_add(t, " ");
	for (p = f->job.dest_root; *p; p++)
		ui_text_add_char(t, *p == '/' ? '\\' : *p);
}

static void draw_progress(struct screen *s, struct ui_files *f, uint64_t now)
{
	const struct rescue_job *j = &f->job;
	uint64_t ms = now - f->started_ms, rate = 0;
	struct ui_text t;
	unsigned i, percent = ui_percent(j->bytes_done, j->bytes_total);
	unsigned filled = percent * 60 / 100;

	ui_frame(s, msg(MSG_COPY_TITLE), msg(MSG_COPY_KEYS));
	ui_text_init(&t);
	ui_text_add(&t, msg(MSG_COPY_TO));
	ui_text_add(&t, " ");
	dest_text(f, &t);
	ui_put_text(s, UI_FIRST_ROW + 1, 2, UI_NORMAL, t.buf);
	if (j->current) {
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_COPY_NOW), j->current);
		ui_put_text(s, UI_FIRST_ROW + 3, 2, UI_DIM, t.buf);
	}
	ui_text_init(&t);
	ui_text_add_char(&t, '[');
	for (i = 0; i < 60; i++)
		ui_text_add_char(&t, i < filled ? '#' : '.');
	ui_text_add(&t, "] ");
	ui_text_add_uint(&t, percent, 3);
	ui_text_add_char(&t, '%');
	ui_put_text(s, UI_FIRST_ROW + 5, 2, UI_HIGHLIGHT, t.buf);
	put_sizes(s, UI_FIRST_ROW + 7, MSG_COPY_BYTES, j->bytes_done, j->bytes_total,
		  UI_NORMAL);
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_COPY_FILES), j->files_done, j->files_total);
	ui_put_text(s, UI_FIRST_ROW + 8, 2, UI_NORMAL, t.buf);
	if (ms >= 1000 && j->bytes_done) {
		rate = j->bytes_done * 1000 / ms;
		put_sizes(s, UI_FIRST_ROW + 9, MSG_COPY_SPEED, rate, 0, UI_NORMAL);
	}
	if (rate) {
		ui_text_init(&t);
		ui_text_add(&t, msg(MSG_COPY_LEFT));
		ui_text_add_char(&t, ' ');
		add_duration(&t, (j->bytes_total - j->bytes_done) / rate);
		ui_put_text(s, UI_FIRST_ROW + 10, 2, UI_NORMAL, t.buf);
	}
	s->flush(s);
}

/* The copy's tick: redraw now and then, and stop on Esc. */
static int copy_tick(void *arg, const struct rescue_job *j)
{
	struct screen *s = ((void **)arg)[0];
	struct ui_files *f = ((void **)arg)[1];
	uint64_t now = f->now_ms(f->clock_ctx);
	struct ui_key key;

	(void)j;
	if (f->drawn && now - f->drawn_ms < REDRAW_MS)
		return 0;
	f->drawn = 1;
	f->drawn_ms = now;
	draw_progress(s, f, now);
	while (s->read_key(s, &key, 0) == 1)
		if (key.scan == UI_KEY_ESC)
			return 1;
	return 0;
}

/* --- the summary ---------------------------------------------------------- */

static int summary(struct screen *s, struct ui_files *f)
{
	const struct rescue_job *j = &f->job;
	unsigned kept = j->n_skipped < f->max_skipped ? j->n_skipped : f->max_skipped;
	unsigned top = 0, i;
	struct ui_text t, size;
	struct ui_key key;

	for (;;) {
		ui_frame(s, msg(j->stopped ? MSG_DONE_STOPPED_TITLE : MSG_DONE_TITLE),
			 msg(MSG_DONE_KEYS));
		ui_text_init(&size);
		ui_text_add_size(&size, j->bytes_copied);
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_DONE_COPIED), j->files_done, size.buf);
		ui_put_text(s, UI_FIRST_ROW, 2, UI_OK, t.buf);
		ui_text_init(&t);
		dest_text(f, &t);
		ui_put_text(s, UI_FIRST_ROW + 1, 4, UI_NORMAL, t.buf);
		ui_text_init(&t);
		if (j->n_skipped)
			ui_text_addf(&t, msg(MSG_DONE_SKIPPED), j->n_skipped);
		else
			ui_text_add(&t, msg(MSG_DONE_ALL));
		ui_put_text(s, UI_FIRST_ROW + 3, 2, j->n_skipped ? UI_ERROR : UI_OK, t.buf);
		for (i = top; i < kept && i < top + SKIP_ROWS; i++) {
			const struct rescue_skip *k = &f->skipped[i];
			struct ui_text why;
			unsigned n = utf8_count(k->path), room;

			ui_text_init(&why);
			ui_text_add(&why, " ");
			ui_text_add(&why, ui_rescue_why_text(k->why));
			room = UI_COLS - 3 - why.cols;
			/* A long path keeps its end: the name says most. */
			ui_text_init(&t);
			if (n > room) {
				ui_text_add(&t, "...");
				ui_text_add(&t, k->path + utf8_bytes(k->path, n - room + 3));
			} else {
				ui_text_add(&t, k->path);
			}
			ui_put_text(s, UI_FIRST_ROW + 5 + (i - top), 2, UI_NORMAL, t.buf);
			ui_put_text(s, UI_FIRST_ROW + 5 + (i - top),
				    UI_COLS - 1 - why.cols, UI_DIM, why.buf);
		}
		if (j->n_skipped > kept) {
			ui_text_init(&t);
			ui_text_addf(&t, msg(MSG_FILES_MORE), j->n_skipped - kept);
			ui_put_text(s, UI_FIRST_ROW + 5 + SKIP_ROWS, 2, UI_DIM, t.buf);
		}
		s->flush(s);
		if (s->read_key(s, &key, f->key_timeout_ms) != 1)
			return -1;
		if (key.scan == UI_KEY_ESC || key.scan == UI_KEY_ENTER)
			return 0;
		if (key.scan == UI_KEY_DOWN && top + SKIP_ROWS < kept)
			top++;
		if (key.scan == UI_KEY_UP && top)
			top--;
	}
}

/* --- the stick picker --------------------------------------------------- */

static void draw_targets(struct screen *s, const struct ui_files *f,
			 enum msg_id problem)
{
	struct ui_text t, size;
	unsigned i, row = UI_FIRST_ROW;

	ui_frame(s, msg(MSG_TARGET_TITLE), msg(MSG_TARGET_KEYS));
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_TARGET_MARKED), f->n_marks);
	ui_put_text(s, row++, 2, UI_NORMAL, t.buf);
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_TARGET_WHERE), f->volume_folder);
	ui_put_text(s, row++, 2, UI_DIM, t.buf);
	row++;
	if (!f->n_targets)
		ui_put_wrapped(s, row, 2, 76, 2, UI_ERROR, msg(MSG_TARGET_NONE));
	for (i = 0; i < f->n_targets; i++) {
		ui_text_init(&t);
		ui_text_add(&t, f->targets[i].name);
		ui_text_pad_to(&t, 50);
		ui_text_init(&size);
		ui_text_add_size(&size, f->targets[i].free_bytes);
		ui_text_addf(&t, msg(MSG_TARGET_FREE), size.buf);
		ui_put_text(s, row + i, 2, i == f->target_sel ? UI_HIGHLIGHT : UI_NORMAL,
			    t.buf);
	}
	row = UI_FIRST_ROW + 4 + UI_FILES_MAX_TARGETS + 1;
	if (problem == MSG_TARGET_NO_ROOM) {
		put_sizes(s, row, MSG_TARGET_NO_ROOM, f->job.bytes_needed,
			  f->targets[f->target_sel].free_bytes, UI_ERROR);
		ui_put_text(s, row + 1, 2, UI_ERROR, msg(MSG_TARGET_NO_ROOM_WHAT));
	} else if (problem == MSG_TARGET_EXISTS) {
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_TARGET_EXISTS), f->job.existing);
		ui_put_text(s, row, 2, UI_ERROR, t.buf);
		ui_put_text(s, row + 1, 2, UI_HIGHLIGHT, msg(MSG_TARGET_EXISTS_ASK));
	} else if (problem) {
		ui_put_wrapped(s, row, 2, 76, 2, UI_ERROR, msg(problem));
	}
	s->flush(s);
}

static void job_setup(struct ui_files *f, char *dest_root)
{
	struct rescue_job *j = &f->job;

	memset(j, 0, sizeof(*j));
	j->src = f->src;
	j->dst = &f->targets[f->target_sel];
	j->marked = (const char (*)[RESCUE_PATH_MAX])f->marks;
	j->n_marked = f->n_marks;
	memcpy(dest_root, DEST_PREFIX, sizeof(DEST_PREFIX));
	memcpy(dest_root + sizeof(DEST_PREFIX) - 1, f->volume_folder,
	       strlen(f->volume_folder) + 1);
	j->dest_root = dest_root;
	j->buf = f->io_buf;
	j->buf_size = f->io_size;
	j->skipped = f->skipped;
	j->max_skipped = f->max_skipped;
}

/* Plan for the chosen stick, ask what must be asked, copy, sum up.
 * Returns 1 when copied (back to the files), 0 to stay, -1 to leave. */
static int copy_to_target(struct screen *s, struct ui_files *f,
			  enum msg_id *problem)
{
	static char dest_root[sizeof(DEST_PREFIX) + RESCUE_NAME_MAX];
	struct rescue_job *j = &f->job;
	struct ui_key key;
	void *tick[2] = { s, f };

	if (strlen(f->volume_folder) >= RESCUE_NAME_MAX)
		return 0;
	job_setup(f, dest_root);
	rescue_plan(j);
	if (!j->files_total) {
		*problem = MSG_TARGET_NOTHING;
		return 0;
	}
	if (!rescue_fits(j)) {
		*problem = MSG_TARGET_NO_ROOM;
		return 0;
	}
	if (j->existing) {
		draw_targets(s, f, MSG_TARGET_EXISTS);
		do {
			if (s->read_key(s, &key, f->key_timeout_ms) != 1)
				return -1;
			if (key.scan == UI_KEY_ESC)
				return 0;
		} while (key.scan != UI_KEY_CHAR ||
			 ((key.ch | 0x20) != 'o' && (key.ch | 0x20) != 'k'));
		j->overwrite = (key.ch | 0x20) == 'o';
	}
	j->tick = copy_tick;
	j->tick_arg = tick;
	f->started_ms = f->now_ms(f->clock_ctx);
	f->drawn = 0;
	rescue_copy(j);
	return summary(s, f) < 0 ? -1 : 1;
}

int ui_files_copy(struct screen *s, struct ui_files *f)
{
	enum msg_id problem = 0;
	struct ui_key key;
	int r;

	f->n_targets = f->find_targets(f->targets_ctx, f->targets, UI_FILES_MAX_TARGETS);
	f->target_sel = 0;
	for (;;) {
		draw_targets(s, f, problem);
		if (s->read_key(s, &key, f->key_timeout_ms) != 1)
			return -1;
		problem = 0;
		if (key.scan == UI_KEY_ESC)
			return 0;
		if (key.scan == UI_KEY_UP && f->target_sel)
			f->target_sel--;
		else if (key.scan == UI_KEY_DOWN && f->target_sel + 1 < f->n_targets)
			f->target_sel++;
		else if (key.scan == UI_KEY_CHAR && (key.ch | 0x20) == 'r') {
			f->n_targets = f->find_targets(f->targets_ctx, f->targets,
						       UI_FILES_MAX_TARGETS);
			f->target_sel = 0;
		} else if (key.scan == UI_KEY_ENTER && f->n_targets) {
			r = copy_to_target(s, f, &problem);
			if (r)
				return r < 0 ? -1 : 0;
		}
	}
}

