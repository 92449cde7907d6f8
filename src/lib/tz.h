/* tz.h - time zones read from the system's compiled tzdata.
 *
 * A zone is loaded once from /usr/share/zoneinfo/NAME (TZif versions 1-4,
 * RFC 8536) into a read-only object, so any number of threads may use it
 * without locks; nothing here touches TZ, setenv or the C library's
 * process-wide time zone. Instants are POSIX seconds (int64_t, UTC);
 * civil times are proleptic Gregorian. Instants are clamped to about
 * +-1 billion years so that no arithmetic can overflow. */
#ifndef TUKI_TZ_H
#define TUKI_TZ_H

#include <stddef.h>
#include <stdint.h>

enum {
	TZ_NAME_MAX = 64,              /* bytes of a zone name */
	TZ_FILE_MAX = 1024 * 1024,     /* a TZif file bigger than this is refused */
};

struct tz;

struct tz_civil {
	int year, month, day;          /* month 1-12, day 1-31 */
	int hour, min, sec;
	int wday;                      /* 0 = Sunday */
	int yday;                      /* 0 = 1 January */
	int offset;                    /* seconds east of UTC in effect */
};

/* Loads the zone NAME ("Europe/Helsinki", "UTC"). Names are 1-64 bytes
 * of [A-Za-z0-9_+/-], neither absolute nor with "..". "UTC" works even
 * without tzdata installed. On failure returns -1 and sets *err to a
 * malloc'd message (the caller frees it). */
int tz_load(const char *name, struct tz **out, char **err);
/* Builds a zone from the bytes of a TZif file (what tz_load reads); a
 * separate entry point so the parser can be tested and fuzzed. */
int tz_parse(const unsigned char *data, size_t len, struct tz **out, char **err);
/* Builds a zone from a POSIX TZ rule alone, e.g. "EET-2EEST,M3.5.0/3,M10.5.0/4"
 * (Mm.w.d, Jn and n dates, times -167..167 h as RFC 8536 allows). */
int tz_from_posix(const char *spec, struct tz **out, char **err);
void tz_free(struct tz *z);

/* Seconds east of UTC in effect at the instant utc. */
int tz_offset(const struct tz *z, int64_t utc);
void tz_to_civil(const struct tz *z, int64_t utc, struct tz_civil *out);
/* The instant of a local civil time. Fields may be out of range and carry
 * over (minute 1440 is midnight of the next day; month 13 is January of
 * the next year). A time skipped by a forward change is moved forward by
 * the length of the gap (03:30 on the EU spring-forward Sunday is 04:30
 * summer time); a time repeated by a backward change is the earlier one. */
int64_t tz_from_civil(const struct tz *z, int y, int mon, int d, int h, int mi, int s);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), and
 * back (clamped like instants). */
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t days, int *y, int *m, int *d);

#endif
