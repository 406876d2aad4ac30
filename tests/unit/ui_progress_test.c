/** @file
 * The key stretch progress bar, and the success and error screens.
 */
#include "check.h"
#include "ui_fixture.h"
#include "ui/progress.h"
#include "ui/result.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */
static struct memscreen *m;

static void test_progress(void)
{
	struct ui_progress p;
	unsigned flushes, row, col;

	memscreen_init(m);
	ui_progress_start(&p, &m->screen, "Unlocking", "Checking the recovery key", NULL);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Checking the recovery key", NULL, NULL));
	check(memscreen_find(m, "[....", &row, &col));
	check(memscreen_find(m, "]   0%", NULL, NULL));

	/* The stretch's own callback type, halfway through 2^20 rounds. */
	ui_stretch_progress(&p, 0x80000, 0x100000);
	check(memscreen_find(m, "]  50%", NULL, NULL));
	check(m->cells[row][col + 30] == '#' && m->cells[row][col + 31] == '.');
	/* The same percentage again does not redraw or flush. */
	flushes = m->flushes;
	ui_stretch_progress(&p, 0x80001, 0x100000);
	check(m->flushes == flushes);
	ui_progress_set(&p, 0x100000, 0x100000);
	check(memscreen_find(m, "] 100%", NULL, NULL));
	check(m->cells[row][col + 60] == '#' && m->cells[row][col + 61] == ']');
	/* Nonsense totals stay in range. */
	ui_progress_set(&p, 5, 0);
	check(memscreen_find(m, "]   0%", NULL, NULL));
	ui_progress_set(&p, ~0ull, ~0ull - 1);
	check(memscreen_find(m, "] 100%", NULL, NULL));
	check(fixture_screen_clean(m));
}

static void test_success(void)
{
	struct ui_unlocked u = { "NTFS", "OS", "68844E71844E41B4",
				 "Enter: browse files   Esc: back" };

	fixture_volume(vol);
	memscreen_init(m);
	ui_success_draw(&m->screen, vol, &u);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "The volume is unlocked.", NULL, NULL));
	check(memscreen_find(m, "File system:   NTFS", NULL, NULL));
	check(memscreen_find(m, "Label:         OS", NULL, NULL));
	check(memscreen_find(m, "Serial number: 68844E71844E41B4", NULL, NULL));
	check(memscreen_find(m, "Enter: browse files", NULL, NULL));

	u.label = NULL;
	u.fs_type = "exFAT";
	memscreen_init(m);
	ui_success_draw(&m->screen, vol, &u);
	check(memscreen_find(m, "File system:   exFAT", NULL, NULL));
	check(memscreen_find(m, "Label:         (none)", NULL, NULL));

	u.fs_type = NULL;
	memscreen_init(m);
	ui_success_draw(&m->screen, vol, &u);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "no NTFS, FAT or exFAT file system", NULL, NULL));
	check(!memscreen_find(m, "Serial", NULL, NULL));
}

static void test_error(void)
{
	memscreen_init(m);
	ui_error_draw(&m->screen, "Reading the volume failed:", BDE_ERR_IO, NULL);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Reading the volume failed:", NULL, NULL));
	check(memscreen_find(m, "device read error", NULL, NULL));
	check(memscreen_find(m, "Esc: back", NULL, NULL));
}

SELFTEST(ui_progress)
{
	vol = check_alloc(sizeof(*vol));
	m = check_alloc(sizeof(*m));
	if (vol && m) {
		test_progress();
		test_success();
		test_error();
	}
	check_free(m, sizeof(*m));
	check_free(vol, sizeof(*vol));
}
