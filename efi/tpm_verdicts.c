/** @file
 * Windows Boot Manager, db and the boot order from firmware, and a verdict
 * per TPM protector.
 */
#include "efi/efi_app.h"
#include "efi/files.h"
#include "efi/load_option.h"
#include "efi/pages.h"
#include "efi/tpm_verdicts.h"
#include "tpm/error.h"

#define MAX_JUDGED 32
#define BOOT_MANAGER_MAX (16u << 20)
#define WINDOWS_DESCRIPTION "Windows Boot Manager"
#define DEFAULT_PATH L"\\EFI\\Microsoft\\Boot\\bootmgfw.efi"

struct judged {
	const struct bde_volume *vol;
	unsigned index;
	struct tpm_judgement j;
};

/* Allocated: as static it would take room in the app's file. */
static struct judged *judged;
static unsigned njudged;

static EFI_GUID image_security_db_guid = {
	0xd719b2cb, 0x3d3a, 0x4596, { 0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f }
};

/* Windows' boot entry, if the firmware has one: where, and is it first? */
struct windows_entry {
	struct load_option option;
	int found;
	int first;
};

static void find_windows_entry(struct windows_entry *w)
{
	UINTN order_size = 0, i;
	UINT16 *order = LibGetVariableAndSize(L"BootOrder", &gEfiGlobalVariableGuid,
					      &order_size);

	ZeroMem(w, sizeof(*w));
	for (i = 0; order && i < order_size / 2 && !w->found; i++) {
		CHAR16 name[9];
		UINTN size = 0;
		void *value;

		SPrint(name, sizeof(name), L"Boot%04X", order[i]);
		value = LibGetVariableAndSize(name, &gEfiGlobalVariableGuid, &size);
		if (value && load_option_read(value, size, WINDOWS_DESCRIPTION, &w->option)) {
			w->found = 1;
			w->first = i == 0;
		}
		if (value)
			FreePool(value);
	}
	if (order)
		FreePool(order);
}

/* Does file system HANDLE sit on the GPT partition GUID? */
static int on_partition(EFI_HANDLE handle, const uint8_t guid[16])
{
	EFI_DEVICE_PATH *node = DevicePathFromHandle(handle);

	for (; node && !IsDevicePathEnd(node); node = NextDevicePathNode(node)) {
		HARDDRIVE_DEVICE_PATH *hd = (HARDDRIVE_DEVICE_PATH *)node;

		if (DevicePathType(node) == MEDIA_DEVICE_PATH &&
		    DevicePathSubType(node) == MEDIA_HARDDRIVE_DP &&
		    hd->SignatureType == SIGNATURE_TYPE_GUID)
			return CompareMem(hd->Signature, guid, 16) == 0;
	}
	return 0;
}

/*
 * Read PATH from the file systems: the one on PARTITION if given (NULL:
 * any), the first that has it.
 */
static void *read_from_any(const CHAR16 *path, const uint8_t *partition, UINTN *len)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;
	void *data = NULL;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					&FileSystemProtocol, NULL, &count, &handles)))
		return NULL;
	for (i = 0; i < count && !data; i++)
		if (!partition || on_partition(handles[i], partition))
			file_read(handles[i], path, BOOT_MANAGER_MAX, &data, len);
	FreePool(handles);
	return data;
}

/* Windows Boot Manager's file: the boot entry's, else the usual path. */
static void *read_boot_manager(const struct windows_entry *w, UINTN *len)
{
	void *data = NULL;

	if (w->found && w->option.has_path) {
		const CHAR16 *path = (const CHAR16 *)w->option.path;

		if (w->option.has_partition)
			data = read_from_any(path, w->option.partition_guid, len);
		if (!data)
			data = read_from_any(path, NULL, len);
	}
	if (!data)
		data = read_from_any(DEFAULT_PATH, NULL, len);
	return data;
}

static void print_verdict(const struct tpm_verdict *v)
{
	char line[TPM_VERDICT_LINE_MAX];

	tpm_verdict_line(v, line, sizeof(line));
	Print(L"%a\n", line);
}

