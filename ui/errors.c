/** @file
 * bde errors in the message table's words.
 */
#include "bde/eow.h"
#include "bde/error.h"
#include "ui/errors.h"
#include "ui/msg.h"

const char *ui_error_text(int err)
{
	switch (err) {
	case BDE_OK:                return msg(MSG_BDE_OK);
	case BDE_ERR_NOT_BITLOCKER: return msg(MSG_BDE_NOT_BITLOCKER);
	case BDE_ERR_CORRUPT:       return msg(MSG_BDE_CORRUPT);
	case BDE_ERR_UNSUPPORTED:   return msg(MSG_BDE_UNSUPPORTED);
	case BDE_ERR_IO:            return msg(MSG_BDE_IO);
	case BDE_ERR_BAD_FORMAT:    return msg(MSG_BDE_BAD_FORMAT);
	case BDE_ERR_WRONG_KEY:     return msg(MSG_BDE_WRONG_KEY);
	case BDE_ERR_NO_PROTECTOR:  return msg(MSG_BDE_NO_PROTECTOR);
	case BDE_ERR_TOO_LARGE:     return msg(MSG_BDE_TOO_LARGE);
	case BDE_ERR_UNKNOWN_DATA:  return msg(MSG_BDE_UNKNOWN_DATA);
	case BDE_ERR_NO_KEY:        return msg(MSG_BDE_NO_KEY);
	}
	return msg(MSG_BDE_UNKNOWN);
}

const char *ui_eow_problem_text(int problem)
{
	switch (problem) {
	case BDE_EOW_INFO_UNREADABLE: return msg(MSG_EOW_INFO_UNREADABLE);
	case BDE_EOW_NO_VALID_INFO:   return msg(MSG_EOW_NO_VALID_INFO);
	case BDE_EOW_OUT_OF_ORDER:    return msg(MSG_EOW_OUT_OF_ORDER);
	}
	return msg(MSG_UNKNOWN);
}
