/** @file
 * `bitrescue info`: what the metadata says, laid out like manage-bde.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "bde/guid.h"
#include "bde/names.h"
#include "bde/skipped.h"
#include "bde/status.h"
#include "cli/cli.h"
#include "ui/protectors.h"

void format_filetime(uint64_t filetime, char *out)
{
	/* FILETIME counts 100 ns from 1601; Unix time from 1970 */
	const uint64_t unix_epoch = 116444736000000000ull;
	time_t t;
	struct tm tm;

	if (filetime < unix_epoch) {
		strcpy(out, "unknown");
		return;
	}
	t = (time_t)((filetime - unix_epoch) / 10000000ull);
	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm))
		strcpy(out, "unknown");
}

/* Protector lines: creation times, and what TPM protectors' sealed keys say. */
#define INFO_PROTECTOR_LINES (UI_PROTECTOR_TIMES | UI_PROTECTOR_TPM)

static const char *kind_name(enum bde_kind kind)
{
	switch (kind) {
	case BDE_KIND_VISTA: return "Windows Vista";
	case BDE_KIND_TOGO:  return "BitLocker To Go";
	default:             return "Windows 7 or later";
	}
}

static const char *method_text(uint16_t method, char *buf)
{
	const char *name = bde_method_name(method);

	if (name)
		return name;
	sprintf(buf, "unknown (0x%04X)", method);
	return buf;
}

static const char *protector_text(uint16_t type, char *buf)
{
	const char *name = bde_protector_type_name(type);

	if (name)
		return name;
	sprintf(buf, "Unknown protector type 0x%04X", type);
	return buf;
}

/* The recovery key ID: the first recovery-password protector's ID. */
static int recovery_key_id(const struct bde_volume *vol, char id[BDE_KEY_ID_LEN])
{
	unsigned i;

	for (i = 0; i < vol->n_protectors; i++)
		if (vol->protectors[i].type == BDE_PROT_RECOVERY_PASSWORD) {
			bde_key_id_format(vol->protectors[i].guid, id);
			return 1;
		}
	return 0;
}

void format_copy_place(unsigned i, const struct bde_metadata_copy *c, char *out)
{
	if (c->status == BDE_COPY_NOT_READ && !c->offset)
		sprintf(out, "%u (offset not known)", i + 1);
	else
		sprintf(out, "%u at 0x%llx", i + 1, (unsigned long long)c->offset);
}

/* The set bits of MASK as numbers from BASE (PCRs from 0, copies from 1). */
static void print_bits(FILE *f, uint32_t mask, int base, const char *sep)
{
	int bit, first = 1;

	for (bit = 0; bit < 32; bit++)
		if (mask & (1u << bit)) {
			fprintf(f, "%s%d", first ? "" : sep, bit + base);
			first = 0;
		}
}

/* manage-bde -status's lines, and what encrypt-on-write adds. */
static void print_status(const struct bde_volume *vol)
{
	const struct bde_eow *e = &vol->eow_map;
	struct bde_status st;

	bde_status_get(vol, &st);
	printf("Conversion Status:    %s", bde_conversion_name(st.conversion));
	if (st.conversion == BDE_CONV_UNKNOWN)
		printf(" (state %u, next %u)", vol->state_current, vol->state_next);
	printf("\nPercentage Encrypted: %u.%u%%\n", st.permille / 10, st.permille % 10);
	printf("Protection Status:    Protection %s\n", st.protection_on ? "On" : "Off");
	if (bde_eow_active(vol)) {
		printf("Chunk Size:           %u bytes\n", e->chunk_size);
		printf("Chunks Encrypted:     %llu of %llu in %u regions\n",
		       (unsigned long long)e->chunks_encrypted, (unsigned long long)e->chunks,
		       e->regions);
		if (e->bad_regions)
			printf("Bitmap:               DAMAGED: %u region(s) unreadable, the first "
			       "region %u; reads there fail\n", e->bad_regions,
			       e->first_bad_region + 1);
	}
	if (bde_view_uncertain(vol))
		printf("View:                 UNCERTAIN: %s; chunks never written since "
		       "encryption began may read as noise\n", bde_eow_problem_name(e->problem));
}

