/** @file
 * Self-test of efi/cmdline.c: load options as the boot manager, the UEFI
 * Shell and boot loaders pass them, and option parsing. Inputs are made up
 * to cover each caller (UEFI 2.10 section 3.1.3 and the Shell 2.2 spec say
 * LoadOptions is opaque to the firmware and a command line for the Shell).
 */
#include <string.h>
#include "check.h"
#include "efi/cmdline.h"

/* ASCII to UCS-2 little endian with a terminating NUL; returns bytes. */
static size_t ucs2(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	do {
		if (n + 2 > max)
			break;
		out[n++] = (uint8_t)*s;
		out[n++] = 0;
	} while (*s++);
	return n;
}

static int argv_is(const struct cmdline *cl, int argc, const char *const *want)
{
	int i;

	if (cl->argc != argc || cl->argv[argc] != NULL)
		return 0;
	for (i = 0; i < argc; i++)
		if (strcmp(cl->argv[i], want[i]) != 0)
			return 0;
	return 1;
}

struct split_case {
	const char *options;
	enum cmdline_prog prog;
	int argc;
	const char *argv[5];
};

static const struct split_case split_cases[] = {
	/* Boot manager, no options. */
	{ "", CMDLINE_PROG_GUESS, 1, { "bitrescue" } },
	/* Boot loader passing only arguments. */
	{ "--self-test", CMDLINE_PROG_GUESS, 2, { "bitrescue", "--self-test" } },
	{ "  --timeout\t5  ", CMDLINE_PROG_GUESS, 3,
	  { "bitrescue", "--timeout", "5" } },
	/* Shell: the program name comes first, with or without a path. */
	{ "FS0:\\EFI\\BOOT\\BOOTX64.EFI --help", CMDLINE_PROG_GUESS, 2,
	  { "FS0:\\EFI\\BOOT\\BOOTX64.EFI", "--help" } },
	{ "bitrescue.efi", CMDLINE_PROG_GUESS, 1, { "bitrescue.efi" } },
	{ "bootx64 --self-test", CMDLINE_PROG_FIRST, 2, { "bootx64", "--self-test" } },
	{ "word", CMDLINE_PROG_GUESS, 2, { "bitrescue", "word" } },
	{ "\\x.efi a", CMDLINE_PROG_NONE, 3, { "bitrescue", "\\x.efi", "a" } },
	/* Quotes group words; "" is an empty word. */
	{ "x.efi \"a b\" \"\" c\"d e\"", CMDLINE_PROG_GUESS, 4,
	  { "x.efi", "a b", "", "cd e" } },
};

static void split_ucs2_cases(void)
{
	uint8_t buf[256];
	struct cmdline cl;
	size_t i;

	for (i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const struct split_case *c = &split_cases[i];
		size_t n = ucs2(c->options, buf, sizeof(buf));

		check(cmdline_split_ucs2(&cl, buf, n, c->prog) == CMDLINE_OK);
		check(argv_is(&cl, c->argc, c->argv));
	}
	/* Without a terminating NUL, and with zero size and no buffer. */
	{
		size_t n = ucs2("--help", buf, sizeof(buf)) - 2;
		static const char *const want[] = { "bitrescue", "--help" };

		check(cmdline_split_ucs2(&cl, buf, n, CMDLINE_PROG_GUESS) == CMDLINE_OK);
		check(argv_is(&cl, 2, want));
	}
	check(cmdline_split_ucs2(&cl, NULL, 0, CMDLINE_PROG_GUESS) == CMDLINE_OK);
	check(cl.argc == 1 && strcmp(cl.argv[0], "bitrescue") == 0);
	check(cmdline_split_ucs2(&cl, NULL, 64, CMDLINE_PROG_GUESS) == CMDLINE_OK);
	check(cl.argc == 1);
}

