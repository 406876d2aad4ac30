/** @file
 * The file screen's folder list: browsing, flags and marks. C hands the
 * marks to the copy's views (ui/copy_screen.c).
 */
#include <string.h>
#include "ui/files_screen.h"
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/utf8.h"

#define LIST_ROW 4                 /* first entry's row */
#define NAME_COLS 44
#define SIZE_COL 50
#define NOTE_COL 61
#define STATUS_ROW (UI_LAST_ROW - 1)

static const uint16_t why_msgs[RESCUE_WHY_COUNT] = {
	[RESCUE_COPIED] = MSG_FILE_DONE,
	[RESCUE_WHY_ONLINE_ONLY] = MSG_WHY_ONLINE_ONLY,
	[RESCUE_WHY_EFS] = MSG_WHY_EFS,
	[RESCUE_WHY_LINK] = MSG_WHY_LINK,
	[RESCUE_WHY_WOF] = MSG_WHY_WOF,
	[RESCUE_WHY_REPARSE] = MSG_WHY_REPARSE,
	[RESCUE_WHY_DAMAGED] = MSG_WHY_DAMAGED,
	[RESCUE_WHY_READ_ERROR] = MSG_WHY_READ_ERROR,
	[RESCUE_WHY_NOT_FOUND] = MSG_WHY_NOT_FOUND,
	[RESCUE_WHY_WRITE_ERROR] = MSG_WHY_WRITE_ERROR,
	[RESCUE_WHY_FULL] = MSG_WHY_FULL,
	[RESCUE_WHY_EXISTS] = MSG_WHY_EXISTS,
	[RESCUE_WHY_TOO_DEEP] = MSG_WHY_TOO_DEEP,
	[RESCUE_WHY_TOO_LARGE] = MSG_WHY_TOO_LARGE,
	[RESCUE_WHY_NAME] = MSG_WHY_NAME,
	[RESCUE_WHY_STOPPED] = MSG_WHY_STOPPED,
};

const char *ui_rescue_why_text(int why)
{
	if (why <= 0 || why >= RESCUE_WHY_COUNT)
		return msg(MSG_WHY_READ_ERROR);
	return msg(why_msgs[why]);
}

/* The most telling flag of an entry, or NULL. */
static const char *flag_text(const struct rescue_entry *e)
{
	if (e->flags & RESCUE_UNREADABLE)
		return msg(MSG_FLAG_UNREADABLE);
	if (e->flags & RESCUE_ONLINE_ONLY)
		return msg(MSG_FLAG_ONLINE_ONLY);
	if (e->flags & RESCUE_EFS)
		return msg(MSG_FLAG_EFS);
	if (e->flags & RESCUE_JUNCTION)
		return msg(MSG_FLAG_JUNCTION);
	if (e->flags & RESCUE_SYMLINK)
		return msg(MSG_FLAG_SYMLINK);
	if (e->flags & RESCUE_WOF)
		return msg(MSG_FLAG_WOF);
	if (e->flags & RESCUE_REPARSE)
		return msg(MSG_FLAG_REPARSE);
	if (e->flags & RESCUE_COMPRESSED)
		return msg(MSG_FLAG_COMPRESSED);
	if (e->flags & RESCUE_SPARSE)
		return msg(MSG_FLAG_SPARSE);
	return NULL;
}

/* DIR + "/" + NAME into OUT (RESCUE_PATH_MAX); -1 if too long. */
static int path_join(char *out, const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);

	if (d == 1 && dir[0] == '/')
		d = 0;
	if (d + 1 + n + 1 > RESCUE_PATH_MAX)
		return -1;
	memmove(out, dir, d);
	out[d] = '/';
	memcpy(out + d + 1, name, n + 1);
	return 0;
}

/* Is PATH inside folder DIR (or DIR itself)? */
static int within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

static int keep_entry(void *arg, const struct rescue_entry *e)
{
	struct ui_files *f = arg;

	if (f->n_entries < f->max_entries)
		f->entries[f->n_entries++] = *e;
	f->n_listed++;
	return 0;
}

static void load_folder(struct ui_files *f)
{
	f->n_entries = 0;
	f->n_listed = 0;
	f->selected = 0;
	f->top = 0;
	f->list_error = f->src->list(f->src->ctx, f->cwd, keep_entry, f);
}

