/** @file
 * The storage root key, a trial TPM2_Load and the lockout, asked of the TPM.
 */
#include <string.h>
#include "tpm/error.h"
#include "tpm/key_check.h"

/* TPM 2.0 Part 2, TPM_RC: format-one codes carry a parameter or handle
 * number in bits 8-11; their error is the low 6 bits. */
#define RC_FORMAT_ONE 0x080
#define RC_ERROR_MASK 0x03F
#define RC_HANDLE     0x00B    /* no object at the handle */
#define RC_INTEGRITY  0x01F    /* the private part's integrity check failed */
#define RC_BINDING    0x025    /* public and private parts do not belong together */

static int rc_is(uint32_t rc, unsigned error)
{
	return (rc & RC_FORMAT_ONE) && (rc & RC_ERROR_MASK) == error;
}

static int ask(tpm2_submit_fn submit, void *ctx, const uint8_t *cmd, size_t cmd_len,
	       uint8_t *rsp, size_t *rsp_len, uint32_t *rc)
{
	int err = tpm2_transact(submit, ctx, cmd, cmd_len, rsp, rsp_len);

	*rc = err ? 0 : tpm2_response_code(rsp, *rsp_len);
	return err;
}

static void check_srk(tpm2_submit_fn submit, void *ctx, struct tpm_key_check *c,
		      uint8_t *cmd, uint8_t *rsp)
{
	size_t rsp_len = TPM2_MAX_RESPONSE;
	size_t n = tpm2_build_read_public(cmd, TPM2_MAX_RESPONSE, TPM_SRK_HANDLE);

	c->error = ask(submit, ctx, cmd, n, rsp, &rsp_len, &c->read_public_rc);
	if (c->error)
		return;
	c->srk = !c->read_public_rc ? TPM_CHECK_YES :
		 rc_is(c->read_public_rc, RC_HANDLE) ? TPM_CHECK_NO : TPM_CHECK_UNKNOWN;
}

static void check_load(tpm2_submit_fn submit, void *ctx, const uint8_t *value,
		       size_t len, const struct tpm_sealed *s, struct tpm_key_check *c,
		       uint8_t *cmd, uint8_t *rsp)
{
	size_t pub = tpm_sealed_public_at(s), rsp_len = TPM2_MAX_RESPONSE, n;
	uint32_t handle, rc;

	if (pub + 2 + (size_t)s->public_len > len)
		return;
	n = tpm2_build_load(cmd, TPM2_MAX_RESPONSE, TPM_SRK_HANDLE,
			    value + TPM_SEALED_PRIVATE_AT, 2 + (size_t)s->private_len,
			    value + pub, 2 + (size_t)s->public_len);
	c->error = ask(submit, ctx, cmd, n, rsp, &rsp_len, &c->load_rc);
	if (c->error)
		return;
	if (c->load_rc) {
		c->loads = rc_is(c->load_rc, RC_INTEGRITY) || rc_is(c->load_rc, RC_BINDING) ?
			   TPM_CHECK_NO : TPM_CHECK_UNKNOWN;
		return;
	}
	if (tpm2_parse_load(rsp, rsp_len, &handle)) {
		c->loads = TPM_CHECK_UNKNOWN;
		return;
	}
	c->loads = TPM_CHECK_YES;
	/* the key stays sealed: only its slot is given back */
	rsp_len = TPM2_MAX_RESPONSE;
	n = tpm2_build_flush_context(cmd, TPM2_MAX_RESPONSE, handle);
	ask(submit, ctx, cmd, n, rsp, &rsp_len, &rc);
}

/* One property's value, or -1. */
static int property(tpm2_submit_fn submit, void *ctx, uint32_t which, uint32_t *value,
		    uint8_t *cmd, uint8_t *rsp)
{
	struct tpm2_property props[1];
	size_t rsp_len = TPM2_MAX_RESPONSE;
	size_t n = tpm2_build_get_capability(cmd, TPM2_MAX_RESPONSE,
					     TPM2_CAP_TPM_PROPERTIES, which, 1);
	unsigned got;
	uint32_t rc;

	if (ask(submit, ctx, cmd, n, rsp, &rsp_len, &rc) || rc ||
	    tpm2_parse_properties(rsp, rsp_len, props, 1, &got, NULL) ||
	    got != 1 || props[0].property != which)
		return -1;
	*value = props[0].value;
	return 0;
}

static void check_lockout(tpm2_submit_fn submit, void *ctx, struct tpm_key_check *c,
			  uint8_t *cmd, uint8_t *rsp)
{
	uint32_t permanent;

	c->lockout = TPM_CHECK_UNKNOWN;
	if (property(submit, ctx, TPM2_PT_PERMANENT, &permanent, cmd, rsp) == 0)
		c->lockout = permanent & TPMA_PERMANENT_IN_LOCKOUT ? TPM_CHECK_YES :
			     TPM_CHECK_NO;
	property(submit, ctx, TPM2_PT_LOCKOUT_COUNTER, &c->lockout_counter, cmd, rsp);
	property(submit, ctx, TPM2_PT_MAX_AUTH_FAIL, &c->max_tries, cmd, rsp);
}

int tpm2_check_key(tpm2_submit_fn submit, void *ctx, const uint8_t *value, size_t len,
		   const struct tpm_sealed *s, struct tpm_key_check *c)
{
	/* on the stack: the app has no large static buffers */
	uint8_t cmd[TPM2_MAX_RESPONSE], rsp[TPM2_MAX_RESPONSE];

	memset(c, 0, sizeof(*c));
	check_srk(submit, ctx, c, cmd, rsp);
	if (c->error)
		return c->error;
	if (c->srk == TPM_CHECK_YES && s->fields_read)
		check_load(submit, ctx, value, len, s, c, cmd, rsp);
	if (c->error)
		return c->error;
	check_lockout(submit, ctx, c, cmd, rsp);
	return c->error;
}

int tpm_key_check_verdict(const struct tpm_key_check *c, const struct tpm_sealed *s,
			  struct tpm_verdict *v)
{
	int cause = TPM_CAUSE_NONE;

	if (c->srk == TPM_CHECK_NO)
		cause = TPM_CAUSE_TPM_CLEARED;
	else if (c->loads == TPM_CHECK_NO)
		cause = TPM_CAUSE_OTHER_TPM;
	else if (c->lockout == TPM_CHECK_YES && tpm_sealed_counts_lockout(s))
		cause = TPM_CAUSE_LOCKOUT;
	if (!cause)
		return 0;
	v->kind = TPM_VERDICT_WILL_NOT_RELEASE;
	v->cause = (uint8_t)cause;
	return 1;
}
