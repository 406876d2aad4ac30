/** @file
 * The key loop and the console test: keys read through the UI's screen
 * interface (efi/console.c), so the tests that type at the app exercise the
 * same path the recovery screens use.
 */
#include <string.h>
#include "efi/efi_app.h"
#include "efi/keymap.h"
#include "ui/frame.h"

static unsigned to_ms(unsigned timeout_seconds)
{
	/* --timeout is at most a day, so this fits. */
	return timeout_seconds ? timeout_seconds * 1000 : UI_WAIT_FOREVER;
}

/* Read one key; prints why and returns 0 on a timeout or error. */
static int next_key(struct screen *s, struct ui_key *key, unsigned timeout_seconds)
{
	int got = s->read_key(s, key, to_ms(timeout_seconds));

	if (got == 0)
		Print(L"timeout: no key for %d s\n", timeout_seconds);
	else if (got < 0)
		Print(L"error: the console failed to read a key\n");
	return got > 0;
}

void key_loop(struct screen *s, unsigned timeout_seconds)
{
	struct ui_key key;
	char name[16];

	if (timeout_seconds)
		Print(L"Press keys, Esc to exit (exits after %d s without a key).\n",
		      timeout_seconds);
	else
		Print(L"Press keys, Esc to exit.\n");
	while (next_key(s, &key, timeout_seconds)) {
		keymap_name(&key, name, sizeof(name));
		Print(L"key: %a\n", name);
		if (key.scan == UI_KEY_ESC)
			return;
	}
}

static const char *const colour_names[] = {
	[UI_NORMAL] = "NORMAL", [UI_TITLE] = "TITLE",
	[UI_HIGHLIGHT] = "HIGHLIGHT", [UI_ERROR] = "ERROR", [UI_OK] = "OK",
	[UI_DIM] = "DIM", [UI_INPUT] = "INPUT",
};

/* Every colour, the clipped edges, then each key at one place. */
void console_test(struct screen *s, unsigned timeout_seconds)
{
	struct ui_key key;
	char line[40] = "last key: ", *name = line + 10;
	unsigned i, col = 2, n;

	ui_frame(s, "display and keyboard check", "Esc: exit");
	for (i = 0; i < ARRAY_SIZE(colour_names); i++) {
		s->put(s, UI_FIRST_ROW, col, i, colour_names[i]);
		col += strlen(colour_names[i]) + 1;
	}
	/* Both cut at the edge; the second also spares the last cell. */
	s->put(s, UI_FIRST_ROW + 2, s->cols - 5, UI_NORMAL, "EDGE>>");
	s->put(s, s->rows - 1, s->cols - 8, UI_DIM, "LASTCELL");
	s->put(s, UI_FIRST_ROW + 4, 2, UI_NORMAL,
	       "Press keys; each is named below.");
	s->flush(s);
	while (next_key(s, &key, timeout_seconds)) {
		keymap_name(&key, name, sizeof(line) - 10);
		/* Pad so a shorter name covers a longer one. */
		for (n = strlen(name); n < 15; n++)
			name[n] = ' ';
		name[n] = '\0';
		s->put(s, UI_FIRST_ROW + 6, 2, UI_HIGHLIGHT, line);
		s->flush(s);
		if (key.scan == UI_KEY_ESC)
			break;
	}
	s->clear(s);
}