void ui_files_init(struct ui_files *f)
{
	f->cwd[0] = '/';
	f->cwd[1] = '\0';
	f->n_marks = 0;
	f->note = 0;
	f->n_targets = 0;
	f->target_sel = 0;
	load_folder(f);
}

/* The mark index of PATH, or of a marked folder holding it; -1: none. */
static int mark_of(const struct ui_files *f, const char *path)
{
	unsigned i;

	for (i = 0; i < f->n_marks; i++)
		if (within(path, f->marks[i]))
			return (int)i;
	return -1;
}

static void drop_mark(struct ui_files *f, unsigned i)
{
	memmove(f->marks[i], f->marks[i + 1],
		(f->n_marks - i - 1) * sizeof(f->marks[0]));
	f->n_marks--;
}

/* Space: mark or unmark the selected entry. */
static void toggle_mark(struct ui_files *f)
{
	char path[RESCUE_PATH_MAX];
	unsigned i;
	int m;

	if (f->selected >= f->n_entries ||
	    path_join(path, f->cwd, f->entries[f->selected].name))
		return;
	m = mark_of(f, path);
	if (m >= 0 && !strcmp(f->marks[m], path)) {
		drop_mark(f, (unsigned)m);
		return;
	}
	if (m >= 0) {
		f->note = MSG_FILES_IN_MARKED;
		return;
	}
	/* A folder's mark takes in the marks inside it. */
	for (i = f->n_marks; i-- > 0;)
		if (within(f->marks[i], path))
			drop_mark(f, i);
	if (f->n_marks >= f->max_marks) {
		f->note = MSG_FILES_MARKS_FULL;
		return;
	}
	memcpy(f->marks[f->n_marks++], path, strlen(path) + 1);
}

static void open_selected(struct ui_files *f)
{
	const struct rescue_entry *e;

	if (f->selected >= f->n_entries)
		return;
	e = &f->entries[f->selected];
	if (!(e->flags & RESCUE_DIR))
		return;
	if (e->flags & (RESCUE_JUNCTION | RESCUE_SYMLINK | RESCUE_UNREADABLE |
			RESCUE_REPARSE | RESCUE_ONLINE_ONLY)) {
		f->note = MSG_FILES_NOT_OPENED;
		return;
	}
	if (path_join(f->cwd, f->cwd, e->name)) {
		f->note = MSG_WHY_NAME;
		return;
	}
	load_folder(f);
}

static void go_up(struct ui_files *f)
{
	char *slash = strrchr(f->cwd, '/');
	char child[RESCUE_NAME_MAX];
	unsigned i;

	if (!slash || !strcmp(f->cwd, "/"))
		return;
	memcpy(child, slash + 1, strlen(slash + 1) + 1);
	if (slash == f->cwd)
		slash[1] = '\0';
	else
		*slash = '\0';
	load_folder(f);
	/* Back on the folder we came from. */
	for (i = 0; i < f->n_entries; i++)
		if (!strcmp(f->entries[i].name, child)) {
			f->selected = i;
			f->top = i >= UI_FILES_ROWS ? i - UI_FILES_ROWS / 2 : 0;
		}
}

static void move(struct ui_files *f, int by)
{
	long sel = (long)f->selected + by;

	if (!f->n_entries)
		return;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)f->n_entries)
		sel = (long)f->n_entries - 1;
	f->selected = (unsigned)sel;
	if (f->selected < f->top)
		f->top = f->selected;
	if (f->selected >= f->top + UI_FILES_ROWS)
		f->top = f->selected - UI_FILES_ROWS + 1;
}

static void entry_line(const struct ui_files *f, unsigned i, struct ui_text *t)
{
	const struct rescue_entry *e = &f->entries[i];
	char path[RESCUE_PATH_MAX];
	const char *note = flag_text(e);
	unsigned n = utf8_count(e->name);

	ui_text_init(t);
	ui_text_add(t, !path_join(path, f->cwd, e->name) && mark_of(f, path) >= 0 ?
		    "[x] " : "[ ] ");
	/* A long name keeps its start and its end (the extension). */
	if (n > NAME_COLS) {
		ui_text_add_n(t, e->name, utf8_bytes(e->name, NAME_COLS - 12));
		ui_text_add(t, "...");
		ui_text_add(t, e->name + utf8_bytes(e->name, n - 9));
	} else {
		ui_text_add(t, e->name);
	}
	ui_text_pad_to(t, SIZE_COL);
	if (e->flags & RESCUE_DIR)
		ui_text_add(t, msg(MSG_FILES_DIR));
	else
		ui_text_add_size(t, e->size);
	if (note) {
		ui_text_pad_to(t, NOTE_COL);
		ui_text_add(t, note);
	}
}

