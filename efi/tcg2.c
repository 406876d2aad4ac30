/** @file
 * EFI_TCG2_PROTOCOL and EFI_TCG_PROTOCOL, declared here because gnu-efi
 * lacks them (TCG EFI Protocol Specification, TPM Family 2.0, and TCG EFI
 * Protocol Specification for TPM 1.2).
 */
#include <efi.h>
#include <efilib.h>
#include "efi/tcg2.h"
#include "tpm/error.h"
#include "tpm/eventlog.h"

#define EFI_TCG2_PROTOCOL_GUID \
	{ 0x607f766c, 0x7455, 0x42be, { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } }
#define EFI_TCG_PROTOCOL_GUID \
	{ 0xf541796d, 0xa62e, 0x4954, { 0xa7, 0x75, 0x95, 0x84, 0xf6, 0x1b, 0x9c, 0xdd } }

#define EFI_TCG2_FINAL_EVENTS_TABLE_GUID \
	{ 0x1e2ed096, 0x30e2, 0x4254, { 0xbd, 0x89, 0x86, 0x3b, 0xbe, 0xf8, 0x23, 0x25 } }

#define EFI_TCG2_EVENT_LOG_FORMAT_TCG_2 0x00000002

/* Largest last log record we accept when finding the log's end. */
#define MAX_LAST_RECORD (1u << 20)
/* Largest final events table we walk: EDK2 gives it 32 KiB by default. */
#define MAX_FINAL_TABLE (1u << 20)

struct tcg2_version {
	UINT8 major;
	UINT8 minor;
};

/* Not packed: the specification lays it out with natural alignment. */
struct tcg2_capability {
	UINT8 size;
	struct tcg2_version structure_version;
	struct tcg2_version protocol_version;
	UINT32 hash_algorithm_bitmap;
	UINT32 supported_event_logs;
	BOOLEAN tpm_present;
	UINT16 max_command_size;
	UINT16 max_response_size;
	UINT32 manufacturer_id;
	UINT32 number_of_pcr_banks;
	UINT32 active_pcr_banks;
};

struct tcg2_protocol {
	EFI_STATUS (EFIAPI *get_capability)(struct tcg2_protocol *self,
					    struct tcg2_capability *cap);
	EFI_STATUS (EFIAPI *get_event_log)(struct tcg2_protocol *self, UINT32 format,
					   EFI_PHYSICAL_ADDRESS *location,
					   EFI_PHYSICAL_ADDRESS *last_entry,
					   BOOLEAN *truncated);
	void *hash_log_extend_event;
	EFI_STATUS (EFIAPI *submit_command)(struct tcg2_protocol *self,
					    UINT32 in_size, UINT8 *in,
					    UINT32 out_size, UINT8 *out);
	void *get_active_pcr_banks;
	void *set_active_pcr_banks;
	void *get_result_of_set_active_pcr_banks;
};

struct tcg_version {
	UINT8 major, minor, rev_major, rev_minor;
};

struct tcg_capability {
	UINT8 size;
	struct tcg_version structure_version;
	struct tcg_version protocol_spec_version;
	UINT8 hash_algorithm_bitmap;
	BOOLEAN tpm_present;
	BOOLEAN tpm_deactivated;
};

struct tcg_protocol {
	EFI_STATUS (EFIAPI *status_check)(struct tcg_protocol *self,
					  struct tcg_capability *cap,
					  UINT32 *feature_flags,
					  EFI_PHYSICAL_ADDRESS *log_location,
					  EFI_PHYSICAL_ADDRESS *log_last_entry);
	void *hash_all;
	void *log_event;
	void *pass_through_to_tpm;
	void *hash_log_extend_event;
};

static EFI_GUID tcg2_guid = EFI_TCG2_PROTOCOL_GUID;
static EFI_GUID tcg_guid = EFI_TCG_PROTOCOL_GUID;

struct tcg2_link {
	struct tcg2_protocol *tcg2;
	size_t max_command, max_response;
};

/*
 * tpm2_submit_fn over SubmitCommand; the answer's own header tells its
 * size. EDK2 refuses an output buffer larger than MaxResponseSize (0xF80
 * behind a CRB interface), so the buffer we offer is cut to it.
 */
#define BUSY_PAUSE_US (100 * 1000)

static int submit_tcg2(void *ctx, const uint8_t *cmd, size_t cmd_len,
		       uint8_t *rsp, size_t *rsp_len)
{
	struct tcg2_link *link = ctx;
	EFI_STATUS status;

	if (link->max_response && *rsp_len > link->max_response)
		*rsp_len = link->max_response;
	if (link->max_command && cmd_len > link->max_command)
		return -1;
	/* SubmitCommand does not say how much it wrote: a TPM whose header
	 * claims more than it sent must find zeros, not an earlier answer. */
	SetMem(rsp, *rsp_len, 0);
	status = uefi_call_wrapper(link->tcg2->submit_command, 5, link->tcg2,
				   (UINT32)cmd_len, (UINT8 *)cmd, (UINT32)*rsp_len, rsp);
	if (EFI_ERROR(status))
		return -1;
	/* A busy TPM is asked again (tpm/info.c): give it time first. */
	if (tpm2_rc_busy(tpm2_response_code(rsp, *rsp_len)))
		uefi_call_wrapper(BS->Stall, 1, BUSY_PAUSE_US);
	return 0;
}

