/** @file
 * Files too large for FAT32 (4 GiB - 1 byte at most) go to the stick as
 * numbered parts, NAME.001, NAME.002, ..., beside NAME.join.txt, a short
 * text saying how to put them back together (copy /b on Windows, cat
 * elsewhere). Portable: the copy (ui/rescue.c) follows this plan.
 */
#ifndef UI_SPLIT_H
#define UI_SPLIT_H

#include <stddef.h>
#include <stdint.h>

/* The largest file FAT32 holds. */
#define SPLIT_FAT32_MAX 0xffffffffull
/* A part's size: 4 GiB - 1 MiB, so that every part but the last is a
 * whole number of clusters of any size up to 1 MiB. */
#define SPLIT_PART_BYTES 0xfff00000ull
/* Three digits in a part's name. */
#define SPLIT_MAX_PARTS 999u
/* The name of the text beside the parts: NAME + this. */
#define SPLIT_JOIN_SUFFIX ".join.txt"

/* Parts a file of SIZE bytes is written as: 1 when it fits FAT32 whole
 * (no split), 0 when even SPLIT_MAX_PARTS parts cannot hold it. */
unsigned split_parts(uint64_t size);

/* Where part I (0-based) of a SIZE-byte file starts, and its length. */
uint64_t split_part_offset(unsigned i);
uint64_t split_part_length(uint64_t size, unsigned i);

/* NAME.001 for I = 0 into OUT (MAX bytes); 0, or -1 when it does not fit. */
int split_part_name(char *out, size_t max, const char *name, unsigned i);

/*
 * The joining text for NAME split into PARTS, in the language shown, into
 * OUT (MAX bytes, NUL-terminated). Returns its length, or 0 when it does
 * not fit in MAX.
 */
size_t split_join_text(char *out, size_t max, const char *name, unsigned parts);

#endif
