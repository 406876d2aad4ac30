/** @file
 * The unlocking screens: what opens a volume without typing (the clear key
 * of a suspended volume, a .BEK on any stick), the recovery password
 * (pre-filled from a saved key file when one is found), the user password,
 * and the success screen with what can come next (the files, verify,
 * another program).
 */
#include <string.h>
#include "bde/fsinfo.h"
#include "crypto/wipe.h"
#include "efi/console.h"
#include "efi/keyfiles.h"
#include "efi/rescue_screen.h"
#include "efi/tpm_history.h"
#include "efi/tpm_verdicts.h"
#include "efi/unlock.h"
#include "ui/frame.h"
#include "ui/msg.h"
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

/* Any key (or --timeout passing) before going on. */
static void wait_key(struct app *app)
{
	struct ui_key key;

	app_wait_key(app, &key);
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
	struct sector_cipher *sc = unlock_cipher_alloc();
	char where[APP_PATH_TEXT_MAX];
	int r = BDE_ERR_NO_PROTECTOR;

	if (!sc)
		return BDE_ERR_TOO_LARGE;
	if (dev->vol->state_current == BDE_STATE_DECRYPTED) {
		r = bde_open_decrypted(dev->vol, sc);
		if (r == BDE_OK)
			note_add(note, msg(MSG_NOTE_DECRYPTED), NULL);
	}
	if (r != BDE_OK && unlock_has_protector(dev->vol, BDE_PROT_CLEAR_KEY)) {
		r = bde_unlock_clear_key(dev->vol, sc);
		if (r == BDE_OK)
			note_add(note, msg(MSG_NOTE_CLEAR_KEY), NULL);
	}
	if (r != BDE_OK && unlock_has_protector(dev->vol, BDE_PROT_STARTUP_KEY)) {
		r = keyfiles_unlock_startup_key(dev->vol, sc, where, sizeof(where));
		if (r == BDE_OK)
			note_add(note, msg(MSG_NOTE_BEK), where);
	}
	if (r != BDE_OK) {
		unlock_cipher_free(sc);
		return r;
	}
	return unlock_adopt(app, dev, sc, 1);
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
		note_add(note, msg(MSG_NOTE_KEY_FILE), where);
		note_add(note, msg(MSG_NOTE_KEY_FILE_CHECK), NULL);
	}
	for (;;) {
		unsigned col;

		ui_password_draw(s, dev->vol, &pw);
		draw_note(s, note, UI_OK);
		col = pwentry_text(&pw, text);
		wipe(text, sizeof(text));
		s->cursor(s, 1, UI_PW_ROW, UI_PW_COL + col);
		if (!app_wait_key(app, &key)) {
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
			struct sector_cipher *sc = unlock_cipher_alloc();

			if (!sc) {
				r = BDE_ERR_TOO_LARGE;
				break;
			}
			unlock_stretch_screen(app, &progress);
			r = bde_unlock_recovery_password(dev->vol, text, &bad,
							 ui_stretch_progress,
							 &progress, sc);
			wipe(text, sizeof(text));
			if (r == BDE_OK) {
				r = unlock_adopt(app, dev, sc, 1);
				break;
			}
			unlock_cipher_free(sc);
		}
		if (r != BDE_ERR_WRONG_KEY)
			break;
		/* Keep the digits: one group is usually what is wrong. */
		pwentry_wrong_password(&pw);
		note[0] = '\0';
	}
	pwentry_wipe(&pw);
	if (r != BDE_OK && r != CONSOLE_FAILED) {
		ui_error_draw(s, msg(MSG_ERR_UNLOCKING), r, msg(MSG_KEYS_ANY));
		wait_key(app);
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
		sc = unlock_cipher_alloc();
		if (!sc) {
			r = BDE_ERR_TOO_LARGE;
			break;
		}
		unlock_stretch_screen(app, &progress);
		r = bde_unlock_password(dev->vol, u.utf8, u.bytes, ui_stretch_progress,
					&progress, sc);
		if (r == BDE_OK) {
			r = unlock_adopt(app, dev, sc, 1);
			break;
		}
		unlock_cipher_free(sc);
		if (r != BDE_ERR_WRONG_KEY)
			break;
		userpw_wrong_password(&u);
	}
	userpw_wipe(&u);
	if (r != BDE_OK) {
		ui_error_draw(app->screen, msg(MSG_ERR_UNLOCKING), r, msg(MSG_KEYS_ANY));
		wait_key(app);
	}
	return r;
}

