/** @file
 * Every text the app shows, in English and Danish, from one table
 * (ui/messages.def): screens, key bars, messages.
 *
 * Texts are UTF-8 and Latin-1 at most (the firmware's font). Each names
 * the field it is drawn in, COLS characters wide and ROWS rows high (more
 * than one: word-wrapped), so a test can insist that every language fits
 * (tests/unit/ui_messages_test.c). A text with conversions (%s, %u, see
 * ui_text_addf) has the same ones, in the same order, in every language;
 * its width counts its own words, the values are cut at the screen's edge.
 */
#ifndef UI_MSG_H
#define UI_MSG_H

enum ui_lang {
	UI_LANG_EN,
	UI_LANG_DA,
	UI_LANGS
};

enum msg_id {
#define MSG(id, cols, rows, en, da) MSG_##id,
#include "ui/messages.def"
#undef MSG
	MSG_COUNT
};

struct msg_entry {
	const char *name;               /* "LIST_TITLE": for test reports */
	unsigned char cols, rows;       /* the field it is drawn in */
	const char *text[UI_LANGS];
};

extern const struct msg_entry msg_table[MSG_COUNT];

/* ID's text in the language shown now. */
const char *msg(enum msg_id id);

/* ID's text in LANG (English for a language out of range). */
const char *msg_in(enum msg_id id, enum ui_lang lang);

/* The language shown now; English until one is chosen. */
enum ui_lang ui_lang(void);
void ui_set_lang(enum ui_lang lang);

/* "en", "da"; and back (0 on success, -1 for a code we have no text for). */
const char *ui_lang_code(enum ui_lang lang);
int ui_lang_parse(const char *code, enum ui_lang *lang);

/*
 * The language to show: OPTION (--lang) when it names one, else Danish
 * when the firmware's PlatformLang (RFC 4646, "da-DK") is Danish, else
 * English. Either may be NULL.
 */
enum ui_lang ui_lang_choose(const char *option, const char *platform_lang);

#endif
