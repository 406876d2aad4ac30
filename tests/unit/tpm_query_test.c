/** @file
 * tpm2_query() against a scripted TPM: PCR_Read answered a few PCRs at a
 * time (as real TPMs do, at most 8), PCRs the TPM will not give, answers
 * that name PCRs nobody asked for, error codes and a dead transport.
 */
#include <string.h>
#include "check.h"
#include "tpm_test.h"
#include "tpm/error.h"
#include "tpm/info.h"
#include "tpm/wire.h"

struct fake_tpm {
	unsigned per_call;      /* PCRs answered per PCR_Read */
	uint32_t readable;      /* PCRs it will answer at all */
	unsigned props_per_call;
	int extra_pcr;          /* answer a PCR that was not asked */
	uint32_t rc;            /* non-zero: every command fails with it */
	int dead;               /* the transport fails */
	unsigned busy;          /* answer TPM_RC_RETRY this many times first */
	unsigned calls;
};

/* Each PCR holds its bank's algorithm id and its index, repeated. */
static void fake_value(uint8_t *out, uint16_t alg, unsigned pcr, unsigned len)
{
	unsigned i;

	for (i = 0; i < len; i++)
		out[i] = (uint8_t)(i & 1 ? pcr : alg);
}

static const struct tpm2_property fake_props[] = {
	{ TPM2_PT_FAMILY_INDICATOR, 0x322e3000 },
	{ TPM2_PT_REVISION, 138 },
	{ TPM2_PT_MANUFACTURER, 0x494e5443 },         /* "INTC" */
	{ TPM2_PT_VENDOR_STRING_1, 0x496e7465 },      /* "Inte" */
	{ TPM2_PT_VENDOR_STRING_2, 0x6c000000 },      /* "l" */
	{ TPM2_PT_FIRMWARE_VERSION_1, 0x000b0014 },
	{ TPM2_PT_FIRMWARE_VERSION_2, 0x00fa1234 },
};

static void answer_properties(struct fake_tpm *t, struct wr *w, uint32_t first)
{
	unsigned i, n = 0, start = 0, nprops = sizeof(fake_props) / sizeof(fake_props[0]);

	while (start < nprops && fake_props[start].property < first)
		start++;
	n = nprops - start;
	if (n > t->props_per_call)
		n = t->props_per_call;
	wr_u8(w, start + n < nprops);
	wr_be32(w, TPM2_CAP_TPM_PROPERTIES);
	wr_be32(w, n);
	for (i = start; i < start + n; i++) {
		wr_be32(w, fake_props[i].property);
		wr_be32(w, fake_props[i].value);
	}
}

static void answer_pcrs(struct wr *w)
{
	wr_u8(w, 0);
	wr_be32(w, TPM2_CAP_PCRS);
	wr_be32(w, 4);
	wr_be16(w, TPM2_ALG_SHA1);   wr_u8(w, 3); wr_u8(w, 0xff); wr_u8(w, 0xff); wr_u8(w, 0xff);
	wr_be16(w, TPM2_ALG_SHA256); wr_u8(w, 3); wr_u8(w, 0xff); wr_u8(w, 0xff); wr_u8(w, 0xff);
	wr_be16(w, TPM2_ALG_SHA384); wr_u8(w, 3); wr_u8(w, 0);    wr_u8(w, 0);    wr_u8(w, 0);
	wr_be16(w, 0x0099);          wr_u8(w, 3); wr_u8(w, 0x01); wr_u8(w, 0);    wr_u8(w, 0);
}

