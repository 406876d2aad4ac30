/** @file
 * Protector type names and error texts.
 *
 * The protector types are bit sets: TPM 0x0100, startup key 0x0200,
 * PIN 0x0400; recovery password, smart card and password stand alone.
 */
#include <stddef.h>
#include "bde/error.h"
#include "bde/names.h"
#include "bde/volume.h"

static const struct {
	uint16_t type;
	const char *name;
} protector_names[] = {
	{ 0x0000, "Clear Key (protection suspended)" },
	{ 0x0100, "TPM" },
	{ 0x0200, "External Key" },
	{ 0x0300, "TPM And Startup Key" },
	{ 0x0500, "TPM And PIN" },
	{ 0x0700, "TPM And PIN And Startup Key" },
	{ 0x0800, "Numerical Password" },
	{ 0x1000, "Smart Card" },
	{ 0x2000, "Password" },
};

const char *bde_protector_type_name(uint16_t type)
{
	size_t i;

	for (i = 0; i < sizeof(protector_names) / sizeof(protector_names[0]); i++)
		if (protector_names[i].type == type)
			return protector_names[i].name;
	return NULL;
}

const char *bde_copy_status_name(int status)
{
	if (status == BDE_OK)
		return "ok";
	if (status == BDE_COPY_NOT_READ)
		return "not read";
	if (status == BDE_COPY_PAST_END)
		return "past the end of the device";
	return bde_strerror(status);
}

const char *bde_strerror(int err)
{
	switch (err) {
	case BDE_OK:                return "success";
	case BDE_ERR_NOT_BITLOCKER: return "not a BitLocker volume";
	case BDE_ERR_CORRUPT:       return "BitLocker metadata is damaged";
	case BDE_ERR_UNSUPPORTED:   return "unsupported BitLocker variant";
	case BDE_ERR_IO:            return "device read error";
	case BDE_ERR_BAD_FORMAT:    return "malformed key or password";
	case BDE_ERR_WRONG_KEY:     return "wrong key or password for this volume";
	case BDE_ERR_NO_PROTECTOR:  return "the volume has no protector of that kind";
	case BDE_ERR_TOO_LARGE:     return "metadata too large";
	case BDE_ERR_UNKNOWN_DATA:  return "encrypt-on-write bitmap damaged: whether these "
					   "sectors are encrypted is not known";
	case BDE_ERR_NO_KEY:        return "the volume is encrypted: a key is needed";
	}
	return "unknown error";
}
