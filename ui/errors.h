/** @file
 * The core's errors (bde/error.h) as the screens word them, in the
 * language shown; bde_strerror() keeps the English for the report and
 * the host tool.
 */
#ifndef UI_ERRORS_H
#define UI_ERRORS_H

/* ERR, an enum bde_error, in words. */
const char *ui_error_text(int err);

/* Why a volume's encrypt-on-write bitmaps cannot be used (enum bde_eow_problem). */
const char *ui_eow_problem_text(int problem);

#endif
