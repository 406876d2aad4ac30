/** @file
 * Image files through pread(), as the core's read callback.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/image.h"

int image_open(struct image *img, const char *path)
{
	struct stat st;

	/* non-blocking: opening a named pipe would wait for a writer forever */
	img->fd = open(path, O_RDONLY | O_NONBLOCK);
	if (img->fd < 0)
		return -1;
	if (fstat(img->fd, &st) < 0) {
		close(img->fd);
		return -1;
	}
	/* only these can be read at any offset, and have a size */
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		close(img->fd);
		img->fd = -1;
		return IMAGE_NOT_SEEKABLE;
	}
	fcntl(img->fd, F_SETFL, fcntl(img->fd, F_GETFL) & ~O_NONBLOCK);
	if (S_ISREG(st.st_mode)) {
		img->size = (uint64_t)st.st_size;
	} else {
		off_t end = lseek(img->fd, 0, SEEK_END);

		if (end < 0) {
			close(img->fd);
			return -1;
		}
		img->size = (uint64_t)end;
	}
	return 0;
}

void image_close(struct image *img)
{
	if (img->fd >= 0)
		close(img->fd);
	img->fd = -1;
}

static int region_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	const struct image_region *r = ctx;
	uint8_t *p = buf;

	if (offset > r->image->size - r->start)
		return -1;
	offset += r->start;
	if (len > r->image->size - offset)
		return -1;
	while (len) {
		ssize_t n = pread(r->image->fd, p, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		offset += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

void image_region_io(struct image_region *region, const struct image *img,
		     uint64_t start, uint64_t size, struct bde_io *io)
{
	region->image = img;
	region->start = start;
	io->read = region_read;
	io->ctx = region;
	io->size = size;
}
