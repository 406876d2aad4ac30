/** @file
 * Speed of crypto/: the key stretch (SHA-NI and portable) and bulk sector
 * decryption for every method (fast path and mbedTLS), single-threaded.
 * A benchmark, not a test: it prints medians, it asserts nothing.
 *
 *   crypto-bench [ROUNDS]     (default 7 repetitions per measurement)
 *
 * Output, one line per measurement, for scripts/bench:
 *   stretch|IMPL|median seconds for 2^20 rounds
 *   decrypt|METHOD NAME|IMPL|median GB/s (8 MiB in 512-byte sectors)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "crypto/cpu.h"
#include "crypto/sector.h"
#include "crypto/sha256.h"

#define BUF_BYTES (8u << 20)	/* larger than L2, like a real read */
#define SECTOR 512

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void bench_stretch(int rounds, enum crypto_path path)
{
	uint8_t hash[32] = { 1 }, salt[16] = { 2 }, key[32];
	double t[64];
	int i;

	crypto_force_path(path);
	for (i = 0; i < rounds; i++) {
		double t0 = now();

		stretch_key(hash, salt, BDE_STRETCH_ROUNDS, key, NULL, NULL);
		t[i] = now() - t0;
		hash[0] = key[0];	/* keep the result live */
	}
	printf("stretch|%s|%.4f\n", sha256_implementation(), median(t, rounds));
}

static void bench_sectors(int rounds, uint16_t method, enum crypto_path path, uint8_t *buf)
{
	struct sector_cipher sc;
	uint8_t key[64];
	double t[64];
	size_t key_len = method == BDE_METHOD_AES_128_CBC ? 16 :
			 method == BDE_METHOD_AES_256_CBC || method == BDE_METHOD_AES_128_XTS ? 32 : 64;
	int i;

	crypto_force_path(path);
	memset(key, 0x5a, sizeof(key));
	if (sector_cipher_init(&sc, method, key, key_len)) {
		printf("decrypt|%s|init failed|0\n", bde_method_name(method));
		return;
	}
	sector_decrypt(&sc, 0, buf, SECTOR, BUF_BYTES / SECTOR);	/* warm up */
	for (i = 0; i < rounds; i++) {
		double t0 = now();

		sector_decrypt(&sc, 0, buf, SECTOR, BUF_BYTES / SECTOR);
		t[i] = BUF_BYTES / (now() - t0) / 1e9;
	}
	printf("decrypt|%s|%s|%.3f\n", bde_method_name(method), sector_implementation(),
	       median(t, rounds));
	sector_cipher_wipe(&sc);
}

int main(int argc, char **argv)
{
	static const uint16_t methods[] = {
		BDE_METHOD_AES_128_XTS, BDE_METHOD_AES_256_XTS,
		BDE_METHOD_AES_128_CBC, BDE_METHOD_AES_256_CBC,
		BDE_METHOD_AES_128_CBC_DIFFUSER, BDE_METHOD_AES_256_CBC_DIFFUSER,
	};
	int rounds = argc > 1 ? atoi(argv[1]) : 7;
	uint8_t *buf = aligned_alloc(64, BUF_BYTES);
	static const enum crypto_path paths[] = {
		CRYPTO_PATH_BEST, CRYPTO_PATH_AES_NI, CRYPTO_PATH_PORTABLE,
	};
	const char *done[3] = { NULL, NULL, NULL };
	size_t m, p, n;

	if (rounds < 1 || rounds > 64 || !buf)
		return 1;
	memset(buf, 0xa5, BUF_BYTES);
	bench_stretch(rounds, CRYPTO_PATH_BEST);
	bench_stretch(rounds, CRYPTO_PATH_PORTABLE);
	/* each path once, even where two of them are the same code here */
	for (p = n = 0; p < 3; p++) {
		crypto_force_path(paths[p]);
		if (n && strcmp(done[n - 1], sector_implementation()) == 0)
			continue;
		done[n++] = sector_implementation();
		for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
			bench_sectors(rounds, methods[m], paths[p], buf);
	}
	free(buf);
	return 0;
}
