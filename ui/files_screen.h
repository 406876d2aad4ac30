/** @file
 * The file screen (F on the unlock success screen): browse the unlocked
 * volume's folders, see sizes and flags, mark files and folders, pick a
 * writable stick (each with its free space) and copy the marked ones to
 * \bitrescue\rescued\VOLUME\... on it, with progress, Esc to stop, and a
 * summary of what was copied and what was skipped and why.
 *
 * Portable: the caller passes in the source, the targets, the clock and
 * every buffer (ui/rescue.h); efi/ glues it to ntfs/ and the firmware.
 */
#ifndef UI_FILES_SCREEN_H
#define UI_FILES_SCREEN_H

#include "ui/rescue.h"
#include "ui/screen.h"

/* Entries shown at once in a folder. */
#define UI_FILES_ROWS 16
#define UI_FILES_MAX_TARGETS 8

struct ui_files {
	/* From the caller */
	const struct rescue_source *src;
	const char *volume_name;           /* the title: label or "NTFS" */
	const char *volume_folder;         /* rescue_volume_folder()'s name */
	/* Fill TARGETS (at most MAX) with the writable volumes now present;
	 * returns how many. Called on entering the target list and on R. */
	unsigned (*find_targets)(void *ctx, struct rescue_target *targets,
				 unsigned max);
	void *targets_ctx;
	uint64_t (*now_ms)(void *ctx);     /* a clock for speed and time left */
	void *clock_ctx;
	unsigned key_timeout_ms;           /* UI_WAIT_FOREVER, or --timeout's */
	struct rescue_entry *entries;      /* a folder's entries */
	unsigned max_entries;
	char (*marks)[RESCUE_PATH_MAX];    /* marked paths */
	unsigned max_marks;
	struct rescue_skip *skipped;       /* the summary's list */
	unsigned max_skipped;
	void *io_buf;                      /* the copy's buffer (64 KiB or more) */
	size_t io_size;

	/* State */
	char cwd[RESCUE_PATH_MAX];         /* "/" or "/Users/alice" */
	unsigned n_entries;                /* kept */
	unsigned n_listed;                 /* listed, kept or not */
	int list_error;                    /* enum rescue_why, or 0 */
	unsigned selected, top;
	unsigned n_marks;
	int note;                          /* a message id for the status row, or 0 */
	struct rescue_target targets[UI_FILES_MAX_TARGETS];
	unsigned n_targets, target_sel;
	struct rescue_job job;
	uint64_t started_ms, drawn_ms;
	int drawn;
};

/* Ready F to show the root folder; the buffers must be filled in first. */
void ui_files_init(struct ui_files *f);

/* Until Esc on the folder list. Returns 0, or -1 when the console gave
 * no key (timeout or failure): the app should leave. */
int ui_files_run(struct screen *s, struct ui_files *f);

/* C on the folder list (ui/copy_screen.c): pick a stick, copy the marks,
 * sum up. -1 when the console gave no key, else 0. */
int ui_files_copy(struct screen *s, struct ui_files *f);

/* The words for an enum rescue_why, in the language shown. */
const char *ui_rescue_why_text(int why);

#endif
