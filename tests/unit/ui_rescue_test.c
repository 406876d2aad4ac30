/** @file
 * Copying off a volume (ui/rescue.c) and the FAT32 split plan
 * (ui/split.c), on the made-up volume and stick of rescue_fake.h.
 */
#include "check.h"
#include "rescue_fake.h"
#include "ui/msg.h"
#include "ui/split.h"

#define IO_BYTES (1u << 20)

static void test_split(void)
{
	char name[16], text[600];
	size_t n;

	check(split_parts(0) == 1);
	check(split_parts(0xffffffffull) == 1);
	check(split_parts(0x100000000ull) == 2);
	check(split_parts(5ull << 30) == 2);
	check(split_parts(999ull * SPLIT_PART_BYTES) == 999);
	check(split_parts(999ull * SPLIT_PART_BYTES + 1) == 0);
	check(split_part_length(100, 0) == 100 && split_part_length(100, 1) == 0);
	check(split_part_length(5ull << 30, 0) == SPLIT_PART_BYTES);
	check(split_part_length(5ull << 30, 1) == (5ull << 30) - SPLIT_PART_BYTES);
	check(split_part_length(5ull << 30, 2) == 0);
	check(split_part_offset(1) == SPLIT_PART_BYTES);
	/* Each part but the last is whole 1 MiB clusters, under 4 GiB. */
	check(SPLIT_PART_BYTES % (1u << 20) == 0 && SPLIT_PART_BYTES <= SPLIT_FAT32_MAX);
	check(!split_part_name(name, sizeof(name), "a.mkv", 0) && !strcmp(name, "a.mkv.001"));
	check(!split_part_name(name, sizeof(name), "a.mkv", 998) && !strcmp(name, "a.mkv.999"));
	check(split_part_name(name, sizeof(name), "a.mkv", 999) == -1);
	check(split_part_name(name, 9, "a.mkv", 0) == -1);

	ui_set_lang(UI_LANG_EN);
	n = split_join_text(text, sizeof(text), "a b.mkv", 2);
	check(n == strlen(text) && n > 0);
	check(strstr(text, "a b.mkv is split into 2 parts") != NULL);
	check(strstr(text, "copy /b \"a b.mkv.001\" + \"a b.mkv.002\" \"a b.mkv\"\r\n") != NULL);
	check(strstr(text, "cat \"a b.mkv.001\" \"a b.mkv.002\" > \"a b.mkv\"\r\n") != NULL);
	ui_set_lang(UI_LANG_DA);
	split_join_text(text, sizeof(text), "x", 12);
	check(strstr(text, "x er delt i 12 dele") != NULL);
	check(strstr(text, "\"x.011\" + \"x.012\" \"x\"") != NULL);
	ui_set_lang(UI_LANG_EN);
	/* Too small a buffer: nothing, not a cut text. */
	check(split_join_text(text, 40, "a b.mkv", 2) == 0 && text[0] == '\0');
}

static struct stick *st;
static struct rescue_skip skipped[16];
static char (*marks)[RESCUE_PATH_MAX];
static void *io;

static void job_init(struct rescue_job *j, struct rescue_target *t, unsigned n_marked)
{
	memset(j, 0, sizeof(*j));
	j->src = &fake_source;
	j->dst = t;
	j->marked = (const char (*)[RESCUE_PATH_MAX])marks;
	j->n_marked = n_marked;
	j->dest_root = "/bitrescue/rescued/OS";
	j->buf = io;
	j->buf_size = IO_BYTES;
	j->skipped = skipped;
	j->max_skipped = 16;
}

static int skipped_for(const struct rescue_job *j, const char *path)
{
	unsigned i;

	for (i = 0; i < j->n_skipped && i < j->max_skipped; i++)
		if (!strcmp(j->skipped[i].path, path))
			return j->skipped[i].why;
	return -1;
}

static int stop_at_second(void *arg, const struct rescue_job *j)
{
	(void)arg;
	return j->files_done >= 1;
}

