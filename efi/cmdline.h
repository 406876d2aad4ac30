/** @file
 * The app's command line: splitting UEFI load options into argv, and
 * reading our options from argv.
 *
 * Portable (no EFI headers, no allocation) so it is tested on the host.
 * Load options arrive as UCS-2 from three kinds of callers:
 *   - the firmware boot manager: often empty, or binary OptionalData;
 *   - the UEFI Shell: the whole typed line, program name first;
 *   - a boot loader: usually just the arguments.
 */
#ifndef EFI_CMDLINE_H
#define EFI_CMDLINE_H

#include <stddef.h>

/* Room for several volumes' keys in one options file (tests, scripts). */
#define CMDLINE_MAX_ARGS  48
#define CMDLINE_MAX_CHARS 2048

struct cmdline {
	int argc;
	char *argv[CMDLINE_MAX_ARGS + 1]; /* argv[argc] == NULL */
	char text[CMDLINE_MAX_CHARS];
};

/* Does the first word of the load options name the program? */
enum cmdline_prog {
	CMDLINE_PROG_GUESS,   /* yes if it looks like a path or ends in .efi */
	CMDLINE_PROG_FIRST,   /* yes (the UEFI Shell started us) */
	CMDLINE_PROG_NONE,    /* no */
};

enum cmdline_status {
	CMDLINE_OK,
	CMDLINE_BINARY,       /* options are not text: ignored, argc == 1 */
	CMDLINE_TOO_LONG,     /* too many words or characters: argc == 1 */
};

/* argv[0] when the caller did not name the program. */
#define CMDLINE_PROG_NAME "bitrescue"

/* Split SIZE bytes of UCS-2 load options. Only printable ASCII counts as
 * text (anything else is binary data a boot manager attached); words are
 * separated by spaces or tabs, and "double quotes" group words. */
enum cmdline_status cmdline_split_ucs2(struct cmdline *cl, const void *options,
				       size_t size, enum cmdline_prog prog);

/* Split an ASCII options file: words separated by white space, '#' starts
 * a comment to the end of the line. argv[0] is CMDLINE_PROG_NAME. */
enum cmdline_status cmdline_split_text(struct cmdline *cl, const char *text,
				       size_t len);

enum run_mode {
	RUN_INTERACTIVE,
	RUN_SELF_TEST,
	RUN_CONSOLE_TEST,
	RUN_KEY_TEST,      /* name each key typed (console checks) */
	RUN_LIST,          /* print devices and volumes, then exit */
	RUN_REPORT,        /* save the report, then exit */
	RUN_HELP,
	RUN_USAGE_ERROR,
	RUN_UNLOCK,        /* --volume or a key option: unlock without the list */
	RUN_BENCH,         /* --bench */
};

/* How one volume is to be unlocked (efi/unlock.c). */
enum unlock_with {
	UNLOCK_WITH_PROMPT,     /* ask: the recovery password screen */
	UNLOCK_WITH_RECOVERY,   /* --recovery-password P */
	UNLOCK_WITH_PASSWORD,   /* --password P */
	UNLOCK_WITH_STARTUP_KEY,/* --startup-key PATH (on the boot device) */
	UNLOCK_WITH_CLEAR_KEY,  /* --clear-key */
};

struct unlock_request {
	const char *volume;     /* --volume N|GUID; NULL: the only volume */
	enum unlock_with with;
	const char *secret;     /* password, recovery password or key path */
};

#define OPTIONS_MAX_UNLOCKS 12

struct options {
	enum run_mode mode;
	unsigned timeout_seconds;  /* 0: wait for keys forever */
	int list_tpm;              /* --list --tpm: the TPM and PCRs too */
	const char *error;         /* RUN_USAGE_ERROR: what is wrong ... */
	const char *error_arg;     /* ... and with which argument (or NULL) */

	/* Unlocking: each --volume starts a request, key options fill it. */
	unsigned n_unlocks;
	struct unlock_request unlocks[OPTIONS_MAX_UNLOCKS];
	const char *then_path;     /* --then PATH: start it after unlocking */
	int then_argc;             /* words after "--": its load options */
	char *const *then_argv;
	int verify;                /* --verify: SHA-256 of each decrypted view */
	int list_root;             /* --ls: list a folder of the unlocked file system */
	const char *list_path;     /* --ls \\PATH: which (NULL: the root) */
	int best_effort;           /* --best-effort: offer an uncertain view too */
	unsigned bench_mib;        /* --bench [MiB]: 0 when not asked */
	const char *lang;          /* --lang: "da" or "en"; NULL: the firmware's */
};

#define OPTIONS_BENCH_DEFAULT_MIB 64
#define OPTIONS_MAX_BENCH_MIB 4096

#define OPTIONS_MAX_TIMEOUT 86400

/* Read argv[1..argc-1]. Never fails hard: bad input gives RUN_USAGE_ERROR. */
void options_parse(struct options *opt, int argc, char *const *argv);

/* ARGV[I] as it may be printed: the values of --password and
 * --recovery-password are shown as "(hidden)". */
const char *options_shown_arg(char *const *argv, int i);

/* Usage text, lines separated by '\n'. */
extern const char options_usage[];

#endif
