/** @file
 * QR codes for the helpdesk card, through nayuki's QR Code generator
 * (deps/qrcodegen, MIT; no malloc): the bare key ID for a text console,
 * and the card's text for a phone to take in at once.
 */
#ifndef UI_QR_H
#define UI_QR_H

#include <stdint.h>
#include "bde/volume.h"
#include "qrcodegen.h"

/* The largest code drawn: version 10, 57x57 modules, fits beside the key
 * ID at 3 pixels a module on an 800x600 screen. */
#define UI_QR_MAX_VERSION 10

struct ui_qr {
	uint8_t code[qrcodegen_BUFFER_LEN_FOR_VERSION(UI_QR_MAX_VERSION)];
	uint8_t temp[qrcodegen_BUFFER_LEN_FOR_VERSION(UI_QR_MAX_VERSION)];
};

/*
 * KEY_ID (8 hex digits) upper-cased as a version-1 code, 21x21,
 * alphanumeric mode, the highest error correction that fits. Returns 0,
 * or -1 for anything but 8 hex digits.
 */
int ui_qr_key_id(struct ui_qr *qr, const char *key_id);

/*
 * TEXT (UTF-8) in byte mode, the smallest version up to MAX_VERSION, error
 * correction raised as far as the version allows. Returns 0, or -1 when
 * it does not fit.
 */
int ui_qr_text(struct ui_qr *qr, const char *text, int max_version);

/* Modules a side (21 for version 1), and whether module X, Y is dark. */
int ui_qr_size(const struct ui_qr *qr);
int ui_qr_dark(const struct ui_qr *qr, int x, int y);

/* Room for the card's payload with the longest texts a volume holds
 * (version 10 takes 213 bytes of it: ui_qr_card shortens). */
#define UI_QR_PAYLOAD_MAX 768

/*
 * The card's payload for VOL's recovery protector RP, into OUT
 * (UI_QR_PAYLOAD_MAX bytes): the organisation's recovery URL when the
 * volume has one, "BitLocker recovery key ID: XXXXXXXX", the full
 * protector ID, the volume description (computer name, drive, date) and
 * https://aka.ms/myrecoverykey, one a line. Always English: it is read by
 * the helpdesk's tools. Returns 0, or -1 if it does not fit OUT (it
 * always does: the volume's texts are bounded).
 */
int ui_qr_card_payload(const struct bde_volume *vol,
		       const struct bde_protector *rp, char *out);

/*
 * The card's code: PAYLOAD encoded in at most MAX_VERSION; when it does
 * not fit, the description line is shortened (ending "...") until it
 * does, never the IDs or URLs. Returns 0, or -1 if even that fails.
 */
int ui_qr_card(struct ui_qr *qr, char *payload, int max_version);

#endif
