/** @file
 * Drawing the TPM screen: properties, PCRs 0-23 in two columns with the
 * volume's profile marked, and an event log summary.
 */
#include "ui/frame.h"
#include "ui/text.h"
#include "ui/tpm_screen.h"

#define PCR_ROW 7
#define PCR_ROWS (UI_TPM_PCRS / 2)
#define PCR_COLUMN_WIDTH 39
/* Hex digits of each value that fit a column; the rest is "..." */
#define PCR_HEX_SHOWN 14

static const char *or_unknown(const char *s)
{
	return s && s[0] ? s : "unknown";
}

static void draw_pcr(struct screen *s, const struct ui_tpm_view *v, unsigned pcr)
{
	int marked = (v->profile >> pcr) & 1;
	struct ui_text t;
	unsigned len = v->pcr_len;

	ui_text_init(&t);
	ui_text_add(&t, marked ? "*" : " ");
	ui_text_add(&t, "PCR");
	ui_text_add_uint(&t, pcr, 2);
	ui_text_add(&t, ": ");
	if (!v->pcr_values || !((v->pcr_valid >> pcr) & 1)) {
		ui_text_add(&t, "(not read)");
	} else {
		if (len > PCR_HEX_SHOWN)
			len = PCR_HEX_SHOWN;
		ui_text_add_hex(&t, v->pcr_values + pcr * v->pcr_len, len);
		if (len < v->pcr_len)
			ui_text_add(&t, "...");
	}
	ui_put_text(s, PCR_ROW + pcr % PCR_ROWS,
		    1 + (pcr / PCR_ROWS) * PCR_COLUMN_WIDTH,
		    marked ? UI_HIGHLIGHT : UI_NORMAL, t.buf);
}

void ui_tpm_draw(struct screen *s, const struct ui_tpm_view *v)
{
	struct ui_text t;
	unsigned i, row;

	ui_frame(s, "TPM", "Esc: back");
	if (!v->present) {
		ui_put_text(s, UI_FIRST_ROW, 1, UI_ERROR, "No TPM found.");
		ui_put_wrapped(s, UI_FIRST_ROW + 2, 1, 78, 4, UI_NORMAL,
			       v->error ? v->error :
			       "The firmware offers no TPM: it may be disabled in "
			       "the firmware setup. TPM protectors cannot work "
			       "without it; the recovery key still can.");
		s->flush(s);
		return;
	}
	ui_text_init(&t);
	ui_text_add(&t, "TPM ");
	ui_text_add(&t, or_unknown(v->version));
	ui_text_add(&t, "   Manufacturer: ");
	ui_text_add(&t, or_unknown(v->manufacturer));
	ui_text_add(&t, "   Firmware: ");
	ui_text_add(&t, or_unknown(v->firmware));
	ui_put_text(s, UI_FIRST_ROW, 1, UI_NORMAL, t.buf);

	ui_text_init(&t);
	ui_text_add(&t, "PCR banks: ");
	ui_text_add(&t, or_unknown(v->banks));
	ui_put_text(s, UI_FIRST_ROW + 1, 1, UI_NORMAL, t.buf);

	ui_text_init(&t);
	ui_text_add(&t, "BitLocker PCR validation profile: ");
	if (v->profile) {
		ui_text_add_pcr_list(&t, v->profile);
		ui_text_add(&t, " (marked *)");
	} else {
		ui_text_add(&t, "none (no TPM protector with a profile)");
	}
	ui_put_text(s, UI_FIRST_ROW + 2, 1, UI_NORMAL, t.buf);
	if (v->error)
		ui_put_text(s, UI_FIRST_ROW + 3, 1, UI_ERROR, v->error);

	ui_text_init(&t);
	ui_text_add(&t, "PCR values (");
	ui_text_add(&t, or_unknown(v->pcr_bank));
	ui_text_add(&t, ", first bytes):");
	ui_put_text(s, PCR_ROW - 1, 1, UI_TITLE, t.buf);
	for (i = 0; i < UI_TPM_PCRS; i++)
		draw_pcr(s, v, i);

	row = PCR_ROW + PCR_ROWS + 1;
	ui_put_text(s, row++, 1, UI_TITLE, "Event log:");
	if (!v->event_log || v->n_event_log == 0)
		ui_put_text(s, row, 3, UI_DIM, "(none)");
	for (i = 0; v->event_log && i < v->n_event_log && row <= UI_LAST_ROW; i++) {
		/* The last row left says how much did not fit. */
		if (row == UI_LAST_ROW && i + 1 < v->n_event_log) {
			ui_text_init(&t);
			ui_text_add(&t, "(");
			ui_text_add_uint(&t, v->n_event_log - i, 0);
			ui_text_add(&t, " more lines)");
			ui_put_text(s, row++, 3, UI_DIM, t.buf);
			break;
		}
		ui_put_text(s, row++, 3, UI_NORMAL, v->event_log[i]);
	}
	s->flush(s);
}
