/** @file
 * The volume list: entries, details, manage-bde protector layout, scrolling.
 */
#include "check.h"
#include "ui_fixture.h"
#include "ui/msg.h"
#include "ui/protectors.h"
#include "ui/volume_list.h"

#define N_VOLUMES 6

static struct bde_volume *volumes;   /* check_alloc'd: N_VOLUMES of them */
static struct ui_volume_entry entries[N_VOLUMES];
static struct memscreen *m;

static enum ui_list_action press(struct ui_volume_list *l, uint16_t scan,
				 uint16_t ch)
{
	struct ui_key key = { scan, ch };

	return ui_volume_list_key(l, &key);
}

static void test_layout(void)
{
	struct ui_volume_list list;
	unsigned row, col;

	fixture_volume(&volumes[0]);
	entries[0] = (struct ui_volume_entry){ &volumes[0], "Disk 0", 3,
		"PciRoot(0x0)/Pci(0x1,0x1)/Ata(0x0)/HD(3,GPT)", "AES-XTS 128-bit" };
	ui_volume_list_init(&list, entries, 1);
	list.secure_boot = "enabled";
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));

	check(memscreen_find(m, "BitLocker volumes (1 found)   Secure Boot: enabled", NULL, NULL));
	check(memscreen_find(m, " >  1  Disk 0 part 3", &row, NULL));
	check(memscreen_find(m, "238.4 GiB", NULL, NULL));
	check(memscreen_find(m, "DESKTOP-X C: 7/4/2019", NULL, &col) && col == 43);
	check(m->colours[row][7] == UI_HIGHLIGHT);
	check(memscreen_find(m, "Location:   PciRoot(0x0)/Pci(0x1,0x1)/Ata(0x0)/HD(3,GPT)",
			     NULL, NULL));
	check(memscreen_find(m, "Encryption: AES-XTS 128-bit", NULL, NULL));
	check(memscreen_find(m, "Status:     Fully Encrypted, protection on", &row, NULL));
	check(m->colours[row][2] == UI_NORMAL);
	check(memscreen_find(m, "copy 1 OK (in use), copy 2 OK, copy 3 OK", NULL, NULL));
	check(memscreen_find(m, "Volume ID:  {8F595209-F5B9-49A0-85D4-CB8F80258C27}",
			     NULL, NULL));
	check(memscreen_find(m, "Enter: unlock", NULL, NULL));
	check(memscreen_find(m, "Esc: exit", NULL, NULL));

	/* manage-bde -protectors -get, line for line. */
	check(memscreen_find(m, "Key Protectors", &row, NULL));
	check(fixture_row_is(m, row + 1, "    TPM:"));
	check(fixture_row_is(m, row + 2, "      ID: {A5B31C23-1111-4222-8333-444455556666}"));
	check(fixture_row_is(m, row + 3, "      PCR Validation Profile:"));
	check(fixture_row_is(m, row + 4, "        0, 2, 4, 11"));
	check(fixture_row_is(m, row + 5, "    Password:"));
	check(fixture_row_is(m, row + 6, "      ID: {3E55195C-8811-4D9B-97B4-2B9E5F8F5384}"));
	check(fixture_row_is(m, row + 7, "    Numerical Password:"));
	check(fixture_row_is(m, row + 8, "      ID: {64311DEA-4587-4029-924A-BA299647998E}"));
	check(!memscreen_find(m, "more below", NULL, NULL));
	check(memscreen_find(m, "This volume has a password: P to use it, Enter: recovery key.",
			     NULL, NULL));
	check(press(&list, UI_KEY_CHAR, 'p') == UI_LIST_PASSWORD);

	/* The profile the TPM screen marks. */
	check(ui_volume_pcr_profile(&volumes[0]) == (1u << 0 | 1u << 2 | 1u << 4 | 1u << 11));
	fixture_add_protector(&volumes[0], 0x0500, FIXTURE_TPM_GUID, 1u << 7);
	check(ui_volume_pcr_profile(&volumes[0]) ==
	      (1u << 0 | 1u << 2 | 1u << 4 | 1u << 7 | 1u << 11));
	volumes[0].n_protectors = 2;
	volumes[0].protectors[0].has_pcr_profile = 0;
	check(ui_volume_pcr_profile(&volumes[0]) == 0);
}

