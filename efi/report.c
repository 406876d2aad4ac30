/** @file
 * The devices, volumes and TPM as text, for the console and the report.
 */
#include <stdarg.h>
#include "bde/guid.h"
#include "bde/names.h"
#include "bde/status.h"
#include "efi/discovery.h"
#include "efi/files.h"
#include "efi/report.h"
#include "efi/tpm_history.h"
#include "efi/tpm_verdicts.h"
#include "efi/tpm_view.h"
#include "tpm/error.h"
#include "ui/msg.h"
#include "tpm/sealed.h"
#include "ui/protectors.h"
#include "ui/text.h"
#include "ui/tpm_verdict.h"

#define REPORT_MAX (256 * 1024)
#define LINE_MAX_CHARS 200

/* Where the text goes: the console, or a buffer for the file. */
struct sink {
	char *buf;          /* NULL: the console */
	UINTN len, size;
	int cut;            /* the buffer filled up */
};

static void put(struct sink *o, const char *text)
{
	UINTN n = strlena((CHAR8 *)text);

	if (!o->buf) {
		Print(L"%a", text);
		return;
	}
	if (n > o->size - o->len) {
		o->cut = 1;
		n = o->size - o->len;
	}
	CopyMem(o->buf + o->len, text, n);
	o->len += n;
}

/* Print()-style formatting (%a for ASCII strings), kept in ASCII. */
static void out(struct sink *o, const CHAR16 *fmt, ...)
{
	CHAR16 wide[LINE_MAX_CHARS];
	char line[LINE_MAX_CHARS];
	va_list args;
	UINTN i, n;

	va_start(args, fmt);
	UnicodeVSPrint(wide, sizeof(wide), fmt, args);
	va_end(args);
	/* Print-style formatting turns "\n" into "\r\n": one way only. */
	for (i = 0, n = 0; wide[i] && n < LINE_MAX_CHARS - 1; i++)
		if (wide[i] != L'\r')
			line[n++] = wide[i] >= 0x20 && wide[i] < 0x7f ? (char)wide[i] :
				    wide[i] == L'\n' ? '\n' : '?';
	line[n] = '\0';
	put(o, line);
}

static void out_hex(struct sink *o, const uint8_t *p, unsigned n)
{
	static const char digits[] = "0123456789abcdef";
	char pair[3] = { 0, 0, 0 };
	unsigned i;

	for (i = 0; i < n; i++) {
		pair[0] = digits[p[i] >> 4];
		pair[1] = digits[p[i] & 15];
		put(o, pair);
	}
}

/* Untrusted text from the disk, as safe ASCII. */
static void out_text(struct sink *o, const char *label, const char *text)
{
	char clean[BDE_TEXT_MAX];

	ui_sanitise(clean, sizeof(clean), text, BDE_TEXT_MAX);
	out(o, L"  %a %a\n", label, clean);
}

static void out_pcr_mask(struct sink *o, const char *label, uint32_t mask)
{
	struct ui_text t;

	ui_text_init(&t);
	ui_text_add_pcr_list(&t, mask);
	out(o, L"%a%a\n", label, t.buf);
}

/* What a TPM protector's sealed key says (tpm/sealed.h), as `info` words it. */
static void out_tpm_sealed(struct sink *o, const struct bde_protector *p)
{
	const struct tpm_sealed *s = &p->sealed;

	if (!p->has_sealed)
		return;
	out(o, L"    PIN: %a\n", p->type & BDE_PROT_PIN_BIT ? "yes" : "no");
	if (s->fields_read)
		out(o, L"    counts toward TPM lockout: %a\n",
		    tpm_sealed_counts_lockout(s) ? "yes" : "no");
	if (s->status == TPM_SEALED_OK) {
		put(o, "    expected PCR digest (SHA-256) ");
		out_hex(o, s->pcr_digest, TPM_SEALED_DIGEST_LEN);
		out(o, L"\n    policy: checks out\n");
	} else {
		out(o, L"    policy: NOT UNDERSTOOD (%a)\n", tpm_sealed_status_text(s->status));
	}
}

static const char *answer_text(int a)
{
	return a == TPM_CHECK_YES ? "yes" : a == TPM_CHECK_NO ? "no" :
	       a == TPM_CHECK_UNKNOWN ? "unknown" : "not asked";
}

