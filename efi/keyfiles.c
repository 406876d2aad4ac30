/** @file
 * Looking for .BEK and recovery key .TXT files on every file system.
 *
 * FAT names are case-insensitive, so opening the name in the case
 * Windows writes finds any case on disk.
 */
#include "bde/bde.h"
#include "bde/bek.h"
#include "bde/guid.h"
#include "crypto/wipe.h"
#include "efi/child_blockio.h"
#include "efi/devpath_text.h"
#include "efi/keyfiles.h"

/* "{GUID}" without braces into NAME after PREFIX, then SUFFIX. */
static void key_file_name(CHAR16 *name, unsigned max, const char *prefix,
			  const uint8_t guid[16], const char *suffix)
{
	char text[BDE_GUID_TEXT_LEN];
	unsigned n = 0, i;

	bde_guid_format(guid, text);
	for (i = 0; prefix[i] && n + 1 < max; i++)
		name[n++] = (CHAR16)prefix[i];
	for (i = 1; i < BDE_GUID_TEXT_LEN - 2 && n + 1 < max; i++)
		name[n++] = (CHAR16)text[i];
	for (i = 0; suffix[i] && n + 1 < max; i++)
		name[n++] = (CHAR16)suffix[i];
	name[n] = 0;
}

/* Read NAME from ROOT into BUF (BDE_BEK_MAX bytes); returns its length, or -1. */
static long read_file(EFI_FILE_HANDLE root, CHAR16 *name, uint8_t *buf)
{
	EFI_FILE_HANDLE file;
	UINTN size = BDE_BEK_MAX;
	EFI_STATUS status;

	status = uefi_call_wrapper(root->Open, 5, root, &file, name,
				   EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(status))
		return -1;
	status = uefi_call_wrapper(file->Read, 3, file, &size, buf);
	uefi_call_wrapper(file->Close, 1, file);
	/* A file filling the buffer may be larger: not a key file. */
	if (EFI_ERROR(status) || size >= BDE_BEK_MAX)
		return -1;
	return (long)size;
}

static void describe(EFI_HANDLE handle, char *where, unsigned max)
{
	if (where)
		device_path_ascii(DevicePathFromHandle(handle), where, max);
}

/* Call TRY with the root of every file system until it returns nonzero. */
static int each_root(int (*try)(EFI_FILE_HANDLE root, void *ctx), void *ctx,
		     EFI_HANDLE *found)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0, i;
	int done = 0;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateHandleBuffer, 5, ByProtocol,
					&FileSystemProtocol, NULL, &count, &handles)))
		return 0;
	for (i = 0; i < count && !done; i++) {
		EFI_FILE_HANDLE root;

		/* A decrypted volume's own files are no key to it. */
		if (child_is_ours(handles[i]))
			continue;
		root = LibOpenRoot(handles[i]);
		if (!root)
			continue;
		done = try(root, ctx);
		uefi_call_wrapper(root->Close, 1, root);
		if (done && found)
			*found = handles[i];
	}
	FreePool(handles);
	return done;
}

/* A file's bytes, BDE_BEK_MAX of them: allocated, 64 KiB is too much to
 * be static (it would take that much room in the app's file). */
static uint8_t *file_buf_alloc(void)
{
	return AllocatePool(BDE_BEK_MAX);
}

static void file_buf_free(uint8_t *buf)
{
	if (buf) {
		wipe(buf, BDE_BEK_MAX);
		FreePool(buf);
	}
}

struct bek_search {
	struct bde_volume *vol;
	struct sector_cipher *sc;
	uint8_t *buf;
	int result;
};

static int try_bek(EFI_FILE_HANDLE root, void *ctx)
{
	struct bek_search *s = ctx;
	unsigned p;

	for (p = 0; p < s->vol->n_protectors; p++) {
		const struct bde_protector *prot = &s->vol->protectors[p];
		CHAR16 name[64];
		long len;
		int r;

		if (prot->type != BDE_PROT_STARTUP_KEY)
			continue;
		key_file_name(name, 64, "", prot->guid, ".BEK");
		len = read_file(root, name, s->buf);
		if (len < 0)
			continue;
		r = bde_unlock_startup_key(s->vol, s->buf, (size_t)len, s->sc);
		wipe(s->buf, BDE_BEK_MAX);
		s->result = r;
		if (r == BDE_OK)
			return 1;
	}
	return 0;
}

int keyfiles_unlock_startup_key(struct bde_volume *vol, struct sector_cipher *sc,
				char *where, unsigned where_max)
{
	struct bek_search s = { vol, sc, file_buf_alloc(), BDE_ERR_NO_PROTECTOR };
	EFI_HANDLE found = NULL;

	if (!s.buf)
		return BDE_ERR_TOO_LARGE;
	if (each_root(try_bek, &s, &found))
		describe(found, where, where_max);
	file_buf_free(s.buf);
	return s.result;
}

int keyfiles_read_boot_file(EFI_LOADED_IMAGE *image, const char *path,
			    uint8_t *buf, UINTN max, UINTN *len)
{
	EFI_FILE_HANDLE root, file;
	CHAR16 name[256];
	EFI_STATUS status;
	unsigned i;

	for (i = 0; path[i] && i + 1 < 256; i++)
		name[i] = path[i] == '/' ? L'\\' : (CHAR16)(unsigned char)path[i];
	name[i] = 0;
	if (path[i] || !image->DeviceHandle)
		return -1;
	root = LibOpenRoot(image->DeviceHandle);
	if (!root)
		return -1;
	status = uefi_call_wrapper(root->Open, 5, root, &file, name,
				   EFI_FILE_MODE_READ, 0);
	if (!EFI_ERROR(status)) {
		*len = max;
		status = uefi_call_wrapper(file->Read, 3, file, len, buf);
		uefi_call_wrapper(file->Close, 1, file);
		if (!EFI_ERROR(status) && *len >= max)
			status = EFI_BUFFER_TOO_SMALL;
	}
	uefi_call_wrapper(root->Close, 1, root);
	return EFI_ERROR(status) ? -1 : 0;
}

struct text_search {
	const struct bde_volume *vol;
	char *password;
	uint8_t *buf;
};

static int try_text(EFI_FILE_HANDLE root, void *ctx)
{
	struct text_search *s = ctx;
	unsigned p;

	for (p = 0; p < s->vol->n_protectors; p++) {
		const struct bde_protector *prot = &s->vol->protectors[p];
		CHAR16 name[96];
		long len;
		int r;

		if (prot->type != BDE_PROT_RECOVERY_PASSWORD)
			continue;
		key_file_name(name, 96, "BitLocker Recovery Key ", prot->guid, ".TXT");
		len = read_file(root, name, s->buf);
		if (len < 0)
			continue;
		r = keytext_find_password(s->buf, (size_t)len, s->password);
		wipe(s->buf, BDE_BEK_MAX);
		if (r == 0)
			return 1;
	}
	return 0;
}

int keyfiles_find_recovery_password(const struct bde_volume *vol,
				    char password[KEYTEXT_PASSWORD_LEN],
				    char *where, unsigned where_max)
{
	struct text_search s = { vol, password, file_buf_alloc() };
	EFI_HANDLE found = NULL;
	int done;

	if (!s.buf)
		return -1;
	done = each_root(try_text, &s, &found);
	file_buf_free(s.buf);
	if (!done)
		return -1;
	describe(found, where, where_max);
	return 0;
}
