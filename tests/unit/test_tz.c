/* test_tz.c - TZif loading, POSIX rules and civil conversions.
 *
 * Besides fixed cases, the zone code is compared with glibc's localtime_r
 * for random instants: setting TZ is fine here, in a test process, and
 * is exactly what the library itself must never do. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "lib/tz.h"

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* xorshift64*: a fixed seed makes failures reproducible. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

static int64_t rnd_between(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
}

static struct tz *load(const char *name)
{
	struct tz *z = NULL;
	char *err = NULL;
	if (tz_load(name, &z, &err) < 0) {
		printf("# tz_load(%s): %s\n", name, err ? err : "?");
		free(err);
	}
	return z;
}

static void test_days(void)
{
	CHECK(days_from_civil(1970, 1, 1) == 0);
	CHECK(days_from_civil(2000, 3, 1) == 11017);
	CHECK(days_from_civil(1969, 12, 31) == -1);
	CHECK(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28) == 2);
	CHECK(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28) == 1);
	CHECK(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28) == 2);
	CHECK(days_from_civil(0, 1, 1) == -719528);
	int y, m, d, bad = 0;
	int64_t prev = days_from_civil(-1000, 1, 1) - 1;
	for (int64_t day = prev + 1; day < 800000; day++) {
		civil_from_days(day, &y, &m, &d);
		bad += days_from_civil(y, m, d) != day || m < 1 || m > 12 || d < 1 || d > 31;
	}
	CHECK(bad == 0);
	civil_from_days(-1, &y, &m, &d);
	CHECK(y == 1969 && m == 12 && d == 31);
	civil_from_days(INT64_MIN, &y, &m, &d);   /* clamped, no overflow */
	civil_from_days(INT64_MAX, &y, &m, &d);
	CHECK(y > 1000000);
}

