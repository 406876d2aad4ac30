/** @file
 * Warnings on stderr about a volume that opened despite damage, printed
 * by every command so that scripts and users see them whatever they ask.
 */
#include <stdio.h>
#include "cli/cli.h"

void warn_volume(const struct found_volume *fv)
{
	const struct bde_volume *vol = fv->vol;
	char where[32] = "";

	if (fv->partition)
		snprintf(where, sizeof(where), "partition %u: ", fv->partition);
	for (int i = 0; i < 3; i++)
		if (vol->boot_offsets_wrong & (1u << i))
			fprintf(stderr, "bitrescue: warning: %sthe boot sector is damaged: its "
				"offset of metadata copy %d is wrong; the copies say 0x%llx\n",
				where, i + 1, (unsigned long long)vol->copies[i].offset);
}