static void test_copy_tree(void)
{
	struct rescue_target t;
	struct rescue_job j;
	struct stick_file *f;
	const char *docs = "/bitrescue/rescued/OS/Users/ann/Documents";
	char path[RESCUE_PATH_MAX];

	memset(st, 0, sizeof(*st));
	stick_target(&t, st, "USB 1", 1ull << 40);
	memcpy(marks[0], "/Users/ann", sizeof("/Users/ann"));
	job_init(&j, &t, 1);
	rescue_plan(&j);
	/* report, notes, empty, tax, here, bad-read, video */
	check(j.files_total == 7);
	check(j.bytes_total == 70000 + 12 + 0 + 4096 + 5 + 3000 + FAKE_BIG_SIZE);
	check(j.skips_planned == 4);  /* cloud, secret, Desktop, broken: known unread */
	check(j.existing == 0);
	check(j.bytes_needed >= j.bytes_total && rescue_fits(&j));
	check(st->n == 0);            /* planning writes nothing */

	check(rescue_copy(&j) == 6);
	check(j.files_done == 6 && !j.stopped);
	check(j.bytes_done == j.bytes_total);
	check(j.bytes_copied == j.bytes_total - 3000);   /* bad-read.bin */
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/Documents/report.docx");
	check(f && stick_matches(f, "/Users/ann/Documents/report.docx"));
	/* A name FAT cannot hold has its ':' and '?' replaced. */
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/Documents/notes_ 2019_.txt");
	check(f && stick_matches(f, "/Users/ann/Documents/notes: 2019?.txt"));
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/Documents/empty.txt");
	check(f && f->size == 0 && !f->open);
	memcpy(path, docs, strlen(docs) + 1);
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/Documents/Old/tax.pdf");
	check(f && stick_matches(f, "/Users/ann/Documents/Old/tax.pdf"));
	check(stick_find(st, "/bitrescue/rescued/OS/Users/ann/Documents/Old") &&
	      stick_find(st, "/bitrescue/rescued/OS/Users/ann/Documents/Old")->is_dir);
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/OneDrive/here.txt");
	check(f && stick_matches(f, "/Users/ann/OneDrive/here.txt"));
	/* The 5 GiB file: two parts, each in order, and the join text. */
	check(!stick_find(st, "/bitrescue/rescued/OS/Users/ann/video.mkv"));
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/video.mkv.001");
	check(f && f->size == SPLIT_PART_BYTES && !f->bad);
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/video.mkv.002");
	check(f && f->size == FAKE_BIG_SIZE - SPLIT_PART_BYTES && !f->bad);
	check(!stick_find(st, "/bitrescue/rescued/OS/Users/ann/video.mkv.003"));
	f = stick_find(st, "/bitrescue/rescued/OS/Users/ann/video.mkv.join.txt");
	check(f && strstr(f->text, "copy /b \"video.mkv.001\" + \"video.mkv.002\""));
	/* Not copied, each with its reason; the unreadable one left nothing. */
	check(skipped_for(&j, "/Users/ann/OneDrive/cloud.xlsx") == RESCUE_WHY_ONLINE_ONLY);
	check(skipped_for(&j, "/Users/ann/secret.txt") == RESCUE_WHY_EFS);
	check(skipped_for(&j, "/Users/ann/Desktop") == RESCUE_WHY_LINK);
	check(skipped_for(&j, "/Users/ann/broken.bin") == RESCUE_WHY_DAMAGED);
	check(skipped_for(&j, "/Users/ann/bad-read.bin") == RESCUE_WHY_READ_ERROR);
	check(!stick_find(st, "/bitrescue/rescued/OS/Users/ann/bad-read.bin"));
	check(!stick_find(st, "/bitrescue/rescued/OS/Users/ann/Desktop"));
	check(j.n_skipped == 5);

	/* Again: everything is there now. Kept unless asked to overwrite. */
	job_init(&j, &t, 1);
	rescue_plan(&j);
	check(j.existing == 6);
	st->creates = 0;
	rescue_copy(&j);
	/* Only the unreadable file is tried again (and nothing left of it). */
	check(j.files_done == 0 && st->creates == 1);
	check(skipped_for(&j, "/Users/ann/Documents/report.docx") == RESCUE_WHY_EXISTS);
	job_init(&j, &t, 1);
	j.overwrite = 1;
	rescue_plan(&j);
	check(rescue_copy(&j) == 6);
}

