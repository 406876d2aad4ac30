/** @file
 * libFuzzer target for the load-options splitter and option parser
 * (efi/cmdline.c, portable): UCS-2 load options, options.txt text.
 *
 * The first input byte picks the splitter and how argv[0] is decided; the
 * rest is the raw options. Beyond no crash: argc and argv stay inside
 * struct cmdline, each word is NUL-terminated inside its text, and --ls's
 * folder is a word that starts at the root.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "efi/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cmdline cl;

static void check(void)
{
	struct options opt;
	int i;

	if (cl.argc < 1 || cl.argc > CMDLINE_MAX_ARGS || cl.argv[cl.argc])
		__builtin_trap();
	for (i = 0; i < cl.argc; i++) {
		const char *w = cl.argv[i];

		if (w < cl.text || w >= cl.text + sizeof(cl.text) ||
		    !memchr(w, 0, (size_t)(cl.text + sizeof(cl.text) - w)))
			__builtin_trap();
	}
	options_parse(&opt, cl.argc, cl.argv);
	if (opt.mode == RUN_USAGE_ERROR && !opt.error)
		__builtin_trap();
	/* --ls's folder is one of the words, from the root, never an option. */
	if (opt.list_path && (!opt.list_root || opt.list_path < cl.text ||
			      opt.list_path >= cl.text + sizeof(cl.text) ||
			      (opt.list_path[0] != '\\' && opt.list_path[0] != '/')))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		cmdline_split_text(&cl, (const char *)data + 1, size - 1);
		break;
	case 1:
		cmdline_split_ucs2(&cl, data + 1, size - 1, CMDLINE_PROG_FIRST);
		break;
	case 2:
		cmdline_split_ucs2(&cl, data + 1, size - 1, CMDLINE_PROG_GUESS);
		break;
	default:
		cmdline_split_ucs2(&cl, size > 1 ? data + 1 : NULL, size - 1,
				   CMDLINE_PROG_NONE);
		break;
	}
	check();
	return 0;
}
