/** @file
 * The file screen (ui/files_screen.c) driven by typed keys on a memory
 * screen, over the made-up volume and sticks of rescue_fake.h.
 */
#include "check.h"
#include "rescue_fake.h"
#include "ui_fixture.h"
#include "ui/files_screen.h"
#include "ui/msg.h"

#define IO_BYTES (256u << 10)

static struct memscreen *m;
static struct ui_files *f;
static struct stick *sticks;   /* two */
static uint64_t clock_ms;
static unsigned n_sticks;

static uint64_t fake_now(void *ctx)
{
	(void)ctx;
	return clock_ms += 300;
}

static unsigned fake_targets(void *ctx, struct rescue_target *t, unsigned max)
{
	(void)ctx;
	if (max < 2)
		return 0;
	if (n_sticks > 0)
		stick_target(&t[0], &sticks[0], "USB 1 (boot stick)", 50ull << 20);
	if (n_sticks > 1)
		stick_target(&t[1], &sticks[1], "USB 2", 64ull << 30);
	return n_sticks;
}

#define K(code) { UI_KEY_##code, 0 }
#define C(c) { UI_KEY_CHAR, c }

/* Start over at the root with KEYS to type; run until they are used up. */
static int run_keys(const struct ui_key *keys, unsigned n)
{
	memscreen_init(m);
	memscreen_set_keys(m, keys, n);
	return ui_files_run(&m->screen, f);
}

static void setup(void)
{
	static struct rescue_entry *entries;
	static char (*marks)[RESCUE_PATH_MAX];
	static struct rescue_skip *skipped;
	static void *io;

	if (!entries) {
		entries = check_alloc(8 * sizeof(*entries));
		marks = check_alloc(4 * RESCUE_PATH_MAX);
		skipped = check_alloc(16 * sizeof(*skipped));
		io = check_alloc(IO_BYTES);
	}
	memset(f, 0, sizeof(*f));
	f->src = &fake_source;
	f->volume_name = "OS";
	f->volume_folder = "OS";
	f->find_targets = fake_targets;
	f->now_ms = fake_now;
	f->key_timeout_ms = UI_WAIT_FOREVER;
	f->entries = entries;
	f->max_entries = 8;
	f->marks = marks;
	f->max_marks = 4;
	f->skipped = skipped;
	f->max_skipped = 16;
	f->io_buf = io;
	f->io_size = IO_BYTES;
	memset(sticks, 0, 2 * sizeof(*sticks));
	n_sticks = 2;
	ui_files_init(f);
}

static void test_browse(void)
{
	static const struct ui_key into_ann[] = {
		K(ENTER), K(ENTER),   /* /Users, /Users/ann */
	};
	static const struct ui_key back_up[] = { K(BACKSPACE) };
	unsigned row;

	setup();
	check(f->n_entries == 3 && !f->list_error);
	check(run_keys(NULL, 0) == -1);   /* no key: the app leaves */
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Files on OS", NULL, NULL));
	check(memscreen_find(m, "Folder: /", NULL, NULL));
	check(memscreen_find(m, "[ ] Users", &row, NULL));
	check(memscreen_find(m, "folder", NULL, NULL));
	check(memscreen_find(m, "[ ] pagefile.sys", NULL, NULL));
	check(memscreen_find(m, "8.0 GiB", NULL, NULL));
	check(memscreen_find(m, "Marked: 0", NULL, NULL));

	check(run_keys(into_ann, 2) == -1);
	check(!strcmp(f->cwd, "/Users/ann"));
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Folder: /Users/ann", NULL, NULL));
	check(memscreen_find(m, "online only", NULL, NULL) == 0);  /* only inside OneDrive */
	check(memscreen_find(m, "EFS-encrypted", NULL, NULL));
	check(memscreen_find(m, "junction", NULL, NULL));
	check(memscreen_find(m, "unreadable", NULL, NULL));
	check(memscreen_find(m, "5.0 GiB", NULL, NULL));
	check(memscreen_find(m, "sparse", NULL, NULL));
	check(f->n_entries == 7 && f->n_listed == 7);
	check(!memscreen_find(m, "more not shown", NULL, NULL));

	/* A junction is not opened. */
	f->selected = 3;   /* Desktop */
	check(!strcmp(f->entries[3].name, "Desktop"));
	{
		static const struct ui_key enter[] = { K(ENTER) };
		run_keys(enter, 1);
	}
	check(!strcmp(f->cwd, "/Users/ann"));
	check(memscreen_find(m, "not on this disk: not opened", NULL, NULL));

	/* Back up lands on the folder we came from. */
	check(run_keys(back_up, 1) == -1);
	check(!strcmp(f->cwd, "/Users"));
	check(f->selected == 0 && !strcmp(f->entries[0].name, "ann"));
	check(run_keys(back_up, 1) == -1 && !strcmp(f->cwd, "/"));
	check(run_keys(back_up, 1) == -1 && !strcmp(f->cwd, "/"));

	/* More entries than the buffer holds: the rest are counted. */
	f->max_entries = 5;
	run_keys(into_ann, 2);
	check(f->n_entries == 5 && f->n_listed == 7);
	check(memscreen_find(m, "... and 2 more not shown", NULL, NULL));
	f->max_entries = 8;

	/* Danish */
	ui_set_lang(UI_LANG_DA);
	run_keys(NULL, 0);
	check(memscreen_find(m, "Filer på OS", NULL, NULL));
	check(memscreen_find(m, "mappe", NULL, NULL));
	check(fixture_screen_clean(m));
	ui_set_lang(UI_LANG_EN);
}