static void test_copy_limits(void)
{
	struct rescue_target t;
	struct rescue_job j;
	unsigned files;

	/* Not enough room: the plan says so before anything is written. */
	memset(st, 0, sizeof(*st));
	stick_target(&t, st, "USB 1", 60000);
	memcpy(marks[0], "/Users/ann/Documents", sizeof("/Users/ann/Documents"));
	job_init(&j, &t, 1);
	rescue_plan(&j);
	check(!rescue_fits(&j));
	t.free_bytes = j.bytes_needed;
	check(rescue_fits(&j));

	/* Two marks, a file and a folder; one path that is not there. */
	memcpy(marks[0], "/Users/ann/OneDrive/here.txt", sizeof("/Users/ann/OneDrive/here.txt"));
	memcpy(marks[1], "/Windows", sizeof("/Windows"));
	memcpy(marks[2], "/nothing", sizeof("/nothing"));
	t.free_bytes = 1ull << 30;
	job_init(&j, &t, 3);
	rescue_plan(&j);
	check(j.files_total == 1);
	check(rescue_copy(&j) == 1);
	check(stick_find(st, "/bitrescue/rescued/OS/Users/ann/OneDrive/here.txt") != NULL);
	check(skipped_for(&j, "/Windows/notepad.exe") == RESCUE_WHY_WOF);
	check(skipped_for(&j, "/nothing") == RESCUE_WHY_NOT_FOUND);

	/* The stick fills up: the file cut short is removed, the reason kept. */
	memset(st, 0, sizeof(*st));
	st->fail_after = 50000;
	memcpy(marks[0], "/Users/ann/Documents/report.docx",
	       sizeof("/Users/ann/Documents/report.docx"));
	job_init(&j, &t, 1);
	j.buf_size = 4096;
	rescue_plan(&j);
	check(rescue_copy(&j) == 0);
	check(skipped_for(&j, "/Users/ann/Documents/report.docx") == RESCUE_WHY_FULL);
	check(!stick_find(st, "/bitrescue/rescued/OS/Users/ann/Documents/report.docx"));
	check(st->removes == 1);

	/* Esc (the tick says stop) after the first file. */
	memset(st, 0, sizeof(*st));
	memcpy(marks[0], "/Users/ann/Documents", sizeof("/Users/ann/Documents"));
	job_init(&j, &t, 1);
	j.tick = stop_at_second;
	rescue_plan(&j);
	files = rescue_copy(&j);
	check(files == 1 && j.stopped);
	check(j.n_skipped >= 1 && skipped_for(&j, "") == RESCUE_WHY_STOPPED);
}

static void test_volume_folder(void)
{
	char out[32];

	rescue_volume_folder(out, sizeof(out), "OS", "68844E71844E41B4");
	check(!strcmp(out, "OS"));
	rescue_volume_folder(out, sizeof(out), "", "68844E71844E41B4");
	check(!strcmp(out, "68844E71844E41B4"));
	rescue_volume_folder(out, sizeof(out), "Data: old?.", NULL);
	check(!strcmp(out, "Data_ old__"));
	rescue_volume_folder(out, 4, "Windows", NULL);
	check(!strcmp(out, "Win"));
}

SELFTEST(ui_rescue)
{
	st = check_alloc(sizeof(*st));
	marks = check_alloc(4 * RESCUE_PATH_MAX);
	io = check_alloc(IO_BYTES);
	test_split();
	if (st && marks && io) {
		test_copy_tree();
		test_copy_limits();
	}
	test_volume_folder();
	check_free(io, IO_BYTES);
	check_free(marks, 4 * RESCUE_PATH_MAX);
	check_free(st, sizeof(*st));
}
