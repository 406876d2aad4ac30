/** @file
 * TPM2_GetCapability and TPM2_PCR_Read bytes and response parsing.
 *
 * Vectors: command bytes tpm2-tools 5.x (tpm2_getcap, tpm2_pcrread) sent to
 * swtpm 0.7.1, and swtpm's responses, captured on its TCP channel. PCR 16
 * of the SHA-256 bank held SHA-256 extend of 32 bytes of 0xaa from zero.
 */
#include <string.h>
#include "check.h"
#include "tpm_test.h"
#include "tpm/error.h"
#include "tpm/tpm2.h"

/* tpm2_getcap pcrs */
#define GETCAP_PCRS_CMD "8001000000160000017a00000005000000000000007f"
#define GETCAP_PCRS_RSP\
	"80010000002b00000000000000000500000004000403ffffff000b03ffffff000c03"\
	"ffffff000d03ffffff"
/* tpm2_getcap properties-fixed */
#define GETCAP_FIXED_CMD "8001000000160000017a00000006000001000000007f"
/* GetCapability(TPM_PROPERTIES, 0x100, 13) as tpm2_query() asks it */
#define GETCAP_PROPS_CMD "8001000000160000017a00000006000001000000000d"
#define GETCAP_PROPS_RSP\
	"80010000007b0000000001000000060000000d00000100322e30000000010100000000"\
	"00000102000000a4000001030000004b00000104000007e50000010549424d0000000106"\
	"53572020000001072054504d000001080000000000000109000000000000010a00000001"\
	"0000010b201910230000010c00163636"
/* tpm2_pcrread sha256:0,16,23+sha1:16 */
#define PCR_READ_CMD "80010000001a0000017e00000002000b03010081000403000001"
#define PCR_READ_RSP\
	"80010000009e000000000000001400000002000b03010081000403000001000000040020"\
	"0000000000000000000000000000000000000000000000000000000000000000"\
	"00209ef814b42fa0be12d197c44d3e8e03441a4b1118237658368ba1351090e556ed"\
	"00200000000000000000000000000000000000000000000000000000000000000000"\
	"00140000000000000000000000000000000000000000"

static uint8_t rsp[512];

static size_t load(const char *hex)
{
	return check_unhex(hex, rsp, sizeof(rsp));
}

static void test_commands(void)
{
	uint8_t cmd[64];
	struct tpm2_pcr_select sel[2] = {
		{ TPM2_ALG_SHA256, 1u << 0 | 1u << 16 | 1u << 23 },
		{ TPM2_ALG_SHA1, 1u << 16 },
	};
	size_t n;

	n = tpm2_build_get_capability(cmd, sizeof(cmd), TPM2_CAP_PCRS, 0, 0x7f);
	check_hex(cmd, n, GETCAP_PCRS_CMD);
	n = tpm2_build_get_capability(cmd, sizeof(cmd), TPM2_CAP_TPM_PROPERTIES,
				      TPM2_PT_FAMILY_INDICATOR, 0x7f);
	check_hex(cmd, n, GETCAP_FIXED_CMD);
	n = tpm2_build_get_capability(cmd, sizeof(cmd), TPM2_CAP_TPM_PROPERTIES,
				      TPM2_PT_FAMILY_INDICATOR, 13);
	check_hex(cmd, n, GETCAP_PROPS_CMD);
	n = tpm2_build_pcr_read(cmd, sizeof(cmd), sel, 2);
	check_hex(cmd, n, PCR_READ_CMD);
	/* Too small a buffer, or a PCR beyond 23, builds nothing. */
	check(tpm2_build_pcr_read(cmd, 20, sel, 2) == 0);
	check(tpm2_build_get_capability(cmd, 21, TPM2_CAP_PCRS, 0, 1) == 0);
	sel[0].mask = 1u << 24;
	check(tpm2_build_pcr_read(cmd, sizeof(cmd), sel, 1) == 0);
}

