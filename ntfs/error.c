/** @file
 * The NTFS reader's error texts.
 */
#include "ntfs/ntfs.h"

const char *ntfs_strerror(int err)
{
	switch (err) {
	case NTFS_OK:               return "success";
	case NTFS_END:              return "no more entries";
	case NTFS_ERR_NOT_NTFS:     return "not an NTFS volume";
	case NTFS_ERR_NOT_FOUND:    return "no such file or directory";
	case NTFS_ERR_NOT_DIR:      return "not a directory";
	case NTFS_ERR_IS_DIR:       return "is a directory";
	case NTFS_ERR_CORRUPT:      return "damaged file system structure";
	case NTFS_ERR_UNSUPPORTED:  return "NTFS feature not supported";
	case NTFS_ERR_ENCRYPTED:    return "encrypted with EFS: not readable here";
	case NTFS_ERR_ONLINE_ONLY:  return "online only: not on this disk";
	case NTFS_ERR_WOF:          return "WOF/CompactOS-compressed: not readable here";
	case NTFS_ERR_LINK:         return "junction or symbolic link: not followed";
	case NTFS_ERR_BAD_PATH:     return "invalid or too long path";
	case NTFS_ERR_IO:           return "device read error";
	case NTFS_ERR_SMALL_BUFFER: return "buffer too small";
	}
	return "unknown error";
}
