/** @file
 * A volume's key protectors as text, in the layout of
 * `manage-bde -protectors -get`, one line at a time so screens can scroll.
 */
#ifndef UI_PROTECTORS_H
#define UI_PROTECTORS_H

#include "bde/volume.h"
#include "ui/text.h"

/*
 * Put line N of VOL's protector list into T (indent included) and return
 * how many lines the list has; with N past the end T is left empty.
 *
 *     TPM:
 *       ID: {A5B31C23-...}
 *       PCR Validation Profile:
 *         0, 2, 4, 11
 *     Numerical Password:
 *       ID: {64311DEA-4587-4029-924A-BA299647998E}
 *
 * Startup keys also name their file ("External Key File Name:"), as
 * manage-bde does. With UI_PROTECTOR_TIMES each protector's creation time
 * follows its ID ("      Created: 2019-07-04 07:02 UTC"). The host CLI
 * prints these same lines, so there is one layout.
 */
#define UI_PROTECTOR_TIMES 1u
/*
 * With UI_PROTECTOR_TPM a TPM protector's sealed key follows its profile:
 *
 *       PIN: no
 *       Counts Toward TPM Lockout: no
 *       Expected PCR Digest (SHA-256):
 *         1DD7E196CE6E18AF93075B00E733ED0C02210BB0043CF02A37D78E737EA3E918
 *       Policy: checks out
 *
 * or "Policy: NOT UNDERSTOOD (why)" (tpm/sealed.h), then without the
 * digest: it is shown only where the policy is known to check it; the
 * lockout line only where the sealed object's attributes were read.
 */
#define UI_PROTECTOR_TPM 2u
unsigned ui_protector_line(const struct bde_volume *vol, unsigned flags,
			   unsigned n, struct ui_text *t);

/*
 * The name manage-bde gives protector type TYPE, in the language shown
 * (bde_protector_type_name()'s in English); NULL for a type it has none for.
 */
const char *ui_protector_name(uint16_t type);

/* The Nth (0-based) recovery password protector of VOL, or NULL. */
const struct bde_protector *ui_recovery_protector(const struct bde_volume *vol,
						  unsigned n);

/*
 * The PCRs VOL's TPM protectors bind to (bit N = PCR N, the union of
 * their validation profiles), for the TPM screen to mark; 0 if none.
 */
uint32_t ui_volume_pcr_profile(const struct bde_volume *vol);

#endif
