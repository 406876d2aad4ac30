/** @file
 * UEFI entry point: banner, options, then the app (the volume list), or
 * one of the non-interactive modes (--list, --report, self-test, console
 * and key tests).
 */
#include "crypto/wipe.h"
#include "efi/app_actions.h"
#include "efi/cmdline.h"
#include "efi/console.h"
#include "efi/discovery.h"
#include "efi/files.h"
#include "efi/pages.h"
#include "efi/language.h"
#include "efi/report.h"
#include "efi/tpm_view.h"
#include "efi/unlock.h"

const char bitrescue_version[] = BITRESCUE_VERSION;

/* Largest options file we read (the command line holds less anyway). */
#define OPTIONS_FILE_MAX 4096

/* The options file's words into CL; its bytes wiped at once. */
static void read_options(EFI_LOADED_IMAGE *image, struct cmdline *cl)
{
	char *file = AllocatePool(OPTIONS_FILE_MAX);   /* static, it would take file space */
	int len;

	if (!file) {
		Print(L"%s: out of memory, not read\n", OPTIONS_FILE_PATH);
		return;
	}
	len = read_options_file(image, file, OPTIONS_FILE_MAX);
	if (len >= 0) {
		Print(L"options from %s\n", OPTIONS_FILE_PATH);
		if (cmdline_split_text(cl, file, len) != CMDLINE_OK)
			Print(L"%s: not usable, ignored\n", OPTIONS_FILE_PATH);
	}
	wipe(file, OPTIONS_FILE_MAX);
	FreePool(file);
}

/* Split the options into CL (OPT points into it). */
static void get_options(EFI_LOADED_IMAGE *image, EFI_HANDLE image_handle,
			struct options *opt, struct cmdline *cl)
{
	enum cmdline_prog prog = CMDLINE_PROG_GUESS;
	enum cmdline_status status = CMDLINE_OK;
	void *shell;

	cl->argc = 0;
	if (image) {
		/* The Shell always passes the program name first. */
		if (!EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image_handle,
						 &ShellParametersProtocolGuid,
						 &shell)))
			prog = CMDLINE_PROG_FIRST;
		status = cmdline_split_ucs2(cl, image->LoadOptions,
					    image->LoadOptionsSize, prog);
		if (status == CMDLINE_TOO_LONG)
			Print(L"load options too long, ignored\n");
		if (cl->argc == 1)
			read_options(image, cl);
	} else {
		cmdline_split_text(cl, "", 0);
	}
	if (cl->argc > 1) {
		int i;

		Print(L"arguments:");
		for (i = 1; i < cl->argc; i++)
			Print(L" %a", options_shown_arg(cl->argv, i));
		Print(L"\n");
	}
	options_parse(opt, cl->argc, cl->argv);
	if (opt->mode == RUN_USAGE_ERROR)
		Print(L"error: %a %a\n", opt->error,
		      opt->error_arg ? opt->error_arg : "");
}

static void print_saved(const char *what, const CHAR16 *path, EFI_STATUS status,
			UINTN len)
{
	if (EFI_ERROR(status))
		Print(L"report: %a %s not saved: %a\n", what, path,
		      file_error_text(status));
	else
		Print(L"report: %a saved as %s (%d bytes)\n", what, path, (int)len);
}

/* --report: write it, say how it went. */
static EFI_STATUS save_report(const struct app *app)
{
	struct report_saved saved;

	report_save(app, &saved);
	print_saved("report", REPORT_PATH, saved.report, saved.report_len);
	if (!EFI_ERROR(saved.report)) {
		if (saved.eventlog == EFI_NOT_FOUND)
			Print(L"report: no TPM event log to save\n");
		else
			print_saved("event log", EVENTLOG_PATH, saved.eventlog,
				    saved.eventlog_len);
	}
	return EFI_ERROR(saved.report) ? saved.report : saved.eventlog ==
	       EFI_NOT_FOUND ? EFI_SUCCESS : saved.eventlog;
}

