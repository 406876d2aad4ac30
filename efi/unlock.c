/** @file
 * Unlocking volumes in firmware: what the screens and the load options
 * share (keeping a key with its device, offering the decrypted view), and
 * the non-interactive runs the load options ask for.
 *
 * A volume once unlocked keeps its key in dev->cipher for as long as its
 * decrypted view (efi/child_blockio.c) is installed, and no longer.
 */
#include <string.h>
#include "bde/bek.h"
#include "bde/fsinfo.h"
#include "bde/guid.h"
#include "bde/names.h"
#include "crypto/wipe.h"
#include "efi/child_blockio.h"
#include "efi/key_guard.h"
#include "efi/keyfiles.h"
#include "efi/pages.h"
#include "efi/report.h"
#include "efi/tpm_history.h"
#include "efi/unlock.h"
#include "ui/msg.h"
#include "ui/progress.h"
#include "ui/result.h"
#include "ui/volume_list.h"

unsigned unlock_volume_number(const struct app *app, const struct app_device *dev)
{
	unsigned i, n = 0;

	for (i = 0; i < app->n_devices; i++) {
		if (app->devices[i].vol)
			n++;
		if (&app->devices[i] == dev)
			return n;
	}
	return 0;
}

/* --volume N|GUID, or the only volume when SPEC is NULL. */
static struct app_device *find_volume(struct app *app, const char *spec)
{
	struct app_device *found = NULL;
	uint8_t guid[16];
	unsigned i, n = 0, want = 0;
	int by_number = spec != NULL;

	/* A number is all digits (a GUID may start with some). */
	for (i = 0; spec && spec[i] && by_number; i++) {
		by_number = spec[i] >= '0' && spec[i] <= '9' && i < 4;
		want = want * 10 + (unsigned)(spec[i] - '0');
	}
	if (spec && !by_number && bde_guid_parse(spec, guid))
		return NULL;
	for (i = 0; i < app->n_devices; i++) {
		struct app_device *dev = &app->devices[i];

		if (!dev->vol)
			continue;
		n++;
		if (!spec) {
			if (found)
				return NULL;   /* several: the user must pick one */
			found = dev;
		} else if (by_number ? n == want :
			   !memcmp(dev->vol->volume_guid, guid, 16)) {
			return dev;
		}
	}
	return found;
}

struct sector_cipher *unlock_cipher_alloc(void)
{
	return pages_alloc(sizeof(struct sector_cipher));
}

void unlock_cipher_free(struct sector_cipher *sc)
{
	sector_cipher_wipe(sc);
	pages_free(sc, sizeof(*sc));
}

/*
 * May DEV's view be offered? An uncertain one (used space only, bitmaps
 * unusable) only if the user says so: at a screen with Y, else with
 * --best-effort.
 */
static int view_allowed(struct app *app, struct app_device *dev, int at_screen)
{
	struct ui_key key;

	if (!bde_view_uncertain(dev->vol) || app->opt->best_effort)
		return 1;
	if (!at_screen || !app->screen) {
		Print(L"unlock: volume %d: the decrypted view is uncertain (%a): chunks "
		      L"never written since encryption began would read as noise; "
		      L"--best-effort offers it anyway\n", unlock_volume_number(app, dev),
		      bde_eow_problem_name(dev->vol->eow_map.problem));
		return 0;
	}
	ui_uncertain_draw(app->screen, dev->vol);
	while (app_wait_key(app, &key)) {
		if (key.scan == UI_KEY_CHAR && ((key.ch | 0x20) == 'y' || (key.ch | 0x20) == 'j'))
			return 1;
		if (key.scan == UI_KEY_ESC)
			break;
	}
	return 0;
}

/* The core said yes: keep the key with the device and offer its view. */
int unlock_adopt(struct app *app, struct app_device *dev, struct sector_cipher *sc,
		 int at_screen)
{
	EFI_STATUS status;

	if (!view_allowed(app, dev, at_screen)) {
		unlock_cipher_free(sc);
		return BDE_ERR_UNKNOWN_DATA;
	}
	dev->cipher = sc;
	key_guard_arm(app);
	status = child_install(dev);
	if (EFI_ERROR(status))
		Print(L"unlock: cannot offer the decrypted volume to the firmware: %r\n",
		      status);
	return BDE_OK;
}

void unlock_read_fsinfo(struct app_device *dev, struct fsinfo *fs)
{
	uint8_t sector0[512];

	if (bde_read_decrypted(dev->vol, dev->cipher, 0, sector0, sizeof(sector0)) ==
	    BDE_OK)
		fsinfo_detect(sector0, fs);
	else
		fs->name = NULL;
	wipe(sector0, sizeof(sector0));
}

int unlock_has_file_system(struct app_device *dev)
{
	void *fs;

	return dev->ntfs_fs ||
	       (dev->child &&
		!EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, dev->child,
					     &FileSystemProtocol, &fs)));
}

