/** @file
 * Unlocking a volume in firmware: the screens (recovery password, user
 * password, keys found in files, the clear key of a suspended volume),
 * the load options' non-interactive runs, and the success screen with
 * what can come next (verify, start another program).
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
#include "efi/keyfiles.h"
#include "efi/pages.h"
#include "efi/unlock.h"
#include "ui/frame.h"
#include "ui/password_screen.h"
#include "ui/progress.h"
#include "ui/result.h"
#include "ui/text.h"
#include "ui/userpw_screen.h"
#include "ui/volume_list.h"

#define NOTE_MAX 160
#define NOTE_ROW 20       /* below the password screen's hints */
#define PATH_MAX_CHARS 200
#define CONSOLE_FAILED (-1)   /* no more keys will come: leave the app */

static uint8_t bek_buf[BDE_BEK_MAX];

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

static struct sector_cipher *cipher_alloc(void)
{
	return pages_alloc(sizeof(struct sector_cipher));
}

static void cipher_free(struct sector_cipher *sc)
{
	sector_cipher_wipe(sc);
	pages_free(sc, sizeof(*sc));
}

/* The core said yes: keep the key with the device and offer its view. */
static void adopt(struct app *app, struct app_device *dev, struct sector_cipher *sc)
{
	EFI_STATUS status;

	dev->cipher = sc;
	load_extra_drivers(app);
	status = child_install(dev);
	if (EFI_ERROR(status))
		Print(L"unlock: cannot offer the decrypted volume to the firmware: %r\n",
		      status);
}

static void read_fsinfo(struct app_device *dev, struct fsinfo *fs)
{
	uint8_t sector0[512];

	if (bde_read_decrypted(dev->vol, dev->cipher, 0, sector0, sizeof(sector0)) ==
	    BDE_OK)
		fsinfo_detect(sector0, fs);
	else
		fs->name = NULL;
	wipe(sector0, sizeof(sector0));
}

static int has_file_system(struct app_device *dev)
{
	void *fs;

	return dev->child &&
	       !EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, dev->child,
					    &FileSystemProtocol, &fs));
}

/* The console lines tests and scripts read. */
static void print_unlocked(struct app *app, struct app_device *dev)
{
	const struct bde_protector *p = &dev->vol->protectors[dev->vol->unlocked_by];
	const char *type = bde_protector_type_name(p->type);
	char guid[BDE_GUID_TEXT_LEN];
	struct fsinfo fs;

	bde_guid_format(p->guid, guid);
	Print(L"unlock: volume %d: unlocked with %a %a\n",
	      unlock_volume_number(app, dev), type ? type : "protector", guid);
	read_fsinfo(dev, &fs);
	Print(L"unlock: volume %d: file system %a, serial %a, label \"%a\"\n",
	      unlock_volume_number(app, dev), fs.name ? fs.name : "unknown",
	      fs.name ? fs.serial : "-", fs.label);
	Print(L"unlock: volume %d: decrypted view %a%a\n",
	      unlock_volume_number(app, dev),
	      dev->child ? "installed" : "not installed",
	      has_file_system(dev) ? ", file system mounted" : "");
}

static int has_protector(const struct bde_volume *vol, uint16_t type)
{
	unsigned i;

	for (i = 0; i < vol->n_protectors; i++)
		if (vol->protectors[i].type == type)
			return 1;
	return 0;
}

