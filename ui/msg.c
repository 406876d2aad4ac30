/** @file
 * The message table and the language it is read in.
 */
#include "ui/msg.h"

const struct msg_entry msg_table[MSG_COUNT] = {
#define MSG(id, c, r, en, da) [MSG_##id] = { #id, c, r, { en, da } },
#include "ui/messages.def"
#undef MSG
};

static enum ui_lang current = UI_LANG_EN;

const char *msg_in(enum msg_id id, enum ui_lang lang)
{
	if ((unsigned)id >= MSG_COUNT)
		return "";
	if ((unsigned)lang >= UI_LANGS)
		lang = UI_LANG_EN;
	return msg_table[id].text[lang];
}

const char *msg(enum msg_id id)
{
	return msg_in(id, current);
}

enum ui_lang ui_lang(void)
{
	return current;
}

void ui_set_lang(enum ui_lang lang)
{
	if ((unsigned)lang < UI_LANGS)
		current = lang;
}

static const char *const codes[UI_LANGS] = { "en", "da" };

const char *ui_lang_code(enum ui_lang lang)
{
	return (unsigned)lang < UI_LANGS ? codes[lang] : codes[UI_LANG_EN];
}

int ui_lang_parse(const char *code, enum ui_lang *lang)
{
	unsigned i;

	if (!code[0] || !code[1] || code[2])
		return -1;
	for (i = 0; i < UI_LANGS; i++)
		if ((code[0] | 0x20) == codes[i][0] && (code[1] | 0x20) == codes[i][1]) {
			*lang = (enum ui_lang)i;
			return 0;
		}
	return -1;
}

enum ui_lang ui_lang_choose(const char *option, const char *platform_lang)
{
	enum ui_lang lang = UI_LANG_EN;

	if (option && ui_lang_parse(option, &lang) == 0)
		return lang;
	/* RFC 4646 as UEFI keeps it: "da", "da-DK"; never "dan" or "dax". */
	if (platform_lang && (platform_lang[0] | 0x20) == 'd' &&
	    (platform_lang[1] | 0x20) == 'a' &&
	    (platform_lang[2] == '\0' || platform_lang[2] == '-'))
		return UI_LANG_DA;
	return UI_LANG_EN;
}