/* The verdict line (tpm/verdict.h), its words for people, and the details. */
static void out_tpm_verdict(struct sink *o, const struct tpm_judgement *j)
{
	const struct tpm_verdict *v = &j->verdict;
	char line[TPM_VERDICT_LINE_MAX];
	struct ui_text cause;

	tpm_verdict_line(v, line, sizeof(line));
	put(o, "    ");
	put(o, line);
	put(o, "\n    predicted PCR digest (SHA-256) ");
	if (v->predicted_valid)
		out_hex(o, v->predicted, TPM_VERDICT_DIGEST_LEN);
	else
		put(o, "not predicted");
	out(o, L"\n    TPM checks: storage root key %a, key loads %a, lockout %a"
	    L" (%d of %d tries)\n", answer_text(j->check.srk),
	    answer_text(j->check.loads), answer_text(j->check.lockout),
	    j->check.lockout_counter, j->check.max_tries);
	ui_verdict_cause(&cause, v);
	put(o, "    ");
	switch (v->kind) {
	case TPM_VERDICT_WOULD_RELEASE:
		put(o, msg(MSG_VERDICT_WOULD));
		put(o, " ");
		put(o, msg(MSG_VERDICT_WOULD_TEXT));
		break;
	case TPM_VERDICT_WILL_NOT_RELEASE:
		put(o, msg(MSG_VERDICT_WILL_NOT));
		put(o, " ");
		put(o, cause.buf);
		put(o, ". ");
		put(o, msg(MSG_VERDICT_WILL_NOT_TEXT));
		put(o, " manage-bde -protectors -disable C: -RebootCount 1");
		break;
	default:
		put(o, msg(MSG_VERDICT_CANNOT));
		put(o, " ");
		put(o, cause.buf);
		put(o, ".");
		break;
	}
	put(o, "\n");
}

static void out_protectors(struct sink *o, const struct bde_volume *vol)
{
	char guid[BDE_GUID_TEXT_LEN];
	unsigned i;

	for (i = 0; i < vol->n_protectors && i < BDE_MAX_PROTECTORS; i++) {
		const struct bde_protector *p = &vol->protectors[i];
		const char *name = bde_protector_type_name(p->type);

		bde_guid_format(p->guid, guid);
		if (name)
			out(o, L"  %a %a\n", name, guid);
		else
			out(o, L"  Unknown (type 0x%04x) %a\n", p->type, guid);
		if (p->has_pcr_profile)
			out_pcr_mask(o, "    PCR profile ", p->pcr_mask);
		out_tpm_sealed(o, p);
		if (app_tpm_judgement(vol, i))
			out_tpm_verdict(o, app_tpm_judgement(vol, i));
	}
}

/* manage-bde -status's words, and what the encrypt-on-write bitmaps say. */
static void out_status(struct sink *o, const struct bde_volume *vol)
{
	const struct bde_eow *e = &vol->eow_map;
	struct bde_status st;

	bde_status_get(vol, &st);
	out(o, L"  conversion status %a, %d.%d%% encrypted, protection %a\n",
	    bde_conversion_name(st.conversion), st.permille / 10, st.permille % 10,
	    st.protection_on ? "on" : "off");
	if (bde_eow_active(vol))
		out(o, L"  used space only: %ld of %ld chunks of %d bytes encrypted, in %d "
		    L"regions\n", e->chunks_encrypted, e->chunks, e->chunk_size, e->regions);
	if (e->bad_regions)
		out(o, L"  encrypt-on-write bitmap DAMAGED: %d regions unreadable, the "
		    L"first region %d\n", e->bad_regions, e->first_bad_region + 1);
	if (bde_view_uncertain(vol))
		out(o, L"  view UNCERTAIN: %a; chunks never written since encryption "
		    L"began read as noise\n", bde_eow_problem_name(e->problem));
}

static void out_volume(struct sink *o, const struct bde_volume *vol)
{
	char guid[BDE_GUID_TEXT_LEN], id[BDE_KEY_ID_LEN];
	const struct bde_protector *rp = ui_recovery_protector(vol, 0);
	const char *method = bde_method_name(vol->method);
	unsigned i;

	bde_guid_format(vol->volume_guid, guid);
	out(o, L"  volume %a\n", guid);
	if (method)
		out(o, L"  method %a\n", method);
	else
		out(o, L"  method 0x%04x\n", vol->method);
	out(o, L"  kind %a\n", vol->kind == BDE_KIND_TOGO ? "To Go" :
	    vol->kind == BDE_KIND_VISTA ? "Vista" : "Windows 7 or later");
	out(o, L"  encrypted %ld of %ld bytes\n", vol->encrypted_size,
	    vol->volume_size);
	out_status(o, vol);
	if (bde_view_size(vol) < vol->volume_size)
		out(o, L"  cut short: the device holds only %ld bytes\n",
		    bde_view_size(vol));
	if (vol->description[0])
		out_text(o, "description", vol->description);
	if (vol->recovery_message[0])
		out_text(o, "recovery message", vol->recovery_message);
	if (vol->recovery_url[0])
		out_text(o, "recovery URL", vol->recovery_url);
	for (i = 0; i < 3; i++)
		out(o, L"  metadata copy %d at 0x%lx: %a%a%a\n", i + 1,
		    vol->copies[i].offset,
		    bde_copy_status_name(vol->copies[i].status),
		    (int)i == vol->copy_used && vol->copies[i].status == BDE_OK ?
		    " (in use)" : "",
		    vol->boot_offsets_wrong & (1u << i) ?
		    " (the boot sector's offset was wrong)" : "");
	if (rp) {
		bde_key_id_format(rp->guid, id);
		out(o, L"  recovery key ID %a\n", id);
	}
	out_protectors(o, vol);
}

