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

#define CMDLINE_MAX_ARGS  16
#define CMDLINE_MAX_CHARS 512

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
};

struct options {
	enum run_mode mode;
	unsigned timeout_seconds;  /* 0: wait for keys forever */
	int list_tpm;              /* --list --tpm: the TPM and PCRs too */
	const char *error;         /* RUN_USAGE_ERROR: what is wrong ... */
	const char *error_arg;     /* ... and with which argument (or NULL) */
};

#define OPTIONS_MAX_TIMEOUT 86400

/* Read argv[1..argc-1]. Never fails hard: bad input gives RUN_USAGE_ERROR. */
void options_parse(struct options *opt, int argc, char *const *argv);

/* Usage text, lines separated by '\n'. */
extern const char options_usage[];

#endif
