/** @file
 * The manage-bde protector layout shared by the screens and the host CLI.
 *
 * Vector: bitlk-aes-xts-128-startup-key.img's startup-key protector
 * (images.conf SK_VMK_GUID 4381f759-c4f8-4de0-bb61-fc33a831bda5, created
 * 2020-09-15 07:24 UTC as `bitrescue info` and bdeinfo show it).
 */
#include <string.h>
#include "check.h"
#include "ui/protectors.h"

static struct bde_volume *vol;   /* check_alloc'd: 70 KiB */

static int line_is(unsigned flags, unsigned n, const char *want)
{
	struct ui_text t;

	ui_protector_line(vol, flags, n, &t);
	return strcmp(t.buf, want) == 0;
}

SELFTEST(ui_protectors)
{
	static const uint8_t bek_guid[16] = {
		0x59, 0xf7, 0x81, 0x43, 0xf8, 0xc4, 0xe0, 0x4d,
		0xbb, 0x61, 0xfc, 0x33, 0xa8, 0x31, 0xbd, 0xa5,
	};
	struct ui_text t;

	vol = check_alloc(sizeof(*vol));
	if (!vol)
		return;
	vol->n_protectors = 2;
	vol->protectors[0].type = BDE_PROT_STARTUP_KEY;
	memcpy(vol->protectors[0].guid, bek_guid, 16);
	vol->protectors[0].time = 132446282400000000ull; /* 2020-09-15 07:24 UTC */
	vol->protectors[1].type = 0x4242;                 /* unknown: its number */

	/* manage-bde: type, ID, the key's file name; no times */
	check(ui_protector_line(vol, 0, ~0u, &t) == 6);
	check(line_is(0, 0, "    External Key:"));
	check(line_is(0, 1, "      ID: {4381F759-C4F8-4DE0-BB61-FC33A831BDA5}"));
	check(line_is(0, 2, "      External Key File Name:"));
	check(line_is(0, 3, "        4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK"));
	check(line_is(0, 4, "    Unknown protector type 0x4242:"));
	check(line_is(0, 6, ""));       /* past the end: empty */

	/* with times, each ID is followed by its creation time */
	check(ui_protector_line(vol, UI_PROTECTOR_TIMES, ~0u, &t) == 8);
	check(line_is(UI_PROTECTOR_TIMES, 2, "      Created: 2020-09-15 07:24 UTC"));
	check(line_is(UI_PROTECTOR_TIMES, 3, "      External Key File Name:"));
	check_free(vol, sizeof(*vol));
}