static void split_ucs2_binary(void)
{
	/* What an auto-created boot option carries: 16 bytes of GUID. */
	static const uint8_t guid[16] = {
		0x2d, 0x83, 0x16, 0x6b, 0x9e, 0xc7, 0x4f, 0x49,
		0x9f, 0x4b, 0x1e, 0x46, 0xfa, 0x81, 0x92, 0x47,
	};
	static const uint8_t odd[3] = { '-', 0, '-' };
	static const uint8_t after_nul[6] = { 'a', 0, 0, 0, 'b', 0 };
	static const uint8_t non_ascii[4] = { 0xe9, 0x00, 0, 0 };
	struct cmdline cl;

	check(cmdline_split_ucs2(&cl, guid, sizeof(guid), CMDLINE_PROG_GUESS) ==
	      CMDLINE_BINARY);
	check(cl.argc == 1 && cl.argv[1] == NULL);
	check(cmdline_split_ucs2(&cl, odd, sizeof(odd), CMDLINE_PROG_GUESS) ==
	      CMDLINE_BINARY);
	check(cmdline_split_ucs2(&cl, after_nul, sizeof(after_nul),
				 CMDLINE_PROG_GUESS) == CMDLINE_BINARY);
	check(cmdline_split_ucs2(&cl, non_ascii, sizeof(non_ascii),
				 CMDLINE_PROG_GUESS) == CMDLINE_BINARY);
	check(cl.argc == 1 && strcmp(cl.argv[0], "bitrescue") == 0);
}

static void split_limits(void)
{
	uint8_t buf[4 * CMDLINE_MAX_CHARS];
	char text[2 * CMDLINE_MAX_CHARS];
	struct cmdline cl;
	size_t i;

	/* Too many words. */
	for (i = 0; i < 2 * CMDLINE_MAX_ARGS; i++) {
		text[2 * i] = 'a';
		text[2 * i + 1] = ' ';
	}
	text[4 * CMDLINE_MAX_ARGS] = '\0';
	check(cmdline_split_ucs2(&cl, buf, ucs2(text, buf, sizeof(buf)),
				 CMDLINE_PROG_GUESS) == CMDLINE_TOO_LONG);
	check(cl.argc == 1 && cl.argv[1] == NULL);
	/* Exactly the most words that fit with argv[0] prepended. */
	text[2 * (CMDLINE_MAX_ARGS - 1)] = '\0';
	check(cmdline_split_ucs2(&cl, buf, ucs2(text, buf, sizeof(buf)),
				 CMDLINE_PROG_GUESS) == CMDLINE_OK);
	check(cl.argc == CMDLINE_MAX_ARGS && cl.argv[CMDLINE_MAX_ARGS] == NULL);
	/* One word too long for the buffer. */
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	check(cmdline_split_ucs2(&cl, buf, ucs2(text, buf, sizeof(buf)),
				 CMDLINE_PROG_GUESS) == CMDLINE_TOO_LONG);
	check(cl.argc == 1);
	check(cmdline_split_text(&cl, text, strlen(text)) == CMDLINE_TOO_LONG);
	check(cl.argc == 1);
}

static void split_text_file(void)
{
	static const char file[] =
		"# bitrescue options\r\n--timeout 30 # seconds\n\n--self-test";
	static const char *const want[] = {
		"bitrescue", "--timeout", "30", "--self-test",
	};
	static const char bad[] = "--help\x01";
	struct cmdline cl;

	check(cmdline_split_text(&cl, file, sizeof(file) - 1) == CMDLINE_OK);
	check(argv_is(&cl, 4, want));
	check(cmdline_split_text(&cl, bad, sizeof(bad) - 1) == CMDLINE_BINARY);
	check(cl.argc == 1);
	check(cmdline_split_text(&cl, "", 0) == CMDLINE_OK && cl.argc == 1);
	/* A UTF-8 byte order mark (Notepad) first is skipped, not binary. */
	check(cmdline_split_text(&cl, "\xef\xbb\xbf--list\r\n", 11) == CMDLINE_OK);
	check(cl.argc == 2 && !strcmp(cl.argv[1], "--list"));
	check(cmdline_split_text(&cl, "--list \xef\xbb\xbf", 10) == CMDLINE_BINARY);
}

struct options_case {
	int argc;
	const char *argv[4];
	enum run_mode mode;
	unsigned timeout;
};

