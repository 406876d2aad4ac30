/** @file
 * Host test driver for tpm/: walks an event log file, or queries a TPM 2.0
 * simulator (swtpm) over its raw TCP command channel, and prints plain
 * lines for tests/test_tpm.py to compare with tpm2-tools.
 *
 *   tpm-tool eventlog FILE          summary and replayed PCRs
 *   tpm-tool span FILE LAST_OFFSET  log length from its last record's offset
 *   tpm-tool query PORT [PROFILE]   properties, banks and PCRs of 127.0.0.1:PORT
 *   tpm-tool match PORT FILE        which live PCRs agree with the log's replay
 *   tpm-tool pe-hash FILE           Authenticode SHA-256 of a PE image
 *   tpm-tool verdict BLOB LOG [--pin] [--boot-manager FILE] [--db FILE]
 *            [--final FILE] [--truncated] [--windows-first 0|1]
 *            [--port PORT]
 *                                   the verdict on a sealed key (the datum's
 *                                   value): the prediction from LOG alone, or
 *                                   with the TPM checks against swtpm at PORT
 *   tpm-tool history BLOB LOG EARLIER...
 *                                   which earlier start's log (EARLIER, as in
 *                                   \Windows\Logs\MeasuredBoot) the sealed
 *                                   key was made on, and how this start (LOG)
 *                                   differs from it
 *   tpm-tool mboot BLOB LOG IMAGE   the same through the folder
 *                                   \Windows\Logs\MeasuredBoot of the NTFS
 *                                   image IMAGE, as the app looks after an
 *                                   unlock (efi/measured_boot.c)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "cli/image.h"
#include "efi/measured_boot.h"
#include "tpm/error.h"
#include "tpm/eventlog.h"
#include "tpm/info.h"
#include "tpm/judge.h"
#include "tpm/final_events.h"
#include "tpm/history.h"
#include "tpm/pe_hash.h"

static void print_hex(const uint8_t *p, size_t n)
{
	while (n--)
		printf("%02x", *p++);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	if (!f)
		return NULL;
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	fclose(f);
	return buf;
}

static int cmd_eventlog(const char *path)
{
	static struct tpm_eventlog log;
	size_t len, i;
	unsigned pcr;
	uint8_t *buf = read_file(path, &len);
	int err;

	if (!buf) {
		perror(path);
		return 2;
	}
	err = tpm_eventlog_parse(buf, len, &log);
	printf("spec %u.%u errata %u uintn %u\n", log.spec.version_major,
	       log.spec.version_minor, log.spec.errata, log.spec.uintn_size);
	for (i = 0; i < log.spec.nalgs; i++)
		printf("alg %s %u\n", tpm2_alg_name(log.spec.algs[i].alg),
		       log.spec.algs[i].digest_len);
	printf("events %u\n", log.nevents);
	printf("length %zu\n", log.length);
	printf("locality %u\n", log.startup_locality);
	for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++)
		if (log.pcr_events[pcr])
			printf("pcr-events %u %u\n", pcr, log.pcr_events[pcr]);
	for (i = 0; i < log.ntypes; i++) {
		const char *name = tpm_event_type_name(log.types[i].type);

		printf("type %u %s %u\n", log.types[i].pcr,
		       name ? name : "unknown", log.types[i].count);
	}
	for (i = 0; i < log.spec.nalgs; i++) {
		const struct tpm_log_bank *b = &log.banks[i];

		if (!b->replayed)
			continue;
		for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++) {
			printf("replay %s %u ", tpm2_alg_name(b->alg), pcr);
			print_hex(tpm_log_bank_pcr(b, pcr), b->digest_len);
			printf("\n");
		}
	}
	if (err) {
		printf("error %s at %zu\n", tpm_strerror(err), log.error_offset);
		return 1;
	}
	return 0;
}

static int cmd_span(const char *path, const char *offset)
{
	size_t len, total;
	uint8_t *buf = read_file(path, &len);
	int err;

	if (!buf) {
		perror(path);
		return 2;
	}
	err = tpm_log_span(buf, strtoul(offset, NULL, 0), len, &total);
	if (err) {
		printf("error %s\n", tpm_strerror(err));
		return 1;
	}
	printf("span %zu\n", total);
	return 0;
}

/* swtpm's TCP data channel takes raw TPM commands and answers raw responses. */
static int submit_tcp(void *ctx, const uint8_t *cmd, size_t cmd_len,
		      uint8_t *rsp, size_t *rsp_len)
{
	int fd = *(int *)ctx;
	size_t got = 0, want = TPM2_HEADER_LEN;

	if (write(fd, cmd, cmd_len) != (ssize_t)cmd_len)
		return -1;
	while (got < want) {
		ssize_t n = read(fd, rsp + got, *rsp_len - got);

		if (n <= 0)
			return -1;
		got += n;
		if (got >= TPM2_HEADER_LEN) {
			want = (size_t)rsp[2] << 24 | rsp[3] << 16 | rsp[4] << 8 | rsp[5];
			if (want > *rsp_len || want < TPM2_HEADER_LEN)
				return -1;
		}
	}
	*rsp_len = got;
	return 0;
}

