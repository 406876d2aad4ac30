/** @file
 * The parts plan for files larger than FAT32 holds, and their join text.
 */
#include <string.h>
#include "ui/msg.h"
#include "ui/split.h"

/* The commands: the same in every language. */
#define JOIN_WINDOWS "copy /b "
#define JOIN_OTHER "cat "

unsigned split_parts(uint64_t size)
{
	uint64_t n;

	if (size <= SPLIT_FAT32_MAX)
		return 1;
	n = (size - 1) / SPLIT_PART_BYTES + 1;
	return n > SPLIT_MAX_PARTS ? 0 : (unsigned)n;
}

uint64_t split_part_offset(unsigned i)
{
	return (uint64_t)i * SPLIT_PART_BYTES;
}

uint64_t split_part_length(uint64_t size, unsigned i)
{
	uint64_t start = split_part_offset(i);

	if (split_parts(size) == 1)
		return i == 0 ? size : 0;
	if (start >= size)
		return 0;
	return size - start < SPLIT_PART_BYTES ? size - start : SPLIT_PART_BYTES;
}

int split_part_name(char *out, size_t max, const char *name, unsigned i)
{
	size_t n = strlen(name);

	if (i >= SPLIT_MAX_PARTS || n + 5 > max)
		return -1;
	memcpy(out, name, n);
	out[n] = '.';
	out[n + 1] = (char)('0' + (i + 1) / 100);
	out[n + 2] = (char)('0' + (i + 1) / 10 % 10);
	out[n + 3] = (char)('0' + (i + 1) % 10);
	out[n + 4] = '\0';
	return 0;
}

/* A growing text in a fixed buffer; overflow is remembered, not written. */
struct join_buf {
	char *out;
	size_t max, len;
	int overflow;
};

static void put(struct join_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->overflow || b->len + n + 1 > b->max) {
		b->overflow = 1;
		return;
	}
	memcpy(b->out + b->len, s, n);
	b->len += n;
	b->out[b->len] = '\0';
}

/* FORMAT with %s as NAME and %u as PARTS (the only conversions used). */
static void put_format(struct join_buf *b, const char *format,
		       const char *name, unsigned parts)
{
	char one[2] = { 0, 0 }, digits[4];

	for (; *format; format++) {
		if (format[0] == '%' && format[1] == 's') {
			put(b, name);
			format++;
		} else if (format[0] == '%' && format[1] == 'u') {
			digits[0] = (char)('0' + parts / 100);
			digits[1] = (char)('0' + parts / 10 % 10);
			digits[2] = (char)('0' + parts % 10);
			digits[3] = '\0';
			put(b, digits + (parts < 10 ? 2 : parts < 100 ? 1 : 0));
			format++;
		} else {
			one[0] = *format;
			put(b, one);
		}
	}
}

/* "NAME.001" + ... with SEPARATOR between the quoted part names. */
static void put_part_list(struct join_buf *b, const char *name, unsigned parts,
			  const char *separator)
{
	char part[8];
	unsigned i;

	for (i = 0; i < parts; i++) {
		split_part_name(part, sizeof(part), "", i);
		if (i)
			put(b, separator);
		put(b, "\"");
		put(b, name);
		put(b, part);
		put(b, "\"");
	}
}

size_t split_join_text(char *out, size_t max, const char *name, unsigned parts)
{
	struct join_buf b = { out, max, 0, 0 };

	if (max)
		out[0] = '\0';
	put_format(&b, msg(MSG_SPLIT_WHY), name, parts);
	put(&b, "\r\n\r\n");
	put(&b, msg(MSG_SPLIT_WINDOWS));
	put(&b, "\r\n  ");
	put(&b, JOIN_WINDOWS);
	put_part_list(&b, name, parts, " + ");
	put(&b, " \"");
	put(&b, name);
	put(&b, "\"\r\n\r\n");
	put(&b, msg(MSG_SPLIT_OTHER));
	put(&b, "\r\n  ");
	put(&b, JOIN_OTHER);
	put_part_list(&b, name, parts, " ");
	put(&b, " > \"");
	put(&b, name);
	put(&b, "\"\r\n");
	if (b.overflow) {
		if (max)
			out[0] = '\0';
		return 0;
	}
	return b.len;
}