/* The earlier start the TPM key was sealed to (efi/tpm_history.h). */
static void out_tpm_history(struct sink *o, const struct app_tpm_history *h)
{
	char name[MEASURED_BOOT_NAME_MAX], line[96];
	struct ui_text when;
	unsigned i;

	out(o, L"  TPM history (protector %d): %d logs in \\Windows\\Logs\\MeasuredBoot,"
	    L" %d read, %d skipped\n", h->protector, h->listed, h->read, h->skipped);
	if (h->state == APP_HISTORY_NO_FOLDER) {
		put(o, "    no \\Windows\\Logs\\MeasuredBoot folder on this volume\n");
		return;
	}
	if (h->state != APP_HISTORY_FOUND) {
		put(o, "    No earlier start in \\Windows\\Logs\\MeasuredBoot matches the sealed key\n");
		return;
	}
	ui_sanitise(name, sizeof(name), h->file, sizeof(h->file));
	ui_text_init(&when);
	ui_text_add_filetime(&when, h->modified);
	out(o, L"    Earlier start that the key was sealed to: %a (%a)\n", name, when.buf);
	for (i = 0; i < h->result.ndiffs; i++) {
		tpm_history_diff_line(&h->result.diffs[i], line, sizeof(line));
		out(o, L"    %a\n", line);
	}
	if (h->result.diffs_overflow)
		put(o, "    (more differences than listed)\n");
	if (!h->result.ndiffs)
		put(o, "    no event of PCRs 0-7 differs from this start's\n");
}

void report_print_history(const struct app_device *dev)
{
	struct sink console = { 0 };

	if (dev->tpm_history)
		out_tpm_history(&console, dev->tpm_history);
}

static void out_devices(struct sink *o, const struct app *app)
{
	unsigned i, bitlocker = 0, damaged = 0;
	char name[24];

	for (i = 0; i < app->n_devices; i++) {
		const struct app_device *dev = &app->devices[i];
		enum device_kind kind = device_kind(dev);

		device_name(dev, name, sizeof(name));
		if (dev->size)
			out(o, L"dev %a: %a, %ld bytes\n", name,
			    device_state_text(dev), dev->size);
		else
			out(o, L"dev %a: %a\n", name, device_state_text(dev));
		if (dev->path_text[0])
			out(o, L"  path %a\n", dev->path_text);
		bitlocker += kind == DEVICE_BITLOCKER;
		damaged += kind == DEVICE_DAMAGED;
		if (dev->vol)
			out_volume(o, dev->vol);
		if (dev->tpm_history)
			out_tpm_history(o, dev->tpm_history);
	}
	out(o, L"devices %d, BitLocker %d, damaged %d\n", app->n_devices,
	    bitlocker, damaged);
}

static void out_tpm_info(struct sink *o, const struct tpm_info *tpm)
{
	char firmware[TPM_FIRMWARE_TEXT];
	unsigned b, pcr;

	if (tpm->version == TPM_ABSENT) {
		out(o, L"tpm none: %a\n", tpm_strerror(tpm->error));
		return;
	}
	tpm_firmware_text(tpm, firmware);
	out(o, L"tpm %a manufacturer %a firmware %a\n",
	    tpm_version_name(tpm->version), tpm->manufacturer, firmware);
	if (tpm->version == TPM_VERSION_1_2) {
		out(o, L"tpm 1.2 %a\n", tpm->deactivated ? "deactivated" : "active");
		return;
	}
	if (tpm->vendor[0])
		out(o, L"tpm vendor %a, spec revision %d\n", tpm->vendor,
		    tpm->spec_revision);
	if (tpm->error)
		out(o, L"tpm error: %a (0x%x)\n", tpm_strerror(tpm->error),
		    tpm->tpm_rc);
	for (b = 0; b < tpm->nbanks && b < TPM_MAX_BANKS; b++) {
		const struct tpm_bank *bank = &tpm->banks[b];
		const char *alg = tpm2_alg_name(bank->alg);

		out(o, L"bank %a allocated 0x%06x read 0x%06x\n",
		    alg ? alg : "unknown", bank->allocated, bank->valid);
		for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++) {
			const uint8_t *v = tpm_bank_pcr(bank, pcr);

			if (!v || !bank->digest_len)
				continue;
			out(o, L"pcr %a %d ", alg ? alg : "unknown", pcr);
			out_hex(o, v, bank->digest_len);
			put(o, "\n");
		}
	}
}

