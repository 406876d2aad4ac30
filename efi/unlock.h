/** @file
 * Unlocking volumes in firmware: the interactive flow the volume list
 * starts, the non-interactive one the load options ask for, and what the
 * app must do with the decrypted views before it exits.
 */
#ifndef EFI_UNLOCK_H
#define EFI_UNLOCK_H

#include "efi/app.h"
#include "efi/app_actions.h"

/*
 * app_unlock_action() (efi/app_actions.h) is here: UI_LIST_UNLOCK tries
 * the clear key, startup keys (.BEK) and recovery key files (.TXT) found
 * on any file system, then asks for the recovery password;
 * UI_LIST_PASSWORD asks for the user password. Once unlocked the success
 * screen offers verify and starting another program, until Esc.
 */

/*
 * What the load options ask for (RUN_UNLOCK): each --volume/key request
 * in turn, then --verify and --ls on every unlocked volume, then --then.
 * Results go to the console as "unlock: ..." lines. Returns EFI_SUCCESS if
 * every request was met.
 */
EFI_STATUS unlock_run_options(struct app *app);

/* --then / the success screen: load and start PATH (fsN:\path or \path),
 * with LOAD_OPTIONS (may be NULL); returns when it returns. */
EFI_STATUS chain_start(struct app *app, const char *path, const CHAR16 *load_options);

/* Before the app's image goes away: remove every decrypted view and wipe
 * its keys (their protocols' code lives in this image). */
void unlock_release_all(struct app *app);

/* 1-based number of DEV among the BitLocker volumes (as --volume counts). */
unsigned unlock_volume_number(const struct app *app, const struct app_device *dev);

/* --verify: SHA-256 of DEV's whole decrypted view, with a progress bar on
 * app->screen; prints "verify: SHA-256 <hex>". Esc stops it: then, as on
 * a read error, the result is not BDE_OK and no SHA-256 is printed. */
int verify_view(struct app *app, struct app_device *dev,
		uint8_t digest[32]);

/* --ls [PATH]: a folder (PATH, '\\' or '/' between names; NULL: the root)
 * of DEV's decrypted file system, if a driver mounted it (ours for NTFS):
 * "ls: NAME[/] SIZE" lines. Returns the entries listed, -1 if none. */
int list_child_folder(struct app_device *dev, const char *path);

/* LoadImage/StartImage every .efi in \EFI\bitrescue\drivers\ on the boot
 * device (disk and file system drivers the firmware lacks); efi_main calls
 * it once, before connecting the controllers. */
void load_extra_drivers(struct app *app);

/* --bench: time a key stretch and bulk decryption. */
void run_bench(unsigned mib);

/* ---- shared by efi/unlock.c and efi/unlock_screens.c ---- */

struct fsinfo;
struct ui_progress;

/* A zeroed, suitably aligned cipher; free it with unlock_cipher_free. */
struct sector_cipher *unlock_cipher_alloc(void);
void unlock_cipher_free(struct sector_cipher *sc);

/*
 * The core said yes: keep SC with DEV and offer its decrypted view. An
 * uncertain view (bde_view_uncertain()) is offered only with --best-effort
 * or, AT_SCREEN, once the user confirms it; else SC is freed and the
 * result is BDE_ERR_UNKNOWN_DATA.
 */
int unlock_adopt(struct app *app, struct app_device *dev, struct sector_cipher *sc,
		 int at_screen);

/* File system, serial and label of DEV's decrypted view. */
void unlock_read_fsinfo(struct app_device *dev, struct fsinfo *fs);

/* Did a file system driver mount DEV's decrypted view? */
int unlock_has_file_system(struct app_device *dev);

int unlock_has_protector(const struct bde_volume *vol, uint16_t type);

/* The progress screen for a key stretch (NULL without a screen). */
struct ui_progress *unlock_stretch_screen(struct app *app, struct ui_progress *p);

#endif