/* The configuration table the firmware installs beside the TCG2 protocol. */
static const uint8_t *final_events_table(void)
{
	EFI_GUID guid = EFI_TCG2_FINAL_EVENTS_TABLE_GUID;
	UINTN i;

	for (i = 0; i < ST->NumberOfTableEntries; i++)
		if (CompareGuid(&ST->ConfigurationTable[i].VendorGuid, &guid) == 0)
			return ST->ConfigurationTable[i].VendorTable;
	return NULL;
}

static void read_log(struct tcg2_protocol *tcg2, const struct tcg2_capability *cap,
		     struct efi_tpm_log *log)
{
	EFI_PHYSICAL_ADDRESS location = 0, last = 0;
	BOOLEAN truncated = FALSE;
	EFI_STATUS status;
	size_t total;

	if (!(cap->supported_event_logs & EFI_TCG2_EVENT_LOG_FORMAT_TCG_2)) {
		log->error = TPM_ERR_UNSUPPORTED;
		return;
	}
	status = uefi_call_wrapper(tcg2->get_event_log, 5, tcg2,
				   EFI_TCG2_EVENT_LOG_FORMAT_TCG_2, &location,
				   &last, &truncated);
	if (EFI_ERROR(status) || location == 0 || last < location) {
		log->error = EFI_ERROR(status) ? TPM_ERR_TRANSPORT : TPM_OK;
		return;
	}
	/* The firmware gives the last record's start, not the log's end. */
	log->error = tpm_log_span((const uint8_t *)(UINTN)location, last - location,
				  last - location + MAX_LAST_RECORD, &total);
	if (log->error)
		return;
	log->data = (const uint8_t *)(UINTN)location;
	log->len = total;
	log->truncated = truncated != FALSE;
	/* right after GetEventLog: what it holds past our log's end is what
	 * the firmware logged since, or what did not fit in the log */
	log->final_table = final_events_table();
	log->final_max = MAX_FINAL_TABLE;
}

/* The TCG2 protocol of a present TPM into LINK and CAP; 0 if there is none. */
static int find_tcg2(struct tcg2_link *link, struct tcg2_capability *cap)
{
	struct tcg2_protocol *tcg2 = NULL;
	EFI_STATUS status;

	status = uefi_call_wrapper(BS->LocateProtocol, 3, &tcg2_guid, NULL,
				   (void **)&tcg2);
	if (EFI_ERROR(status) || !tcg2)
		return 0;
	ZeroMem(cap, sizeof(*cap));
	cap->size = sizeof(*cap);
	status = uefi_call_wrapper(tcg2->get_capability, 2, tcg2, cap);
	if (EFI_ERROR(status) || !cap->tpm_present)
		return 0;
	link->tcg2 = tcg2;
	link->max_command = cap->max_command_size;
	link->max_response = cap->max_response_size;
	return 1;
}

static int read_tpm2(struct tpm_info *info, struct efi_tpm_log *log)
{
	struct tcg2_capability cap;
	struct tcg2_link link;

	if (!find_tcg2(&link, &cap))
		return 0;
	tpm2_query(info, submit_tcg2, &link);
	/*
	 * If the TPM would not say who made it, the firmware still knows. EDK2
	 * keeps the TPM's big-endian value as it came, so the bytes in memory
	 * order are the text.
	 */
	if (!info->manufacturer_id && cap.manufacturer_id) {
		const UINT8 *id = (const UINT8 *)&cap.manufacturer_id;
		int i;

		for (i = 0; i < 4; i++) {
			info->manufacturer_id = info->manufacturer_id << 8 | id[i];
			info->manufacturer[i] = (id[i] >= 0x20 && id[i] < 0x7f) ? (char)id[i] : 0;
		}
		info->manufacturer[4] = 0;
	}
	read_log(link.tcg2, &cap, log);
	return 1;
}

static int read_tpm12(struct tpm_info *info)
{
	struct tcg_protocol *tcg = NULL;
	struct tcg_capability cap;
	EFI_PHYSICAL_ADDRESS location = 0, last = 0;
	UINT32 features = 0;
	EFI_STATUS status;

	status = uefi_call_wrapper(BS->LocateProtocol, 3, &tcg_guid, NULL,
				   (void **)&tcg);
	if (EFI_ERROR(status) || !tcg)
		return 0;
	ZeroMem(&cap, sizeof(cap));
	cap.size = sizeof(cap);
	status = uefi_call_wrapper(tcg->status_check, 5, tcg, &cap, &features,
				   &location, &last);
	if (EFI_ERROR(status) || !cap.tpm_present)
		return 0;
	info->version = TPM_VERSION_1_2;
	info->deactivated = cap.tpm_deactivated != FALSE;
	return 1;
}

int efi_tpm2_submitter(tpm2_submit_fn *submit, void **ctx)
{
	static struct tcg2_link link;
	struct tcg2_capability cap;

	if (!find_tcg2(&link, &cap))
		return 0;
	*submit = submit_tcg2;
	*ctx = &link;
	return 1;
}

void efi_tpm_read(struct tpm_info *info, struct efi_tpm_log *log)
{
	ZeroMem(info, sizeof(*info));
	ZeroMem(log, sizeof(*log));
	if (read_tpm2(info, log))
		return;
	ZeroMem(info, sizeof(*info));
	if (!read_tpm12(info))
		info->error = TPM_ERR_NO_TPM;
}
