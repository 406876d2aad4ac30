/** @file
 * Names of protector types and errors, as a user should read them.
 */
#ifndef BDE_NAMES_H
#define BDE_NAMES_H

#include <stdint.h>

/*
 * The protector type as manage-bde -protectors -get names it ("Numerical
 * Password", "TPM And PIN", ...). Unknown types give NULL: print the number.
 */
const char *bde_protector_type_name(uint16_t type);

/* A metadata copy's status as a user should read it: "ok", "not read", ... */
const char *bde_copy_status_name(int status);

#endif