static struct tpm_info info;

static int connect_swtpm(const char *port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd;

	addr.sin_port = htons((uint16_t)atoi(port));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("connect");
		return -1;
	}
	return fd;
}

/* tpm2_query() on swtpm at 127.0.0.1:PORT; -1 if it cannot connect. */
static int query_swtpm(const char *port)
{
	int fd = connect_swtpm(port), err;

	if (fd < 0)
		return -1;
	err = tpm2_query(&info, submit_tcp, &fd);
	close(fd);
	return err;
}

static int cmd_query(const char *port, const char *profile)
{
	unsigned i, pcr;
	int err = query_swtpm(port);

	if (err < 0)
		return 2;
	if (profile)
		tpm_info_set_profile(&info, strtoul(profile, NULL, 0));
	printf("version %s\n", tpm_version_name(info.version));
	printf("manufacturer %s 0x%08x\n", info.manufacturer, info.manufacturer_id);
	printf("vendor %s\n", info.vendor);
	printf("family %s revision %u\n", info.family, info.spec_revision);
	printf("firmware 0x%08x 0x%08x\n", info.firmware_version[0],
	       info.firmware_version[1]);
	for (i = 0; i < info.nbanks; i++) {
		const struct tpm_bank *b = &info.banks[i];

		printf("bank %s allocated 0x%06x read 0x%06x\n",
		       tpm2_alg_name(b->alg), b->allocated, b->valid);
		for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++) {
			const uint8_t *v = tpm_bank_pcr(b, pcr);

			if (!v)
				continue;
			printf("pcr %s %u ", tpm2_alg_name(b->alg), pcr);
			print_hex(v, b->digest_len);
			printf("%s\n", tpm_pcr_in_profile(&info, pcr) ? " profile" : "");
		}
	}
	if (err) {
		printf("error %s rc 0x%x\n", tpm_strerror(err), info.tpm_rc);
		return 1;
	}
	return 0;
}

static int cmd_match(const char *port, const char *path)
{
	static struct tpm_eventlog log;
	size_t len;
	unsigned i;
	uint8_t *buf = read_file(path, &len);
	int err;

	if (!buf) {
		perror(path);
		return 2;
	}
	err = tpm_eventlog_parse(buf, len, &log);
	if (err) {
		printf("error log: %s\n", tpm_strerror(err));
		return 1;
	}
	err = query_swtpm(port);
	if (err) {
		printf("error tpm: %s\n", err < 0 ? "no connection" : tpm_strerror(err));
		return 1;
	}
	for (i = 0; i < info.nbanks; i++) {
		const struct tpm_bank *live = &info.banks[i];
		const struct tpm_log_bank *replay = tpm_eventlog_bank(&log, live->alg);
		uint32_t match, mismatch;

		if (!replay)
			continue;
		tpm_eventlog_compare(replay, live->pcr, live->valid, &match, &mismatch);
		printf("match %s 0x%06x mismatch 0x%06x\n", tpm2_alg_name(live->alg),
		       match, mismatch);
	}
	return 0;
}

static int cmd_pe_hash(const char *path)
{
	uint8_t digest[32];
	size_t len;
	uint8_t *buf = read_file(path, &len);
	int err;

	if (!buf) {
		perror(path);
		return 2;
	}
	err = tpm_pe_hash(buf, len, digest);
	free(buf);
	if (err) {
		printf("error %s\n", tpm_strerror(err));
		return 1;
	}
	printf("authenticode sha256 ");
	print_hex(digest, sizeof(digest));
	printf("\n");
	return 0;
}

