/** @file
 * Drawing the TPM screen: properties, PCRs 0-23 in two columns with the
 * volume's profile marked '*' and values that differ from the event log's
 * replay marked '!', and a summary of the log.
 */
#include <string.h>
#include "tpm/error.h"
#include "ui/frame.h"
#include "ui/msg.h"
#include "ui/text.h"
#include "ui/tpm_screen.h"

#define PCR_ROW 7
#define PCR_ROWS (TPM2_PCR_COUNT / 2)
#define PCR_COLUMN_WIDTH 39
/* Bytes of each value that fit a column; the rest is "..." */
#define PCR_BYTES_SHOWN 14
#define LOG_ROW (PCR_ROW + PCR_ROWS + 1)

/* The bank to show: ALG if it was read, else SHA-256 as BitLocker binds
 * to, else the first read. */
static const struct tpm_bank *shown_bank(const struct tpm_info *info, uint16_t alg)
{
	const struct tpm_bank *bank = alg ? tpm_info_bank(info, alg) : NULL;
	unsigned i;

	if (bank && bank->valid && bank->digest_len)
		return bank;
	bank = tpm_info_bank(info, TPM2_ALG_SHA256);
	if (bank && bank->valid)
		return bank;
	for (i = 0; i < info->nbanks && i < TPM_MAX_BANKS; i++)
		if (info->banks[i].valid && info->banks[i].digest_len)
			return &info->banks[i];
	return NULL;
}

/* PCRs whose live value is not what the log's replay gives. */
static uint32_t replay_mismatch(const struct tpm_bank *bank,
				const struct tpm_eventlog *log)
{
	const struct tpm_log_bank *replay;
	uint32_t match, mismatch;

	if (!bank || !log)
		return 0;
	replay = tpm_eventlog_bank(log, bank->alg);
	if (!replay)
		return 0;
	tpm_eventlog_compare(replay, bank->pcr,
			     bank->valid, &match, &mismatch);
	return mismatch;
}

static void add_firmware_version(struct ui_text *t, const struct tpm_info *info)
{
	/* As Windows shows it: major.minor from _1, then the two halves of _2. */
	ui_text_add_uint(t, info->firmware_version[0] >> 16, 0);
	ui_text_add_char(t, '.');
	ui_text_add_uint(t, info->firmware_version[0] & 0xffff, 0);
	ui_text_add_char(t, '.');
	ui_text_add_uint(t, info->firmware_version[1] >> 16, 0);
	ui_text_add_char(t, '.');
	ui_text_add_uint(t, info->firmware_version[1] & 0xffff, 0);
}

static void draw_properties(struct screen *s, const struct tpm_info *info)
{
	struct ui_text t;
	unsigned i, n = 0;

	struct ui_text version;

	ui_text_init(&t);
	ui_text_add(&t, "TPM ");
	ui_text_add(&t, tpm_version_name(info->version));
	ui_text_addf(&t, msg(MSG_TPM_MAKER),
		     info->manufacturer[0] ? info->manufacturer : "?");
	if (info->vendor[0]) {
		ui_text_add(&t, " (");
		ui_text_add(&t, info->vendor);
		ui_text_add_char(&t, ')');
	}
	ui_text_init(&version);
	add_firmware_version(&version, info);
	ui_text_addf(&t, msg(MSG_TPM_FIRMWARE), version.buf);
	ui_put_text(s, UI_FIRST_ROW, 1, UI_NORMAL, t.buf);

	ui_text_init(&t);
	ui_text_add(&t, msg(MSG_TPM_BANKS));
	for (i = 0; i < info->nbanks && i < TPM_MAX_BANKS; i++) {
		if (!info->banks[i].allocated)
			continue;
		if (n++)
			ui_text_add(&t, ", ");
		ui_text_add(&t, tpm2_alg_name(info->banks[i].alg));
	}
	if (!n)
		ui_text_add(&t, msg(MSG_TPM_NO_BANKS));
	ui_put_text(s, UI_FIRST_ROW + 1, 1, UI_NORMAL, t.buf);

	ui_text_init(&t);
	ui_text_add(&t, msg(MSG_TPM_PROFILE));
	if (info->profile) {
		ui_text_add_pcr_list(&t, info->profile);
		ui_text_add(&t, msg(MSG_TPM_MARKED_STAR));
	} else {
		ui_text_add(&t, msg(MSG_TPM_NO_PROFILE));
	}
	ui_put_text(s, UI_FIRST_ROW + 2, 1, UI_NORMAL, t.buf);

	if (info->error) {
		ui_text_init(&t);
		ui_text_add(&t, msg(MSG_TPM_NOT_ALL_READ));
		ui_text_add(&t, tpm_strerror(info->error));
		if (info->error == TPM_ERR_TPM_RC) {
			uint8_t rc[4] = { (uint8_t)(info->tpm_rc >> 24),
					  (uint8_t)(info->tpm_rc >> 16),
					  (uint8_t)(info->tpm_rc >> 8),
					  (uint8_t)info->tpm_rc };

			ui_text_add(&t, " 0x");
			ui_text_add_hex(&t, rc, 4);
		}
		ui_put_text(s, UI_FIRST_ROW + 3, 1, UI_ERROR, t.buf);
	}
}