static void test_names(void)
{
	const char *bad[] = {"", "/etc/passwd", "../../etc/passwd", "Europe/../UTC", "Europe/Hel sinki",
			     "Europe/Helsinki\n", "Europe/.Helsinki", "Europe\\Helsinki",
			     "Europe/Nowhere", "Europe", NULL};
	for (int i = 0; bad[i]; i++) {
		struct tz *z = NULL;
		char *err = NULL;
		CHECK(tz_load(bad[i], &z, &err) == -1);
		CHECK(err != NULL);
		CHECK(z == NULL);
		free(err);
	}
	char longname[TZ_NAME_MAX + 2];
	memset(longname, 'A', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	struct tz *z = NULL;
	CHECK(tz_load(longname, &z, NULL) == -1);
	CHECK(tz_load(NULL, &z, NULL) == -1);
	z = load("UTC");
	CHECK(z && tz_offset(z, 0) == 0 && tz_offset(z, utc(2026, 7, 1, 0, 0, 0)) == 0);
	tz_free(z);
	z = load("Etc/GMT-3");   /* POSIX sign: GMT-3 is three hours east */
	CHECK(z && tz_offset(z, 0) == 3 * 3600);
	tz_free(z);
}

static void test_helsinki(void)
{
	struct tz *z = load("Europe/Helsinki");
	if (!z) {
		CHECK(0);
		return;
	}
	/* 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC. */
	int64_t spring = utc(2026, 3, 29, 1, 0, 0), autumn = utc(2026, 10, 25, 1, 0, 0);
	CHECK(tz_offset(z, spring - 1) == 7200 && tz_offset(z, spring) == 10800);
	CHECK(tz_offset(z, autumn - 1) == 10800 && tz_offset(z, autumn) == 7200);
	/* 2040 and 2099 lie past the file's table: the footer rule answers. */
	CHECK(tz_offset(z, utc(2040, 3, 25, 1, 0, 0) - 1) == 7200);
	CHECK(tz_offset(z, utc(2040, 3, 25, 1, 0, 0)) == 10800);
	CHECK(tz_offset(z, utc(2099, 10, 25, 1, 0, 0) - 1) == 10800);
	CHECK(tz_offset(z, utc(2099, 10, 25, 1, 0, 0)) == 7200);
	struct tz_civil c;
	tz_to_civil(z, spring, &c);
	CHECK(c.year == 2026 && c.month == 3 && c.day == 29 && c.hour == 4 && c.min == 0);
	CHECK(c.wday == 0 && c.yday == 87 && c.offset == 10800);
	tz_to_civil(z, spring - 1, &c);
	CHECK(c.hour == 2 && c.min == 59 && c.sec == 59 && c.offset == 7200);
	tz_to_civil(z, utc(2026, 12, 31, 22, 0, 0), &c);
	CHECK(c.year == 2027 && c.month == 1 && c.day == 1 && c.hour == 0 && c.wday == 5 &&
	      c.yday == 0);
	/* The gap 03:00-04:00 on 29 March: 03:30 reads as 04:30 summer time. */
	CHECK(tz_from_civil(z, 2026, 3, 29, 3, 30, 0) == utc(2026, 3, 29, 1, 30, 0));
	CHECK(tz_from_civil(z, 2026, 3, 29, 3, 0, 0) == spring);
	CHECK(tz_from_civil(z, 2026, 3, 29, 4, 0, 0) == spring);
	CHECK(tz_from_civil(z, 2026, 3, 29, 2, 59, 59) == spring - 1);
	/* The overlap 03:00-04:00 on 25 October: the earlier, summer-time one. */
	CHECK(tz_from_civil(z, 2026, 10, 25, 3, 30, 0) == utc(2026, 10, 25, 0, 30, 0));
	CHECK(tz_from_civil(z, 2026, 10, 25, 4, 0, 0) == utc(2026, 10, 25, 2, 0, 0));
	CHECK(tz_from_civil(z, 2026, 10, 25, 2, 59, 59) == utc(2026, 10, 24, 23, 59, 59));
	/* Out-of-range fields carry over. */
	CHECK(tz_from_civil(z, 2026, 12, 31, 24, 0, 0) == utc(2026, 12, 31, 22, 0, 0));
	CHECK(tz_from_civil(z, 2026, 13, 1, 0, 0, 0) == utc(2026, 12, 31, 22, 0, 0));
	CHECK(tz_from_civil(z, 2026, 0, 1, 0, 0, 0) == utc(2025, 11, 30, 22, 0, 0));
	CHECK(tz_from_civil(z, 2026, 3, 29, 0, 24 * 60, 0) == utc(2026, 3, 29, 21, 0, 0));
	tz_free(z);
}

static void test_lord_howe(void)
{
	struct tz *z = load("Australia/Lord_Howe");
	if (!z) {
		CHECK(0);
		return;
	}
	/* Half-hour changes: 02:00 -> 02:30 on 4 October 2026, 02:00 -> 01:30
	 * on 5 April 2026 (figures from Python's zoneinfo). */
	CHECK(tz_from_civil(z, 2026, 10, 4, 2, 15, 0) == 1791042300);
	CHECK(tz_from_civil(z, 2026, 4, 5, 1, 45, 0) == 1775313900);
	CHECK(tz_offset(z, 1775313900) == 39600 && tz_offset(z, 1775315700) == 37800);
	tz_free(z);
}

/* Compares offsets and civil fields with glibc for n random instants. */
static int compare_with_libc(const struct tz *z, const char *tzenv, int n, int64_t lo,
			     int64_t hi)
{
	int bad = 0;
	setenv("TZ", tzenv, 1);
	tzset();
	for (int i = 0; i < n; i++) {
		int64_t t = i == 0 ? lo : rnd_between(lo, hi);
		time_t tt = (time_t)t;
		struct tm tm;
		struct tz_civil c;
		localtime_r(&tt, &tm);
		tz_to_civil(z, t, &c);
		if (c.offset != tm.tm_gmtoff || c.year != tm.tm_year + 1900 ||
		    c.month != tm.tm_mon + 1 || c.day != tm.tm_mday || c.hour != tm.tm_hour ||
		    c.min != tm.tm_min || c.sec != tm.tm_sec || c.wday != tm.tm_wday ||
		    c.yday != tm.tm_yday) {
			if (bad++ < 3)
				printf("# %s at %lld: ours %d, libc %ld\n", tzenv, (long long)t,
				       c.offset, (long)tm.tm_gmtoff);
		}
	}
	unsetenv("TZ");
	tzset();
	return bad;
}

/* tz_from_civil(tz_to_civil(t)) is t, or an earlier instant with the same
 * reading when t is the second pass through an overlap. */
static int round_trips(const struct tz *z, int n, int64_t lo, int64_t hi)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int64_t t = rnd_between(lo, hi);
		struct tz_civil c, c2;
		tz_to_civil(z, t, &c);
		int64_t back = tz_from_civil(z, c.year, c.month, c.day, c.hour, c.min, c.sec);
		tz_to_civil(z, back, &c2);
		bad += back > t || t - back > 3 * 3600 || c2.hour != c.hour || c2.min != c.min ||
		       c2.day != c.day || (back < t && tz_offset(z, back) == tz_offset(z, t));
	}
	return bad;
}

