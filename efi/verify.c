/** @file
 * Verify: read the whole decrypted view and print its SHA-256, the number
 * the host tool (bitrescue unlock --sha256) and cryptsetup give for the
 * same volume.
 */
#include "bde/bde.h"
#include "crypto/wipe.h"
#include "efi/unlock.h"
#include "ui/msg.h"
#include "ui/progress.h"

#define VERIFY_CHUNK (1u << 20)

/* Esc stops a read of the whole volume: a large disk takes hours. */
static int stopped(struct app *app)
{
	struct ui_key key;

	return app->screen && app->screen->read_key(app->screen, &key, 0) == 1 &&
	       key.scan == UI_KEY_ESC;
}

int verify_view(struct app *app, struct app_device *dev, uint8_t digest[32])
{
	struct sha256_ctx ctx;
	struct ui_progress progress;
	uint64_t pos, size = bde_view_size(dev->vol);
	uint8_t *buf;
	int r = BDE_OK;
	unsigned i;

	if (!dev->cipher)
		return BDE_ERR_WRONG_KEY;
	buf = AllocatePool(VERIFY_CHUNK);
	if (!buf)
		return BDE_ERR_TOO_LARGE;
	if (app->screen)
		ui_progress_start(&progress, app->screen, msg(MSG_VERIFY_TITLE),
				  msg(MSG_VERIFY_TEXT), msg(MSG_VERIFY_KEYS));
	sha256_init(&ctx);
	for (pos = 0; pos < size && !stopped(app); pos += VERIFY_CHUNK) {
		UINTN n = size - pos < VERIFY_CHUNK ? (UINTN)(size - pos) : VERIFY_CHUNK;

		r = bde_read_decrypted(dev->vol, dev->cipher, pos, buf, n);
		if (r != BDE_OK)
			break;
		sha256_update(&ctx, buf, n);
		if (app->screen)
			ui_progress_set(&progress, pos + n, size);
	}
	sha256_final(&ctx, digest);
	wipe(buf, VERIFY_CHUNK);
	FreePool(buf);
	if (app->screen)
		app->screen->clear(app->screen);
	if (r != BDE_OK) {
		Print(L"verify: reading the volume failed: %a\n", bde_strerror(r));
		return r;
	}
	if (pos < size) {
		Print(L"verify: stopped after %ld of %ld MiB, no SHA-256\n",
		      pos >> 20, size >> 20);
		return BDE_ERR_IO;
	}
	/* a hash of a guess must not pass for the volume's */
	Print(bde_view_uncertain(dev->vol) ? L"verify: best-effort SHA-256 " :
	      L"verify: SHA-256 ");
	for (i = 0; i < 32; i++)
		Print(L"%02x", digest[i]);
	Print(L"\n");
	return BDE_OK;
}
