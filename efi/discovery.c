/** @file
 * Every block device the firmware offers, numbered the way people count
 * disks, and the BitLocker volumes among them.
 *
 * BlockIo handles are whole disks and the partitions the firmware found on
 * them (Media->LogicalPartition). A To Go stick without a partition table
 * is BitLocker on the whole disk, so whole disks are opened too, unless
 * they have partitions and are not BitLocker themselves.
 */
#include <string.h>
#include "efi/devpath_text.h"
#include "efi/discovery.h"
#include "efi/pages.h"
#include "efi/tpm_history.h"
#include "ui/errors.h"
#include "ui/msg.h"

#define PATH_SHOWN 64   /* device-path text is cut to this (volume list) */

/* What sorting and numbering need, per handle, before app_device is set up. */
struct found {
	EFI_DEVICE_PATH *path;   /* NULL if the handle has none */
	int logical;             /* a partition */
	unsigned part_no;
};

static unsigned partition_number(EFI_DEVICE_PATH *path)
{
	EFI_DEVICE_PATH *node;
	unsigned number = 0;

	for (node = path; node && !IsDevicePathEnd(node);
	     node = NextDevicePathNode(node)) {
		if ((UINTN)DevicePathNodeLength(node) < sizeof(EFI_DEVICE_PATH))
			break;   /* malformed: stop rather than loop */
		if (DevicePathType(node) != MEDIA_DEVICE_PATH)
			continue;
		/* Both nodes start with a UINT32 after the header (UEFI 2.10
		 * 10.3.5.1-2); gnu-efi's structs are not packed, so their sizeof
		 * is more than the node's length. */
		if ((UINTN)DevicePathNodeLength(node) < sizeof(EFI_DEVICE_PATH) + 4)
			continue;
		if (DevicePathSubType(node) == MEDIA_HARDDRIVE_DP)
			number = ((HARDDRIVE_DEVICE_PATH *)node)->PartitionNumber;
		else if (DevicePathSubType(node) == MEDIA_CDROM_DP)
			number = ((CDROM_DEVICE_PATH *)node)->BootEntry + 1;
	}
	return number ? number : 1;
}

/* Whether DISK's path (all of it) starts PART's path. */
static int is_parent(EFI_DEVICE_PATH *disk, EFI_DEVICE_PATH *part)
{
	UINTN disk_len, part_len;

	if (!disk || !part)
		return 0;
	disk_len = DevicePathSize(disk) - END_DEVICE_PATH_LENGTH;
	part_len = DevicePathSize(part) - END_DEVICE_PATH_LENGTH;
	return disk_len < part_len && CompareMem(disk, part, disk_len) == 0;
}

/*
 * Disks get numbers in handle order; each partition takes its disk's
 * number (a partition whose disk is unknown counts as a disk of its own).
 */
static void number_devices(struct app *app, const struct found *f)
{
	unsigned i, j, disks = 0;

	for (i = 0; i < app->n_devices; i++)
		if (!f[i].logical)
			app->devices[i].disk = ++disks;
	for (i = 0; i < app->n_devices; i++) {
		if (!f[i].logical)
			continue;
		app->devices[i].partition = f[i].part_no;
		for (j = 0; j < app->n_devices; j++)
			if (!f[j].logical && is_parent(f[j].path, f[i].path))
				app->devices[i].disk = app->devices[j].disk;
		if (!app->devices[i].disk)
			app->devices[i].disk = ++disks;
	}
}

static int before(const struct app_device *a, const struct app_device *b)
{
	return a->disk < b->disk ||
	       (a->disk == b->disk && a->partition < b->partition);
}

/* Disk by disk, partitions in order (a few dozen devices: insertion sort). */
static void sort_devices(struct app *app)
{
	static struct app_device tmp;
	unsigned i, j;

	for (i = 1; i < app->n_devices; i++) {
		tmp = app->devices[i];
		for (j = i; j > 0 && before(&tmp, &app->devices[j - 1]); j--)
			app->devices[j] = app->devices[j - 1];
		app->devices[j] = tmp;
	}
}

static char *find_text(char *text, const char *what)
{
	unsigned n = strlen(what);

	for (; *text; text++)
		if (strncmp(text, what, n) == 0)
			return text;
	return NULL;
}

/* "HD(2,GPT,<guid>,0x800,0x32000)" says no more to a person than "HD(2,GPT)". */
static void shorten_path(char *text)
{
	char *hd, *p;
	unsigned commas, len;

	for (hd = text; (p = find_text(hd, "HD(")) != NULL; hd = p + 1) {
		char *q = p + 3;

		for (commas = 0; *q && *q != ')'; q++)
			if (*q == ',' && ++commas == 2)
				break;
		if (*q == ',') {
			char *end = q;

			while (*end && *end != ')')
				end++;
			if (*end == ')')
				CopyMem(q, end, strlen(end) + 1);
		}
	}
	len = strlen(text);
	if (len > PATH_SHOWN) {
		/* The end names the disk and partition; the start is the bus. */
		CopyMem(text + 3, text + len - (PATH_SHOWN - 3), PATH_SHOWN - 3 + 1);
		text[0] = text[1] = text[2] = '.';
	}
}

static void path_text(struct app_device *dev, EFI_DEVICE_PATH *path)
{
	device_path_ascii(path, dev->path_text, sizeof(dev->path_text));
	shorten_path(dev->path_text);
}