/* The console lines tests and scripts read. */
static void print_unlocked(struct app *app, struct app_device *dev)
{
	struct fsinfo fs;

	if (dev->vol->unlocked_by >= 0) {
		const struct bde_protector *p = &dev->vol->protectors[dev->vol->unlocked_by];
		const char *type = bde_protector_type_name(p->type);
		char guid[BDE_GUID_TEXT_LEN];

		bde_guid_format(p->guid, guid);
		Print(L"unlock: volume %d: unlocked with %a %a\n",
		      unlock_volume_number(app, dev), type ? type : "protector", guid);
	} else {
		Print(L"unlock: volume %d: no key needed: BitLocker is off (Fully Decrypted)\n",
		      unlock_volume_number(app, dev));
	}
	if (bde_view_uncertain(dev->vol))
		Print(L"unlock: volume %d: best-effort view: %a\n",
		      unlock_volume_number(app, dev), bde_eow_problem_name(dev->vol->eow_map.problem));
	unlock_read_fsinfo(dev, &fs);
	Print(L"unlock: volume %d: file system %a, serial %a, label \"%a\"\n",
	      unlock_volume_number(app, dev), fs.name ? fs.name : "unknown",
	      fs.name ? fs.serial : "-", fs.label);
	Print(L"unlock: volume %d: decrypted view %a%a\n",
	      unlock_volume_number(app, dev),
	      dev->child ? "installed" : "not installed",
	      unlock_has_file_system(dev) ? ", file system mounted" : "");
}

int unlock_has_protector(const struct bde_volume *vol, uint16_t type)
{
	unsigned i;

	for (i = 0; i < vol->n_protectors; i++)
		if (vol->protectors[i].type == type)
			return 1;
	return 0;
}

/* The bar while the key is stretched, when there is a screen. */
struct ui_progress *unlock_stretch_screen(struct app *app, struct ui_progress *p)
{
	if (!app->screen)
		return NULL;
	ui_progress_start(p, app->screen, msg(MSG_STRETCH_TITLE),
			  msg(MSG_STRETCH_TEXT), NULL);
	return p;
}

/* ---- load options: keys given in advance -------------------------------- */

static void print_bad_groups(unsigned number, uint8_t bad)
{
	unsigned g;

	if (bad == 0xff) {
		Print(L"unlock: volume %d: a recovery password is 48 digits in 8 groups of 6\n",
		      number);
		return;
	}
	Print(L"unlock: volume %d: recovery password not valid: group", number);
	for (g = 0; g < BDE_RECOVERY_GROUPS; g++)
		if (bad & (1u << g))
			Print(L" %d", g + 1);
	Print(L"\n");
}

/* --startup-key PATH: the .BEK file on the boot device. */
static int unlock_boot_file_key(struct app *app, struct app_device *dev,
				const char *path, struct sector_cipher *sc)
{
	uint8_t *buf = AllocatePool(BDE_BEK_MAX);   /* 64 KiB: not static */
	UINTN len = 0;
	int r;

	if (!buf)
		return BDE_ERR_TOO_LARGE;
	if (keyfiles_read_boot_file(app->loaded_image, path, buf, BDE_BEK_MAX, &len)) {
		Print(L"unlock: %a: cannot read it on the boot device\n", path);
		r = BDE_ERR_IO;
	} else {
		r = bde_unlock_startup_key(dev->vol, buf, len, sc);
	}
	wipe(buf, BDE_BEK_MAX);
	FreePool(buf);
	return r;
}

static int unlock_direct(struct app *app, struct app_device *dev,
			 const struct unlock_request *req)
{
	struct sector_cipher *sc = unlock_cipher_alloc();
	struct ui_progress progress, *p = NULL;
	unsigned number = unlock_volume_number(app, dev);
	uint8_t bad = 0;
	int r = BDE_ERR_NO_PROTECTOR;

	if (!sc)
		return BDE_ERR_TOO_LARGE;
	/* BitLocker is off: whatever key was given, none is needed */
	if (dev->vol->state_current == BDE_STATE_DECRYPTED)
		r = bde_open_decrypted(dev->vol, sc);
	else switch (req->with) {
	case UNLOCK_WITH_RECOVERY:
		p = unlock_stretch_screen(app, &progress);
		r = bde_unlock_recovery_password(dev->vol, req->secret, &bad,
						 p ? ui_stretch_progress : NULL, p, sc);
		break;
	case UNLOCK_WITH_PASSWORD:
		p = unlock_stretch_screen(app, &progress);
		r = bde_unlock_password(dev->vol, req->secret, strlen(req->secret),
					p ? ui_stretch_progress : NULL, p, sc);
		break;
	case UNLOCK_WITH_STARTUP_KEY:
		r = unlock_boot_file_key(app, dev, req->secret, sc);
		break;
	case UNLOCK_WITH_CLEAR_KEY:
		r = bde_unlock_clear_key(dev->vol, sc);
		break;
	case UNLOCK_WITH_PROMPT:
		break;
	}
	if (p)
		app->screen->clear(app->screen);
	if (r != BDE_OK) {
		unlock_cipher_free(sc);
		if (r == BDE_ERR_BAD_FORMAT && req->with == UNLOCK_WITH_RECOVERY && bad)
			print_bad_groups(number, bad);
		else
			Print(L"unlock: volume %d: %a\n", number, bde_strerror(r));
		return r;
	}
	return unlock_adopt(app, dev, sc, 0);
}

