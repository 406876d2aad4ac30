/** @file
 * Encoding the card's QR codes.
 */
#include <string.h>
#include "bde/guid.h"
#include "ui/qr.h"
#include "ui/text.h"
#include "ui/utf8.h"

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

int ui_qr_key_id(struct ui_qr *qr, const char *key_id)
{
	/* Alphanumeric mode has no lower case: hex goes upper case. */
	char upper[BDE_KEY_ID_LEN];
	uint8_t seg_buf[qrcodegen_BUFFER_LEN_FOR_VERSION(1)];
	struct qrcodegen_Segment seg;
	unsigned i;

	for (i = 0; i < BDE_KEY_ID_LEN - 1; i++) {
		if (!is_hex(key_id[i]))
			return -1;
		upper[i] = key_id[i] >= 'a' ? (char)(key_id[i] - 0x20) : key_id[i];
	}
	if (key_id[i])
		return -1;
	upper[i] = '\0';
	seg = qrcodegen_makeAlphanumeric(upper, seg_buf);
	return qrcodegen_encodeSegmentsAdvanced(&seg, 1, qrcodegen_Ecc_LOW, 1, 1,
						qrcodegen_Mask_AUTO, true,
						qr->temp, qr->code) ? 0 : -1;
}

int ui_qr_text(struct ui_qr *qr, const char *text, int max_version)
{
	size_t len = strlen(text);

	if (max_version > UI_QR_MAX_VERSION)
		max_version = UI_QR_MAX_VERSION;
	if (len > sizeof(qr->temp))
		return -1;
	/* Byte mode: phones read it as UTF-8, so "København" stays itself. */
	memcpy(qr->temp, text, len);
	return qrcodegen_encodeBinary(qr->temp, len, qr->code, qrcodegen_Ecc_MEDIUM,
				      1, max_version, qrcodegen_Mask_AUTO, true) ?
	       0 : -1;
}

int ui_qr_size(const struct ui_qr *qr)
{
	return qrcodegen_getSize(qr->code);
}

int ui_qr_dark(const struct ui_qr *qr, int x, int y)
{
	return qrcodegen_getModule(qr->code, x, y);
}

/* Append TEXT to OUT (SIZE bytes with the NUL) at *LEN, cut to fit. */
static void append(char *out, unsigned size, unsigned *len, const char *text)
{
	while (*text && *len + 1 < size)
		out[(*len)++] = *text++;
	out[*len] = '\0';
}

int ui_qr_card_payload(const struct bde_volume *vol,
		       const struct bde_protector *rp, char *out)
{
	char id[BDE_KEY_ID_LEN], full[BDE_GUID_TEXT_LEN];
	unsigned len = 0;

	out[0] = '\0';
	bde_key_id_format(rp->guid, id);
	bde_guid_format(rp->guid, full);
	/* The organisation's own page first: it knows its process. */
	if (vol->recovery_url[0]) {
		append(out, UI_QR_PAYLOAD_MAX, &len, vol->recovery_url);
		append(out, UI_QR_PAYLOAD_MAX, &len, "\n");
	}
	append(out, UI_QR_PAYLOAD_MAX, &len, "BitLocker recovery key ID: ");
	append(out, UI_QR_PAYLOAD_MAX, &len, id);
	append(out, UI_QR_PAYLOAD_MAX, &len, "\n");
	append(out, UI_QR_PAYLOAD_MAX, &len, full);
	append(out, UI_QR_PAYLOAD_MAX, &len, "\n");
	/* Disk text as the card shows it: no control character breaks the
	 * lines apart, no malformed UTF-8 reaches the phone. */
	{
		const char *p = vol->description;
		unsigned n = sizeof(vol->description);
		uint16_t cp;

		while ((cp = utf8_next_n(&p, &n)) != 0 && len + 4 < UI_QR_PAYLOAD_MAX)
			len += utf8_put(out + len, ui_shown_char(cp));
		out[len] = '\0';
	}
	append(out, UI_QR_PAYLOAD_MAX, &len, "\n");
	append(out, UI_QR_PAYLOAD_MAX, &len, "https://aka.ms/myrecoverykey");
	/* Cut short would be wrong, not short: refuse rather. */
	return len + 1 < UI_QR_PAYLOAD_MAX ? 0 : -1;
}

/* The line after the full ID (the description): where PAYLOAD may give.
 * Returns its start and sets *END to its newline, or returns NULL. */
static char *description_line(char *payload, char **end)
{
	char *p = payload;

	while (*p && !(p[0] == '}' && p[1] == '\n'))
		p++;
	if (!*p)
		return NULL;
	p += 2;
	for (*end = p; **end && **end != '\n'; (*end)++)
		;
	return **end ? p : NULL;
}

/* Version 10's byte capacity at medium error correction: more never fits. */
#define V10_BYTES 213

int ui_qr_card(struct ui_qr *qr, char *payload, int max_version)
{
	char *line, *end;
	size_t keep, over;

	while (ui_qr_text(qr, payload, max_version) != 0) {
		line = description_line(payload, &end);
		if (!line || end - line <= 3)
			return -1;
		/* Drop a character (whole UTF-8 sequences), or as many as are
		 * surely too many, and end the line in "...". */
		keep = (size_t)(end - line);
		if (keep >= 3 && memcmp(end - 3, "...", 3) == 0)
			keep -= 3;
		over = strlen(payload) > V10_BYTES ? strlen(payload) - V10_BYTES : 1;
		if (keep < over)
			return -1;
		keep -= over;
		while (keep > 0 && ((unsigned char)line[keep] & 0xc0) == 0x80)
			keep--;
		memmove(line + keep + 3, end, strlen(end) + 1);
		memcpy(line + keep, "...", 3);
	}
	return 0;
}
