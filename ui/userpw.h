/** @file
 * Typing a BitLocker user password (the "Password" protector, common on
 * data and To Go volumes): a state machine with no I/O, echoed as '*'.
 *
 * Characters are kept as UTF-8, the form bde_unlock_password() takes
 * (it hashes them as UTF-16LE), so non-ASCII passwords work too.
 */
#ifndef UI_USERPW_H
#define UI_USERPW_H

#include "ui/screen.h"

/* BitLocker passwords are 8 to 256 characters; only the upper bound is
 * enforced here: a short one is merely wrong, refusing it helps nobody. */
#define USERPW_MAX_CHARS 256
#define USERPW_MAX_BYTES (USERPW_MAX_CHARS * 3)   /* UCS-2 in UTF-8 */

enum userpw_result {
	USERPW_CONTINUE,
	USERPW_SUBMIT,    /* Enter with something typed */
	USERPW_CANCEL,    /* Esc */
};

enum userpw_message {
	USERPW_MSG_NONE,
	USERPW_MSG_EMPTY,       /* Enter refused: nothing typed */
	USERPW_MSG_FULL,        /* a character after the 256th */
	USERPW_MSG_WRONG,       /* set by userpw_wrong_password() */
};

struct userpw {
	char utf8[USERPW_MAX_BYTES + 1];   /* NUL-terminated; key material */
	unsigned bytes;
	unsigned chars;
	enum userpw_message message;
};

/* Empty (wipes what was typed before). */
void userpw_init(struct userpw *u);

void userpw_wipe(struct userpw *u);

enum userpw_result userpw_key(struct userpw *u, const struct ui_key *key);

/* After the core said no: empty it (a password cannot be corrected
 * unseen) and say it was wrong. */
void userpw_wrong_password(struct userpw *u);

#endif