static void then_options(const struct options *opt, CHAR16 *out, unsigned max)
{
	unsigned n = 0;
	int i;

	for (i = 0; i < opt->then_argc; i++) {
		const char *w = opt->then_argv[i];

		if (i && n + 1 < max)
			out[n++] = L' ';
		for (; *w && n + 1 < max; w++)
			out[n++] = (CHAR16)(unsigned char)*w;
	}
	out[n] = 0;
}

EFI_STATUS unlock_run_options(struct app *app)
{
	const struct options *opt = app->opt;
	unsigned i, volumes = 0, failures = 0;
	uint8_t digest[32];

	for (i = 0; i < app->n_devices; i++)
		volumes += app->devices[i].vol != NULL;
	Print(L"unlock: %d BitLocker volume%a\n", volumes, volumes == 1 ? "" : "s");
	for (i = 0; i < app->n_devices; i++) {
		char guid[BDE_GUID_TEXT_LEN];

		if (!app->devices[i].vol)
			continue;
		bde_guid_format(app->devices[i].vol->volume_guid, guid);
		Print(L"unlock: volume %d: %a %a\n",
		      unlock_volume_number(app, &app->devices[i]), guid,
		      app->devices[i].path_text);
	}

	for (i = 0; i < opt->n_unlocks; i++) {
		const struct unlock_request *req = &opt->unlocks[i];
		struct app_device *dev = find_volume(app, req->volume);

		if (!dev) {
			Print(L"unlock: %a: no such BitLocker volume%a\n",
			      req->volume ? req->volume : "--volume missing",
			      req->volume ? "" : " (several volumes: pick one)");
			failures++;
			continue;
		}
		if (dev->status != BDE_OK) {
			Print(L"unlock: volume %d: %a\n", unlock_volume_number(app, dev),
			      bde_strerror(dev->status));
		} else if (!dev->cipher) {
			if (req->with == UNLOCK_WITH_PROMPT && app->screen &&
			    dev->vol->state_current != BDE_STATE_DECRYPTED) {
				app_unlock_action(app, dev, UI_LIST_UNLOCK);
				app->screen->clear(app->screen);
			} else if (req->with == UNLOCK_WITH_PROMPT &&
				   dev->vol->state_current != BDE_STATE_DECRYPTED) {
				Print(L"unlock: no console to ask for the key\n");
			} else {
				unlock_direct(app, dev, req);
			}
		}
		if (!dev->cipher) {
			failures++;
			continue;
		}
		print_unlocked(app, dev);
		/* why the TPM kept the key, when its verdict leaves that open */
		app_tpm_history_find(dev);
		report_print_history(dev);
	}
	for (i = 0; i < app->n_devices; i++) {
		struct app_device *dev = &app->devices[i];

		if (!dev->cipher)
			continue;
		if (opt->verify) {
			Print(L"verify: volume %d\n", unlock_volume_number(app, dev));
			if (verify_view(app, dev, digest) != BDE_OK)
				failures++;
		}
		if (opt->list_root) {
			Print(L"ls: volume %d\n", unlock_volume_number(app, dev));
			list_child_folder(dev, opt->list_path);
		}
	}
	if (opt->then_path) {
		CHAR16 args[CMDLINE_MAX_CHARS];

		then_options(opt, args, ARRAY_SIZE(args));
		chain_start(app, opt->then_path, args[0] ? args : NULL);
	}
	Print(L"unlock: done, %d failed\n", failures);
	return failures ? EFI_ABORTED : EFI_SUCCESS;
}

void unlock_release_all(struct app *app)
{
	unsigned i, held = 0;

	for (i = 0; i < app->n_devices; i++)
		held += EFI_ERROR(child_remove(&app->devices[i])) != 0;
	key_guard_disarm();
	if (held) {
		/* A driver would call into this image after it is unloaded. */
		Print(L"A driver still uses a decrypted volume and bitrescue "
		      L"cannot leave under it.\nIts keys are wiped; the PC "
		      L"restarts in 10 seconds.\n");
		uefi_call_wrapper(BS->Stall, 1, 10 * 1000 * 1000);
		uefi_call_wrapper(RT->ResetSystem, 4, EfiResetCold, EFI_SUCCESS, 0, NULL);
	}
}