static void test_against_libc(void)
{
	const char *zones[] = {"Europe/Helsinki", "America/New_York", "Australia/Lord_Howe",
			       "Asia/Kolkata", "America/Sao_Paulo", "Europe/Dublin", NULL};
	int64_t lo = utc(1970, 1, 1, 0, 0, 0), hi = utc(2100, 12, 31, 23, 59, 59);
	for (int i = 0; zones[i]; i++) {
		struct tz *z = load(zones[i]);
		if (!z) {
			CHECK(0);
			continue;
		}
		CHECK(compare_with_libc(z, zones[i], 10000, lo, hi) == 0);
		CHECK(compare_with_libc(z, zones[i], 2000, utc(1900, 1, 1, 0, 0, 0), lo) == 0);
		CHECK(round_trips(z, 10000, lo, hi) == 0);
		tz_free(z);
	}
}

/* Every instant near each change, not just random ones. */
static void test_changes_exhaustive(void)
{
	struct tz *z = load("Europe/Helsinki");
	if (!z) {
		CHECK(0);
		return;
	}
	int bad = 0;
	setenv("TZ", "Europe/Helsinki", 1);
	tzset();
	for (int y = 2020; y <= 2060; y++)
		for (int64_t t = utc(y, 3, 24, 0, 0, 0); t < utc(y, 4, 1, 0, 0, 0); t += 599) {
			time_t tt = (time_t)t;
			struct tm tm;
			localtime_r(&tt, &tm);
			bad += tz_offset(z, t) != tm.tm_gmtoff;
			tt = (time_t)(t + utc(y, 10, 24, 0, 0, 0) - utc(y, 3, 24, 0, 0, 0));
			localtime_r(&tt, &tm);
			bad += tz_offset(z, tt) != tm.tm_gmtoff;
		}
	unsetenv("TZ");
	tzset();
	CHECK(bad == 0);
	tz_free(z);
}

static void test_posix_rules(void)
{
	/* Mm.w.d, Jn, n, negative and >24 h times, quoted names, DST offsets
	 * other than one hour, southern hemisphere, no DST, US default. */
	const char *specs[] = {
		"EET-2EEST,M3.5.0/3,M10.5.0/4", "EST5EDT,M3.2.0,M11.1.0",
		"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "AAA3BBB,J60/2,J300/2",
		"AAA3BBB,59/2,299/2", "IST-5:30", "NZST-12NZDT,M9.5.0,M4.1.0/3",
		"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "XXX-1YYY-3,M2.1.1/12:30,M11.5.6/23",
		"CCC+4:30DDD,J2/0,J364/23", "<-01>1<+00>,M3.5.0/0,M10.5.0/1", NULL};
	int64_t lo = utc(1971, 1, 1, 0, 0, 0), hi = utc(2100, 12, 31, 0, 0, 0);
	for (int i = 0; specs[i]; i++) {
		struct tz *z = NULL;
		char *err = NULL;
		if (tz_from_posix(specs[i], &z, &err) < 0) {
			printf("# %s: %s\n", specs[i], err);
			free(err);
			CHECK(0);
			continue;
		}
		int bad = compare_with_libc(z, specs[i], 20000, lo, hi);
		if (bad)
			printf("# %s: %d mismatches\n", specs[i], bad);
		CHECK(bad == 0);
		CHECK(round_trips(z, 5000, lo, hi) == 0);
		tz_free(z);
	}
}