static void test_states(void)
{
	struct ui_volume_list list;
	unsigned row;

	/* Unknown method, half encrypted, To Go, a bad copy, an unknown type. */
	fixture_volume(&volumes[1]);
	volumes[1].encrypted_size = volumes[1].volume_size / 2;
	volumes[1].state_current = BDE_STATE_SWITCHING;
	volumes[1].kind = BDE_KIND_TOGO;
	volumes[1].method = 0x8099;
	volumes[1].copies[1].status = BDE_ERR_CORRUPT;
	volumes[1].copies[2].status = BDE_ERR_IO;
	volumes[1].copy_used = 0;
	volumes[1].protectors[0].type = 0x4242;
	volumes[1].protectors[0].has_pcr_profile = 0;
	entries[1] = (struct ui_volume_entry){ &volumes[1], "USB 1", 0, NULL, NULL };
	ui_volume_list_init(&list, &entries[1], 1);
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, " >  1  USB 1 ", NULL, NULL));
	check(!memscreen_find(m, "part", NULL, NULL));
	check(memscreen_find(m, "Location:   (unknown)", NULL, NULL));
	check(memscreen_find(m, "Encryption: method 0x8099, BitLocker To Go", NULL, NULL));
	check(memscreen_find(m, "Status:     Encryption in Progress 50.0%, protection off",
			     NULL, NULL));
	check(memscreen_find(m, "copy 1 OK (in use), copy 2 damaged, copy 3 read error",
			     NULL, NULL));
	check(memscreen_find(m, "    Unknown protector type 0x4242:", NULL, NULL));
	/* used space only, bitmaps unreadable: said, in the error colour */
	volumes[1].eow = 1;
	volumes[1].eow_map.info_used = -1;
	volumes[1].state_current = volumes[1].state_next = BDE_STATE_ENCRYPTED;
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(memscreen_find(m, "Encryption: method 0x8099, used space only, BitLocker To Go",
			     NULL, NULL));
	check(memscreen_find(m, "Status:     Used Space Only Encrypted, protection on, "
			     "bitmaps unreadable", &row, NULL));
	check(m->colours[row][2] == UI_ERROR);
	volumes[1].eow = 0;
	volumes[1].state_current = volumes[1].state_next = BDE_STATE_DECRYPTED;
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(memscreen_find(m, "Status:     Fully Decrypted, protection off", NULL, NULL));
	/* No password protector: no offer, and P does nothing. */
	volumes[1].protectors[1].type = 0x0200;
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(!memscreen_find(m, "P to use it", NULL, NULL));
	check(press(&list, UI_KEY_CHAR, 'P') == UI_LIST_NONE);

	/* No copy readable: unknown, not method 0x0000 and a zero GUID; a
	 * copy nobody knows where to find (Vista) is not "damaged" */
	volumes[1].copies[0].status = BDE_ERR_CORRUPT;
	volumes[1].copies[1].status = BDE_COPY_NOT_READ;
	volumes[1].copy_used = -1;
	volumes[1].n_protectors = 0;
	memset(volumes[1].volume_guid, 0, sizeof(volumes[1].volume_guid));
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "Encryption: unknown, no copy of the BitLocker metadata "
			     "is readable", NULL, NULL));
	check(memscreen_find(m, "copy 1 damaged, copy 2 not read, copy 3 read error",
			     NULL, NULL));
	check(memscreen_find(m, "Volume ID:  unknown", NULL, NULL));
	check(memscreen_find(m, "Unknown: the metadata that lists them is damaged.",
			     NULL, NULL));
	check(!memscreen_find(m, "method 0x", NULL, NULL));
	check(!memscreen_find(m, "00000000-0000", NULL, NULL));

	/* No volumes at all: an explanation, and Enter does nothing. */
	ui_volume_list_init(&list, entries, 0);
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "No BitLocker volume was found", NULL, NULL));
	check(press(&list, UI_KEY_ENTER, 0) == UI_LIST_NONE);
	check(press(&list, UI_KEY_ESC, 0) == UI_LIST_EXIT);
}

