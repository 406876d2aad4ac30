/** @file
 * Warnings on stderr about a volume that opened despite damage, printed
 * by every command so that scripts and users see them whatever they ask.
 */
#include <stdio.h>
#include "cli/cli.h"

void warn_partition_cut(const struct partition *p)
{
	fprintf(stderr, "bitrescue: warning: partition %u runs past the end of the image: "
		"it holds %llu of the partition's %llu bytes\n", p->number,
		(unsigned long long)p->size, (unsigned long long)p->table_size);
}

void warn_volume(const struct found_volume *fv)
{
	const struct bde_volume *vol = fv->vol;
	char where[32] = "";

	if (fv->partition)
		snprintf(where, sizeof(where), "partition %u: ", fv->partition);
	if (bde_view_size(vol) < vol->volume_size)
		fprintf(stderr, "bitrescue: warning: %sthe image is cut short: it holds %llu of "
			"the volume's %llu bytes; the rest cannot be read\n", where,
			(unsigned long long)bde_view_size(vol),
			(unsigned long long)vol->volume_size);
	for (int i = 0; i < 3; i++)
		if (vol->boot_offsets_wrong & (1u << i))
			fprintf(stderr, "bitrescue: warning: %sthe boot sector is damaged: its "
				"offset of metadata copy %d is wrong; the copies say 0x%llx\n",
				where, i + 1, (unsigned long long)vol->copies[i].offset);
}