/* Judge each TPM protector of VOL with IN. */
static void judge_volume(const struct bde_volume *vol, const struct tpm_predict_input *in,
			 tpm2_submit_fn submit, void *ctx)
{
	unsigned i;

	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++) {
		const struct bde_protector *p = &vol->protectors[i];
		struct judged *out;

		if (!p->has_sealed || njudged == MAX_JUDGED ||
		    p->sealed_len > vol->metadata_len ||
		    p->sealed_offset > vol->metadata_len - p->sealed_len)
			continue;
		out = &judged[njudged++];
		out->vol = vol;
		out->index = i;
		tpm_judge(in, submit, ctx, vol->metadata + p->sealed_offset, p->sealed_len,
			  &p->sealed, &out->j);
		print_verdict(&out->j.verdict);
	}
}

static int any_tpm_protector(const struct app *app)
{
	unsigned d, i;

	for (d = 0; d < app->n_devices; d++) {
		const struct bde_volume *vol = app->devices[d].vol;

		for (i = 0; vol && i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++)
			if (vol->protectors[i].has_sealed)
				return 1;
	}
	return 0;
}

void app_tpm_log_input(const struct efi_tpm_log *raw, const struct tpm_eventlog *parsed,
		       const struct tpm_final_merge *m, struct tpm_predict_input *in)
{
	ZeroMem(in, sizeof(*in));
	if (parsed && raw && raw->data && m) {
		in->log = raw->data;
		in->log_len = raw->len;
		in->parsed = parsed;
		in->log_complete = tpm_final_events_complete(raw->truncated, m);
		if (m->added) {
			in->final_records = raw->final_table + m->added_at;
			in->final_len = m->len - m->added_at;
		}
	}
}

void app_tpm_judge(const struct app *app, const struct efi_tpm_log *raw,
		   const struct tpm_eventlog *parsed, const struct tpm_final_merge *m)
{
	struct tpm_predict_input in;
	struct tpm_boot_manager bm;
	struct windows_entry w;
	struct tpm_db *db;
	tpm2_submit_fn submit = NULL;
	void *ctx = NULL, *image, *db_value;
	UINTN image_len = 0, db_len = 0;
	unsigned d;

	app_tpm_judgements_forget();
	if (!any_tpm_protector(app))
		return;
	judged = pages_alloc(MAX_JUDGED * sizeof(*judged));
	db = pages_alloc(sizeof(*db));
	if (!judged || !db) {
		pages_free(db, sizeof(*db));
		return;
	}
	app_tpm_log_input(raw, parsed, m, &in);
	find_windows_entry(&w);
	in.windows_first = w.found ? w.first : -1;
	image = read_boot_manager(&w, &image_len);
	tpm_boot_manager_read(image, image_len, &bm);
	in.boot_manager = &bm;
	db_value = LibGetVariableAndSize(L"db", &image_security_db_guid, &db_len);
	if (db_value && tpm_db_read(db_value, db_len, db) == TPM_OK)
		in.db = db;
	if (app->tpm.version == TPM_VERSION_2_0)
		efi_tpm2_submitter(&submit, &ctx);

	for (d = 0; d < app->n_devices; d++)
		if (app->devices[d].vol)
			judge_volume(app->devices[d].vol, &in, submit, ctx);

	/* the judgements keep no pointer into these */
	if (image)
		FreePool(image);
	if (db_value)
		FreePool(db_value);
	pages_free(db, sizeof(*db));
}

const struct tpm_judgement *app_tpm_judgement(const struct bde_volume *vol,
					      unsigned index)
{
	unsigned i;

	for (i = 0; i < njudged; i++)
		if (judged[i].vol == vol && judged[i].index == index)
			return &judged[i].j;
	return NULL;
}

const struct tpm_judgement *app_tpm_volume_judgement(const struct bde_volume *vol)
{
	unsigned i;

	for (i = 0; i < njudged; i++)
		if (judged[i].vol == vol)
			return &judged[i].j;
	return NULL;
}

void app_tpm_judgements_forget(void)
{
	pages_free(judged, MAX_JUDGED * sizeof(*judged));
	judged = NULL;
	njudged = 0;
}
