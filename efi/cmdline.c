/** @file
 * Splitting load options into argv and parsing our options (portable).
 */
#include <stdint.h>
#include <string.h>
#include "efi/cmdline.h"
#include "ui/msg.h"

const char options_usage[] =
	"usage: bitrescue [--list [--tpm] | --report | --self-test | --console-test |\n"
	"                  --key-test] [--timeout SECONDS] [--help]\n"
	"       bitrescue [--volume N|GUID] [KEY] [--verify] [--ls [\\PATH]] [--then PATH] ...\n"
	"       bitrescue --bench [MIB]\n"
	"  --list             print every disk and BitLocker volume, then exit\n"
	"  --tpm              with --list: the TPM, its PCRs and event log too\n"
	"  --report           save \\bitrescue\\report.txt and eventlog.bin on the\n"
	"                     boot device, then exit\n"
	"  --self-test        run the built-in self-tests and exit\n"
	"  --console-test     check the display and the keyboard (F-keys too)\n"
	"  --key-test         name each key pressed\n"
	"  --timeout SECONDS  exit after SECONDS without a key (default: wait)\n"
	"  --lang da|en       screens in Danish or English (default: Danish when\n"
	"                     the firmware's language is, else English)\n"
	"  --help             show this text\n"
	"  --volume N|GUID    the Nth BitLocker volume found (from 1), or the one\n"
	"                     with that volume GUID; alone: ask for its key.\n"
	"                     Repeat --volume KEY pairs to unlock several.\n"
	"  KEY is one of:\n"
	"  --recovery-password P  the 48-digit recovery password\n"
	"  --password P       the volume's user password\n"
	"  --startup-key PATH a .BEK file on the boot device\n"
	"  --clear-key        a suspended volume's clear key\n"
	"  --verify           print the SHA-256 of each decrypted volume\n"
	"  --best-effort      offer an uncertain view (used space only, its\n"
	"                     bitmaps unreadable: unwritten chunks read as noise)\n"
	"  --ls [\\PATH]       list a folder of each unlocked file system (NTFS\n"
	"                     too): PATH, given from the root, or the root\n"
	"  --then PATH        then start this EFI program (fsN:\\path or \\path, or\n"
	"                     shell: the firmware's built-in UEFI Shell),\n"
	"                     the decrypted volumes staying available to it;\n"
	"                     words after -- are its load options\n"
	"  --bench [MIB]      time one key stretch and decrypting MIB MiB (64)\n"
	"Options come from the load options; when there are none, from\n"
	"\\EFI\\bitrescue\\options.txt on the device the app was loaded from.\n";

/* Splitter state shared by both input encodings. */
struct splitter {
	struct cmdline *cl;
	size_t used;          /* bytes of cl->text in use */
	int in_word;
	int overflow;
};

static void split_begin(struct splitter *s, struct cmdline *cl)
{
	memset(cl, 0, sizeof(*cl));
	s->cl = cl;
	s->used = 0;
	s->in_word = 0;
	s->overflow = 0;
}

/* Start a word (possibly empty, as in "") unless one is open. */
static void begin_word(struct splitter *s)
{
	struct cmdline *cl = s->cl;

	if (s->in_word || s->overflow)
		return;
	if (cl->argc >= CMDLINE_MAX_ARGS) {
		s->overflow = 1;
		return;
	}
	cl->argv[cl->argc++] = cl->text + s->used;
	s->in_word = 1;
}

static void put_char(struct splitter *s, char c)
{
	begin_word(s);
	/* Keep room for this word's terminating NUL. */
	if (s->overflow || s->used + 2 > sizeof(s->cl->text)) {
		s->overflow = 1;
		return;
	}
	s->cl->text[s->used++] = c;
}

static void end_word(struct splitter *s)
{
	if (s->in_word && !s->overflow) {
		if (s->used >= sizeof(s->cl->text))
			s->overflow = 1;
		else
			s->cl->text[s->used++] = '\0';
	}
	s->in_word = 0;
}

/* Reset to the no-arguments command line. */
static void only_prog_name(struct cmdline *cl)
{
	static const char name[] = CMDLINE_PROG_NAME;

	memset(cl, 0, sizeof(*cl));
	memcpy(cl->text, name, sizeof(name));
	cl->argv[0] = cl->text;
	cl->argc = 1;
}