/* The TCG2 Final Events Table: what it added to the replay, and why not more. */
static void out_final_events(struct sink *o)
{
	const struct tpm_final_merge *m = app_tpm_final_events();

	if (!m || m->status == TPM_FINAL_NO_TABLE)
		return;
	out(o, L"eventlog final events table %ld events, %d repeated, %d added: %a\n",
	    m->events, m->repeated, m->added, tpm_final_status_text(m->status));
}

static void out_eventlog(struct sink *o, const struct tpm_info *tpm)
{
	const struct efi_tpm_log *raw = app_tpm_log();
	const struct tpm_eventlog *log = app_tpm_eventlog();
	uint32_t match, mismatch;
	unsigned i;

	if (!log) {
		out(o, L"eventlog none%a%a\n", raw->error ? ": " : "",
		    raw->error ? tpm_strerror(raw->error) : "");
		return;
	}
	out(o, L"eventlog %ld bytes, %d events%a\n", (UINT64)raw->len,
	    log->nevents, raw->truncated ? ", truncated by the firmware" : "");
	out_final_events(o);
	if (log->error)
		out(o, L"eventlog error at offset %ld: %a\n",
		    (UINT64)log->error_offset, tpm_strerror(log->error));
	for (i = 0; i < log->spec.nalgs && i < TPM_LOG_MAX_ALGS; i++) {
		const struct tpm_log_bank *lb = &log->banks[i];
		const struct tpm_bank *live = tpm_info_bank(tpm, lb->alg);
		const char *alg = tpm2_alg_name(lb->alg);

		if (!lb->replayed || !live) {
			out(o, L"replay %a not compared\n", alg ? alg : "unknown");
			continue;
		}
		tpm_eventlog_compare(lb, live->pcr, live->valid, &match, &mismatch);
		out(o, L"replay %a match 0x%06x mismatch 0x%06x\n",
		    alg ? alg : "unknown", match, mismatch);
	}
	for (i = 0; i < log->ntypes && i < TPM_LOG_MAX_TYPES; i++) {
		const char *name = tpm_event_type_name(log->types[i].type);

		if (name)
			out(o, L"events pcr %d %a %d\n", log->types[i].pcr, name,
			    log->types[i].count);
		else
			out(o, L"events pcr %d type 0x%08x %d\n", log->types[i].pcr,
			    log->types[i].type, log->types[i].count);
	}
	if (log->types_overflow)
		out(o, L"events (more types than listed)\n");
}

void report_print(const struct app *app, int with_tpm)
{
	struct sink console = { NULL, 0, 0, 0 };
	enum ui_lang shown = ui_lang();

	/* The report's words are English whatever the screens say. */
	ui_set_lang(UI_LANG_EN);
	out_devices(&console, app);
	if (with_tpm) {
		out_tpm_info(&console, &app->tpm);
		out_eventlog(&console, &app->tpm);
	}
	ui_set_lang(shown);
}

EFI_STATUS report_save(const struct app *app, struct report_saved *saved)
{
	const struct efi_tpm_log *raw = app_tpm_log();
	EFI_HANDLE device = app->loaded_image ? app->loaded_image->DeviceHandle : NULL;
	struct sink file = { NULL, 0, REPORT_MAX, 0 };
	enum ui_lang shown;

	saved->report_len = saved->eventlog_len = 0;
	saved->eventlog = EFI_NOT_FOUND;
	file.buf = AllocatePool(REPORT_MAX);
	if (!file.buf)
		return saved->report = EFI_OUT_OF_RESOURCES;
	out(&file, L"bitrescue %a report\n", bitrescue_version);
	out(&file, L"firmware %s, revision 0x%x, UEFI %d.%d\n",
	    ST->FirmwareVendor ? ST->FirmwareVendor : L"?", ST->FirmwareRevision,
	    ST->Hdr.Revision >> 16, ST->Hdr.Revision & 0xffff);
	/* English whatever the screens say: it goes into a ticket. */
	shown = ui_lang();
	ui_set_lang(UI_LANG_EN);
	out_devices(&file, app);
	out_tpm_info(&file, &app->tpm);
	out_eventlog(&file, &app->tpm);
	ui_set_lang(shown);
	if (file.cut)
		put(&file, "(report cut: too long)\n");
	saved->report = file_write(device, REPORT_PATH, file.buf, file.len);
	FreePool(file.buf);
	if (EFI_ERROR(saved->report))
		return saved->report;
	saved->report_len = file.len;
	if (raw->data && raw->len) {
		saved->eventlog = file_write(device, EVENTLOG_PATH, raw->data,
					     raw->len);
		if (!EFI_ERROR(saved->eventlog))
			saved->eventlog_len = raw->len;
	}
	return saved->report;
}