static const struct options_case options_cases[] = {
	{ 1, { "x" }, RUN_INTERACTIVE, 0 },
	{ 2, { "x", "--self-test" }, RUN_SELF_TEST, 0 },
	{ 2, { "x", "--help" }, RUN_HELP, 0 },
	{ 4, { "x", "--console-test", "--timeout", "9" }, RUN_CONSOLE_TEST, 9 },
	{ 3, { "x", "--self-test", "--console-test" }, RUN_SELF_TEST, 0 },
	{ 3, { "x", "--help", "--self-test" }, RUN_HELP, 0 },
	{ 3, { "x", "--timeout", "15" }, RUN_INTERACTIVE, 15 },
	{ 2, { "x", "--timeout=86400" }, RUN_INTERACTIVE, 86400 },
	{ 2, { "x", "--timeout=86401" }, RUN_USAGE_ERROR, 0 },
	{ 3, { "x", "--timeout", "-1" }, RUN_USAGE_ERROR, 0 },
	{ 3, { "x", "--timeout", "" }, RUN_USAGE_ERROR, 0 },
	{ 3, { "x", "--timeout", "99999999999999999999" }, RUN_USAGE_ERROR, 0 },
	{ 2, { "x", "--timeout" }, RUN_USAGE_ERROR, 0 },
	{ 2, { "x", "--frobnicate" }, RUN_USAGE_ERROR, 0 },
	{ 2, { "x", "" }, RUN_USAGE_ERROR, 0 },
	{ 4, { "x", "--list", "--timeout", "5" }, RUN_LIST, 5 },
	{ 3, { "x", "--tpm", "--list" }, RUN_LIST, 0 },
	{ 2, { "x", "--report" }, RUN_REPORT, 0 },
	{ 3, { "x", "--report", "--list" }, RUN_REPORT, 0 },
	{ 2, { "x", "--key-test" }, RUN_KEY_TEST, 0 },
	/* They act on unlocked volumes: without --volume, say so. */
	{ 3, { "x", "--then", "\\a.efi" }, RUN_USAGE_ERROR, 0 },
	{ 2, { "x", "--verify" }, RUN_USAGE_ERROR, 0 },
	{ 2, { "x", "--ls" }, RUN_USAGE_ERROR, 0 },
};

/* Unlock requests: each --volume starts one, key options fill the last
 * (in either order); the rest are flags. */
static void parse_unlock_options(void)
{
	static const char *const two[] = {
		"x", "--volume", "2", "--recovery-password", "111111-2",
		"--password", "pw", "--volume", "{GUID}", "--verify", "--ls",
		"--then", "fs1:\\a.efi", "--clear-key", "--volume", "3", "--best-effort",
	};
	static const char *const bench[] = { "x", "--bench", "16" };
	static const char *const ls_path[] = {
		"x", "--volume", "1", "--ls", "\\Users\\Ann Smith" };
	static const char *const ls_slash[] = { "x", "--volume", "1", "--ls", "/Users" };
	static const char *const ls_option[] = { "x", "--volume", "1", "--ls", "--verify" };
	static const char *const ls_relative[] = { "x", "--volume", "1", "--ls", "Users" };
	static const char *const bad[][3] = {
		{ "x", "--volume", "" }, { "x", "--bench", "0" },
		{ "x", "--then", "" }, { "x", "--password", NULL },
		{ "x", "--bench", "99999" }, { "x", "--startup-key", NULL },
	};
	struct options opt;
	size_t i;

	options_parse(&opt, 17, (char *const *)two);
	check(opt.mode == RUN_UNLOCK && opt.n_unlocks == 3);
	check(!strcmp(opt.unlocks[0].volume, "2") &&
	      opt.unlocks[0].with == UNLOCK_WITH_RECOVERY &&
	      !strcmp(opt.unlocks[0].secret, "111111-2"));
	/* A key before its --volume belongs to the request the volume names. */
	check(opt.unlocks[1].with == UNLOCK_WITH_PASSWORD &&
	      !strcmp(opt.unlocks[1].volume, "{GUID}"));
	check(opt.unlocks[2].with == UNLOCK_WITH_CLEAR_KEY &&
	      !strcmp(opt.unlocks[2].volume, "3"));
	check(opt.verify && opt.list_root && !strcmp(opt.then_path, "fs1:\\a.efi"));
	/* --ls takes a folder only when one from the root follows. */
	check(opt.list_path == NULL);
	check(opt.bench_mib == 0 && opt.best_effort);

	options_parse(&opt, 3, (char *const *)bench);
	check(opt.mode == RUN_BENCH && opt.bench_mib == 16 && opt.n_unlocks == 0 &&
	      !opt.best_effort);
	options_parse(&opt, 2, (char *const *)bench);
	check(opt.mode == RUN_BENCH && opt.bench_mib == OPTIONS_BENCH_DEFAULT_MIB);
	options_parse(&opt, 5, (char *const *)ls_path);
	check(opt.mode == RUN_UNLOCK && opt.list_root &&
	      !strcmp(opt.list_path, "\\Users\\Ann Smith"));
	options_parse(&opt, 5, (char *const *)ls_slash);
	check(opt.mode == RUN_UNLOCK && !strcmp(opt.list_path, "/Users"));
	options_parse(&opt, 5, (char *const *)ls_option);
	check(opt.mode == RUN_UNLOCK && opt.list_root && !opt.list_path && opt.verify);
	options_parse(&opt, 5, (char *const *)ls_relative);
	check(opt.mode == RUN_USAGE_ERROR && !strcmp(opt.error_arg, "Users"));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		options_parse(&opt, bad[i][2] ? 3 : 2, (char *const *)bad[i]);
		check(opt.mode == RUN_USAGE_ERROR && opt.error && opt.error_arg);
	}
}