static const char *answer_name(int a)
{
	static const char *const names[] = { "not-asked", "yes", "no", "unknown" };

	return a >= 0 && a < 4 ? names[a] : "?";
}

static void print_digest_line(const char *label, int valid, const uint8_t *d)
{
	printf("%s ", label);
	if (valid)
		print_hex(d, 32);
	else
		printf("none");
	printf("\n");
}

static uint8_t *read_or_die(const char *path, size_t *len)
{
	uint8_t *buf = read_file(path, len);

	if (!buf) {
		perror(path);
		exit(2);
	}
	return buf;
}

static int cmd_verdict(int argc, char **argv)
{
	static struct tpm_eventlog log;
	static struct tpm_db db;
	struct tpm_predict_input in = { 0 };
	struct tpm_boot_manager bm;
	struct tpm_final_merge merge;
	struct tpm_judgement j;
	struct tpm_sealed s;
	char line[TPM_VERDICT_LINE_MAX];
	uint8_t *blob, *bm_file = NULL, *db_file = NULL, *final = NULL;
	size_t blob_len, log_len, bm_len = 0, db_len = 0, final_len = 0;
	const char *port = NULL;
	int pin = 0, truncated = 0, i, fd = -1;

	blob = read_or_die(argv[2], &blob_len);
	in.log = read_or_die(argv[3], &log_len);
	in.windows_first = -1;
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--pin"))
			pin = 1;
		else if (!strcmp(argv[i], "--truncated"))
			truncated = 1;
		else if (!strcmp(argv[i], "--boot-manager") && i + 1 < argc)
			bm_file = read_or_die(argv[++i], &bm_len);
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db_file = read_or_die(argv[++i], &db_len);
		else if (!strcmp(argv[i], "--final") && i + 1 < argc)
			final = read_or_die(argv[++i], &final_len);
		else if (!strcmp(argv[i], "--windows-first") && i + 1 < argc)
			in.windows_first = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port = argv[++i];
		else
			return 2;
	}
	tpm_sealed_read(blob, blob_len, pin, &s);
	printf("sealed %s\n", tpm_sealed_status_text(s.status));
	if (!log_len)
		in.log = NULL;
	in.log_len = log_len;
	in.parsed = &log;
	tpm_eventlog_parse(in.log, log_len, &log);
	tpm_final_events_merge(in.log, log_len, truncated, final, final_len, &log, &merge);
	printf("final %s added %u\n", tpm_final_status_text(merge.status), merge.added);
	in.log_complete = tpm_final_events_complete(truncated, &merge);
	if (merge.added) {
		in.final_records = final + merge.added_at;
		in.final_len = merge.len - merge.added_at;
	}
	tpm_boot_manager_read(bm_file, bm_len, &bm);
	in.boot_manager = &bm;
	if (db_file && tpm_db_read(db_file, db_len, &db) == TPM_OK)
		in.db = &db;
	if (port) {
		fd = connect_swtpm(port);
		if (fd < 0)
			return 2;
		tpm_judge(&in, submit_tcp, &fd, blob, blob_len, &s, &j);
		close(fd);
		printf("srk %s rc 0x%x\n", answer_name(j.check.srk), j.check.read_public_rc);
		printf("loads %s rc 0x%x\n", answer_name(j.check.loads), j.check.load_rc);
		printf("lockout %s counter %u max %u\n", answer_name(j.check.lockout),
		       j.check.lockout_counter, j.check.max_tries);
	} else {
		memset(&j, 0, sizeof(j));
		tpm_predict(&in, &s, &j.verdict, &j.prediction);
	}
	print_digest_line("predicted", j.verdict.predicted_valid, j.verdict.predicted);
	print_digest_line("stored", 1, j.verdict.stored);
	printf("secure-boot %d attempts %d candidate %d one-time %d\n",
	       j.prediction.secure_boot, j.prediction.attempts, j.prediction.candidate,
	       j.prediction.one_time_attempt);
	tpm_verdict_line(&j.verdict, line, sizeof(line));
	printf("%s\n", line);
	return 0;
}