static void test_marks(void)
{
	static const struct ui_key mark_docs[] = {
		K(ENTER), K(ENTER),            /* /Users/ann */
		K(ENTER),                      /* Documents */
		C(' '),                        /* report.docx? no: Old is first */
	};
	static const struct ui_key esc[] = { K(ESC) };

	setup();
	/* C with nothing marked says so. */
	{
		static const struct ui_key c[] = { C('c') };
		run_keys(c, 1);
		check(memscreen_find(m, "Mark files or folders with Space first.", NULL, NULL));
	}
	run_keys(mark_docs, 4);
	check(!strcmp(f->cwd, "/Users/ann/Documents"));
	check(f->n_marks == 1 && !strcmp(f->marks[0], "/Users/ann/Documents/report.docx"));
	check(memscreen_find(m, "[x] report.docx", NULL, NULL));
	check(memscreen_find(m, "Marked: 1", NULL, NULL));
	check(f->selected == 1);   /* Space moves on */
	/* Space again on the same entry unmarks it. */
	f->selected = 0;
	{
		static const struct ui_key sp[] = { C(' ') };
		run_keys(sp, 1);
	}
	check(f->n_marks == 0);
	/* A folder's mark takes in the marks below it, and a mark inside a
	 * marked folder is refused. */
	run_keys((const struct ui_key[]){ C(' ') }, 1);
	check(f->n_marks == 1);
	run_keys((const struct ui_key[]){ K(BACKSPACE), C(' ') }, 2);
	check(!strcmp(f->cwd, "/Users/ann"));
	check(f->n_marks == 1 && !strcmp(f->marks[0], "/Users/ann/Documents"));
	run_keys((const struct ui_key[]){ K(UP), K(ENTER), C(' ') }, 3);
	check(!strcmp(f->cwd, "/Users/ann/Documents"));
	check(f->n_marks == 1);
	check(memscreen_find(m, "in a marked folder already", NULL, NULL));
	check(memscreen_find(m, "[x] report.docx", NULL, NULL));
	check(run_keys(esc, 1) == 0);
}