static int has_partitions(const struct app *app, const struct app_device *disk)
{
	unsigned i;

	for (i = 0; i < app->n_devices; i++)
		if (app->devices[i].disk == disk->disk && app->devices[i].partition)
			return 1;
	return 0;
}

/* Size and media checks, then bde_open(). */
static void open_device(struct app *app, struct app_device *dev)
{
	EFI_BLOCK_IO_MEDIA *media = dev->block_io->Media;
	struct bde_volume *vol;

	dev->status = BDE_ERR_NOT_BITLOCKER;
	if (!media || !media->MediaPresent) {
		dev->note = MSG_NOTE_NO_MEDIA;
		return;
	}
	dev->media_id = media->MediaId;
	/* No blocks at all: LastBlock is 0 - 1. */
	if (media->LastBlock == ~(EFI_LBA)0) {
		dev->note = MSG_NOTE_EMPTY;
		return;
	}
	if (media->BlockSize == 0 ||
	    media->LastBlock >= ~(UINT64)0 / media->BlockSize) {
		dev->note = MSG_NOTE_SIZE_UNKNOWN;
		return;
	}
	dev->size = (media->LastBlock + 1) * media->BlockSize;
	if (dev->size < 512) {
		dev->note = MSG_NOTE_EMPTY;
		return;
	}
	if (!dev->disk_io) {
		dev->note = MSG_NOTE_NO_DISKIO;
		return;
	}
	diskio_attach(dev);
	vol = pages_alloc(sizeof(*vol));
	if (!vol) {
		dev->note = MSG_NOTE_NO_MEMORY;
		return;
	}
	dev->status = bde_open(vol, &dev->io);
	if (dev->status == BDE_OK || dev->status == BDE_ERR_CORRUPT ||
	    dev->status == BDE_ERR_UNSUPPORTED || dev->status == BDE_ERR_TOO_LARGE) {
		/* Damaged ones too: the list shows their metadata copies. */
		dev->vol = vol;
		return;
	}
	pages_free(vol, sizeof(*vol));
	if (dev->status == BDE_ERR_NOT_BITLOCKER && !dev->partition &&
	    has_partitions(app, dev))
		dev->note = MSG_NOTE_PARTITIONED;
}

void discover_devices(struct app *app)
{
	static struct found found[APP_MAX_DEVICES];
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;
	unsigned n = 0;

	app->n_devices = 0;
	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					&BlockIoProtocol, NULL, &count, &handles)))
		return;
	if (count > APP_MAX_DEVICES) {
		Print(L"note: %d block devices, only the first %d are looked at\n",
		      (int)count, APP_MAX_DEVICES);
		count = APP_MAX_DEVICES;
	}
	for (i = 0; i < count; i++) {
		struct app_device *dev = &app->devices[n];
		EFI_BLOCK_IO *bio = NULL;

		if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, handles[i],
						&BlockIoProtocol, (void **)&bio)) ||
		    !bio)
			continue;
		ZeroMem(dev, sizeof(*dev));
		dev->handle = handles[i];
		dev->block_io = bio;
		if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, handles[i],
						&DiskIoProtocol,
						(void **)&dev->disk_io)))
			dev->disk_io = NULL;
		found[n].path = DevicePathFromHandle(handles[i]);
		found[n].logical = bio->Media && bio->Media->LogicalPartition;
		found[n].part_no = found[n].logical ?
				   partition_number(found[n].path) : 0;
		path_text(dev, found[n].path);
		n++;
	}
	FreePool(handles);
	app->n_devices = n;
	number_devices(app, found);
	sort_devices(app);
	/* Only now: DEV->io points at DEV, which sorting moved. */
	for (i = 0; i < app->n_devices; i++)
		open_device(app, &app->devices[i]);
}

void forget_devices(struct app *app)
{
	unsigned i;

	for (i = 0; i < app->n_devices; i++) {
		pages_free(app->devices[i].vol, sizeof(struct bde_volume));
		app->devices[i].vol = NULL;
		app_tpm_history_forget(&app->devices[i]);
	}
	app->n_devices = 0;
}

enum device_kind device_kind(const struct app_device *dev)
{
	if (dev->note)
		return DEVICE_SKIPPED;
	if (dev->status == BDE_OK)
		return DEVICE_BITLOCKER;
	if (dev->vol)
		return DEVICE_DAMAGED;
	if (dev->status == BDE_ERR_IO)
		return DEVICE_UNREADABLE;
	return DEVICE_OTHER;
}

const char *device_state_text(const struct app_device *dev)
{
	switch (device_kind(dev)) {
	case DEVICE_BITLOCKER:  return "BitLocker";
	case DEVICE_SKIPPED:    return msg((enum msg_id)dev->note);
	default:                return ui_error_text(dev->status);
	}
}

void device_name(const struct app_device *dev, char *out, unsigned size)
{
	CHAR16 wide[32];
	unsigned i;

	if (dev->partition)
		SPrint(wide, sizeof(wide), L"Disk %d part %d", dev->disk,
		       dev->partition);
	else
		SPrint(wide, sizeof(wide), L"Disk %d", dev->disk);
	for (i = 0; wide[i] && i + 1 < size; i++)
		out[i] = (char)wide[i];
	out[i] = '\0';
}