/* Find the volumes (and read the TPM when it is wanted), then run MODE. */
static EFI_STATUS run_app(struct app *app)
{
	EFI_STATUS result = EFI_SUCCESS;

	discover_devices(app);
	if (app->opt->mode != RUN_LIST || app->opt->list_tpm)
		app_tpm_read(app);
	switch (app->opt->mode) {
	case RUN_LIST:
		report_print(app, app->opt->list_tpm);
		break;
	case RUN_REPORT:
		result = save_report(app);
		break;
	case RUN_UNLOCK:
		result = unlock_run_options(app);
		break;
	default:
		if (app->screen)
			app_run(app);
		else
			result = EFI_UNSUPPORTED;
		break;
	}
	/* The decrypted views' code is in this image, which goes away. */
	unlock_release_all(app);
	forget_devices(app);
	app_tpm_forget();
	return result;
}

EFI_STATUS efi_main(EFI_HANDLE image_handle, EFI_SYSTEM_TABLE *system_table)
{
	/* Allocated, as static they would take room in the file: the app
	 * (20 KiB with its device table) and the words of the options, which
	 * may hold keys (wiped before leaving). */
	struct app *app;
	struct cmdline *cl;
	static struct options opt;
	static struct screen screen;
	int have_screen;
	EFI_STATUS result = EFI_SUCCESS;

	InitializeLib(image_handle, system_table);
	/* The boot manager arms a 5-minute watchdog; we wait for people. */
	uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
	/* First, as choosing the text mode clears the screen. */
	have_screen = efi_console_init(&screen) == 0;
	Print(L"bitrescue %a\n", BITRESCUE_VERSION);
	if (!have_screen)
		Print(L"warning: the console has no 80x25 text mode\n");
	app = pages_alloc(sizeof(*app));
	cl = pages_alloc(sizeof(*cl));
	if (!app || !cl) {
		Print(L"bitrescue: out of memory\n");
		pages_free(app, sizeof(*app));
		pages_free(cl, sizeof(*cl));
		return EFI_OUT_OF_RESOURCES;
	}
	app->image = image_handle;
	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image_handle,
					&LoadedImageProtocol,
					(void **)&app->loaded_image)))
		app->loaded_image = NULL;
	/* Before connecting: a disk controller driver there finds its disks. */
	load_extra_drivers(app);
	connect_all_controllers();
	print_firmware_info();
	Print(L"Block devices: %d\n", count_block_devices());

	app->screen = have_screen ? &screen : NULL;
	app->opt = &opt;
	get_options(app->loaded_image, image_handle, &opt, cl);
	choose_language(opt.lang);

	switch (opt.mode) {
	case RUN_SELF_TEST:
		if (run_self_tests())
			result = EFI_ABORTED;
		break;
	case RUN_HELP:
	case RUN_USAGE_ERROR:
		Print(L"%a", options_usage);
		if (opt.mode == RUN_USAGE_ERROR)
			result = EFI_INVALID_PARAMETER;
		break;
	case RUN_CONSOLE_TEST:
	case RUN_KEY_TEST:
		if (!have_screen)
			result = EFI_UNSUPPORTED;
		else if (opt.mode == RUN_KEY_TEST)
			key_loop(&screen, opt.timeout_seconds);
		else
			console_test(&screen, opt.timeout_seconds);
		break;
	case RUN_BENCH:
		run_bench(opt.bench_mib);
		break;
	case RUN_INTERACTIVE:
	case RUN_LIST:
	case RUN_REPORT:
	case RUN_UNLOCK:
		result = run_app(app);
		break;
	}
	wipe(cl, sizeof(*cl));
	pages_free(cl, sizeof(*cl));
	pages_free(app, sizeof(*app));
	Print(L"bitrescue: exit\n");
	return result;
}