static void test_scrolling(void)
{
	struct ui_volume_list list;
	unsigned i, row;
	static const char *const disks[N_VOLUMES] = {
		"Disk 0", "Disk 1", "Disk 2", "Disk 3", "Disk 4", "Disk 5",
	};

	for (i = 0; i < N_VOLUMES; i++) {
		fixture_volume(&volumes[i]);
		volumes[i].description[0] = (char)('A' + i);
		entries[i] = (struct ui_volume_entry){ &volumes[i], disks[i], 1,
						       NULL, "AES-XTS 128-bit" };
	}
	/* The last volume has 8 protectors: 20 lines, more than fit. */
	for (i = 0; i < 5; i++)
		fixture_add_protector(&volumes[5], 0x0500, FIXTURE_TPM_GUID, 1u << 7);

	ui_volume_list_init(&list, entries, N_VOLUMES);
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "(more below)", NULL, NULL));
	check(!memscreen_find(m, "(more above)", NULL, NULL));
	check(!memscreen_find(m, "Disk 4", NULL, NULL));

	for (i = 0; i < 5; i++)
		check(press(&list, UI_KEY_DOWN, 0) == UI_LIST_NONE);
	check(press(&list, UI_KEY_DOWN, 0) == UI_LIST_NONE);   /* stays on the last */
	check(list.selected == 5);
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, " >  6  Disk 5 part 1", NULL, NULL));
	check(memscreen_find(m, "(more above)", NULL, NULL));
	check(!memscreen_find(m, "Disk 1 ", NULL, NULL));
	check(memscreen_find(m, "(PgDn: more below)", NULL, NULL));

	/* Scroll the protectors to the end: the last TPM And PIN shows. */
	press(&list, UI_KEY_PGDN, 0);
	press(&list, UI_KEY_PGDN, 0);
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "(PgUp: more above)", NULL, NULL));
	check(!memscreen_find(m, "(PgDn: more below)", NULL, NULL));
	check(fixture_row_is(m, UI_ROWS - 2, "        7"));
	check(memscreen_find(m, "    TPM And PIN:", &row, NULL));
	press(&list, UI_KEY_PGUP, 0);
	press(&list, UI_KEY_PGUP, 0);
	check(list.detail_top == 0);

	/* Selecting another volume starts its protectors at the top. */
	press(&list, UI_KEY_PGDN, 0);
	press(&list, UI_KEY_UP, 0);
	check(list.selected == 4 && list.detail_top == 0);

	check(press(&list, UI_KEY_ENTER, 0) == UI_LIST_UNLOCK);
	check(press(&list, UI_KEY_CHAR, 'h') == UI_LIST_HELPDESK);
	check(press(&list, UI_KEY_CHAR, 'T') == UI_LIST_TPM);
	check(press(&list, UI_KEY_ESC, 0) == UI_LIST_EXIT);
	check(press(&list, UI_KEY_F5, 0) == UI_LIST_NONE);
}

/* In Danish, the values still line up under one another. */
static void test_danish(void)
{
	struct ui_volume_list list;
	unsigned row, col;

	fixture_volume(&volumes[0]);
	entries[0] = (struct ui_volume_entry){ &volumes[0], "Disk 0", 3,
		"PciRoot(0x0)/Pci(0x1,0x1)/Ata(0x0)/HD(3,GPT)", "AES-XTS 128-bit" };
	ui_volume_list_init(&list, entries, 1);
	ui_set_lang(UI_LANG_DA);
	memscreen_init(m);
	ui_volume_list_draw(&m->screen, &list);
	check(fixture_screen_clean(m));
	check(memscreen_find(m, "BitLocker-drev (1 fundet)", NULL, NULL));
	check(memscreen_find(m, "Enter: l\xc3\xa5s op", NULL, NULL));
	check(memscreen_find(m, " >  1  Disk 0 partition 3", NULL, NULL));
	check(memscreen_find(m, "kopi 1 OK (i brug), kopi 2 OK, kopi 3 OK", NULL, NULL));
	check(memscreen_find(m, " Kryptering: AES-XTS 128-bit", &row, &col) && col == 0);
	check(memscreen_find(m, " Status:     Fuldt krypteret, beskyttelse til", &row, &col) &&
	      col == 0);
	check(memscreen_find(m, "{8F595209-F5B9-49A0-85D4-CB8F80258C27}", NULL, &col) &&
	      col == 13);
	check(memscreen_find(m, "N\xc3\xb8glebeskyttere", NULL, NULL));
	check(memscreen_find(m, "    Numerisk adgangskode:", NULL, NULL));
	check(memscreen_find(m, "      PCR-valideringsprofil:", NULL, NULL));
	ui_set_lang(UI_LANG_EN);
}

SELFTEST(ui_volume_list)
{
	volumes = check_alloc(N_VOLUMES * sizeof(*volumes));
	m = check_alloc(sizeof(*m));
	if (volumes && m) {
		test_layout();
		test_states();
		test_scrolling();
		test_danish();
	}
	check_free(m, sizeof(*m));
	check_free(volumes, N_VOLUMES * sizeof(*volumes));
}
