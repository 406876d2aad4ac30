/** @file
 * The list of BitLocker volumes found, with the selected one's details:
 * where it is, encryption, the three metadata copies and its protectors.
 */
#ifndef UI_VOLUME_LIST_H
#define UI_VOLUME_LIST_H

#include "bde/volume.h"
#include "ui/screen.h"

/* One volume as efi/ (or the CLI) found it. */
struct ui_volume_entry {
	const struct bde_volume *vol;
	const char *disk;          /* "Disk 0", "USB 1": efi/ names disks */
	unsigned partition;        /* 1-based; 0: the whole disk */
	const char *device_path;   /* short device-path text, or NULL */
	const char *method_name;   /* bde_method_name(vol->method), or NULL */
};

struct ui_volume_list {
	const struct ui_volume_entry *entries;
	unsigned n;
	unsigned selected;
	unsigned top;              /* first entry on screen */
	unsigned detail_top;       /* first protector line on screen */
	const char *secure_boot;   /* the firmware's Secure Boot state, or NULL */
};

enum ui_list_action {
	UI_LIST_NONE,       /* redraw and read on */
	UI_LIST_UNLOCK,     /* Enter: type the recovery key for the selection */
	UI_LIST_PASSWORD,   /* P: its user password (only if it has one) */
	UI_LIST_HELPDESK,   /* H: the helpdesk card for the selection */
	UI_LIST_TPM,        /* T: the TPM screen */
	UI_LIST_EXIT,       /* Esc */
};

/* Entries shown at once; more scroll. */
#define UI_LIST_ROWS 4

void ui_volume_list_init(struct ui_volume_list *l,
			 const struct ui_volume_entry *entries, unsigned n);

/* Up/Down select, PgUp/PgDn scroll the protectors. */
enum ui_list_action ui_volume_list_key(struct ui_volume_list *l,
				       const struct ui_key *key);

void ui_volume_list_draw(struct screen *s, const struct ui_volume_list *l);

#endif
