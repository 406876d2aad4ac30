/** @file
 * Sticks to copy to, and writing files on them through the firmware's
 * file system driver (FAT). Paths come as UTF-8 with '/'; the firmware
 * takes UCS-2 with '\'.
 */
#include "efi/child_blockio.h"
#include "efi/efi_app.h"
#include "efi/rescue_targets.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/utf8.h"

#define PATH_UNITS 1024

/* PATH as the firmware's: '\' between names; a letter beyond UCS-2's
 * first plane as '_'. -1 if too long. */
static int efi_path(const char *path, CHAR16 *out)
{
	unsigned n = 0;
	uint16_t cp;

	while ((cp = utf8_next(&path)) != 0) {
		if (n + 1 >= PATH_UNITS)
			return -1;
		out[n++] = cp == '/' ? L'\\' : cp == UTF8_BAD ? L'_' : cp;
	}
	out[n] = 0;
	return 0;
}

static int why_from_status(EFI_STATUS status)
{
	if (status == EFI_VOLUME_FULL)
		return RESCUE_WHY_FULL;
	return RESCUE_WHY_WRITE_ERROR;
}

static int t_exists(void *ctx, const char *path)
{
	EFI_FILE_HANDLE root = ctx, f;
	CHAR16 p[PATH_UNITS];

	if (efi_path(path, p))
		return 0;
	if (EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &f, p, EFI_FILE_MODE_READ, 0)))
		return 0;
	uefi_call_wrapper(f->Close, 1, f);
	return 1;
}

static int t_mkdir(void *ctx, const char *path)
{
	EFI_FILE_HANDLE root = ctx, d;
	CHAR16 p[PATH_UNITS];
	EFI_STATUS status;
	unsigned i;

	if (efi_path(path, p))
		return RESCUE_WHY_NAME;
	/* Each folder on the way, then the last. */
	for (i = 1;; i++) {
		CHAR16 c = p[i];

		if (c != L'\\' && c != 0)
			continue;
		p[i] = 0;
		status = uefi_call_wrapper(root->Open, 5, root, &d, p,
					   EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
					   EFI_FILE_MODE_CREATE, EFI_FILE_DIRECTORY);
		p[i] = c;
		if (EFI_ERROR(status))
			return why_from_status(status);
		uefi_call_wrapper(d->Close, 1, d);
		if (!c)
			return 0;
	}
}

static int t_create(void *ctx, const char *path, void **file)
{
	EFI_FILE_HANDLE root = ctx, f;
	CHAR16 p[PATH_UNITS];
	EFI_STATUS status;

	if (efi_path(path, p))
		return RESCUE_WHY_NAME;
	/* Replace (the user said so): an old longer file must not keep its tail. */
	if (!EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &f, p,
					 EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0)))
		uefi_call_wrapper(f->Delete, 1, f);
	status = uefi_call_wrapper(root->Open, 5, root, &f, p, EFI_FILE_MODE_READ |
				   EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE, 0);
	if (EFI_ERROR(status))
		return why_from_status(status);
	*file = f;
	return 0;
}

static int t_write(void *ctx, void *file, const void *buf, size_t len)
{
	EFI_FILE_HANDLE f = file;
	UINTN n = len;
	EFI_STATUS status;

	(void)ctx;
	status = uefi_call_wrapper(f->Write, 3, f, &n, (void *)buf);
	if (EFI_ERROR(status))
		return why_from_status(status);
	return n == len ? 0 : RESCUE_WHY_FULL;
}

static int t_close(void *ctx, void *file)
{
	EFI_FILE_HANDLE f = file;
	EFI_STATUS status;

	(void)ctx;
	status = uefi_call_wrapper(f->Flush, 1, f);
	uefi_call_wrapper(f->Close, 1, f);
	return EFI_ERROR(status) ? why_from_status(status) : 0;
}

static void t_remove(void *ctx, void *file)
{
	EFI_FILE_HANDLE f = file;

	(void)ctx;
	uefi_call_wrapper(f->Delete, 1, f);
}

