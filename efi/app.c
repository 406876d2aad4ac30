/** @file
 * The interactive app: the volume list and the screens its keys open
 * (helpdesk card, TPM, all devices, report, unlocking).
 */
#include "efi/app_actions.h"
#include "efi/card_qr.h"
#include "efi/discovery.h"
#include "efi/files.h"
#include "efi/pages.h"
#include "efi/report.h"
#include "efi/tpm_verdicts.h"
#include "efi/tpm_view.h"
#include "efi/unlock.h"
#include "ui/frame.h"
#include "ui/errors.h"
#include "ui/helpdesk.h"
#include "ui/msg.h"
#include "ui/protectors.h"
#include "ui/qr_screen.h"
#include "ui/result.h"
#include "ui/text.h"

/* The list shows every device with a BitLocker signature, damaged too. */
struct list_model {
	unsigned n;
	struct ui_volume_entry entries[APP_MAX_DEVICES];
	struct app_device *devices[APP_MAX_DEVICES];
	char names[APP_MAX_DEVICES][UI_COLS + 1];
};

static void build_list(struct app *app, struct list_model *model)
{
	struct ui_text t;
	unsigned i;

	model->n = 0;
	for (i = 0; i < app->n_devices; i++) {
		struct app_device *dev = &app->devices[i];
		struct ui_volume_entry *e = &model->entries[model->n];

		if (!dev->vol)
			continue;
		model->devices[model->n] = dev;
		/* The entry carries the partition: the name is the disk's. */
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_DISK), dev->disk);
		CopyMem(model->names[model->n], t.buf, t.len + 1);
		e->vol = dev->vol;
		e->disk = model->names[model->n];
		e->partition = dev->partition;
		e->device_path = dev->path_text[0] ? dev->path_text : NULL;
		e->method_name = bde_method_name(dev->vol->method);
		model->n++;
	}
}

int app_wait_key(struct app *app, struct ui_key *key)
{
	struct screen *s = app->screen;
	unsigned t = app->opt->timeout_seconds;
	int got = s->read_key(s, key, t ? t * 1000 : UI_WAIT_FOREVER);

	if (got == 0)
		Print(L"\ntimeout: no key for %d s\n", t);
	else if (got < 0)
		Print(L"\nerror: the console failed to read a key\n");
	return got > 0;
}

/* Wait for Esc (or Enter) to go back; 0 if the app should leave. */
static enum app_next wait_back(struct app *app)
{
	struct ui_key key;

	for (;;) {
		if (!app_wait_key(app, &key))
			return APP_EXIT;
		if (key.scan == UI_KEY_ESC || key.scan == UI_KEY_ENTER ||
		    key.scan == UI_KEY_BACKSPACE)
			return APP_STAY;
	}
}

static void device_line(const struct app_device *dev, struct ui_text *t)
{
	ui_text_init(t);
	ui_text_add(t, " ");
	if (dev->partition)
		ui_text_addf(t, msg(MSG_DISK_PART), dev->disk, dev->partition);
	else
		ui_text_addf(t, msg(MSG_DISK), dev->disk);
	ui_text_pad_to(t, 18);
	if (dev->size)
		ui_text_add_size(t, dev->size);
	ui_text_pad_to(t, 30);
	ui_text_add(t, device_state_text(dev));
}

/* Every device, BitLocker or not, one line each; Up/Down scroll. */
static enum app_next devices_screen(struct app *app)
{
	const unsigned rows = UI_LAST_ROW - UI_FIRST_ROW;   /* after the header */
	struct screen *s = app->screen;
	unsigned top = 0, i;
	struct ui_key key;
	struct ui_text t;