static void print_result(const struct tpm_history_result *res)
{
	char line[96];
	unsigned k;

	for (k = 0; k < res->ndiffs; k++) {
		tpm_history_diff_line(&res->diffs[k], line, sizeof(line));
		printf("  %s\n", line);
	}
	if (res->diffs_overflow)
		printf("  more differences\n");
}

static void note_log(void *ctx, const char *name, const struct tpm_history_result *r)
{
	(void)ctx;
	printf("log %s: %s\n", name, r ? tpm_history_status_text(r->status) : "not read");
}

static int cmd_history(int argc, char **argv)
{
	static struct tpm_eventlog log;
	static struct tpm_history_work work;
	static struct tpm_history_result res;
	struct tpm_predict_input now = { 0 };
	struct tpm_sealed s;
	uint8_t *blob, *earlier;
	size_t blob_len, len;
	int i, matches = 0;

	blob = read_or_die(argv[2], &blob_len);
	now.log = read_or_die(argv[3], &now.log_len);
	if (tpm_sealed_read(blob, blob_len, 0, &s) != TPM_SEALED_OK) {
		printf("sealed %s\n", tpm_sealed_status_text(s.status));
		return 1;
	}
	tpm_eventlog_parse(now.log, now.log_len, &log);
	now.parsed = &log;
	for (i = 4; i < argc; i++) {
		earlier = read_or_die(argv[i], &len);
		tpm_history_check(earlier, len, &now, &s, &work, &res);
		printf("log %s: %s", argv[i], tpm_history_status_text(res.status));
		if (res.status == TPM_HISTORY_DAMAGED)
			printf(" (%s at %zu)", tpm_strerror(res.error), res.error_offset);
		printf("\n");
		print_result(&res);
		matches += res.status == TPM_HISTORY_MATCH;
		free(earlier);
	}
	printf("matches %d\n", matches);
	return 0;
}

static int cmd_mboot(char **argv)
{
	static struct tpm_eventlog log;
	static struct measured_boot_work w;
	static struct app_tpm_history found;
	static struct ntfs_volume vol;
	static struct image img;
	static struct image_region region;
	struct tpm_predict_input now = { 0 };
	struct bde_io io;
	struct tpm_sealed s;
	uint8_t *blob;
	size_t blob_len;
	void *work;
	int err;

	blob = read_or_die(argv[2], &blob_len);
	now.log = read_or_die(argv[3], &now.log_len);
	if (tpm_sealed_read(blob, blob_len, 0, &s) != TPM_SEALED_OK || image_open(&img, argv[4])) {
		printf("sealed key or image unreadable\n");
		return 1;
	}
	tpm_eventlog_parse(now.log, now.log_len, &log);
	now.parsed = &log;
	image_region_io(&region, &img, 0, img.size, &io);
	work = malloc(NTFS_WORK_BYTES);
	w.buf = malloc(MEASURED_BOOT_MAX_LOG_BYTES);
	err = ntfs_open(&vol, &io, work, NTFS_WORK_BYTES);
	if (err || !w.buf) {
		printf("ntfs %s\n", err ? ntfs_strerror(err) : "no memory");
		return 1;
	}
	measured_boot_find(&vol, &s, &now, &w, note_log, NULL, &found);
	printf("listed %u read %u skipped %u\n", found.listed, found.read, found.skipped);
	if (found.state == APP_HISTORY_FOUND) {
		printf("found %s %lld\n", found.file, (long long)ntfs_time_unix(found.modified));
		print_result(&found.result);
	} else {
		printf("%s\n", found.state == APP_HISTORY_NO_FOLDER ? "no folder" : "no match");
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "mboot"))
		return cmd_mboot(argv);
	if (argc >= 4 && !strcmp(argv[1], "history"))
		return cmd_history(argc, argv);
	if (argc >= 4 && !strcmp(argv[1], "verdict"))
		return cmd_verdict(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "eventlog"))
		return cmd_eventlog(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "span"))
		return cmd_span(argv[2], argv[3]);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "query"))
		return cmd_query(argv[2], argc == 4 ? argv[3] : NULL);
	if (argc == 4 && !strcmp(argv[1], "match"))
		return cmd_match(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "pe-hash"))
		return cmd_pe_hash(argv[2]);
	fprintf(stderr, "usage: tpm-tool eventlog FILE | span FILE OFFSET | "
		"query PORT [PROFILE] | match PORT FILE | pe-hash FILE\n");
	return 2;
}
