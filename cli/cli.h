/** @file
 * The host CLI's commands and what they share.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdint.h>
#include "bde/bde.h"
#include "cli/image.h"

/* Exit codes, documented in --help. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_USAGE = 1,
	EXIT_WRONG_KEY = 2,
	EXIT_BAD_INPUT = 3,     /* malformed key, damaged or unsupported volume */
	EXIT_IO = 4,
	EXIT_NOT_BITLOCKER = 5,
	EXIT_NO_PROTECTOR = 6,
	EXIT_NOT_FOUND = 7,     /* ls, cp: no such path in the volume */
	EXIT_NOT_COPIED = 8,    /* cp: some files could not be copied */
};

/* Map a bde error to the exit code. */
int exit_code_for(int bde_err);

/* One BitLocker volume found in the image: the whole image or a partition. */
struct found_volume {
	unsigned partition;     /* 0: the image is the volume */
	struct image_region region;
	struct bde_volume *vol; /* opened */
};

struct options {
	const char *image;
	int json;
	int partition;          /* -1: all */
	const char *partition_text;
	const char *recovery_password;
	const char *password;
	const char *startup_key;
	int clear_key;
	int sha256;
	const char *output;
	int best_effort;        /* hash or write an uncertain view all the same */
	int recursive;          /* cp -r: directories too */
	int all;                /* ls -a: NTFS's own files ($MFT, ...) too */
	const char *args[2];    /* arguments after IMAGE: ls PATH, cp PATH DEST */
	int n_args;
};

int cmd_info(const struct options *opt, struct found_volume *vols, int n);
int cmd_unlock(const struct options *opt, struct found_volume *vols, int n);
int cmd_ls(const struct options *opt, struct found_volume *vols, int n);
int cmd_cp(const struct options *opt, struct found_volume *vols, int n);

/*
 * The key options checked for COMMAND on VOLS (exactly one kind; none for
 * volumes whose BitLocker is off) and a startup key file read: EXIT_OK,
 * or an exit code (said why on stderr).
 */
int key_prepare(const struct options *opt, const struct found_volume *vols, int n,
		const char *command);

/*
 * Unlock VOL with the key options (a volume whose BitLocker is off opens
 * without one): a bde error; a mistyped recovery password's groups said.
 */
int key_unlock(const struct options *opt, struct bde_volume *vol, struct sector_cipher *sc);

/* Wipe the startup key key_prepare() read. */
void key_forget(void);

/*
 * The key typed on standard input for an option given as "-": PROMPT is
 * shown on a terminal, where echo is off. NULL (said why) if there is no
 * line. The text lives in a static buffer until key_from_stdin_wipe().
 */
const char *key_from_stdin(const char *prompt);
void key_from_stdin_wipe(void);

/*
 * The key options checked for COMMAND on VOLS (exactly one kind; none for
 * volumes whose BitLocker is off) and a startup key file read: EXIT_OK,
 * or an exit code (said why on stderr).
 */
int key_prepare(const struct options *opt, const struct found_volume *vols, int n,
		const char *command);

/*
 * Unlock VOL with the key options (a volume whose BitLocker is off opens
 * without one): a bde error; a mistyped recovery password's groups said.
 */
int key_unlock(const struct options *opt, struct bde_volume *vol, struct sector_cipher *sc);

/* Wipe the startup key key_prepare() read. */
void key_forget(void);

/* Say on stderr that the image holds only part of partition P. */
void warn_partition_cut(const struct partition *p);

/* Say on stderr what is wrong with a volume that opened all the same. */
void warn_volume(const struct found_volume *fv);

/* Where metadata copy I lies, "2 at 0x2c1d000", for messages. */
#define COPY_PLACE_LEN 48
void format_copy_place(unsigned i, const struct bde_metadata_copy *c, char *out);

/* FILETIME as "YYYY-MM-DD HH:MM:SS UTC" (OUT: 32 bytes). */
void format_filetime(uint64_t filetime, char *out);

#endif