/* A handle the copy must never write to: a BitLocker volume (its
 * encrypted data) or one of our decrypted views. */
static int forbidden(const struct app *app, EFI_HANDLE h)
{
	unsigned i;

	if (child_is_ours(h))
		return 1;
	for (i = 0; i < app->n_devices; i++)
		if (app->devices[i].handle == h && app->devices[i].vol)
			return 1;
	return 0;
}

/* "Disk 2 part 1  LABEL (boot stick)" */
static void target_name(const struct app *app, EFI_HANDLE h,
			const EFI_FILE_SYSTEM_INFO *fsi, char *out, unsigned max)
{
	struct ui_text t;
	unsigned i;
	const CHAR16 *l;

	ui_text_init(&t);
	for (i = 0; i < app->n_devices; i++) {
		const struct app_device *d = &app->devices[i];

		if (d->handle != h)
			continue;
		if (d->partition)
			ui_text_addf(&t, msg(MSG_DISK_PART), d->disk, d->partition);
		else
			ui_text_addf(&t, msg(MSG_DISK), d->disk);
		break;
	}
	if (i == app->n_devices)
		ui_text_add(&t, msg(MSG_TARGET_NEW));
	if (fsi->VolumeLabel[0]) {
		ui_text_add(&t, "  ");
		for (l = fsi->VolumeLabel; *l && t.cols < 60; l++) {
			char u[4];

			u[utf8_put(u, *l)] = '\0';
			ui_text_add(&t, u);
		}
	}
	if (app->loaded_image && h == app->loaded_image->DeviceHandle) {
		ui_text_add(&t, " ");
		ui_text_add(&t, msg(MSG_TARGET_BOOT_STICK));
	}
	for (i = 0; i + 1 < max && i < t.len; i++)
		out[i] = t.buf[i];
	out[i] = '\0';
}

void rescue_targets_close(struct rescue_targets *t)
{
	unsigned i;

	for (i = 0; i < RESCUE_TARGETS_MAX; i++)
		if (t->roots[i]) {
			uefi_call_wrapper(t->roots[i]->Close, 1, t->roots[i]);
			t->roots[i] = NULL;
		}
}

unsigned rescue_targets_find(void *ctx, struct rescue_target *targets,
			     unsigned max)
{
	struct rescue_targets *t = ctx;
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i, size;
	unsigned n = 0;
	EFI_FILE_SYSTEM_INFO *fsi = AllocatePool(512);

	rescue_targets_close(t);
	/* A stick plugged in since the app started has no driver yet. */
	connect_all_controllers();
	if (!fsi || EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
						&FileSystemProtocol, NULL, &count, &handles))) {
		if (fsi)
			FreePool(fsi);
		return 0;
	}
	for (i = 0; i < count && n < max && n < RESCUE_TARGETS_MAX; i++) {
		EFI_FILE_IO_INTERFACE *fs;
		EFI_FILE_HANDLE root;
		struct rescue_target *r = &targets[n];

		if (forbidden(t->app, handles[i]) ||
		    EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, handles[i],
						&FileSystemProtocol, (void **)&fs)) ||
		    EFI_ERROR(uefi_call_wrapper(fs->OpenVolume, 2, fs, &root)))
			continue;
		size = 512;
		if (EFI_ERROR(uefi_call_wrapper(root->GetInfo, 4, root, &FileSystemInfo,
						&size, fsi)) || fsi->ReadOnly) {
			uefi_call_wrapper(root->Close, 1, root);
			continue;
		}
		ZeroMem(r, sizeof(*r));
		target_name(t->app, handles[i], fsi, r->name, sizeof(r->name));
		r->free_bytes = fsi->FreeSpace;
		r->cluster_bytes = fsi->BlockSize;
		r->ctx = root;
		r->exists = t_exists;
		r->mkdir = t_mkdir;
		r->create = t_create;
		r->write = t_write;
		r->close = t_close;
		r->remove = t_remove;
		t->roots[n++] = root;
	}
	FreePool(handles);
	FreePool(fsi);
	return n;
}