static void draw_pcr(struct screen *s, const struct tpm_info *info,
		     const struct tpm_bank *bank, uint32_t mismatch, unsigned pcr)
{
	const uint8_t *value = tpm_bank_pcr(bank, pcr);
	int marked = tpm_pcr_in_profile(info, pcr), differs = mismatch >> pcr & 1;
	unsigned len = bank ? bank->digest_len : 0;
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add_char(&t, marked ? '*' : ' ');
	ui_text_add(&t, "PCR");
	ui_text_add_uint(&t, pcr, 2);
	ui_text_add(&t, differs ? "! " : ": ");
	if (!value || len == 0 || len > TPM2_MAX_DIGEST) {
		ui_text_add(&t, msg(MSG_TPM_PCR_NOT_READ));
	} else {
		ui_text_add_hex(&t, value, len < PCR_BYTES_SHOWN ? len : PCR_BYTES_SHOWN);
		if (len > PCR_BYTES_SHOWN)
			ui_text_add(&t, "...");
	}
	ui_put_text(s, PCR_ROW + pcr % PCR_ROWS,
		    1 + (pcr / PCR_ROWS) * PCR_COLUMN_WIDTH,
		    differs ? UI_ERROR : marked ? UI_HIGHLIGHT : UI_NORMAL, t.buf);
}

/* "0-2, 7, 11": runs as ranges, so any set of PCRs stays short. */
static void add_pcr_ranges(struct ui_text *t, uint32_t mask)
{
	unsigned i = 0, end, n = 0;

	while (i < TPM2_PCR_COUNT) {
		if (!(mask >> i & 1)) {
			i++;
			continue;
		}
		for (end = i; end + 1 < TPM2_PCR_COUNT && mask >> (end + 1) & 1; end++)
			;
		if (n++)
			ui_text_add(t, ", ");
		ui_text_add_uint(t, i, 0);
		if (end > i) {
			ui_text_add_char(t, end == i + 1 ? ',' : '-');
			if (end == i + 1)
				ui_text_add_char(t, ' ');
			ui_text_add_uint(t, end, 0);
		}
		i = end + 1;
	}
}

