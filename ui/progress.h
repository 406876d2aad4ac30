/** @file
 * A progress bar for the key stretch (about a million SHA-256 rounds: long
 * enough on a slow CPU that the user must see it is working).
 */
#ifndef UI_PROGRESS_H
#define UI_PROGRESS_H

#include <stdint.h>
#include "ui/screen.h"

struct ui_progress {
	struct screen *s;
	unsigned percent;   /* last drawn */
};

/* Draw the screen: TITLE in the title bar, WHAT above an empty bar, KEYS
 * (NULL: "Please wait") in the key bar. */
void ui_progress_start(struct ui_progress *p, struct screen *s,
		       const char *title, const char *what, const char *keys);

/* Redraw the bar for DONE of TOTAL (only when the percentage changes). */
void ui_progress_set(struct ui_progress *p, uint64_t done, uint64_t total);

/*
 * The same as a stretch_progress_fn (crypto/sha256.h) with CTX the
 * struct ui_progress: pass it straight to stretch_key().
 */
void ui_stretch_progress(void *ctx, uint32_t done, uint32_t total);

#endif