/* Make room at argv[0] for the default program name. */
static void prepend_prog_name(struct cmdline *cl)
{
	static const char name[] = CMDLINE_PROG_NAME;
	size_t used = 0;
	int i;

	if (cl->argc > 0)
		used = (size_t)(cl->argv[cl->argc - 1] - cl->text) +
		       strlen(cl->argv[cl->argc - 1]) + 1;
	memmove(cl->text + sizeof(name), cl->text, used);
	memcpy(cl->text, name, sizeof(name));
	for (i = cl->argc; i > 0; i--)
		cl->argv[i] = cl->argv[i - 1] + sizeof(name);
	cl->argv[0] = cl->text;
	cl->argc++;
	cl->argv[cl->argc] = NULL;
}

static int looks_like_program(const char *word)
{
	size_t n = strlen(word), i;

	if (word[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (word[i] == '\\' || word[i] == '/' || word[i] == ':')
			return 1;
	return n >= 4 && word[n - 4] == '.' &&
	       (word[n - 3] | 0x20) == 'e' && (word[n - 2] | 0x20) == 'f' &&
	       (word[n - 1] | 0x20) == 'i';
}

/* Our own words fit CMDLINE_MAX_ARGS - 1 so argv[0] can be prepended. */
static enum cmdline_status finish(struct splitter *s, int first_is_prog)
{
	struct cmdline *cl = s->cl;

	end_word(s);
	if (s->overflow) {
		only_prog_name(cl);
		return CMDLINE_TOO_LONG;
	}
	if (cl->argc == 0 || !first_is_prog) {
		if (cl->argc >= CMDLINE_MAX_ARGS ||
		    s->used + sizeof(CMDLINE_PROG_NAME) > sizeof(cl->text)) {
			only_prog_name(cl);
			return CMDLINE_TOO_LONG;
		}
		prepend_prog_name(cl);
	}
	cl->argv[cl->argc] = NULL;
	return CMDLINE_OK;
}

enum cmdline_status cmdline_split_ucs2(struct cmdline *cl, const void *options,
				       size_t size, enum cmdline_prog prog)
{
	const uint8_t *p = options;
	size_t units, len = 0, i;
	struct splitter s;
	int quoted = 0, first_is_prog;

	if (!options)
		size = 0;   /* a firmware that gives a size but no buffer */
	units = size / 2;
	/* Text is whole UCS-2 units of printable ASCII, then only NULs. */
	if (size % 2) {
		only_prog_name(cl);
		return CMDLINE_BINARY;
	}
	while (len < units && (p[2 * len] | p[2 * len + 1] << 8) != 0)
		len++;
	for (i = 0; i < units; i++) {
		unsigned c = p[2 * i] | p[2 * i + 1] << 8;

		if (i < len ? !(c == '\t' || (c >= 0x20 && c < 0x7f)) : c != 0) {
			only_prog_name(cl);
			return CMDLINE_BINARY;
		}
	}

	split_begin(&s, cl);
	for (i = 0; i < len; i++) {
		char c = (char)p[2 * i];

		if (c == '"') {
			quoted = !quoted;
			begin_word(&s);
		} else if ((c == ' ' || c == '\t') && !quoted) {
			end_word(&s);
		} else {
			put_char(&s, c);
		}
	}
	end_word(&s);
	first_is_prog = cl->argc > 0 && !s.overflow &&
			(prog == CMDLINE_PROG_FIRST ||
			 (prog == CMDLINE_PROG_GUESS && looks_like_program(cl->argv[0])));
	return finish(&s, first_is_prog);
}

enum cmdline_status cmdline_split_text(struct cmdline *cl, const char *text,
				       size_t len)
{
	struct splitter s;
	size_t i;
	int comment = 0;

	split_begin(&s, cl);
	/* Notepad may start the file with a UTF-8 byte order mark. */
	i = len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n' || c == '\r') {
			comment = 0;
			end_word(&s);
		} else if (comment) {
			continue;
		} else if (c == '#' && !s.in_word) {
			comment = 1;
		} else if (c == ' ' || c == '\t') {
			end_word(&s);
		} else if (c < 0x20 || c >= 0x7f) {
			only_prog_name(cl);
			return CMDLINE_BINARY;
		} else {
			put_char(&s, (char)c);
		}
	}
	return finish(&s, 0);
}

