/** @file
 * Drawing the TPM verdict: its page and the card's lines.
 */
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/tpm_verdict.h"

#define PCR_SECURE_BOOT 7
#define PCR_UNSEAL 11
#define DIGEST_HEX_COL 13

static enum msg_id fixed_cause_msg(int cause)
{
	switch (cause) {
	case TPM_CAUSE_BOOT_ATTEMPT:    return MSG_CAUSE_BOOT_ATTEMPT;
	case TPM_CAUSE_OTHER_CA:        return MSG_CAUSE_OTHER_CA;
	case TPM_CAUSE_SECURE_BOOT_OFF: return MSG_CAUSE_SECURE_BOOT_OFF;
	case TPM_CAUSE_SECURE_BOOT_ON:  return MSG_CAUSE_SECURE_BOOT_ON;
	case TPM_CAUSE_TPM_CLEARED:     return MSG_CAUSE_TPM_CLEARED;
	case TPM_CAUSE_OTHER_TPM:       return MSG_CAUSE_OTHER_TPM;
	case TPM_CAUSE_LOCKOUT:         return MSG_CAUSE_LOCKOUT;
	case TPM_WHY_NO_TPM:            return MSG_WHY_NO_TPM;
	case TPM_WHY_TPM_ERROR:         return MSG_WHY_TPM_ERROR;
	case TPM_WHY_NOT_UNDERSTOOD:    return MSG_WHY_NOT_UNDERSTOOD;
	case TPM_WHY_NO_LOG:            return MSG_WHY_NO_LOG;
	case TPM_WHY_LOG_DAMAGED:       return MSG_WHY_LOG_DAMAGED;
	case TPM_WHY_SHA1_ONLY:         return MSG_WHY_SHA1_ONLY;
	case TPM_WHY_NO_BOOT_MANAGER:   return MSG_WHY_NO_BOOT_MANAGER;
	case TPM_WHY_NO_DB:             return MSG_WHY_NO_DB;
	case TPM_WHY_PCR_UNKNOWN:       return MSG_WHY_PCR_UNKNOWN;
	case TPM_WHY_NO_BOOT_EVENT:     return MSG_WHY_NO_BOOT_EVENT;
	case TPM_WHY_SHA1_BANK:         return MSG_WHY_SHA1_BANK;
	}
	return MSG_UNKNOWN;
}

void ui_verdict_cause(struct ui_text *t, const struct tpm_verdict *v)
{
	uint32_t changed = v->profile & ~(1u << PCR_UNSEAL);
	struct ui_text pcrs;

	ui_text_init(t);
	if (v->kind == TPM_VERDICT_WOULD_RELEASE)
		return;
	if (v->cause != TPM_CAUSE_PCRS) {
		ui_text_add(t, msg(fixed_cause_msg(v->cause)));
		return;
	}
	if (changed == 1u << PCR_SECURE_BOOT) {
		ui_text_add(t, msg(MSG_CAUSE_PCR7));
		return;
	}
	ui_text_init(&pcrs);
	ui_text_add_pcr_list(&pcrs, changed);
	ui_text_addf(t, msg(changed >> PCR_SECURE_BOOT & 1 ? MSG_CAUSE_PCRS_ALL :
			    MSG_CAUSE_PCRS_FIRMWARE), pcrs.buf);
}

static const char *answer(int a)
{
	return msg(a == TPM_CHECK_YES ? MSG_VERDICT_YES : a == TPM_CHECK_NO ?
		   MSG_VERDICT_NO : a == TPM_CHECK_UNKNOWN ? MSG_UNKNOWN :
		   MSG_VERDICT_NOT_ASKED);
}

static void put_digest(struct screen *s, unsigned row, enum msg_id label,
		       const uint8_t *digest)
{
	struct ui_text t;

	ui_put_text(s, row, 1, UI_NORMAL, msg(label));
	ui_text_init(&t);
	if (digest)
		ui_text_add_hex(&t, digest, TPM_VERDICT_DIGEST_LEN);
	else
		ui_text_add(&t, msg(MSG_VERDICT_NOT_PREDICTED));
	ui_put_text(s, row, DIGEST_HEX_COL, UI_NORMAL, t.buf);
}

