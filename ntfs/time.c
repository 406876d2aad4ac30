/** @file
 * FILETIMEs (100 ns since 1601-01-01 UTC) as calendar dates and Unix time.
 */
#include "ntfs/ntfs.h"

#define TICKS_PER_SECOND 10000000ull
#define SECONDS_1601_TO_1970 11644473600ll

int64_t ntfs_time_unix(uint64_t filetime)
{
	return (int64_t)(filetime / TICKS_PER_SECOND) - SECONDS_1601_TO_1970;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian; Howard
 * Hinnant's well-known days-to-civil arithmetic, done in 64 bits). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	uint64_t doe = (uint64_t)(z - era * 146097);
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void ntfs_time_split(uint64_t filetime, struct ntfs_time *t)
{
	int64_t secs = (int64_t)(filetime / TICKS_PER_SECOND) - SECONDS_1601_TO_1970;
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t rest = secs - days * 86400;
	int64_t year;
	unsigned month, day;

	civil_from_days(days, &year, &month, &day);
	t->year = (uint16_t)year;
	t->month = (uint8_t)month;
	t->day = (uint8_t)day;
	t->hour = (uint8_t)(rest / 3600);
	t->minute = (uint8_t)(rest / 60 % 60);
	t->second = (uint8_t)(rest % 60);
	t->nanosecond = (uint32_t)(filetime % TICKS_PER_SECOND) * 100;
}