/* Decimal, no sign, at most MAX; returns 0 on success. */
static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static void usage_error(struct options *opt, const char *error, const char *arg)
{
	opt->mode = RUN_USAGE_ERROR;
	opt->error = error;
	opt->error_arg = arg;
}

/* The request a key option fills: the last one if it has no key yet. */
static struct unlock_request *request_for_key(struct options *opt)
{
	struct unlock_request *r;

	if (opt->n_unlocks &&
	    opt->unlocks[opt->n_unlocks - 1].with == UNLOCK_WITH_PROMPT)
		return &opt->unlocks[opt->n_unlocks - 1];
	if (opt->n_unlocks >= OPTIONS_MAX_UNLOCKS)
		return NULL;
	r = &opt->unlocks[opt->n_unlocks++];
	r->volume = NULL;
	r->with = UNLOCK_WITH_PROMPT;
	r->secret = NULL;
	return r;
}

/* The request --volume names: the last one if it names none yet. */
static struct unlock_request *request_for_volume(struct options *opt)
{
	if (opt->n_unlocks && !opt->unlocks[opt->n_unlocks - 1].volume)
		return &opt->unlocks[opt->n_unlocks - 1];
	if (opt->n_unlocks >= OPTIONS_MAX_UNLOCKS)
		return NULL;
	opt->unlocks[opt->n_unlocks].with = UNLOCK_WITH_PROMPT;
	opt->unlocks[opt->n_unlocks].secret = NULL;
	return &opt->unlocks[opt->n_unlocks++];
}

static const struct {
	const char *name;
	enum unlock_with with;
	int has_value;
} key_options[] = {
	{ "--recovery-password", UNLOCK_WITH_RECOVERY, 1 },
	{ "--password", UNLOCK_WITH_PASSWORD, 1 },
	{ "--startup-key", UNLOCK_WITH_STARTUP_KEY, 1 },
	{ "--clear-key", UNLOCK_WITH_CLEAR_KEY, 0 },
};

/* Our unlocking options at ARGV[*I]; returns 1 if it was one, 0 if not,
 * -1 after a usage error. */
static int parse_unlock_option(struct options *opt, int argc, char *const *argv,
			       int *i)
{
	const char *a = argv[*i];
	struct unlock_request *r;
	size_t k;

	for (k = 0; k < sizeof(key_options) / sizeof(key_options[0]); k++) {
		if (strcmp(a, key_options[k].name))
			continue;
		if (key_options[k].has_value && *i + 1 >= argc) {
			usage_error(opt, "missing value for", a);
			return -1;
		}
		r = request_for_key(opt);
		if (!r) {
			usage_error(opt, "too many volumes at", a);
			return -1;
		}
		r->with = key_options[k].with;
		r->secret = key_options[k].has_value ? argv[++*i] : NULL;
		return 1;
	}
	if (!strcmp(a, "--volume")) {
		if (*i + 1 >= argc || !argv[*i + 1][0]) {
			usage_error(opt, "missing value for", a);
			return -1;
		}
		r = request_for_volume(opt);
		if (!r) {
			usage_error(opt, "too many volumes at", a);
			return -1;
		}
		r->volume = argv[++*i];
		return 1;
	}
	if (!strcmp(a, "--then")) {
		if (*i + 1 >= argc || !argv[*i + 1][0]) {
			usage_error(opt, "missing value for", a);
			return -1;
		}
		opt->then_path = argv[++*i];
		return 1;
	}
	if (!strcmp(a, "--verify")) {
		opt->verify = 1;
		return 1;
	}
	if (!strcmp(a, "--ls")) {
		opt->list_root = 1;
		/* A folder may follow: only a path from the root, so that the
		 * next option is never taken for one. */
		if (*i + 1 < argc && (argv[*i + 1][0] == '\\' || argv[*i + 1][0] == '/'))
			opt->list_path = argv[++*i];
		return 1;
	}
	if (!strcmp(a, "--best-effort")) {
		opt->best_effort = 1;
		return 1;
	}
	if (!strcmp(a, "--bench")) {
		opt->bench_mib = OPTIONS_BENCH_DEFAULT_MIB;
		/* An optional size follows. */
		if (*i + 1 < argc && argv[*i + 1][0] >= '0' && argv[*i + 1][0] <= '9') {
			if (parse_uint(argv[*i + 1], OPTIONS_MAX_BENCH_MIB,
				       &opt->bench_mib) || opt->bench_mib == 0) {
				usage_error(opt, "bad number of MiB", argv[*i + 1]);
				return -1;
			}
			++*i;
		}
		return 1;
	}
	return 0;
}