/* The profile, both digests and the TPM's answers from ROW on. */
static void draw_expert(struct screen *s, unsigned row, const struct tpm_verdict *v,
			const struct tpm_key_check *check)
{
	struct ui_text t, pcrs;

	ui_put_text(s, row++, 1, UI_TITLE, msg(MSG_VERDICT_EXPERT));
	ui_text_init(&pcrs);
	ui_text_add_pcr_list(&pcrs, v->profile);
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_VERDICT_PROFILE), pcrs.buf);
	ui_put_text(s, row++, 1, UI_NORMAL, t.buf);
	put_digest(s, row++, MSG_VERDICT_STORED, v->stored);
	put_digest(s, row++, MSG_VERDICT_PREDICTED, v->predicted_valid ? v->predicted : NULL);
	if (!check)
		return;
	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_VERDICT_CHECKS), answer(check->srk), answer(check->loads),
		     answer(check->lockout));
	ui_put_text(s, row, 1, UI_NORMAL, t.buf);
}

void ui_tpm_verdict_draw(struct screen *s, const struct tpm_verdict *v,
			 const struct tpm_key_check *check)
{
	static const char manage_bde[] = "manage-bde -protectors -disable C: -RebootCount 1";
	unsigned row = UI_FIRST_ROW;
	struct ui_text cause;

	ui_frame(s, msg(MSG_VERDICT_TITLE), msg(MSG_KEYS_BACK));
	if (!v) {
		ui_put_wrapped(s, row, 1, 78, 2, UI_NORMAL, msg(MSG_VERDICT_NONE));
		s->flush(s);
		return;
	}
	ui_verdict_cause(&cause, v);
	switch (v->kind) {
	case TPM_VERDICT_WOULD_RELEASE:
		ui_put_text(s, row++, 1, UI_TITLE, msg(MSG_VERDICT_WOULD));
		row++;
		row += ui_put_wrapped(s, row, 1, 78, 4, UI_NORMAL, msg(MSG_VERDICT_WOULD_TEXT));
		break;
	case TPM_VERDICT_WILL_NOT_RELEASE:
		ui_put_text(s, row++, 1, UI_TITLE, msg(MSG_VERDICT_WILL_NOT));
		ui_put_text(s, row++, 3, UI_ERROR, cause.buf);
		row++;
		row += ui_put_wrapped(s, row, 1, 78, 4, UI_NORMAL,
				      msg(MSG_VERDICT_WILL_NOT_TEXT));
		ui_put_text(s, row++, 3, UI_NORMAL, manage_bde);
		break;
	default:
		ui_put_text(s, row++, 1, UI_TITLE, msg(MSG_VERDICT_CANNOT));
		ui_put_text(s, row++, 3, UI_NORMAL, cause.buf);
		row++;
		row += ui_put_wrapped(s, row, 1, 78, 3, UI_NORMAL, msg(MSG_VERDICT_CANNOT_TEXT));
		break;
	}
	draw_expert(s, row + 1, v, check);
	s->flush(s);
}

unsigned ui_card_verdict(struct screen *s, unsigned row, unsigned max_rows,
			 const struct tpm_verdict *v)
{
	struct ui_text cause;

	if (!v || !max_rows)
		return 0;
	if (v->kind == TPM_VERDICT_WOULD_RELEASE) {
		ui_put_text(s, row, 1, UI_HIGHLIGHT, msg(MSG_CARD_TPM_WOULD));
		return 1;
	}
	ui_put_text(s, row, 1, UI_HIGHLIGHT, msg(v->kind == TPM_VERDICT_WILL_NOT_RELEASE ?
					    MSG_CARD_TPM_WILL_NOT : MSG_CARD_TPM_CANNOT));
	if (max_rows < 2)
		return 1;
	ui_verdict_cause(&cause, v);
	ui_put_text(s, row + 1, 3, UI_NORMAL, cause.buf);
	return 2;
}
