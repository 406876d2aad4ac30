/** @file
 * The message table: every text in every language, fitting its field
 * (in characters, not bytes), with the same conversions in each.
 */
#include <string.h>
#include "check.h"
#include "ui/frame.h"
#include "ui/memscreen.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/utf8.h"

/* The conversions of TEXT in order ("su" for "%s ... %u"); 0 if malformed. */
static int conversions(const char *text, char *out, unsigned size)
{
	unsigned n = 0;

	for (; *text; text++) {
		if (*text != '%')
			continue;
		text++;
		if (*text == '%')
			continue;
		if ((*text != 's' && *text != 'u') || n + 1 >= size)
			return 0;
		out[n++] = *text;
	}
	out[n] = '\0';
	return 1;
}

/* Characters of TEXT without its conversions; a value adds none. */
static unsigned own_width(const char *text)
{
	unsigned n = 0;
	uint16_t cp;

	while ((cp = utf8_next(&text)) != 0) {
		if (cp == '%' && (*text == 's' || *text == 'u')) {
			text++;
			continue;
		}
		if (cp == '%' && *text == '%')
			text++;
		n++;
	}
	return n;
}

/* Only what every console can be given: printable ASCII and Latin-1. */
static int shown_as_is(const char *text)
{
	uint16_t cp;

	while ((cp = utf8_next(&text)) != 0)
		if (cp == UTF8_BAD || ui_shown_char(cp) != cp)
			return 0;
	return 1;
}

/* Does a wrapped text fit ROWS rows of COLS? Drawn as the screens do. */
static int wrap_fits(const char *text, unsigned cols, unsigned rows)
{
	static struct memscreen m;

	memscreen_init(&m);
	return ui_put_wrapped(&m.screen, 0, 0, cols, rows + 1, UI_NORMAL, text) <= rows;
}

static void test_table(void)
{
	unsigned id, lang, bad_lang = 0, bad_width = 0, bad_args = 0, bad_chars = 0;
	char first[8], other[8];

	for (id = 0; id < MSG_COUNT; id++) {
		const struct msg_entry *e = &msg_table[id];

		check(e->cols > 0 && e->cols <= UI_COLS && e->rows > 0);
		check(conversions(e->text[UI_LANG_EN] ? e->text[UI_LANG_EN] : "",
				  first, sizeof(first)));
		for (lang = 0; lang < UI_LANGS; lang++) {
			const char *text = e->text[lang];

			if (!text || !text[0]) {
				bad_lang++;
				check_result(0, e->name, (int)lang, "text missing");
				continue;
			}
			if (!shown_as_is(text)) {
				bad_chars++;
				check_result(0, e->name, (int)lang, "not Latin-1 text");
			}
			if (e->rows == 1 ? own_width(text) > e->cols :
			    !wrap_fits(text, e->cols, e->rows)) {
				bad_width++;
				check_result(0, e->name, (int)lang, "wider than its field");
			}
			if (!conversions(text, other, sizeof(other)) ||
			    strcmp(first, other) != 0) {
				bad_args++;
				check_result(0, e->name, (int)lang, "conversions differ");
			}
		}
	}
	check(bad_lang == 0);
	check(bad_chars == 0);
	check(bad_width == 0);
	check(bad_args == 0);
}

/* The checks above can fail: each on a made-up entry. */
static void test_checks_bite(void)
{
	char a[8], b[8];

	check(own_width("n\xc3\xb8gle %s: %u%%") == 9);
	check(conversions("%s of %u", a, sizeof(a)) && strcmp(a, "su") == 0);
	check(conversions("%u af %s", b, sizeof(b)) && strcmp(a, b) != 0);
	check(!conversions("100%", a, sizeof(a)));
	check(!shown_as_is("\xe2\x80\x93"));    /* an en dash: not in the font */
	check(shown_as_is("\xc3\xa6\xc3\xb8\xc3\xa5 \xc3\x86\xc3\x98\xc3\x85"));
	check(wrap_fits("aaaa bbbb cccc", 9, 2));
	check(!wrap_fits("aaaa bbbb cccc", 9, 1));
}

/* Danish says "genoprettelse" (Windows' Settings), never "gendannelse". */
static void test_danish_terms(void)
{
	unsigned id, gendannelse = 0;

	for (id = 0; id < MSG_COUNT; id++) {
		const char *da = msg_table[id].text[UI_LANG_DA], *p;

		for (p = da; *p; p++)
			if (strncmp(p, "gendann", 7) == 0 || strncmp(p, "Gendann", 7) == 0)
				gendannelse++;
	}
	check(gendannelse == 0);
}

static void test_language_choice(void)
{
	enum ui_lang lang = UI_LANG_EN;

	check(ui_lang() == UI_LANG_EN);
	check(strcmp(msg(MSG_KEYS_BACK), "Esc: back") == 0);
	ui_set_lang(UI_LANG_DA);
	check(strcmp(msg(MSG_KEYS_BACK), "Esc: tilbage") == 0);
	check(strcmp(msg_in(MSG_KEYS_BACK, UI_LANG_EN), "Esc: back") == 0);
	ui_set_lang(UI_LANGS);   /* out of range: no change */
	check(ui_lang() == UI_LANG_DA);
	ui_set_lang(UI_LANG_EN);
	check(ui_lang_parse("da", &lang) == 0 && lang == UI_LANG_DA);
	check(ui_lang_parse("EN", &lang) == 0 && lang == UI_LANG_EN);
	check(ui_lang_parse("de", &lang) == -1 && lang == UI_LANG_EN);
	check(ui_lang_parse("d", &lang) == -1 && ui_lang_parse("dan", &lang) == -1);
	check(strcmp(ui_lang_code(UI_LANG_DA), "da") == 0);
	check(msg(MSG_COUNT)[0] == '\0');

	/* --lang wins; then a Danish PlatformLang; English otherwise. */
	check(ui_lang_choose(NULL, NULL) == UI_LANG_EN);
	check(ui_lang_choose(NULL, "da") == UI_LANG_DA);
	check(ui_lang_choose(NULL, "da-DK") == UI_LANG_DA);
	check(ui_lang_choose(NULL, "en-US") == UI_LANG_EN);
	check(ui_lang_choose(NULL, "dav") == UI_LANG_EN);
	check(ui_lang_choose(NULL, "d") == UI_LANG_EN);
	check(ui_lang_choose("en", "da-DK") == UI_LANG_EN);
	check(ui_lang_choose("da", "en-US") == UI_LANG_DA);
	check(ui_lang_choose("xx", "da-DK") == UI_LANG_DA);
}

SELFTEST(ui_messages)
{
	test_table();
	test_checks_bite();
	test_danish_terms();
	test_language_choice();
}