static void test_copy(void)
{
	unsigned row;

	setup();
	/* Mark /Users/ann/Documents, copy it to the second stick. */
	run_keys((const struct ui_key[]){ K(ENTER), K(ENTER), C(' ') }, 3);
	check(f->n_marks == 1 && !strcmp(f->marks[0], "/Users/ann/Documents"));
	run_keys((const struct ui_key[]){ C('c') }, 1);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Copy to which stick?", NULL, NULL));
	check(memscreen_find(m, "USB 1 (boot stick)", &row, NULL));
	check(memscreen_find(m, "50.0 MiB free", NULL, NULL));
	check(memscreen_find(m, "USB 2", NULL, NULL));
	check(memscreen_find(m, "64.0 GiB free", NULL, NULL));
	check(memscreen_find(m, "\\bitrescue\\rescued\\OS\\", NULL, NULL));

	run_keys((const struct ui_key[]){ C('c'), K(DOWN), K(ENTER) }, 3);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Copy finished", NULL, NULL));
	check(memscreen_find(m, "Copied 4 files (72.3 KiB) to", NULL, NULL));
	check(memscreen_find(m, "USB 2 \\bitrescue\\rescued\\OS", NULL, NULL));
	check(memscreen_find(m, "Every marked file was copied.", NULL, NULL));
	check(stick_matches(stick_find(&sticks[1],
		"/bitrescue/rescued/OS/Users/ann/Documents/Old/tax.pdf"),
		"/Users/ann/Documents/Old/tax.pdf"));
	check(sticks[0].n == 0);

	/* Again to the same stick: asked first; K keeps them. */
	run_keys((const struct ui_key[]){ C('c'), K(DOWN), K(ENTER) }, 3);
	check(memscreen_find(m, "4 of these files are on the stick already.", NULL, NULL));
	check(memscreen_find(m, "O: overwrite them", NULL, NULL));
	run_keys((const struct ui_key[]){ C('c'), K(DOWN), K(ENTER), C('k') }, 4);
	check(memscreen_find(m, "Copied 0 files", NULL, NULL));
	check(memscreen_find(m, "Not copied: 4", NULL, NULL));
	check(memscreen_find(m, "on the stick already: kept", NULL, NULL));
	check(memscreen_find(m, "/Users/ann/Documents/report.docx", NULL, NULL));
	run_keys((const struct ui_key[]){ C('c'), K(DOWN), K(ENTER), C('o') }, 4);
	check(memscreen_find(m, "Copied 4 files", NULL, NULL));

	/* Everything of ann's to the small boot stick: 5 GiB does not fit. */
	setup();
	run_keys((const struct ui_key[]){ K(ENTER), C(' '), C('c'), K(ENTER) }, 4);
	check(!strcmp(f->marks[0], "/Users/ann"));
	check(memscreen_find(m, "Not enough room: needs 5.0 GiB, 50.0 MiB free.", NULL, NULL));
	check(sticks[0].n == 0);
	/* To the big one, with a summary of what was skipped and why. */
	run_keys((const struct ui_key[]){ C('c'), K(DOWN), K(ENTER) }, 3);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Copied 6 files (5.0 GiB) to", NULL, NULL));
	check(memscreen_find(m, "Not copied: 5", NULL, NULL));
	check(memscreen_find(m, "/Users/ann/OneDrive/cloud.xlsx", &row, NULL));
	check(memscreen_find(m, "online only: not on this disk", NULL, NULL));
	check(memscreen_find(m, "EFS-encrypted: not readable here", NULL, NULL));
	check(memscreen_find(m, "a link: not followed", NULL, NULL));
	check(memscreen_find(m, "read error", NULL, NULL));
	check(stick_find(&sticks[1], "/bitrescue/rescued/OS/Users/ann/video.mkv.002") != NULL);

	/* No stick at all: said so. */
	setup();
	n_sticks = 0;
	run_keys((const struct ui_key[]){ C(' '), C('c') }, 2);
	check(memscreen_find(m, "No writable FAT stick found.", NULL, NULL));
}

/* The progress view: a screen whose polls (timeout 0: the copy's) give
 * Esc at the Nth; waits for a key go to the memory screen's script. */
static unsigned polls, esc_at_poll;
static void (*at_esc)(void);
static int poll_read_key(struct screen *s, struct ui_key *key, unsigned timeout)
{
	(void)s;
	if (timeout)
		return m->screen.read_key(&m->screen, key, timeout);
	if (++polls != esc_at_poll)
		return 0;
	if (at_esc)
		at_esc();
	key->scan = UI_KEY_ESC;
	key->ch = 0;
	return 1;
}

/* Mark PATHS (N of them), then C, Down, Enter: copy to the second stick
 * on a screen whose ESC_AT-th poll gives Esc (0: never). */