void options_parse(struct options *opt, int argc, char *const *argv)
{
	int i, r;

	opt->mode = RUN_INTERACTIVE;
	opt->timeout_seconds = 0;
	opt->list_tpm = 0;
	opt->error = NULL;
	opt->error_arg = NULL;
	opt->n_unlocks = 0;
	opt->then_path = NULL;
	opt->then_argc = 0;
	opt->then_argv = NULL;
	opt->verify = 0;
	opt->list_root = 0;
	opt->list_path = NULL;
	opt->best_effort = 0;
	opt->bench_mib = 0;
	opt->lang = NULL;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL;

		if (strcmp(a, "--self-test") == 0) {
			if (opt->mode == RUN_INTERACTIVE)
				opt->mode = RUN_SELF_TEST;
		} else if (strcmp(a, "--console-test") == 0) {
			if (opt->mode == RUN_INTERACTIVE)
				opt->mode = RUN_CONSOLE_TEST;
		} else if (strcmp(a, "--key-test") == 0) {
			if (opt->mode == RUN_INTERACTIVE)
				opt->mode = RUN_KEY_TEST;
		} else if (strcmp(a, "--list") == 0) {
			if (opt->mode == RUN_INTERACTIVE)
				opt->mode = RUN_LIST;
		} else if (strcmp(a, "--report") == 0) {
			if (opt->mode == RUN_INTERACTIVE)
				opt->mode = RUN_REPORT;
		} else if (strcmp(a, "--tpm") == 0) {
			opt->list_tpm = 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			opt->mode = RUN_HELP;
		} else if (strcmp(a, "--timeout") == 0) {
			if (i + 1 >= argc)
				return usage_error(opt, "missing value for", a);
			value = argv[++i];
		} else if (strncmp(a, "--timeout=", 10) == 0) {
			value = a + 10;
		} else if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
			const char *code = a[6] == '=' ? a + 7 : NULL;
			enum ui_lang lang;

			if (!code && i + 1 >= argc)
				return usage_error(opt, "missing value for", a);
			if (!code)
				code = argv[++i];
			if (ui_lang_parse(code, &lang))
				return usage_error(opt, "--lang takes da or en, not", code);
			opt->lang = code;
		} else if (strcmp(a, "--") == 0) {
			/* The rest is for the program --then starts. */
			opt->then_argc = argc - i - 1;
			opt->then_argv = argv + i + 1;
			break;
		} else if ((r = parse_unlock_option(opt, argc, argv, &i)) != 0) {
			if (r < 0)
				return;
		} else {
			return usage_error(opt, "unknown option", a);
		}
		if (value && parse_uint(value, OPTIONS_MAX_TIMEOUT,
					&opt->timeout_seconds))
			return usage_error(opt, "bad number of seconds", value);
	}
	/* Tests and --help win; otherwise what was asked for runs. */
	if (opt->mode == RUN_INTERACTIVE && opt->bench_mib)
		opt->mode = RUN_BENCH;
	else if (opt->mode == RUN_INTERACTIVE && opt->n_unlocks)
		opt->mode = RUN_UNLOCK;
	/* These act on the volumes --volume unlocks: alone they would be
	 * ignored without a word. */
	if (opt->mode == RUN_INTERACTIVE && (opt->then_path || opt->verify ||
					     opt->list_root))
		usage_error(opt, "needs --volume N|GUID (its key is asked for "
			    "when none is given):", opt->then_path ? "--then" :
			    opt->verify ? "--verify" : "--ls");
}

const char *options_shown_arg(char *const *argv, int i)
{
	if (i > 1 && (!strcmp(argv[i - 1], "--recovery-password") ||
		      !strcmp(argv[i - 1], "--password")))
		return "(hidden)";
	return argv[i];
}
