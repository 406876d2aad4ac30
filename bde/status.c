/** @file
 * Conversion and protection status from the block header's states.
 *
 * The current state says what the volume is (decrypted, converting,
 * paused, encrypted), the next state where a conversion goes: towards
 * decrypted or towards encrypted. manage-bde calls protection off while
 * a clear key exists (suspended) and whenever the volume is not fully
 * encrypted, and gives the share converted: encrypt-on-write volumes
 * count 100% once every used chunk is done (their bitmap's share while
 * converting), others the conversion frontier's share of the volume.
 */
#include "bde/eow.h"
#include "bde/status.h"

static enum bde_conversion conversion(const struct bde_volume *vol)
{
	int towards_decrypted = vol->state_next == BDE_STATE_DECRYPTED;

	switch (vol->state_current) {
	case BDE_STATE_ENCRYPTED:
		return vol->eow ? BDE_CONV_USED_SPACE_ONLY : BDE_CONV_FULLY_ENCRYPTED;
	case BDE_STATE_DECRYPTED:
		return BDE_CONV_FULLY_DECRYPTED;
	case BDE_STATE_SWITCHING_LOG:
	case BDE_STATE_SWITCHING:
		return towards_decrypted ? BDE_CONV_DECRYPTING : BDE_CONV_ENCRYPTING;
	case BDE_STATE_PAUSED:
		return towards_decrypted ? BDE_CONV_DECRYPTION_PAUSED : BDE_CONV_ENCRYPTION_PAUSED;
	}
	return BDE_CONV_UNKNOWN;
}

static unsigned share(uint64_t part, uint64_t whole)
{
	if (!whole)
		return 0;
	if (part >= whole)
		return 1000;
	/* part * 1000 must not overflow: halve both, the share stays */
	while (whole > UINT64_MAX / 1000) {
		whole >>= 1;
		part >>= 1;
	}
	return (unsigned)(part * 1000 / whole);
}

static int has_clear_key(const struct bde_volume *vol)
{
	for (unsigned i = 0; i < vol->n_protectors; i++)
		if (vol->protectors[i].type == BDE_PROT_CLEAR_KEY)
			return 1;
	return 0;
}

void bde_status_get(const struct bde_volume *vol, struct bde_status *st)
{
	st->conversion = conversion(vol);
	switch (st->conversion) {
	case BDE_CONV_FULLY_ENCRYPTED:
	case BDE_CONV_USED_SPACE_ONLY:
		st->permille = 1000;
		break;
	case BDE_CONV_FULLY_DECRYPTED:
		st->permille = 0;
		break;
	default:
		st->permille = bde_eow_active(vol) ?
			share(vol->eow_map.chunks_encrypted, vol->eow_map.chunks) :
			share(vol->encrypted_size, vol->volume_size);
	}
	st->protection_on = st->conversion == BDE_CONV_FULLY_ENCRYPTED ||
			    st->conversion == BDE_CONV_USED_SPACE_ONLY;
	if (has_clear_key(vol))
		st->protection_on = 0;
}

const char *bde_conversion_name(enum bde_conversion c)
{
	switch (c) {
	case BDE_CONV_FULLY_ENCRYPTED:   return "Fully Encrypted";
	case BDE_CONV_USED_SPACE_ONLY:   return "Used Space Only Encrypted";
	case BDE_CONV_ENCRYPTING:        return "Encryption in Progress";
	case BDE_CONV_ENCRYPTION_PAUSED: return "Encryption Paused";
	case BDE_CONV_DECRYPTING:        return "Decryption in Progress";
	case BDE_CONV_DECRYPTION_PAUSED: return "Decryption Paused";
	case BDE_CONV_FULLY_DECRYPTED:   return "Fully Decrypted";
	case BDE_CONV_UNKNOWN:           break;
	}
	return "Unknown";
}
