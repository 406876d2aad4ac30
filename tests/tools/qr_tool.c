/** @file
 * Host test driver for the card's QR codes (ui/qr.c, ui/qr_screen.c):
 * writes them as PGM images for tests/test_qr.py to decode with zbarimg.
 *
 *   qr-tool card OUT.pgm DESCRIPTION [URL]   the card's code for a volume
 *                                            with that description (and
 *                                            recovery URL); prints what
 *                                            it holds
 *   qr-tool screen OUT.pgm [KEY_ID_GUID]     the Q screen drawn in
 *                                            character cells, rendered
 *                                            8x16 pixels a cell
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bde/guid.h"
#include "ui/memscreen.h"
#include "ui/qr.h"
#include "ui/qr_screen.h"

#define GUID "64311dea-4587-4029-924a-ba299647998e"   /* bitlk-aes-xts-128.img */
#define SCALE 4
#define QUIET 4

static void volume(struct bde_volume *vol, const char *guid)
{
	struct bde_protector *p = &vol->protectors[0];

	memset(vol, 0, sizeof(*vol));
	vol->n_protectors = 1;
	p->type = BDE_PROT_RECOVERY_PASSWORD;
	if (bde_guid_parse(guid, p->guid) != 0) {
		fprintf(stderr, "bad GUID %s\n", guid);
		exit(1);
	}
}

static int card(const char *out, const char *description, const char *url)
{
	static struct bde_volume vol;
	static struct ui_qr qr;
	char payload[UI_QR_PAYLOAD_MAX];
	int size, x, y;
	FILE *f;

	volume(&vol, GUID);
	snprintf(vol.description, sizeof(vol.description), "%s", description);
	if (url)
		snprintf(vol.recovery_url, sizeof(vol.recovery_url), "%s", url);
	if (ui_qr_card_payload(&vol, &vol.protectors[0], payload) ||
	    ui_qr_card(&qr, payload, UI_QR_MAX_VERSION)) {
		fprintf(stderr, "does not fit\n");
		return 2;
	}
	size = ui_qr_size(&qr);
	f = fopen(out, "wb");
	if (!f)
		return 1;
	fprintf(f, "P5\n%d %d\n255\n", (size + 2 * QUIET) * SCALE, (size + 2 * QUIET) * SCALE);
	for (y = 0; y < (size + 2 * QUIET) * SCALE; y++)
		for (x = 0; x < (size + 2 * QUIET) * SCALE; x++) {
			int mx = x / SCALE - QUIET, my = y / SCALE - QUIET;

			fputc(mx >= 0 && my >= 0 && mx < size && my < size &&
			      ui_qr_dark(&qr, mx, my) ? 0 : 255, f);
		}
	fclose(f);
	printf("version %d\n%s", (size - 17) / 4, payload);
	return 0;
}

/* Light grey cells white, every other cell black, as on the screen. */
static int screen(const char *out, const char *guid)
{
	static struct bde_volume vol;
	static struct memscreen m;
	unsigned r, c, y, x;
	FILE *f;

	volume(&vol, guid);
	memscreen_init(&m);
	ui_qr_screen_draw(&m.screen, &vol);
	if (m.out_of_bounds || m.not_shown) {
		fprintf(stderr, "screen contract broken\n");
		return 2;
	}
	f = fopen(out, "wb");
	if (!f)
		return 1;
	fprintf(f, "P5\n%d %d\n255\n", UI_COLS * 8, UI_ROWS * 16);
	for (r = 0; r < UI_ROWS; r++)
		for (y = 0; y < 16; y++)
			for (c = 0; c < UI_COLS; c++)
				for (x = 0; x < 8; x++)
					fputc(m.colours[r][c] == UI_QR_LIGHT ? 255 : 0, f);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "card"))
		return card(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
	if (argc >= 3 && !strcmp(argv[1], "screen"))
		return screen(argv[2], argc > 3 ? argv[3] : GUID);
	fprintf(stderr, "usage: qr-tool card OUT.pgm DESCRIPTION [URL] | "
		"screen OUT.pgm [GUID]\n");
	return 1;
}