static int copy_polled(const char *const *paths, unsigned n, unsigned esc_at)
{
	static const struct ui_key keys[] = { C('c'), K(DOWN), K(ENTER) };
	struct screen s;
	unsigned i;

	for (i = 0; i < n; i++)
		memcpy(f->marks[i], paths[i], strlen(paths[i]) + 1);
	f->n_marks = n;
	memscreen_init(m);
	memscreen_set_keys(m, keys, 3);
	s = m->screen;
	s.read_key = poll_read_key;
	polls = 0;
	esc_at_poll = esc_at;
	clock_ms = 0;
	return ui_files_run(&s, f);
}

static void test_progress_and_stop(void)
{
	static const char *const two[] = {
		"/Users/ann/video.mkv", "/Users/ann/OneDrive/here.txt" };

	/* The clock moves 300 ms a call: a redraw (and poll) every other
	 * chunk of 256 KiB. Esc at the 5th poll. */
	setup();
	check(copy_polled(two, 2, 5) == -1);
	check(f->job.stopped);
	check(polls == 5);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Copy stopped", NULL, NULL));
	check(memscreen_find(m, "Copied 0 files", NULL, NULL));
	check(memscreen_find(m, "stopped with Esc", NULL, NULL));
	/* The part cut short is gone; nothing else was started. */
	check(!stick_find(&sticks[1], "/bitrescue/rescued/OS/Users/ann/video.mkv.001"));
	check(!stick_find(&sticks[1], "/bitrescue/rescued/OS/Users/ann/OneDrive/here.txt"));

	/* The stick fills up after 1 GiB: the same, with its reason. */
	setup();
	sticks[1].fail_after = 1ull << 30;
	f->io_size = 64u << 10;
	check(copy_polled(two, 1, 0) == -1);
	check(memscreen_find(m, "Copy finished", NULL, NULL));
	check(memscreen_find(m, "Copied 0 files", NULL, NULL));
	check(memscreen_find(m, "the stick is full", NULL, NULL));
	f->io_size = IO_BYTES;
}

/* The progress view as the copy's last redraw before Esc left it. */
static void progress_view_checks(void)
{
	unsigned row, col;

	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Copying files", NULL, NULL));
	check(memscreen_find(m, "Esc: stop", NULL, NULL));
	check(memscreen_find(m, "To: USB 2 \\bitrescue\\rescued\\OS", NULL, NULL));
	check(memscreen_find(m, "Now: /Users/ann/video.mkv", NULL, NULL));
	/* 397 chunks of 256 KiB of 5 GiB: 1%, not yet a '#' of 60. */
	check(memscreen_find(m, "[.....", &row, &col));
	check(m->cells[row][col + 61] == ']');
	check(memscreen_find(m, "]   1%", NULL, NULL));
	check(memscreen_find(m, "Copied 99.2 MiB of 5.0 GiB", NULL, NULL));
	check(memscreen_find(m, "Files: 0 of 1", NULL, NULL));
	/* 101,632 KiB in 119.7 s (the clock: 300 ms a call), and the
	 * 5,141,248 KiB left at that speed: 6,055 s. */
	check(memscreen_find(m, "Speed: 849.0 KiB/s", NULL, NULL));
	check(memscreen_find(m, "Time left: 1:40:55", NULL, NULL));
}

static void test_progress_view(void)
{
	static const char *const video[] = { "/Users/ann/video.mkv" };

	/* A redraw (and a poll) every other chunk: the 200th poll comes
	 * after 397 chunks. */
	setup();
	at_esc = progress_view_checks;
	check(copy_polled(video, 1, 200) == -1);
	at_esc = NULL;
	check(f->job.stopped);
	/* The file cut short counts as passed over, not as copied. */
	check(f->job.bytes_done == FAKE_BIG_SIZE && f->job.bytes_copied == 0);
}

SELFTEST(ui_files)
{
	m = check_alloc(sizeof(*m));
	f = check_alloc(sizeof(*f));
	sticks = check_alloc(2 * sizeof(*sticks));
	if (!m || !f || !sticks)
		return;
	test_browse();
	test_marks();
	test_copy();
	test_progress_and_stop();
	test_progress_view();
	check_free(sticks, 2 * sizeof(*sticks));
	check_free(f, sizeof(*f));
	check_free(m, sizeof(*m));
}