static void test_properties(void)
{
	struct tpm2_property p[16];
	unsigned n, cut;
	int more;
	size_t len = load(GETCAP_PROPS_RSP);

	check(tpm2_parse_properties(rsp, len, p, 16, &n, &more) == TPM_OK);
	check(n == 13 && more == 1);
	check(p[0].property == TPM2_PT_FAMILY_INDICATOR && p[0].value == 0x322e3000);
	check(p[5].property == TPM2_PT_MANUFACTURER && p[5].value == 0x49424d00);
	check(p[11].property == TPM2_PT_FIRMWARE_VERSION_1 && p[11].value == 0x20191023);
	check(p[12].property == TPM2_PT_FIRMWARE_VERSION_2 && p[12].value == 0x00163636);
	/* Room for fewer than the TPM sent. */
	check(tpm2_parse_properties(rsp, len, p, 4, &n, &more) == TPM_ERR_TOO_LARGE);
	/* Every cut is an error, never a read past the end. */
	for (cut = 0; cut < len; cut++)
		check(tpm2_parse_properties(rsp, cut, p, 16, &n, &more) != TPM_OK);
	/* The count says 14 but only 13 are there. */
	rsp[18] = 14;
	check(tpm2_parse_properties(rsp, len, p, 16, &n, &more) == TPM_ERR_CORRUPT);
	/* Asked for properties, got another capability. */
	len = load(GETCAP_PROPS_RSP);
	rsp[14] = 5;
	check(tpm2_parse_properties(rsp, len, p, 16, &n, &more) == TPM_ERR_CORRUPT);
}

static void test_pcrs(void)
{
	struct tpm2_pcr_select s[TPM2_MAX_BANKS];
	unsigned n;
	size_t len = load(GETCAP_PCRS_RSP);

	check(tpm2_parse_pcrs(rsp, len, s, TPM2_MAX_BANKS, &n) == TPM_OK);
	check(n == 4);
	check(s[0].alg == TPM2_ALG_SHA1 && s[0].mask == 0xffffff);
	check(s[1].alg == TPM2_ALG_SHA256 && s[1].mask == 0xffffff);
	check(s[3].alg == TPM2_ALG_SHA512);
	/* A sizeofSelect that runs past the end. */
	rsp[21] = 200;
	check(tpm2_parse_pcrs(rsp, len, s, TPM2_MAX_BANKS, &n) == TPM_ERR_TRUNCATED);
	check(n == 0);
}

static void test_pcr_read(void)
{
	struct tpm2_pcr_value v[8];
	uint32_t counter;
	unsigned n, cut;
	size_t len = load(PCR_READ_RSP);

	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) == TPM_OK);
	check(n == 4 && counter == 0x14);
	check(v[0].alg == TPM2_ALG_SHA256 && v[0].pcr == 0 && v[0].len == 32);
	check(v[1].alg == TPM2_ALG_SHA256 && v[1].pcr == 16);
	check_hex(v[1].digest, v[1].len,
		  "9ef814b42fa0be12d197c44d3e8e03441a4b1118237658368ba1351090e556ed");
	check(v[2].pcr == 23);
	check(v[3].alg == TPM2_ALG_SHA1 && v[3].pcr == 16 && v[3].len == 20);
	for (cut = 0; cut < len; cut++)
		check(tpm2_parse_pcr_read(rsp, cut, v, 8, &n, &counter) != TPM_OK);

	/* A selection naming more PCRs than digests follow. */
	rsp[29] = 0x03;
	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) == TPM_ERR_CORRUPT);
	/* More digests than the selection names. */
	len = load(PCR_READ_RSP);
	rsp[33] = 5;
	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) == TPM_ERR_CORRUPT);
	/* A SHA-256 digest that is not 32 bytes. */
	len = load(PCR_READ_RSP);
	rsp[35] = 0x1f;
	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) != TPM_OK);
	/* The header's size shorter than the parameters. */
	len = load(PCR_READ_RSP);
	rsp[5] = 0x9d;
	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) == TPM_ERR_TRUNCATED);
	/* A bigger header size than the bytes we have. */
	rsp[5] = 0x9f;
	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) == TPM_ERR_TRUNCATED);
}

static void test_errors(void)
{
	struct tpm2_pcr_value v[8];
	uint32_t counter;
	unsigned n;
	/* TPM_RC_COMMAND_SIZE (0x142), swtpm's answer to a bad size field. */
	size_t len = load("80010000000a00000142");

	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) == TPM_ERR_TPM_RC);
	check(tpm2_response_code(rsp, len) == 0x142);
	check(tpm2_response_code(rsp, 9) == 0xffffffffu);
	/* A size field below the header's own size. */
	len = load("80010000000900000000");
	check(tpm2_parse_pcr_read(rsp, len, v, 8, &n, &counter) == TPM_ERR_CORRUPT);
	check(tpm2_alg_digest_len(TPM2_ALG_SHA384) == 48);
	check(text_eq(tpm2_alg_name(TPM2_ALG_SHA256), "sha256"));
	check(tpm2_alg_digest_len(0x0099) == 0);
}

SELFTEST(tpm_cmd)
{
	test_commands();
	test_properties();
	test_pcrs();
	test_pcr_read();
	test_errors();
}