static void answer_pcr_read(struct fake_tpm *t, struct wr *w, struct rd *r)
{
	uint16_t alg;
	uint32_t asked, given = 0, bit;
	unsigned n = 0, len;
	uint8_t value[TPM2_MAX_DIGEST];

	rd_be32(r);              /* one selection: all tpm2_read_bank() sends */
	alg = rd_be16(r);
	rd_u8(r);
	asked = rd_u8(r) | rd_u8(r) << 8 | (uint32_t)rd_u8(r) << 16;
	for (bit = 0; bit < 24 && n < t->per_call; bit++) {
		if ((asked & t->readable) >> bit & 1) {
			given |= 1u << bit;
			n++;
		}
	}
	/* PCR 0, once it has been read and is no longer asked for. */
	if (t->extra_pcr && !(asked & 1))
		given |= 1;
	len = tpm2_alg_digest_len(alg);
	wr_be32(w, 7);           /* pcrUpdateCounter */
	wr_be32(w, 1);
	wr_be16(w, alg);
	wr_u8(w, 3);
	wr_u8(w, (uint8_t)given);
	wr_u8(w, (uint8_t)(given >> 8));
	wr_u8(w, (uint8_t)(given >> 16));
	n = 0;
	for (bit = 0; bit < 24; bit++)
		n += given >> bit & 1;
	wr_be32(w, n);
	for (bit = 0; bit < 24; bit++) {
		if (!(given >> bit & 1))
			continue;
		fake_value(value, alg, bit, len);
		wr_be16(w, (uint16_t)len);
		memcpy(wr_take(w, len), value, len);
	}
}

static int fake_submit(void *ctx, const uint8_t *cmd, size_t cmd_len,
		       uint8_t *rsp, size_t *rsp_len)
{
	struct fake_tpm *t = ctx;
	struct rd r;
	struct wr w;
	uint32_t code, capability, property;

	t->calls++;
	if (t->dead)
		return -1;
	rd_init(&r, cmd, cmd_len);
	rd_take(&r, 6);
	code = rd_be32(&r);
	wr_init(&w, rsp, *rsp_len);
	wr_be16(&w, TPM2_ST_NO_SESSIONS);
	wr_be32(&w, 0);
	if (t->busy) {
		t->busy--;
		wr_be32(&w, 0x922);  /* TPM_RC_RETRY */
		wr_patch_be32(&w, 2, (uint32_t)w.pos);
		*rsp_len = w.pos;
		return 0;
	}
	wr_be32(&w, t->rc);
	if (!t->rc && code == TPM2_CC_GET_CAPABILITY) {
		capability = rd_be32(&r);
		property = rd_be32(&r);
		if (capability == TPM2_CAP_PCRS)
			answer_pcrs(&w);
		else
			answer_properties(t, &w, property);
	} else if (!t->rc && code == TPM2_CC_PCR_READ) {
		answer_pcr_read(t, &w, &r);
	}
	wr_patch_be32(&w, 2, (uint32_t)w.pos);
	*rsp_len = w.pos;
	return 0;
}

static struct tpm_info *info;   /* check_alloc'd: PCR values make it large */

static void test_piecewise(void)
{
	struct fake_tpm t = { .per_call = 3, .readable = 0xffffff, .props_per_call = 2 };
	const struct tpm_bank *b;
	uint8_t want[TPM2_MAX_DIGEST];
	char text[TPM_FIRMWARE_TEXT];
	unsigned pcr;
	int all = 1;

	check(tpm2_query(info, fake_submit, &t) == TPM_OK);
	check(info->version == TPM_VERSION_2_0);
	check(text_eq(info->manufacturer, "INTC"));
	check(text_eq(info->vendor, "Intel"));
	check(text_eq(info->family, "2.0") && info->spec_revision == 138);
	check(info->firmware_version[0] == 0x000b0014 && info->firmware_version[1] == 0x00fa1234);
	tpm_firmware_text(info, text);
	check(text_eq(text, "11.20.250.4660"));
	info->firmware_version[0] = 0xffffffff;
	info->firmware_version[1] = 0;
	tpm_firmware_text(info, text);
	check(text_eq(text, "65535.65535.0.0"));
	/* The empty sha384 selection is no bank; the unknown one has no values. */
	check(info->nbanks == 3);
	check(tpm_info_bank(info, TPM2_ALG_SHA384) == NULL);
	check(tpm_info_bank(info, 0x0099) && tpm_info_bank(info, 0x0099)->valid == 0);
	b = tpm_info_bank(info, TPM2_ALG_SHA256);
	check(b && b->valid == 0xffffff && b->digest_len == 32);
	for (pcr = 0; b && pcr < 24; pcr++) {
		fake_value(want, TPM2_ALG_SHA256, pcr, 32);
		all &= tpm_bank_pcr(b, pcr) && bytes_eq(tpm_bank_pcr(b, pcr), want, 32);
	}
	check(all);
	b = tpm_info_bank(info, TPM2_ALG_SHA1);
	check(b && b->valid == 0xffffff);
	fake_value(want, TPM2_ALG_SHA1, 17, 20);
	check(tpm_bank_pcr(b, 17) && bytes_eq(tpm_bank_pcr(b, 17), want, 20));
	check(tpm_bank_pcr(b, 24) == NULL);
	/* 4 property rounds, 1 bank list, 8 + 8 PCR reads. */
	check(t.calls == 4 + 1 + 16);
}

