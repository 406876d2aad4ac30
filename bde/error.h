/** @file
 * Error codes of the BitLocker core.
 */
#ifndef BDE_ERROR_H
#define BDE_ERROR_H

enum bde_error {
	BDE_OK = 0,
	BDE_ERR_NOT_BITLOCKER,  /* no BitLocker signature: not ours */
	BDE_ERR_CORRUPT,        /* BitLocker, but its metadata does not hold together */
	BDE_ERR_UNSUPPORTED,    /* valid, but a variant we cannot handle */
	BDE_ERR_IO,             /* the device failed a read */
	BDE_ERR_BAD_FORMAT,     /* typed input malformed (recovery password groups, ...) */
	BDE_ERR_WRONG_KEY,      /* well-formed key that does not open this volume */
	BDE_ERR_NO_PROTECTOR,   /* the volume has no protector of that kind */
	BDE_ERR_TOO_LARGE,      /* a length beyond what we are willing to buffer */
	BDE_ERR_UNKNOWN_DATA,   /* which sectors here are ciphertext is not known */
	BDE_ERR_NO_KEY,         /* the volume needs a key for this */
};

/* Short English text for an error code. */
const char *bde_strerror(int err);

#endif