	for (;;) {
		ui_frame(s, msg(MSG_DEV_TITLE), msg(MSG_DEV_KEYS));
		ui_text_init(&t);
		ui_text_add(&t, msg(MSG_DEV_HEAD_DEVICE));
		ui_text_pad_to(&t, 18);
		ui_text_add(&t, msg(MSG_DEV_HEAD_SIZE));
		ui_text_pad_to(&t, 30);
		ui_text_add(&t, msg(MSG_DEV_HEAD_STATE));
		ui_put_text(s, UI_FIRST_ROW, 0, UI_DIM, t.buf);
		for (i = 0; i < rows && top + i < app->n_devices; i++) {
			const struct app_device *dev = &app->devices[top + i];
			enum device_kind kind = device_kind(dev);

			device_line(dev, &t);
			ui_put_text(s, UI_FIRST_ROW + 1 + i, 0,
				    kind == DEVICE_BITLOCKER ? UI_HIGHLIGHT :
				    kind == DEVICE_DAMAGED || kind == DEVICE_UNREADABLE ?
				    UI_ERROR : UI_NORMAL, t.buf);
		}
		if (app->n_devices == 0)
			ui_put_text(s, UI_FIRST_ROW + 1, 1, UI_NORMAL,
				    msg(MSG_DEV_NONE));
		s->flush(s);
		if (!app_wait_key(app, &key))
			return APP_EXIT;
		if (key.scan == UI_KEY_ESC || key.scan == UI_KEY_ENTER ||
		    key.scan == UI_KEY_BACKSPACE)
			return APP_STAY;
		if (key.scan == UI_KEY_UP && top > 0)
			top--;
		if (key.scan == UI_KEY_DOWN && top + rows < app->n_devices)
			top++;
	}
}

static void put_saved(struct screen *s, unsigned row, enum msg_id what,
		      const CHAR16 *path, EFI_STATUS status, UINTN len)
{
	struct ui_text t, name, size;
	unsigned i;

	ui_text_init(&name);
	for (i = 0; path[i]; i++)
		ui_text_add_char(&name, (char)path[i]);
	ui_text_init(&t);
	if (EFI_ERROR(status)) {
		ui_text_addf(&t, msg(MSG_REPORT_NOT_SAVED), msg(what), name.buf,
			     file_error_text(status));
	} else {
		ui_text_init(&size);
		ui_text_add_size(&size, len);
		ui_text_addf(&t, msg(MSG_REPORT_SAVED), msg(what), name.buf, size.buf);
	}
	ui_put_text(s, row, 1, EFI_ERROR(status) ? UI_ERROR : UI_OK, t.buf);
}

static enum app_next report_screen(struct app *app)
{
	struct screen *s = app->screen;
	struct report_saved saved;

	ui_frame(s, msg(MSG_REPORT_TITLE), msg(MSG_KEYS_BACK));
	ui_put_text(s, UI_FIRST_ROW, 1, UI_NORMAL, msg(MSG_REPORT_SAVING));
	s->flush(s);
	report_save(app, &saved);
	ui_frame(s, msg(MSG_REPORT_TITLE), msg(MSG_KEYS_BACK));
	put_saved(s, UI_FIRST_ROW, MSG_REPORT_REPORT, REPORT_PATH, saved.report,
		  saved.report_len);
	if (!EFI_ERROR(saved.report) && saved.eventlog != EFI_NOT_FOUND)
		put_saved(s, UI_FIRST_ROW + 1, MSG_REPORT_EVENTLOG, EVENTLOG_PATH,
			  saved.eventlog, saved.eventlog_len);
	ui_put_wrapped(s, UI_FIRST_ROW + 3, 1, 78, 6, UI_NORMAL,
		       msg(EFI_ERROR(saved.report) ? MSG_REPORT_NOTHING_WRITTEN :
			   MSG_REPORT_WHERE));
	s->flush(s);
	return wait_back(app);
}

/* Keys first: a warm reset keeps what is in memory. */
static void restart_pc(struct app *app)
{
	unlock_release_all(app);
	app->screen->clear(app->screen);
	Print(L"bitrescue: restarting the PC\n");
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetCold, EFI_SUCCESS, 0, NULL);
}

static int confirm_exit(struct app *app)
{
	struct screen *s = app->screen;
	struct ui_key key;

	ui_frame(s, msg(MSG_LEAVE_TITLE), msg(MSG_LEAVE_KEYS));
	ui_put_wrapped(s, UI_FIRST_ROW, 1, 78, 4, UI_NORMAL, msg(MSG_LEAVE_TEXT));
	s->flush(s);
	if (!app_wait_key(app, &key))
		return 1;
	if (key.scan == UI_KEY_CHAR && (key.ch == 'b' || key.ch == 'B'))
		restart_pc(app);
	return key.scan == UI_KEY_ESC || key.scan == UI_KEY_ENTER;
}

