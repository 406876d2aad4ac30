/** @file
 * The TPM screen's event log page: per PCR, the number of events that
 * extended it and their types in the log's order. A change in what the
 * firmware measured (a new boot loader, Secure Boot keys, a setting)
 * shows up here as a PCR with other events than it had.
 */
#include <string.h>
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/tpm_screen.h"

/* Two screen lines of text for one PCR. */
#define PCR_TEXT_MAX (2 * UI_COLS)

struct line {
	unsigned len;
	char buf[PCR_TEXT_MAX + 1];
};

static void add(struct line *l, const char *text)
{
	for (; *text && l->len < PCR_TEXT_MAX; text++)
		l->buf[l->len++] = *text;
	l->buf[l->len] = '\0';
}

static void add_uint(struct line *l, uint32_t v)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add_uint(&t, v, 0);
	add(l, t.buf);
}

/* "EV_EFI_ACTION" is shown as "EFI_ACTION": the prefix is on every one. */
static void add_type(struct line *l, uint32_t type)
{
	const char *name = tpm_event_type_name(type);
	struct ui_text t;

	if (!name) {
		uint8_t be[4] = { (uint8_t)(type >> 24), (uint8_t)(type >> 16),
				  (uint8_t)(type >> 8), (uint8_t)type };

		ui_text_init(&t);
		ui_text_add(&t, msg(MSG_TPM_EVENT_TYPE));
		ui_text_add_hex(&t, be, 4);
		add(l, t.buf);
		return;
	}
	add(l, strncmp(name, "EV_", 3) ? name : name + 3);
}

static void pcr_line(const struct tpm_eventlog *log, unsigned pcr, struct line *l)
{
	unsigned i, n = 0;

	l->len = 0;
	l->buf[0] = '\0';
	add(l, "PCR ");
	add_uint(l, pcr);
	add(l, pcr < 10 ? ":  " : ": ");
	add_uint(l, log->pcr_events[pcr]);
	add(l, msg(log->pcr_events[pcr] == 1 ? MSG_TPM_EVENT_1 : MSG_TPM_EVENT_N));
	for (i = 0; i < log->ntypes && i < TPM_LOG_MAX_TYPES; i++) {
		if (log->types[i].pcr != pcr)
			continue;
		if (n++)
			add(l, ", ");
		add_type(l, log->types[i].type);
		if (log->types[i].count > 1) {
			add(l, " x");
			add_uint(l, log->types[i].count);
		}
	}
}

void ui_tpm_events_draw(struct screen *s, const struct tpm_eventlog *log)
{
	unsigned row = UI_FIRST_ROW, pcr, rows;
	struct line l;

	ui_frame(s, msg(MSG_TPM_LOG_TITLE), msg(MSG_KEYS_BACK));
	if (!log) {
		ui_put_text(s, row, 1, UI_NORMAL, msg(MSG_TPM_LOG_NONE));
		s->flush(s);
		return;
	}
	if (log->error || log->types_overflow) {
		ui_put_text(s, row++, 1, UI_ERROR, msg(log->error ?
			    MSG_TPM_LOG_DAMAGED_COUNT : MSG_TPM_LOG_OVERFLOW));
	}
	for (pcr = 0; pcr < TPM2_PCR_COUNT && row <= UI_LAST_ROW; pcr++) {
		if (!log->pcr_events[pcr])
			continue;
		pcr_line(log, pcr, &l);
		rows = UI_LAST_ROW + 1 - row;
		row += ui_put_wrapped(s, row, 1, 78, rows < 2 ? rows : 2, UI_NORMAL, l.buf);
	}
	if (pcr < TPM2_PCR_COUNT)
		ui_put_text(s, UI_LAST_ROW, 1, UI_DIM, msg(MSG_TPM_LOG_MORE));
	s->flush(s);
}