/* --lang picks the screens' language; anything but da or en is refused. */
static void parse_lang(void)
{
	static const char *const da[] = { "x", "--lang", "da", "--list" };
	static const char *const en[] = { "x", "--lang=EN" };
	static const char *const bad[][3] = {
		{ "x", "--lang", "de" }, { "x", "--lang=", NULL }, { "x", "--lang", NULL },
		{ "x", "--lang", "dansk" },
	};
	struct options opt;
	size_t i;

	options_parse(&opt, 4, (char *const *)da);
	check(opt.mode == RUN_LIST && opt.lang && !strcmp(opt.lang, "da"));
	options_parse(&opt, 2, (char *const *)en);
	check(opt.mode == RUN_INTERACTIVE && opt.lang && !strcmp(opt.lang, "EN"));
	options_parse(&opt, 1, (char *const *)en);
	check(opt.lang == NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		options_parse(&opt, bad[i][2] ? 3 : 2, (char *const *)bad[i]);
		check(opt.mode == RUN_USAGE_ERROR && opt.error && opt.error_arg);
	}
}

/* Key values never reach the screen or the serial log. */
static void shown_args(void)
{
	static const char *const argv[] = {
		"x", "--recovery-password", "111111-2", "--password", "pw",
		"--startup-key", "\\k.bek", "--volume", "1",
	};
	char *const *a = (char *const *)argv;

	check(!strcmp(options_shown_arg(a, 1), "--recovery-password"));
	check(!strcmp(options_shown_arg(a, 2), "(hidden)"));
	check(!strcmp(options_shown_arg(a, 3), "--password"));
	check(!strcmp(options_shown_arg(a, 4), "(hidden)"));
	check(!strcmp(options_shown_arg(a, 6), "\\k.bek"));
	check(!strcmp(options_shown_arg(a, 8), "1"));
}

static void parse_options(void)
{
	struct options opt;
	size_t i;

	for (i = 0; i < sizeof(options_cases) / sizeof(options_cases[0]); i++) {
		const struct options_case *c = &options_cases[i];

		options_parse(&opt, c->argc, (char *const *)c->argv);
		check(opt.mode == c->mode);
		if (c->mode == RUN_USAGE_ERROR)
			check(opt.error != NULL && opt.error_arg != NULL);
		else
			check(opt.timeout_seconds == c->timeout && opt.error == NULL);
		check(opt.list_tpm == (c->mode == RUN_LIST && c->argc == 3));
	}
}

SELFTEST(cmdline)
{
	shown_args();
	split_ucs2_cases();
	split_ucs2_binary();
	split_limits();
	split_text_file();
	parse_options();
	parse_unlock_options();
	parse_lang();
}