/* The bar while the key is stretched, when there is a screen. */
static struct ui_progress *stretch_screen(struct app *app, struct ui_progress *p)
{
	if (!app->screen)
		return NULL;
	ui_progress_start(p, app->screen, "Unlocking",
			  "Deriving the key from what you typed (about a million "
			  "SHA-256 rounds, as Windows does)...");
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

static int unlock_direct(struct app *app, struct app_device *dev,
			 const struct unlock_request *req)
{
	struct sector_cipher *sc = cipher_alloc();
	struct ui_progress progress, *p = NULL;
	unsigned number = unlock_volume_number(app, dev);
	uint8_t bad = 0;
	UINTN len = 0;
	int r = BDE_ERR_NO_PROTECTOR;

	if (!sc)
		return BDE_ERR_TOO_LARGE;
	switch (req->with) {
	case UNLOCK_WITH_RECOVERY:
		p = stretch_screen(app, &progress);
		r = bde_unlock_recovery_password(dev->vol, req->secret, &bad,
						 p ? ui_stretch_progress : NULL, p, sc);
		break;
	case UNLOCK_WITH_PASSWORD:
		p = stretch_screen(app, &progress);
		r = bde_unlock_password(dev->vol, req->secret, strlen(req->secret),
					p ? ui_stretch_progress : NULL, p, sc);
		break;
	case UNLOCK_WITH_STARTUP_KEY:
		if (keyfiles_read_boot_file(app->loaded_image, req->secret, bek_buf,
					    sizeof(bek_buf), &len)) {
			Print(L"unlock: %a: cannot read it on the boot device\n",
			      req->secret);
			r = BDE_ERR_IO;
			break;
		}
		r = bde_unlock_startup_key(dev->vol, bek_buf, len, sc);
		wipe(bek_buf, sizeof(bek_buf));
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
		cipher_free(sc);
		if (r == BDE_ERR_BAD_FORMAT && req->with == UNLOCK_WITH_RECOVERY && bad)
			print_bad_groups(number, bad);
		else
			Print(L"unlock: volume %d: %a\n", number, bde_strerror(r));
		return r;
	}
	adopt(app, dev, sc);
	return BDE_OK;
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

	if (app->n_devices == 0)
		unlock_scan_devices(app);
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
		if (!dev->cipher) {
			if (req->with == UNLOCK_WITH_PROMPT && app->screen) {
				app_unlock_action(app, dev, UI_LIST_UNLOCK);
				app->screen->clear(app->screen);
			} else if (req->with == UNLOCK_WITH_PROMPT) {
				Print(L"unlock: no console to ask for the key\n");
			} else {
				unlock_direct(app, dev, req);
			}
		}
		if (dev->cipher)
			print_unlocked(app, dev);
		else
			failures++;
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
			list_child_root(dev);
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
	unsigned i;

	for (i = 0; i < app->n_devices; i++)
		child_remove(&app->devices[i]);
}

/* ---- screens --------------------------------------------------------------- */

static void wait_key(struct screen *s)
{
	struct ui_key key;

	s->read_key(s, &key, UI_WAIT_FOREVER);
}

/* Feed the digits of TEXT to the entry as if typed. */
static void prefill(struct pwentry *pw, const char *text)
{
	struct ui_key key = { UI_KEY_CHAR, 0 };

	for (; *text; text++)
		if (*text >= '0' && *text <= '9') {
			key.ch = (uint16_t)*text;
			pwentry_key(pw, &key);
		}
	key.ch = 0;
}

static void note_add(char *note, const char *a, const char *b)
{
	unsigned n = strlen(note);

	for (; *a && n + 1 < NOTE_MAX; a++)
		note[n++] = *a;
	for (; b && *b && n + 1 < NOTE_MAX; b++)
		note[n++] = *b;
	note[n] = '\0';
}

/* The keys that need no typing: the clear key, a .BEK on any stick. */
static int unlock_without_typing(struct app *app, struct app_device *dev,
				 char *note)
{
	struct sector_cipher *sc = cipher_alloc();
	char where[APP_PATH_TEXT_MAX];
	int r = BDE_ERR_NO_PROTECTOR;

	if (!sc)
		return BDE_ERR_TOO_LARGE;
	if (has_protector(dev->vol, BDE_PROT_CLEAR_KEY)) {
		r = bde_unlock_clear_key(dev->vol, sc);
		if (r == BDE_OK)
			note_add(note, "BitLocker protection of this volume is suspended: "
				 "it was unlocked with its clear key, no key needed.", NULL);
	}
	if (r != BDE_OK && has_protector(dev->vol, BDE_PROT_STARTUP_KEY)) {
		r = keyfiles_unlock_startup_key(dev->vol, sc, where, sizeof(where));
		if (r == BDE_OK)
			note_add(note, "Unlocked with the startup key (.BEK) found on ", where);
	}
	if (r != BDE_OK) {
		cipher_free(sc);
		return r;
	}
	adopt(app, dev, sc);
	return BDE_OK;
}

static void draw_note(struct screen *s, const char *note, enum ui_colour colour)
{
	if (note[0])
		ui_put_wrapped(s, NOTE_ROW, 1, 78, 3, colour, note);
}

/* The 48-digit entry until the volume opens or the user goes back. */
static int ask_recovery_password(struct app *app, struct app_device *dev,
				 char *note)
{
	static struct pwentry pw;
	struct screen *s = app->screen;
	char text[PW_TEXT_LEN], found[KEYTEXT_PASSWORD_LEN];
	char where[APP_PATH_TEXT_MAX];
	struct ui_progress progress;
	struct ui_key key;
	uint8_t bad;
	int r;

	pwentry_init(&pw);
	if (!keyfiles_find_recovery_password(dev->vol, found, where, sizeof(where))) {
		prefill(&pw, found);
		wipe(found, sizeof(found));
		note_add(note, "Recovery key read from a saved key file on ", where);
		note_add(note, ". Check it, then press Enter.", NULL);
	}
	for (;;) {
		unsigned col;

		ui_password_draw(s, dev->vol, &pw);
		draw_note(s, note, UI_OK);
		col = pwentry_text(&pw, text);
		wipe(text, sizeof(text));
		s->cursor(s, 1, UI_PW_ROW, UI_PW_COL + col);
		if (s->read_key(s, &key, UI_WAIT_FOREVER) != 1) {
			r = CONSOLE_FAILED;
			break;
		}
		switch (pwentry_key(&pw, &key)) {
		case PW_CONTINUE:
			continue;
		case PW_CANCEL:
			pwentry_wipe(&pw);
			s->cursor(s, 0, 0, 0);
			return BDE_ERR_NO_PROTECTOR;
		case PW_SUBMIT:
			break;
		}
		s->cursor(s, 0, 0, 0);
		if (pwentry_password(&pw, text))
			continue;
		{
			struct sector_cipher *sc = cipher_alloc();

			if (!sc) {
				r = BDE_ERR_TOO_LARGE;
				break;
			}
			stretch_screen(app, &progress);
			r = bde_unlock_recovery_password(dev->vol, text, &bad,
							 ui_stretch_progress,
							 &progress, sc);
			wipe(text, sizeof(text));
			if (r == BDE_OK) {
				adopt(app, dev, sc);
				break;
			}
			cipher_free(sc);
		}
		if (r != BDE_ERR_WRONG_KEY)
			break;
		/* Keep the digits: one group is usually what is wrong. */
		pwentry_wrong_password(&pw);
		note[0] = '\0';
	}
	pwentry_wipe(&pw);
	if (r != BDE_OK && r != CONSOLE_FAILED) {
		ui_error_draw(s, "Unlocking", r, "Press any key");
		wait_key(s);
	}
	return r;
}

static int ask_user_password(struct app *app, struct app_device *dev)
{
	static struct userpw u;
	struct ui_progress progress;
	int r;

	userpw_init(&u);
	for (;;) {
		struct sector_cipher *sc;

		if (ui_userpw_run(app->screen, dev->vol, &u) != USERPW_SUBMIT) {
			userpw_wipe(&u);
			return BDE_ERR_NO_PROTECTOR;
		}
		sc = cipher_alloc();
		if (!sc) {
			r = BDE_ERR_TOO_LARGE;
			break;
		}
		stretch_screen(app, &progress);
		r = bde_unlock_password(dev->vol, u.utf8, u.bytes, ui_stretch_progress,
					&progress, sc);
		if (r == BDE_OK) {
			adopt(app, dev, sc);
			break;
		}
		cipher_free(sc);
		if (r != BDE_ERR_WRONG_KEY)
			break;
		userpw_wrong_password(&u);
	}
	userpw_wipe(&u);
	if (r != BDE_OK) {
		ui_error_draw(app->screen, "Unlocking", r, "Press any key");
		wait_key(app->screen);
	}
	return r;
}

/* A path typed on one line; returns 0, or -1 on Esc. */
static int ask_path(struct screen *s, char *path, unsigned max)
{
	struct ui_key key;
	unsigned n = strlen(path);

	for (;;) {
		ui_frame(s, "Start an EFI program", "Enter: start   Esc: back");
		ui_put_text(s, UI_FIRST_ROW + 1, 2, UI_NORMAL,
			    "Path of the program, e.g. fs1:\\EFI\\BOOT\\BOOTX64.EFI or "
			    "\\EFI\\BOOT\\BOOTX64.EFI");
		ui_put_text(s, UI_FIRST_ROW + 2, 2, UI_DIM,
			    "(\\path alone: the unlocked volumes are searched first)");
		ui_put_text(s, UI_FIRST_ROW + 4, 2, UI_INPUT, n ? path : " ");
		s->cursor(s, 1, UI_FIRST_ROW + 4, 2 + (n < 76 ? n : 76));
		s->flush(s);
		if (s->read_key(s, &key, UI_WAIT_FOREVER) != 1)
			return -1;
		if (key.scan == UI_KEY_ESC)
			break;
		if (key.scan == UI_KEY_ENTER && n) {
			s->cursor(s, 0, 0, 0);
			return 0;
		}
		if ((key.scan == UI_KEY_BACKSPACE || key.scan == UI_KEY_DELETE) && n)
			path[--n] = '\0';
		else if (key.scan == UI_KEY_CHAR && key.ch >= 0x20 && key.ch < 0x7f &&
			 n + 1 < max) {
			path[n++] = (char)key.ch;
			path[n] = '\0';
		}
	}
	s->cursor(s, 0, 0, 0);
	return -1;
}

static void success_screen(struct app *app, struct app_device *dev,
			   const char *note)
{
	static char path[PATH_MAX_CHARS];
	struct screen *s = app->screen;
	struct fsinfo fs;
	struct ui_unlocked u;
	struct ui_key key;
	uint8_t digest[32];
	int verified = 0;

	read_fsinfo(dev, &fs);
	u.fs_type = fs.name;
	u.label = fs.label;
	u.serial = fs.serial;
	u.hints = "V: verify   R: run a program   Esc: back";
	for (;;) {
		struct ui_text t;

		ui_success_draw(s, dev->vol, &u);
		ui_text_init(&t);
		ui_text_add(&t, dev->child ? "The decrypted volume is offered to the "
			    "firmware read-only" : "The decrypted volume could not be "
			    "offered to the firmware");
		ui_text_add(&t, has_file_system(dev) ? " and its files can be read." : ".");
		ui_put_text(s, UI_FIRST_ROW + 11, 2, UI_NORMAL, t.buf);
		if (verified) {
			ui_text_init(&t);
			ui_text_add(&t, "SHA-256: ");
			ui_text_add_hex(&t, digest, 32);
			ui_put_text(s, UI_FIRST_ROW + 13, 2, UI_HIGHLIGHT, t.buf);
		}
		draw_note(s, note, UI_OK);
		s->flush(s);
		if (s->read_key(s, &key, UI_WAIT_FOREVER) != 1 || key.scan == UI_KEY_ESC)
			return;
		if (key.scan != UI_KEY_CHAR)
			continue;
		if ((key.ch | 0x20) == 'v')
			verified = verify_view(app, dev, digest) == BDE_OK;
		else if ((key.ch | 0x20) == 'r' && !ask_path(s, path, sizeof(path))) {
			s->clear(s);
			chain_start(app, path, NULL);
			Print(L"Press any key to return to bitrescue.\n");
			wait_key(s);
		}
	}
}

enum app_next app_unlock_action(struct app *app, struct app_device *dev,
				enum ui_list_action action)
{
	static char note[NOTE_MAX];
	int r = BDE_OK;

	if (!app->screen || !dev->vol)
		return APP_STAY;
	note[0] = '\0';
	if (!dev->cipher) {
		if (action == UI_LIST_PASSWORD) {
			r = ask_user_password(app, dev);
		} else {
			r = unlock_without_typing(app, dev, note);
			if (r != BDE_OK)
				r = ask_recovery_password(app, dev, note);
		}
	}
	if (r == BDE_OK)
		success_screen(app, dev, note);
	return r == CONSOLE_FAILED ? APP_EXIT : APP_STAY;
}