static void draw_list(struct screen *s, const struct ui_files *f)
{
	struct ui_text t;
	unsigned i;

	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_FILES_TITLE), f->volume_name);
	ui_frame(s, t.buf, msg(MSG_FILES_KEYS));
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_FILES_FOLDER), f->cwd);
	ui_put_text(s, UI_FIRST_ROW, 1, UI_HIGHLIGHT, t.buf);
	ui_text_init(&t);
	ui_text_add(&t, "    ");
	ui_text_add(&t, msg(MSG_FILES_HEAD_NAME));
	ui_text_pad_to(&t, SIZE_COL + 1);
	ui_text_add(&t, msg(MSG_FILES_HEAD_SIZE));
	ui_text_pad_to(&t, NOTE_COL + 1);
	ui_text_add(&t, msg(MSG_FILES_HEAD_NOTE));
	ui_put_text(s, LIST_ROW - 1, 0, UI_DIM, t.buf);
	for (i = f->top; i < f->n_entries && i < f->top + UI_FILES_ROWS; i++) {
		entry_line(f, i, &t);
		ui_put_text(s, LIST_ROW + i - f->top, 1,
			    i == f->selected ? UI_HIGHLIGHT :
			    f->entries[i].flags & RESCUE_UNREADABLE ? UI_ERROR : UI_NORMAL,
			    t.buf);
	}
	ui_text_init(&t);
	if (f->list_error)
		ui_text_addf(&t, msg(MSG_FILES_LIST_ERROR),
			     ui_rescue_why_text(f->list_error));
	else if (!f->n_listed)
		ui_text_add(&t, msg(MSG_FILES_EMPTY));
	else if (f->n_listed > f->n_entries)
		ui_text_addf(&t, msg(MSG_FILES_MORE), f->n_listed - f->n_entries);
	if (t.len)
		ui_put_text(s, LIST_ROW + UI_FILES_ROWS, 5, f->list_error ? UI_ERROR :
			    UI_DIM, t.buf);
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_FILES_MARKED), f->n_marks);
	if (f->note) {
		ui_text_add(&t, "   ");
		ui_text_add(&t, msg(f->note));
	}
	ui_put_text(s, STATUS_ROW, 1, f->note ? UI_ERROR : UI_NORMAL, t.buf);
	s->flush(s);
}

int ui_files_run(struct screen *s, struct ui_files *f)
{
	struct ui_key key;

	for (;;) {
		draw_list(s, f);
		if (s->read_key(s, &key, f->key_timeout_ms) != 1)
			return -1;
		f->note = 0;
		switch (key.scan) {
		case UI_KEY_ESC:
			return 0;
		case UI_KEY_UP:    move(f, -1); break;
		case UI_KEY_DOWN:  move(f, 1); break;
		case UI_KEY_PGUP:  move(f, -UI_FILES_ROWS); break;
		case UI_KEY_PGDN:  move(f, UI_FILES_ROWS); break;
		case UI_KEY_HOME:  move(f, -(int)f->n_entries); break;
		case UI_KEY_END:   move(f, (int)f->n_entries); break;
		case UI_KEY_ENTER:
		case UI_KEY_RIGHT: open_selected(f); break;
		case UI_KEY_BACKSPACE:
		case UI_KEY_DELETE:
		case UI_KEY_LEFT:  go_up(f); break;
		case UI_KEY_CHAR:
			if (key.ch == ' ') {
				toggle_mark(f);
				move(f, 1);
			} else if ((key.ch | 0x20) == 'c') {
				if (!f->n_marks)
					f->note = MSG_FILES_NOTHING_MARKED;
				else if (ui_files_copy(s, f) < 0)
					return -1;
			}
			break;
		default:
			break;
		}
	}
}