static void print_text(const struct found_volume *fv)
{
	const struct bde_volume *vol = fv->vol;
	char guid[BDE_GUID_TEXT_LEN], when[32], buf[48], id[BDE_KEY_ID_LEN];
	struct ui_text line;
	unsigned i, n;

	if (fv->partition)
		printf("Partition %u:\n", fv->partition);
	bde_guid_format(vol->volume_guid, guid);
	format_filetime(vol->creation_time, when);
	printf("BitLocker Version:    %s (metadata version %u)%s\n", kind_name(vol->kind),
	       vol->version, vol->eow ? ", used space only" : "");
	printf("Volume ID:            %s\n", guid);
	printf("Description:          %s\n", vol->description);
	printf("Encryption Method:    %s\n", method_text(vol->method, buf));
	printf("Size:                 %llu bytes\n", (unsigned long long)vol->volume_size);
	if (bde_view_size(vol) < vol->volume_size)
		printf("Image Holds:          %llu bytes: INCOMPLETE, the volume is cut short\n",
		       (unsigned long long)bde_view_size(vol));
	printf("Encrypted Size:       %llu bytes\n", (unsigned long long)vol->encrypted_size);
	printf("Sector Size:          %u bytes\n", vol->sector_size);
	printf("Created:              %s\n", when);
	if (vol->recovery_message[0])
		printf("Recovery Message:     %s\n", vol->recovery_message);
	if (vol->recovery_url[0])
		printf("Recovery URL:         %s\n", vol->recovery_url);
	printf("Metadata Copies:\n");
	for (i = 0; i < 3; i++) {
		format_copy_place(i, &vol->copies[i], buf);
		printf("    %s: %s%s%s\n", buf, bde_copy_status_name(vol->copies[i].status),
		       vol->copies[i].crc_checked ? " (CRC32 checked)" : "",
		       (int)i == vol->copy_used ? ", in use" : "");
	}
	if (vol->boot_offsets_wrong) {
		printf("Boot Sector:          DAMAGED: wrong offset for copy ");
		print_bits(stdout, vol->boot_offsets_wrong, 1, ", ");
		printf("; the copies' own offsets are used\n");
	}
	if (recovery_key_id(vol, id))
		printf("Recovery Key ID:      %s\n", id);
	print_status(vol);

	printf("\nAll Key Protectors\n");
	n = ui_protector_line(vol, INFO_PROTECTOR_LINES, ~0u, &line);
	for (i = 0; i < n; i++) {
		ui_protector_line(vol, INFO_PROTECTOR_LINES, i, &line);
		/* manage-bde leaves a blank line before each protector */
		if (line.buf[4] != ' ')
			printf("\n");
		printf("%s\n", line.buf);
	}
}

/* A JSON string; control characters escaped. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_skipped(void *ctx, const struct bde_skipped *s)
{
	int *first = ctx;

	printf("%s{\"offset\": %u, \"type\": %u, \"value_type\": %u, \"size\": %u, "
	       "\"skipped_bytes\": %u, \"inside_value_type\": %u}", *first ? "" : ", ",
	       s->offset, s->type, s->value_type, s->size, s->skipped, s->parent_value_type);
	*first = 0;
}

static void print_json_status(const struct bde_volume *vol)
{
	const struct bde_eow *e = &vol->eow_map;
	struct bde_status st;
	int first = 1;

	bde_status_get(vol, &st);
	printf(", \"conversion_status\": ");
	json_string(bde_conversion_name(st.conversion));
	printf(", \"state\": %u, \"next_state\": %u, \"percentage_encrypted\": %u.%u, "
	       "\"protection_on\": %s, \"view_uncertain\": %s, \"view_problem\": ",
	       vol->state_current, vol->state_next, st.permille / 10, st.permille % 10,
	       st.protection_on ? "true" : "false", bde_view_uncertain(vol) ? "true" : "false");
	if (bde_view_uncertain(vol))
		json_string(bde_eow_problem_name(e->problem));
	else
		printf("null");
	printf(", \"encrypt_on_write\": ");
	if (bde_eow_active(vol))
		printf("{\"chunk_size\": %u, \"regions\": %u, \"chunks\": %llu, "
		       "\"chunks_encrypted\": %llu, \"damaged_regions\": %u, "
		       "\"first_damaged_region\": %u}", e->chunk_size, e->regions,
		       (unsigned long long)e->chunks, (unsigned long long)e->chunks_encrypted,
		       e->bad_regions, e->bad_regions ? e->first_bad_region + 1 : 0);
	else
		printf("null");
	printf(", \"unparsed_entries\": [");
	bde_skipped_each(vol, json_skipped, &first);
	printf("]");
}

static void json_hex(const uint8_t *p, unsigned n)
{
	putchar('"');
	while (n--)
		printf("%02x", *p++);
	putchar('"');
}

/* A TPM protector's sealed key (tpm/sealed.h), as its text lines say it. */
static void print_json_tpm(const struct bde_protector *p)
{
	const struct tpm_sealed *s = &p->sealed;

	printf(", \"tpm\": ");
	if (!p->has_sealed) {
		printf("null");
		return;
	}
	printf("{\"pin\": %s, \"startup_key\": %s, \"policy_checks_out\": %s, "
	       "\"policy\": ", p->type & BDE_PROT_PIN_BIT ? "true" : "false",
	       p->type & BDE_PROT_STARTUP_KEY ? "true" : "false",
	       s->status == TPM_SEALED_OK ? "true" : "false");
	json_string(s->status == TPM_SEALED_OK ? "checks out" : "NOT UNDERSTOOD");
	printf(", \"problem\": ");
	if (s->status == TPM_SEALED_OK)
		printf("null");
	else
		json_string(tpm_sealed_status_text(s->status));
	printf(", \"counts_toward_lockout\": %s, \"object_attributes\": ",
	       !s->fields_read ? "null" : tpm_sealed_counts_lockout(s) ? "true" : "false");
	if (s->fields_read)
		printf("%u", s->attributes);
	else
		printf("null");
	/* the digest only where the policy is known to check it */
	printf(", \"pcr_digest\": ");
	if (s->status == TPM_SEALED_OK)
		json_hex(s->pcr_digest, TPM_SEALED_DIGEST_LEN);
	else
		printf("null");
	printf(", \"auth_policy\": ");
	if (s->fields_read)
		json_hex(s->auth_policy, TPM_SEALED_DIGEST_LEN);
	else
		printf("null");
	printf("}");
}