/* A path typed on one line; returns 0, or -1 on Esc. */
static int ask_path(struct app *app, char *path, unsigned max)
{
	struct screen *s = app->screen;
	struct ui_key key;
	unsigned n = strlen(path);

	for (;;) {
		ui_frame(s, msg(MSG_RUN_TITLE), msg(MSG_RUN_KEYS));
		ui_put_text(s, UI_FIRST_ROW + 1, 2, UI_NORMAL, msg(MSG_RUN_PATH));
		ui_put_text(s, UI_FIRST_ROW + 2, 2, UI_DIM, msg(MSG_RUN_SEARCH));
		ui_put_text(s, UI_FIRST_ROW + 4, 2, UI_INPUT, n ? path : " ");
		s->cursor(s, 1, UI_FIRST_ROW + 4, 2 + (n < 76 ? n : 76));
		s->flush(s);
		if (!app_wait_key(app, &key))
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

#define HISTORY_ROW (UI_FIRST_ROW + 14)
#define HISTORY_DIFFS_SHOWN 2

static void draw_history(struct screen *s, const struct app_tpm_history *h)
{
	static const enum msg_id change_msg[] = {
		MSG_HISTORY_CHANGED, MSG_HISTORY_CHANGED, MSG_HISTORY_ADDED, MSG_HISTORY_REMOVED,
	};
	struct ui_text t, when;
	unsigned i, shown;

	if (!h || h->state == APP_HISTORY_NO_FOLDER)
		return;
	ui_text_init(&t);
	if (h->state == APP_HISTORY_FOUND) {
		ui_text_init(&when);
		ui_text_add_filetime(&when, h->modified);
		ui_text_addf(&t, msg(MSG_HISTORY_FOUND), h->file, when.buf);
	} else {
		ui_text_add(&t, msg(MSG_HISTORY_NONE));
	}
	ui_put_wrapped(s, HISTORY_ROW, 2, 76, 2, UI_NORMAL, t.buf);
	shown = h->result.ndiffs < HISTORY_DIFFS_SHOWN ? h->result.ndiffs : HISTORY_DIFFS_SHOWN;
	for (i = 0; h->state == APP_HISTORY_FOUND && i < shown; i++) {
		const struct tpm_history_diff *d = &h->result.diffs[i];
		const char *name = tpm_event_type_name(d->type);

		ui_text_init(&when);
		ui_text_add(&when, name ? name : "?");
		if (d->detail[0]) {
			ui_text_add(&when, " (");
			ui_text_add(&when, d->detail);
			ui_text_add(&when, ")");
		}
		ui_text_init(&t);
		ui_text_addf(&t, msg(change_msg[d->change & 3]), (unsigned)d->pcr, when.buf);
		if (i + 1 == shown && h->result.ndiffs > shown) {
			ui_text_add(&t, "  ");
			ui_text_addf(&t, msg(MSG_HISTORY_MORE), h->result.ndiffs - shown);
		}
		ui_put_text(s, HISTORY_ROW + 2 + i, 2, UI_NORMAL, t.buf);
	}
}

/* Until Esc; returns CONSOLE_FAILED if no key will come. */
static int success_screen(struct app *app, struct app_device *dev,
			  const char *note)
{
	static char path[PATH_MAX_CHARS];
	const struct app_tpm_history *history;
	struct screen *s = app->screen;
	struct fsinfo fs;
	struct ui_unlocked u;
	struct ui_key key;
	uint8_t digest[32];
	int verified = 0;

	unlock_read_fsinfo(dev, &fs);
	u.fs_type = fs.name;
	u.label = fs.label;
	u.serial = fs.serial;
	u.hints = msg(rescue_screen_offered(dev) ? MSG_OK_KEYS_FILES : MSG_OK_KEYS);
	history = app_tpm_history_find(dev);
	for (;;) {
		struct ui_text t;

		ui_success_draw(s, dev->vol, &u);
		/* Two rows: the longest of these did not fit one. */
		ui_put_wrapped(s, UI_FIRST_ROW + 11, 2, 76, 2, UI_NORMAL,
			       msg(!dev->child ? MSG_OK_NOT_OFFERED :
				   unlock_has_file_system(dev) ? MSG_OK_OFFERED_FILES :
				   MSG_OK_OFFERED));
		if (verified) {
			ui_text_init(&t);
			ui_text_add(&t, "SHA-256: ");
			ui_text_add_hex(&t, digest, 32);
			ui_put_text(s, UI_FIRST_ROW + 13, 2, UI_HIGHLIGHT, t.buf);
		}
		draw_history(s, history);
		draw_note(s, note, UI_OK);
		s->flush(s);
		if (!app_wait_key(app, &key))
			return CONSOLE_FAILED;
		if (key.scan == UI_KEY_ESC)
			return 0;
		if (key.scan != UI_KEY_CHAR)
			continue;
		if ((key.ch | 0x20) == 'f' && rescue_screen_offered(dev)) {
			if (rescue_screen_run(app, dev) < 0)
				return CONSOLE_FAILED;
		} else if ((key.ch | 0x20) == 'v') {
			verified = verify_view(app, dev, digest) == BDE_OK;
		} else if ((key.ch | 0x20) == 'r' && !ask_path(app, path, sizeof(path))) {
			s->clear(s);
			chain_start(app, path, NULL);
			efi_console_print(msg(MSG_RUN_RETURN));
			wait_key(app);
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
		r = success_screen(app, dev, note);
	return r == CONSOLE_FAILED ? APP_EXIT : APP_STAY;
}
