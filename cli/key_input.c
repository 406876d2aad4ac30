/** @file
 * Keys typed, not given as arguments: `--recovery-password -` and
 * `--password -` read one line from standard input. A key on the command
 * line is visible to every user of the machine (ps, shell history).
 *
 * On a terminal the prompt goes to stderr and echo is off while typing,
 * as cryptsetup does; from a pipe the first line is the key.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "cli/cli.h"
#include "crypto/wipe.h"

/* Room for the longest key we accept: BitLocker passwords are at most 256
 * UTF-16 characters, so 1 KiB of UTF-8 is plenty. */
#define KEY_LINE_MAX 1024

static char key_line[KEY_LINE_MAX + 2];

/* One line from stdin into key_line, without its line ending; says why not. */
static int read_line(void)
{
	size_t len;

	if (!fgets(key_line, sizeof(key_line), stdin)) {
		fprintf(stderr, "bitrescue: no key on standard input\n");
		return -1;
	}
	len = strlen(key_line);
	if (len > KEY_LINE_MAX) {
		fprintf(stderr, "bitrescue: the key on standard input is over %d bytes\n",
			KEY_LINE_MAX);
		return -1;
	}
	while (len && (key_line[len - 1] == '\n' || key_line[len - 1] == '\r'))
		key_line[--len] = '\0';
	return 0;
}

const char *key_from_stdin(const char *prompt)
{
	struct termios saved, quiet;
	int on_terminal = isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &saved);
	int r;

	if (on_terminal) {
		/* echo off before the prompt: nothing typed after it may show */
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		fprintf(stderr, "%s: ", prompt);
	}
	r = read_line();
	if (on_terminal)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	if (r) {
		key_from_stdin_wipe();
		return NULL;
	}
	return key_line;
}

void key_from_stdin_wipe(void)
{
	wipe(key_line, sizeof(key_line));
}