/* Row 1 (between the title and the list) says what else there is. */
static void draw_extras(struct app *app, const struct list_model *model,
			const struct ui_volume_list *l)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add_char(&t, ' ');
	ui_text_addf(&t, msg(MSG_LIST_EXTRAS), app->n_devices);
	if (l->n && model->devices[l->selected]->status != BDE_OK)
		ui_text_addf(&t, msg(MSG_LIST_SELECTED),
			     ui_error_text(model->devices[l->selected]->status));
	ui_put_text(app->screen, 1, 0, UI_DIM, t.buf);
	app->screen->flush(app->screen);
}

static enum app_next unlock(struct app *app, struct app_device *dev,
			    enum ui_list_action action)
{
	if (dev->status != BDE_OK) {
		ui_error_draw(app->screen, msg(MSG_ERR_OPENING), dev->status,
			      msg(MSG_KEYS_BACK));
		return wait_back(app);
	}
	return app_unlock_action(app, dev, action);
}

/* The card's keys go on from it: Enter types the key, T shows the TPM. */
static enum app_next helpdesk_screen(struct app *app, struct app_device *dev)
{
	enum app_next next;
	struct ui_key key;

	for (;;) {
		const struct tpm_judgement *j = app_tpm_volume_judgement(dev->vol);

		ui_helpdesk_draw_tpm(app->screen, dev->vol, j ? &j->verdict : NULL);
		card_qr_draw(dev->vol);
		if (!app_wait_key(app, &key))
			return APP_EXIT;
		if (key.scan == UI_KEY_ESC || key.scan == UI_KEY_BACKSPACE)
			return APP_STAY;
		/* Q: the key ID alone, in a code any console can show. */
		if (key.scan == UI_KEY_CHAR && (key.ch == 'q' || key.ch == 'Q')) {
			ui_qr_screen_draw(app->screen, dev->vol);
			if (wait_back(app) != APP_STAY)
				return APP_EXIT;
			continue;
		}
		if (key.scan == UI_KEY_ENTER && ui_recovery_protector(dev->vol, 0))
			return unlock(app, dev, UI_LIST_UNLOCK);
		if (key.scan == UI_KEY_CHAR && (key.ch == 't' || key.ch == 'T')) {
			next = app_tpm_screen(app, dev);
			if (next != APP_STAY)
				return next;
		}
	}
}

void app_run(struct app *app)
{
	static struct ui_volume_list list;
	/* 8 KiB, allocated: static, it would take room in the app's file. */
	struct list_model *model = pages_alloc(sizeof(*model));
	enum app_next next = APP_STAY;
	struct ui_key key;

	if (!model) {
		Print(L"bitrescue: out of memory\n");
		return;
	}
	build_list(app, model);
	ui_volume_list_init(&list, model->entries, model->n);
	while (next == APP_STAY) {
		struct app_device *dev = model->n ? model->devices[list.selected] : NULL;

		list.secure_boot = msg(secure_boot_state());
		ui_volume_list_draw(app->screen, &list);
		draw_extras(app, model, &list);
		if (!app_wait_key(app, &key))
			break;
		if (key.scan == UI_KEY_CHAR && (key.ch == 'r' || key.ch == 'R')) {
			next = report_screen(app);
			continue;
		}
		if (key.scan == UI_KEY_CHAR && (key.ch == 'd' || key.ch == 'D')) {
			next = devices_screen(app);
			continue;
		}
		/* L: the other language at once, for the helpdesk reading along. */
		if (key.scan == UI_KEY_CHAR && (key.ch == 'l' || key.ch == 'L')) {
			ui_set_lang(ui_lang() == UI_LANG_DA ? UI_LANG_EN : UI_LANG_DA);
			build_list(app, model);
			continue;
		}
		switch (ui_volume_list_key(&list, &key)) {
		case UI_LIST_UNLOCK:
			next = unlock(app, dev, UI_LIST_UNLOCK);
			break;
		case UI_LIST_PASSWORD:
			next = unlock(app, dev, UI_LIST_PASSWORD);
			break;
		case UI_LIST_HELPDESK:
			next = helpdesk_screen(app, dev);
			break;
		case UI_LIST_TPM:
			next = app_tpm_screen(app, dev);
			break;
		case UI_LIST_EXIT:
			if (confirm_exit(app))
				next = APP_EXIT;
			break;
		case UI_LIST_NONE:
			break;
		}
	}
	app->screen->clear(app->screen);
	pages_free(model, sizeof(*model));
}
