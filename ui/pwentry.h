/** @file
 * Typing the 48-digit recovery password: a state machine with no I/O.
 *
 * 8 groups of 6 digits; the dashes appear by themselves. Each group is
 * checked as soon as it is complete, so a typo is flagged at once with
 * its group number instead of after the key stretch. Digits come from the
 * number row or keypad (as characters) or from F1..F9 = 1..9, F10 = 0,
 * as on the Windows recovery screen, for layouts without plain digits.
 * Left/Right/Home/End move the cursor and a digit typed over another
 * replaces it, so a wrong group can be fixed without retyping the rest.
 * Backspace (or Delete) at the end deletes the last digit, across the
 * dash; inside the text it steps back without deleting.
 */
#ifndef UI_PWENTRY_H
#define UI_PWENTRY_H

#include <stdint.h>
#include "ui/screen.h"

#define PW_GROUPS 8
#define PW_GROUP_DIGITS 6
#define PW_DIGITS (PW_GROUPS * PW_GROUP_DIGITS)
/* "123456-...-123456" and a NUL */
#define PW_TEXT_LEN (PW_DIGITS + PW_GROUPS - 1 + 1)

enum pw_result {
	PW_CONTINUE,   /* keep reading keys */
	PW_SUBMIT,     /* Enter with all 8 groups valid: try to unlock */
	PW_CANCEL,     /* Esc */
};

/* Why the entry has something to say; the screen words it. */
enum pw_message {
	PW_MSG_NONE,
	PW_MSG_BAD_GROUP,       /* group msg_group just completed and is wrong */
	PW_MSG_INVALID_GROUPS,  /* Enter refused: pwentry_bad_groups() != 0 */
	PW_MSG_INCOMPLETE,      /* Enter refused: fewer than 48 digits */
	PW_MSG_NOT_A_DIGIT,     /* a key that is no digit (hint: F1-F10) */
	PW_MSG_FULL,            /* a digit after the 48th */
	PW_MSG_WRONG_PASSWORD,  /* set by pwentry_wrong_password() */
};

struct pwentry {
	char digits[PW_DIGITS];   /* '0'..'9'; key material: wiped */
	unsigned len;             /* digits typed, 0..PW_DIGITS */
	unsigned cursor;          /* digit index the next digit goes to, 0..len */
	enum pw_message message;
	unsigned msg_group;       /* 1-based group for PW_MSG_BAD_GROUP */
};

/* Empty entry (also wipes anything typed before). */
void pwentry_init(struct pwentry *pw);

/* Wipe the digits when the entry is no longer needed. */
void pwentry_wipe(struct pwentry *pw);

/* Feed one key. */
enum pw_result pwentry_key(struct pwentry *pw, const struct ui_key *key);

/*
 * After the core rejected a well-formed password: keep every digit so the
 * user can correct groups, cursor at the end, say it was wrong.
 */
void pwentry_wrong_password(struct pwentry *pw);

/* Bit N set: group N+1 is complete and fails the check. */
unsigned pwentry_bad_groups(const struct pwentry *pw);

/* Number of complete groups (0..8). */
unsigned pwentry_complete_groups(const struct pwentry *pw);

/*
 * The digits as the user sees them, dashes included ("235818-35"): a dash
 * follows every complete group except the last. Returns the column of the
 * cursor in that text. TEXT is key material: wipe it after use.
 */
unsigned pwentry_text(const struct pwentry *pw, char text[PW_TEXT_LEN]);

/*
 * Only after PW_SUBMIT: the 48 digits for the core's unlock call as
 * "xxxxxx-xxxxxx-...", the form Windows prints and
 * bde_unlock_recovery_password() takes. Returns 0, or -1 (TEXT emptied)
 * if the entry is not complete and valid. TEXT is key material: wipe it.
 */
int pwentry_password(const struct pwentry *pw, char text[PW_TEXT_LEN]);

#endif