static void test_posix_all_year_dst(void)
{
	/* tzdata's idiom for permanent DST: starts at 0:00 on 1 January and
	 * ends at 25:00 on 31 December, i.e. when the next year starts. */
	struct tz *z = NULL;
	CHECK(tz_from_posix("EST5EDT,0/0,J365/25", &z, NULL) == 0);
	if (!z)
		return;
	int bad = 0;
	for (int i = 0; i < 20000; i++)
		bad += tz_offset(z, rnd_between(utc(1971, 1, 1, 0, 0, 0), utc(2100, 1, 1, 0, 0, 0))) !=
		       -4 * 3600;
	CHECK(bad == 0);
	CHECK(tz_offset(z, utc(2027, 1, 1, 4, 0, 0)) == -4 * 3600);
	tz_free(z);
}

/* Rules whose changes sit next to New Year. glibc only looks at the
 * changes of the UTC year and calls 19:30 on 31 December standard
 * time here; the rule says DST lasts until 23:00 DST. */
static void test_posix_year_edges(void)
{
	struct tz *z = NULL;
	CHECK(tz_from_posix("CCC+4:30DDD,J1/0,J365/23", &z, NULL) == 0);
	if (!z)
		return;
	CHECK(tz_offset(z, utc(1971, 1, 1, 0, 0, 0)) == -12600);
	CHECK(tz_offset(z, utc(1971, 1, 1, 2, 29, 59)) == -12600);   /* 22:59:59 DST */
	CHECK(tz_offset(z, utc(1971, 1, 1, 2, 30, 0)) == -16200);    /* 23:00 DST ends */
	CHECK(tz_offset(z, utc(1971, 1, 1, 4, 29, 59)) == -16200);
	CHECK(tz_offset(z, utc(1971, 1, 1, 4, 30, 0)) == -12600);    /* 0:00 1 Jan std */
	tz_free(z);
	/* Without dates, the US rule applies (as in glibc and tzcode). */
	struct tz *a = NULL, *b = NULL;
	CHECK(tz_from_posix("ABC5DEF", &a, NULL) == 0);
	CHECK(tz_from_posix("ABC5DEF,M3.2.0/2,M11.1.0/2", &b, NULL) == 0);
	int bad = 0;
	for (int i = 0; a && b && i < 20000; i++) {
		int64_t t = rnd_between(0, utc(2100, 1, 1, 0, 0, 0));
		bad += tz_offset(a, t) != tz_offset(b, t);
	}
	CHECK(a && b && bad == 0);
	tz_free(a);
	tz_free(b);
}

static void test_posix_invalid(void)
{
	const char *bad[] = {"", "E1", "EET", "EET-2EEST,M13.5.0,M10.5.0", "EET-2EEST,M3.6.0,M10.5.0",
			     "EET-2EEST,M3.5.7,M10.5.0", "EET-2EEST,J0,J10", "EET-2EEST,J366,J10",
			     "EET-2EEST,366,10", "EET-2EEST,M3.5.0/168,M10.5.0", "EET-25",
			     "<AB>0", "EET-2EEST,M3.5.0", "EET-2x", "EET-2EEST,M3.5.0,M10.5.0,",
			     "<EET-2", "EET-2:60", "EET-2EEST,M3.5.0/3:00:60,M10.5.0", NULL};
	for (int i = 0; bad[i]; i++) {
		struct tz *z = NULL;
		char *err = NULL;
		int rc = tz_from_posix(bad[i], &z, &err);
		if (rc == 0)
			printf("# accepted \"%s\"\n", bad[i]);
		CHECK(rc == -1 && err && !z);
		free(err);
	}
}

