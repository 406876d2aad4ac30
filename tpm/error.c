/** @file
 * Text for the TPM error codes.
 */
#include "tpm/error.h"

const char *tpm_strerror(int err)
{
	switch (err) {
	case TPM_OK:              return "success";
	case TPM_ERR_TRUNCATED:   return "data truncated";
	case TPM_ERR_CORRUPT:     return "malformed data";
	case TPM_ERR_UNSUPPORTED: return "unsupported format";
	case TPM_ERR_TPM_RC:      return "the TPM returned an error";
	case TPM_ERR_TRANSPORT:   return "TPM command failed to transmit";
	case TPM_ERR_TOO_LARGE:   return "too large";
	case TPM_ERR_NO_TPM:      return "no TPM";
	}
	return "unknown error";
}