static void draw_log(struct screen *s, const struct tpm_eventlog *log,
		     const struct tpm_bank *bank, uint32_t mismatch, uint32_t profile)
{
	struct ui_text t;
	unsigned row = LOG_ROW, i;

	ui_text_init(&t);
	if (!log) {
		ui_put_text(s, row, 1, UI_NORMAL, msg(MSG_TPM_NO_LOG));
		return;
	}
	ui_text_addf(&t, msg(MSG_TPM_LOG_EVENTS), log->nevents);
	for (i = 0; i < log->spec.nalgs && i < TPM_LOG_MAX_ALGS; i++) {
		if (i)
			ui_text_add(&t, ", ");
		ui_text_add(&t, tpm2_alg_name(log->spec.algs[i].alg));
	}
	ui_put_text(s, row++, 1, UI_NORMAL, t.buf);

	if (log->error) {
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_TPM_LOG_DAMAGED), tpm_strerror(log->error));
		ui_put_text(s, row++, 1, UI_ERROR, t.buf);
	}

	if (mismatch) {
		int several = (mismatch & (mismatch - 1)) != 0;
		struct ui_text which;
		char both[2 * sizeof(t.buf)];

		/* Up to 24 numbers and the words may take two lines. */
		ui_text_init(&which);
		ui_text_add(&which, several ? "PCRs " : "PCR ");
		add_pcr_ranges(&which, mismatch);
		ui_text_init(&t);
		/* A replay cut short says little about the TPM itself. */
		if (log->error)
			ui_text_add(&t, msg(several ? MSG_TPM_NOT_MATCH_INCOMPLETE_N :
					    MSG_TPM_NOT_MATCH_INCOMPLETE_1));
		else
			ui_text_add(&t, msg(several ? MSG_TPM_DIFFER_N : MSG_TPM_DIFFER_1));
		ui_text_add(&t, msg(MSG_TPM_MARKED_BANG));
		if (mismatch & profile)
			ui_text_add(&t, msg(MSG_TPM_SOME_IN_PROFILE));
		ui_text_add_char(&t, '.');
		memcpy(both, which.buf, which.len);
		memcpy(both + which.len, t.buf, t.len + 1);
		row += ui_put_wrapped(s, row, 1, 78, UI_LAST_ROW + 1 - row, UI_ERROR, both);
	} else if (bank && !tpm_eventlog_bank(log, bank->alg)) {
		ui_text_init(&t);
		ui_text_addf(&t, msg(MSG_TPM_LOG_NO_BANK), tpm2_alg_name(bank->alg));
		ui_put_text(s, row++, 1, UI_NORMAL, t.buf);
	} else {
		ui_put_text(s, row++, 1, UI_OK, msg(MSG_TPM_ALL_MATCH));
	}
	if (row > UI_LAST_ROW)
		return;

	/* Events per profile PCR: where a change shows up first. */
	ui_text_init(&t);
	ui_text_add(&t, msg(MSG_TPM_PROFILE_EVENTS));
	for (i = 0; i < TPM2_PCR_COUNT; i++) {
		if (!(profile >> i & 1))
			continue;
		ui_text_add(&t, "  ");
		ui_text_add_uint(&t, i, 0);
		ui_text_add(&t, ": ");
		ui_text_add_uint(&t, log->pcr_events[i], 0);
	}
	if (profile)
		ui_put_text(s, row, 1, UI_NORMAL, t.buf);
}

/* TPM 1.2 (EFI_TCG_PROTOCOL): present and its state, nothing made up. */
static void draw_tpm12(struct screen *s, const struct tpm_info *info)
{
	ui_put_text(s, UI_FIRST_ROW, 1, info->deactivated ? UI_ERROR : UI_NORMAL,
		    msg(info->deactivated ? MSG_TPM12_OFF : MSG_TPM12_ON));
	ui_put_wrapped(s, UI_FIRST_ROW + 2, 1, 78, 6, UI_NORMAL,
		       msg(info->deactivated ? MSG_TPM12_OFF_TEXT : MSG_TPM12_ON_TEXT));
}

uint16_t ui_tpm_next_bank(const struct tpm_info *info, uint16_t alg)
{
	const struct tpm_bank *now = shown_bank(info, alg);
	unsigned i, n = info->nbanks < TPM_MAX_BANKS ? info->nbanks : TPM_MAX_BANKS;
	unsigned start = now ? (unsigned)(now - info->banks) : 0;

	for (i = 1; i <= n; i++) {
		const struct tpm_bank *b = &info->banks[(start + i) % n];

		if (b->valid && b->digest_len)
			return b->alg;
	}
	return alg;
}

void ui_tpm_draw(struct screen *s, const struct tpm_info *info,
		 const struct tpm_eventlog *log, uint16_t alg)
{
	const struct tpm_bank *bank;
	uint32_t mismatch;
	struct ui_text t;
	unsigned i;

	ui_frame(s, "TPM", msg(info->version == TPM_VERSION_2_0 ? MSG_TPM_KEYS :
			       MSG_KEYS_BACK));
	if (info->version == TPM_ABSENT) {
		ui_put_text(s, UI_FIRST_ROW, 1, UI_ERROR, msg(MSG_TPM_NONE));
		ui_put_wrapped(s, UI_FIRST_ROW + 2, 1, 78, 4, UI_NORMAL,
			       msg(MSG_TPM_NONE_TEXT));
		s->flush(s);
		return;
	}
	if (info->version == TPM_VERSION_1_2) {
		draw_tpm12(s, info);
		s->flush(s);
		return;
	}
	draw_properties(s, info);
	bank = shown_bank(info, alg);
	mismatch = replay_mismatch(bank, log);

	ui_text_init(&t);
	ui_text_addf(&t, msg(MSG_TPM_PCR_VALUES), bank ? tpm2_alg_name(bank->alg) :
		     msg(MSG_TPM_NONE_READ));
	ui_put_text(s, PCR_ROW - 1, 1, UI_TITLE, t.buf);
	for (i = 0; i < TPM2_PCR_COUNT; i++)
		draw_pcr(s, info, bank, mismatch, i);
	draw_log(s, log, bank, mismatch, info->profile);
	s->flush(s);
}
