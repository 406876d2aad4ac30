/** @file
 * UEFI entry point: banner, options, then self-test, console test or the
 * key loop.
 */
#include "efi/efi_app.h"
#include "efi/cmdline.h"
#include "efi/console.h"
#include "efi/unlock.h"

/* Largest options file we read (the command line holds less anyway). */
#define OPTIONS_FILE_MAX 4096

static void get_options(EFI_HANDLE image_handle, struct options *opt)
{
	static struct cmdline cl;
	static char file[OPTIONS_FILE_MAX];
	EFI_LOADED_IMAGE *image = NULL;
	enum cmdline_prog prog = CMDLINE_PROG_GUESS;
	enum cmdline_status status = CMDLINE_OK;
	void *shell;
	int len;

	cl.argc = 0;
	if (!EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image_handle,
					 &LoadedImageProtocol, (void **)&image))) {
		/* The Shell always passes the program name first. */
		if (!EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image_handle,
						 &ShellParametersProtocolGuid,
						 &shell)))
			prog = CMDLINE_PROG_FIRST;
		status = cmdline_split_ucs2(&cl, image->LoadOptions,
					    image->LoadOptionsSize, prog);
		if (status == CMDLINE_TOO_LONG)
			Print(L"load options too long, ignored\n");
		if (cl.argc == 1) {
			len = read_options_file(image, file, sizeof(file));
			if (len >= 0) {
				Print(L"options from %s\n", OPTIONS_FILE_PATH);
				if (cmdline_split_text(&cl, file, len) != CMDLINE_OK)
					Print(L"%s: not usable, ignored\n",
					      OPTIONS_FILE_PATH);
			}
		}
	} else {
		cmdline_split_text(&cl, "", 0);
	}
	if (cl.argc > 1) {
		int i;

		Print(L"arguments:");
		for (i = 1; i < cl.argc; i++)
			Print(L" %a", cl.argv[i]);
		Print(L"\n");
	}
	options_parse(opt, cl.argc, cl.argv);
	if (opt->mode == RUN_USAGE_ERROR)
		Print(L"error: %a %a\n", opt->error,
		      opt->error_arg ? opt->error_arg : "");
}

EFI_STATUS efi_main(EFI_HANDLE image_handle, EFI_SYSTEM_TABLE *system_table)
{
	struct options opt;
	struct screen screen;
	int have_screen;
	EFI_STATUS result = EFI_SUCCESS;
	static struct app app;

	InitializeLib(image_handle, system_table);
	/* The boot manager arms a 5-minute watchdog; we wait for people. */
	uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
	/* First, as choosing the text mode clears the screen. */
	have_screen = efi_console_init(&screen) == 0;
	Print(L"bitrescue %a\n", BITRESCUE_VERSION);
	if (!have_screen)
		Print(L"warning: the console has no 80x25 text mode\n");
	connect_all_controllers();
	print_firmware_info();
	Print(L"Block devices: %d\n", count_block_devices());
	get_options(image_handle, &opt);

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
	case RUN_UNLOCK:
		app.image = image_handle;
		uefi_call_wrapper(BS->HandleProtocol, 3, image_handle,
				  &LoadedImageProtocol, (void **)&app.loaded_image);
		app.screen = have_screen ? &screen : NULL;
		app.opt = &opt;
		result = unlock_run_options(&app);
		/* Our image (the views' code) goes away when we return. */
		unlock_release_all(&app);
		break;
	case RUN_BENCH:
		run_bench(opt.bench_mib);
		break;
	case RUN_INTERACTIVE:
	case RUN_CONSOLE_TEST:
		if (!have_screen)
			result = EFI_UNSUPPORTED;
		else if (opt.mode == RUN_INTERACTIVE)
			key_loop(&screen, opt.timeout_seconds);
		else
			console_test(&screen, opt.timeout_seconds);
		break;
	}
	Print(L"bitrescue: exit\n");
	return result;
}