static void test_withheld(void)
{
	struct fake_tpm t = { .per_call = 8, .readable = 0x0fffff, .props_per_call = 16 };

	check(tpm2_query(info, fake_submit, &t) == TPM_OK);
	check(tpm_info_bank(info, TPM2_ALG_SHA256) &&
	      tpm_info_bank(info, TPM2_ALG_SHA256)->valid == 0x0fffff);
	check(tpm_bank_pcr(tpm_info_bank(info, TPM2_ALG_SHA256), 20) == NULL);
}

static void test_bad_answers(void)
{
	struct fake_tpm t = { .per_call = 2, .readable = 0xffffff, .props_per_call = 16,
			      .extra_pcr = 1 };

	check(tpm2_query(info, fake_submit, &t) == TPM_ERR_CORRUPT);
	/* Properties were read before the bad answer and stay. */
	check(text_eq(info->manufacturer, "INTC") && info->error == TPM_ERR_CORRUPT);

	memset(&t, 0, sizeof(t));
	t.rc = 0x101;            /* TPM_RC_FAILURE */
	check(tpm2_query(info, fake_submit, &t) == TPM_ERR_TPM_RC);
	check(info->tpm_rc == 0x101 && t.calls == 1);

	memset(&t, 0, sizeof(t));
	t.dead = 1;
	check(tpm2_query(info, fake_submit, &t) == TPM_ERR_TRANSPORT);

	/* A busy TPM is asked again, a few times, then taken at its word. */
	memset(&t, 0, sizeof(t));
	t.per_call = 8;
	t.readable = 0xffffff;
	t.props_per_call = 16;
	t.busy = 3;
	check(tpm2_query(info, fake_submit, &t) == TPM_OK);
	check(text_eq(info->manufacturer, "INTC"));
	memset(&t, 0, sizeof(t));
	t.busy = 100;
	check(tpm2_query(info, fake_submit, &t) == TPM_ERR_TPM_RC);
	check(info->tpm_rc == 0x922 && t.calls == 5);
}

static void test_profile(void)
{
	static const uint8_t select[3] = { 0x15, 0x08, 0x00 };  /* 0, 2, 4, 11 */

	tpm_info_set_profile(info, tpm_pcr_mask_from_select(select, sizeof(select)));
	check(info->profile == 0x815);
	check(tpm_pcr_in_profile(info, 11) && tpm_pcr_in_profile(info, 0));
	check(!tpm_pcr_in_profile(info, 7) && !tpm_pcr_in_profile(info, 30));
	check(text_eq(tpm_version_name(TPM_VERSION_1_2), "1.2"));
	check(text_eq(tpm_strerror(TPM_ERR_NO_TPM), "no TPM"));
}

SELFTEST(tpm_query)
{
	info = check_alloc(sizeof(*info));
	if (info) {
		test_piecewise();
		test_withheld();
		test_bad_answers();
		test_profile();
	}
	check_free(info, sizeof(*info));
}