static void print_json(const struct found_volume *fv)
{
	const struct bde_volume *vol = fv->vol;
	char guid[BDE_GUID_TEXT_LEN], when[32], buf[48], id[BDE_KEY_ID_LEN];
	unsigned i;

	bde_guid_format(vol->volume_guid, guid);
	format_filetime(vol->creation_time, when);
	printf("{\"partition\": %u, \"kind\": ", fv->partition);
	json_string(kind_name(vol->kind));
	printf(", \"metadata_version\": %u, \"used_space_only\": %s, \"volume_id\": \"%s\", "
	       "\"description\": ", vol->version, vol->eow ? "true" : "false", guid);
	json_string(vol->description);
	printf(", \"method\": ");
	json_string(method_text(vol->method, buf));
	printf(", \"method_id\": %u, \"size\": %llu, \"available_size\": %llu, "
	       "\"complete\": %s, \"encrypted_size\": %llu, "
	       "\"sector_size\": %u, \"created\": \"%s\", \"recovery_message\": ",
	       vol->method, (unsigned long long)vol->volume_size,
	       (unsigned long long)bde_view_size(vol),
	       bde_view_size(vol) < vol->volume_size ? "false" : "true",
	       (unsigned long long)vol->encrypted_size, vol->sector_size, when);
	json_string(vol->recovery_message);
	printf(", \"recovery_url\": ");
	json_string(vol->recovery_url);
	printf(", \"header_offset\": %llu, \"header_size\": %llu",
	       (unsigned long long)vol->header_offset,
	       (unsigned long long)vol->header_sectors * vol->sector_size);
	print_json_status(vol);
	printf(", \"metadata_copies\": [");
	for (i = 0; i < 3; i++) {
		const struct bde_metadata_copy *c = &vol->copies[i];

		printf("%s{\"offset\": ", i ? ", " : "");
		if (c->status == BDE_COPY_NOT_READ && !c->offset)
			printf("null");
		else
			printf("%llu", (unsigned long long)c->offset);
		printf(", \"status\": ");
		json_string(bde_copy_status_name(c->status));
		printf(", \"crc_checked\": %s, \"in_use\": %s}",
		       vol->copies[i].crc_checked ? "true" : "false",
		       (int)i == vol->copy_used ? "true" : "false");
	}
	printf("], \"boot_sector_offsets_wrong\": [");
	print_bits(stdout, vol->boot_offsets_wrong, 1, ", ");
	printf("], \"recovery_key_id\": ");
	if (recovery_key_id(vol, id))
		printf("\"%s\"", id);
	else
		printf("null");
	printf(", \"protectors\": [");
	for (i = 0; i < vol->n_protectors; i++) {
		const struct bde_protector *p = &vol->protectors[i];

		bde_guid_format(p->guid, guid);
		format_filetime(p->time, when);
		printf("%s{\"type\": ", i ? ", " : "");
		json_string(protector_text(p->type, buf));
		printf(", \"type_id\": %u, \"id\": \"%s\", \"created\": \"%s\", "
		       "\"pcr_profile\": ", p->type, guid, when);
		if (p->has_pcr_profile) {
			printf("[");
			print_bits(stdout, p->pcr_mask, 0, ", ");
			printf("]");
		} else {
			printf("null");
		}
		printf(", \"key_saved\": ");
		if (p->has_key_saved) {
			format_filetime(p->key_saved_time, when);
			printf("{\"time\": \"%s\", \"kind\": [%u, %u]}", when,
			       p->key_saved_kind[0], p->key_saved_kind[1]);
		} else {
			printf("null");
		}
		print_json_tpm(p);
		printf("}");
	}
	printf("]}");
}

int cmd_info(const struct options *opt, struct found_volume *vols, int n)
{
	int i;

	if (opt->json)
		printf("{\"volumes\": [");
	for (i = 0; i < n; i++) {
		if (opt->json) {
			printf(i ? ", " : "");
			print_json(&vols[i]);
		} else {
			if (i)
				printf("\n");
			print_text(&vols[i]);
		}
	}
	if (opt->json)
		printf("]}\n");
	return EXIT_OK;
}
