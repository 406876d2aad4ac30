/** @file
 * The file screen's glue: its buffers (allocated for the visit, freed
 * after), the NTFS source, the sticks, and a clock from the firmware's
 * real-time clock (whole seconds on many machines: enough for a speed
 * over a copy of any length).
 */
#include "crypto/wipe.h"
#include "efi/ntfs_fs.h"
#include "efi/rescue_screen.h"
#include "efi/rescue_source.h"
#include "efi/rescue_targets.h"
#include "ui/files_screen.h"

#define MAX_ENTRIES 4096      /* a folder's entries shown; more are counted */
#define MAX_MARKS 64
#define MAX_SKIPPED 256
#define IO_BYTES (1u << 20)

struct rescue_screen {
	struct ui_files files;
	struct rescue_source src;
	struct ntfs_source ns;
	struct rescue_targets targets;
	uint64_t last_ms, day_ms;
	char volume_name[NTFS_LABEL_UTF8_MAX];
	char folder[RESCUE_NAME_MAX];
};

/* Milliseconds of the day from the RTC, going on past midnight. */
static uint64_t clock_ms(void *ctx)
{
	struct rescue_screen *r = ctx;
	EFI_TIME t;
	uint64_t ms;

	if (EFI_ERROR(uefi_call_wrapper(RT->GetTime, 2, &t, NULL)))
		return r->last_ms;
	ms = ((uint64_t)t.Hour * 3600 + t.Minute * 60 + t.Second) * 1000 +
	     t.Nanosecond / 1000000 + r->day_ms;
	if (ms < r->last_ms) {
		r->day_ms += 86400000ull;
		ms += 86400000ull;
	}
	r->last_ms = ms;
	return ms;
}

int rescue_screen_offered(struct app_device *dev)
{
	return ntfs_fs_volume(dev) != NULL;
}

static void free_buffers(struct ui_files *f)
{
	if (f->entries)
		FreePool(f->entries);
	if (f->marks)
		FreePool(f->marks);
	if (f->skipped)
		FreePool(f->skipped);
	if (f->io_buf) {
		wipe(f->io_buf, IO_BYTES);  /* decrypted file data, as the host tool does */
		FreePool(f->io_buf);
	}
}

int rescue_screen_run(struct app *app, struct app_device *dev)
{
	struct ntfs_volume *vol = ntfs_fs_volume(dev);
	struct rescue_screen *r;
	struct ui_files *f;
	char serial[17];
	unsigned i;
	int result;

	if (!vol || !app->screen)
		return 0;
	r = AllocateZeroPool(sizeof(*r));
	if (!r)
		return 0;
	f = &r->files;
	f->entries = AllocatePool(MAX_ENTRIES * sizeof(*f->entries));
	f->marks = AllocatePool(MAX_MARKS * sizeof(*f->marks));
	f->skipped = AllocatePool(MAX_SKIPPED * sizeof(*f->skipped));
	f->io_buf = AllocatePool(IO_BYTES);
	if (!f->entries || !f->marks || !f->skipped || !f->io_buf) {
		free_buffers(f);
		FreePool(r);
		return 0;
	}
	f->max_entries = MAX_ENTRIES;
	f->max_marks = MAX_MARKS;
	f->max_skipped = MAX_SKIPPED;
	f->io_size = IO_BYTES;
	ntfs_source_init(&r->src, &r->ns, vol);
	f->src = &r->src;
	for (i = 0; i < 16; i++)
		serial[i] = "0123456789ABCDEF"[(vol->serial >> (60 - 4 * i)) & 15];
	serial[16] = '\0';
	CopyMem(r->volume_name, vol->label[0] ? vol->label : "NTFS",
		vol->label[0] ? sizeof(r->volume_name) : sizeof("NTFS"));
	r->volume_name[sizeof(r->volume_name) - 1] = '\0';
	rescue_volume_folder(r->folder, sizeof(r->folder), vol->label, serial);
	f->volume_name = r->volume_name;
	f->volume_folder = r->folder;
	r->targets.app = app;
	f->find_targets = rescue_targets_find;
	f->targets_ctx = &r->targets;
	f->now_ms = clock_ms;
	f->clock_ctx = r;
	f->key_timeout_ms = app->opt->timeout_seconds ?
			    app->opt->timeout_seconds * 1000 : UI_WAIT_FOREVER;
	ui_files_init(f);
	result = ui_files_run(app->screen, f);
	rescue_targets_close(&r->targets);
	free_buffers(f);
	FreePool(r);
	return result;
}
