/** @file
 * Error codes of the TPM and event-log code.
 */
#ifndef TPM_ERROR_H
#define TPM_ERROR_H

enum tpm_error {
	TPM_OK = 0,
	TPM_ERR_TRUNCATED,    /* data ends inside a field */
	TPM_ERR_CORRUPT,      /* sizes or counts that do not hold together */
	TPM_ERR_UNSUPPORTED,  /* well-formed, but a variant we do not handle */
	TPM_ERR_TPM_RC,       /* the TPM answered with a non-zero response code */
	TPM_ERR_TRANSPORT,    /* the command could not be sent or answered */
	TPM_ERR_TOO_LARGE,    /* beyond a buffer or table we are willing to keep */
	TPM_ERR_NO_TPM,       /* no TPM on this machine */
};

/* Short English text for an error code. */
const char *tpm_strerror(int err);

#endif