/* ---- Hand-built TZif files ---------------------------------------------- */

struct tzif {
	unsigned char b[2048];
	size_t n;
};

static void put(struct tzif *f, const void *p, size_t n)
{
	if (n == 0)
		return;
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void put_be(struct tzif *f, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		f->b[f->n++] = (unsigned char)(v >> (8 * i));
}

static void put_head(struct tzif *f, char version, uint32_t leap, uint32_t nt, uint32_t ntypes)
{
	put(f, "TZif", 4);
	f->b[f->n++] = (unsigned char)version;
	memset(f->b + f->n, 0, 15);
	f->n += 15;
	uint32_t counts[6] = {ntypes, ntypes, leap, nt, ntypes, 4};
	for (int i = 0; i < 6; i++)
		put_be(f, counts[i], 4);
}

/* Two types, +1 h and +2 h, switching at the given instants. */
static void put_block(struct tzif *f, int tsize, const int64_t *at, const uint8_t *idx,
		      size_t nt, uint32_t leap)
{
	for (size_t i = 0; i < nt; i++)
		put_be(f, (uint64_t)at[i], tsize);
	put(f, idx, nt);
	put_be(f, 3600, 4);
	put(f, "\0\0", 2);
	put_be(f, 7200, 4);
	put(f, "\1\0", 2);
	put(f, "ABC", 4);
	for (uint32_t i = 0; i < leap; i++) {
		put_be(f, 0, tsize);
		put_be(f, 1, 4);
	}
	put(f, "\0\0\0\0", 4);   /* isstd, isut for two types */
}

static struct tzif build(char version, const int64_t *at, const uint8_t *idx, size_t nt,
			 const char *footer, uint32_t leap)
{
	struct tzif f = {.n = 0};
	if (version == '\0') {
		put_head(&f, version, leap, (uint32_t)nt, 2);
		put_block(&f, 4, at, idx, nt, leap);
		return f;
	}
	put_head(&f, version, 0, 0, 2);   /* a minimal 32-bit block, skipped */
	put_block(&f, 4, NULL, NULL, 0, 0);
	put_head(&f, version, leap, (uint32_t)nt, 2);
	put_block(&f, 8, at, idx, nt, leap);
	put(&f, "\n", 1);
	put(&f, footer, strlen(footer));
	put(&f, "\n", 1);
	return f;
}

static struct tz *parse(const struct tzif *f)
{
	struct tz *z = NULL;
	char *err = NULL;
	if (tz_parse(f->b, f->n, &z, &err) < 0)
		printf("# tz_parse: %s\n", err);
	free(err);
	return z;
}

static void test_tzif_versions(void)
{
	int64_t at[2] = {1000, 2000};
	uint8_t idx[2] = {1, 0};
	struct tzif f = build('\0', at, idx, 2, "", 0);
	struct tz *z = parse(&f);
	CHECK(z && tz_offset(z, 999) == 3600 && tz_offset(z, 1000) == 7200 &&
	      tz_offset(z, 2000) == 3600 && tz_offset(z, INT64_MAX) == 3600);
	tz_free(z);
	const char versions[] = {'2', '3', '4'};
	for (int v = 0; v < 3; v++) {
		f = build(versions[v], at, idx, 2, "XXX-3", 0);
		z = parse(&f);
		/* Before the first transition type 0; after the last the footer. */
		CHECK(z && tz_offset(z, -5000000000) == 3600 && tz_offset(z, 1500) == 7200 &&
		      tz_offset(z, 2000) == 3 * 3600 && tz_offset(z, 5000000000) == 3 * 3600);
		tz_free(z);
	}
	f = build('2', at, idx, 0, "XXX-3YYY,M3.5.0,M10.5.0/3", 0);   /* no transitions */
	z = parse(&f);
	CHECK(z && tz_offset(z, utc(2026, 1, 1, 0, 0, 0)) == 3 * 3600 &&
	      tz_offset(z, utc(2026, 7, 1, 0, 0, 0)) == 4 * 3600);
	tz_free(z);
	f = build('2', at, idx, 0, "", 0);   /* nor a rule: type 0 throughout */
	z = parse(&f);
	CHECK(z && tz_offset(z, 0) == 3600 && tz_offset(z, INT64_MAX) == 3600);
	tz_free(z);
	f = build('2', at, idx, 2, "", 0);   /* empty footer: the last type stays */
	z = parse(&f);
	CHECK(z && tz_offset(z, 5000000000) == 3600);
	tz_free(z);
	int64_t big[1] = {-((int64_t)1 << 59)};   /* the "big bang" entry old zic wrote */
	uint8_t one[1] = {1};
	f = build('2', big, one, 1, "", 0);
	z = parse(&f);
	CHECK(z && tz_offset(z, INT64_MIN) == 3600 && tz_offset(z, big[0]) == 7200 &&
	      tz_offset(z, 0) == 7200);
	tz_free(z);
}

static void test_tzif_invalid(void)
{
	int64_t at[2] = {1000, 2000}, rev[2] = {2000, 1000};
	uint8_t idx[2] = {1, 0}, badidx[2] = {1, 2};
	struct tzif bad[5] = {build('2', at, idx, 2, "XXX-3", 1), build('2', rev, idx, 2, "", 0),
			      build('2', at, badidx, 2, "", 0), build('2', at, idx, 2, "XXX", 0),
			      build('\0', at, idx, 2, "", 1)};
	for (int i = 0; i < 5; i++) {
		struct tz *z = NULL;
		char *err = NULL;
		CHECK(tz_parse(bad[i].b, bad[i].n, &z, &err) == -1 && err && !z);
		free(err);
	}
	/* Every truncation of a good file fails cleanly. */
	struct tzif f = build('2', at, idx, 2, "XXX-3", 0);
	int accepted = 0;
	for (size_t n = 0; n < f.n; n++) {
		struct tz *z = NULL;
		accepted += tz_parse(f.b, n, &z, NULL) == 0;
		tz_free(z);
	}
	CHECK(accepted == 0);
}

/* Random byte flips in the real Helsinki file: must never crash (run
 * under the sanitizers) and whatever loads must answer sanely. */
static void test_tzif_mutations(void)
{
	FILE *fp = fopen("/usr/share/zoneinfo/Europe/Helsinki", "rb");
	if (!fp) {
		CHECK(0);
		return;
	}
	static unsigned char orig[8192], buf[8192];
	size_t n = fread(orig, 1, sizeof(orig), fp);
	fclose(fp);
	for (int i = 0; i < 3000; i++) {
		memcpy(buf, orig, n);
		for (int k = 0; k < 1 + (int)(rnd() % 4); k++)
			buf[rnd() % n] = (unsigned char)rnd();
		struct tz *z = NULL;
		if (tz_parse(buf, n - (rnd() % 8 == 0 ? rnd() % n : 0), &z, NULL) == 0) {
			int off = tz_offset(z, (int64_t)rnd());
			CHECK(off >= -89999 && off <= 93599 + 24 * 3600);
			struct tz_civil c;
			tz_to_civil(z, (int64_t)rnd(), &c);
			(void)tz_from_civil(z, c.year, c.month, c.day, c.hour, c.min, c.sec);
		}
		tz_free(z);
	}
}

int main(void)
{
	RUN(test_days);
	RUN(test_names);
	RUN(test_helsinki);
	RUN(test_lord_howe);
	RUN(test_against_libc);
	RUN(test_changes_exhaustive);
	RUN(test_posix_rules);
	RUN(test_posix_all_year_dst);
	RUN(test_posix_year_edges);
	RUN(test_posix_invalid);
	RUN(test_tzif_versions);
	RUN(test_tzif_invalid);
	RUN(test_tzif_mutations);
	return check_done();
}
