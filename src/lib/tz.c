/* tz.c - TZif files and POSIX TZ rules, without the C library's global zone.
 *
 * A loaded zone keeps only what answering "which offset at instant t"
 * needs: the transition instants with the offset each one starts, the
 * offset before the first, and the POSIX rule from the file's footer that
 * continues the table after its last transition (tzdata writes explicit
 * transitions up to 2037 at most, often far fewer). */
#include "lib/tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TZ_DIR "/usr/share/zoneinfo/"
/* |instant| beyond this is clamped: the year still fits an int and no
 * sum of an instant, an offset and a day count can overflow. */
#define TZ_LIMIT (INT64_C(1) << 55)

enum {
	DAY = 86400,
	TZ_FOOTER_MAX = 256,        /* bytes of a POSIX TZ string */
	TZ_TYPES_MAX = 256,         /* local time types in one file */
	TZ_OFF_MIN = -89999,        /* tzfile(5): offsets lie in [-25 h, 26 h) */
	TZ_OFF_MAX = 93599,
	TZ_SEGMENTS_MAX = 64,       /* offset changes examined around one civil time */
};

enum tz_date_kind { TZD_JULIAN, TZD_ZERO, TZD_MONTH };

/* One end of the daylight-saving period: "Jn", "n" or "Mm.w.d", and the
 * local time of day (seconds, may be negative or past 24 h) it happens. */
struct tz_date {
	enum tz_date_kind kind;
	int day, week, mon;
	int32_t time;
};

struct tz_rule {
	int32_t std_off, dst_off;    /* seconds east of UTC */
	bool has_dst;
	struct tz_date start, end;   /* start in standard time, end in DST */
};

struct tz {
	size_t n;                    /* transitions */
	int64_t *at;                 /* strictly ascending instants */
	int32_t *off;                /* offset from at[i] on */
	int32_t off0;                /* before at[0]: time type 0 */
	bool has_rule;               /* rule applies after at[n-1], or always if n == 0 */
	struct tz_rule rule;
};

/* Sets *err (when err is not NULL) to a malloc'd message. */
__attribute__((format(printf, 2, 3))) static void set_err(char **err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
}

/* ---- Civil date arithmetic ------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_len(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Counts days in eras of 400 years (146097 days) with years starting on
 * 1 March, so the leap day falls at the end of a year and month lengths
 * from March follow the 153-days-per-5-months pattern. */
static int64_t days_from_civil64(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                    /* 0..399 */
	int64_t mp = (m + 9) % 12;                      /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;       /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;             /* 719468: 0000-03-01 to 1970 */
}

int64_t days_from_civil(int y, int m, int d)
{
	return days_from_civil64(y, m, d);
}

/* The inverse: find the era, then the year of the era by removing the
 * leap days accumulated before it, then the month from the day of year. */
void civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t lim = TZ_LIMIT / DAY;
	int64_t z = (days < -lim ? -lim : days > lim ? lim : days) + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                 /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);         /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153;                               /* March = 0 */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int weekday(int64_t days)
{
	return (int)floor_mod(days + 4, 7);   /* 1970-01-01 was a Thursday */
}

static int64_t clamp_instant(int64_t t)
{
	return t < -TZ_LIMIT ? -TZ_LIMIT : t > TZ_LIMIT ? TZ_LIMIT : t;
}

/* ---- POSIX TZ rules --------------------------------------------------- */

/* Parses an unsigned decimal in [min, max] at *p. */
static int parse_num(const char **p, int min, int max, int *out)
{
	const char *s = *p;
	long v = 0;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9' && v <= max)
		v = v * 10 + (*s++ - '0');
	if (v < min || v > max)
		return -1;
	*out = (int)v;
	*p = s;
	return 0;
}

/* Parses [+-]hh[:mm[:ss]] with hh <= max_h into signed seconds. */
static int parse_hms(const char **p, int max_h, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;
	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	if (parse_num(p, 0, max_h, &h) < 0)
		return -1;
	if (**p == ':' && ((*p)++, parse_num(p, 0, 59, &m) < 0))
		return -1;
	if (**p == ':' && ((*p)++, parse_num(p, 0, 59, &s) < 0))
		return -1;
	*out = sign * (h * 3600 + m * 60 + s);
	return 0;
}

/* Skips a zone abbreviation: three or more letters, or "<...>" quoting
 * letters, digits and signs ("<+0530>"). */
static int parse_abbr(const char **p)
{
	const char *s = *p;
	size_t n = 0;
	if (*s == '<') {
		for (s++; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
			  (*s >= '0' && *s <= '9') || *s == '+' || *s == '-'; s++)
			n++;
		if (*s++ != '>')
			return -1;
	} else {
		for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++)
			n++;
	}
	if (n < 3)
		return -1;
	*p = s;
	return 0;
}

/* Parses one rule date with its optional "/time" (default 02:00). */
static int parse_date(const char **p, struct tz_date *d)
{
	memset(d, 0, sizeof(*d));
	if (**p == 'J') {
		(*p)++;
		d->kind = TZD_JULIAN;
		if (parse_num(p, 1, 365, &d->day) < 0)
			return -1;
	} else if (**p == 'M') {
		(*p)++;
		d->kind = TZD_MONTH;
		if (parse_num(p, 1, 12, &d->mon) < 0 || *(*p)++ != '.' ||
		    parse_num(p, 1, 5, &d->week) < 0 || *(*p)++ != '.' ||
		    parse_num(p, 0, 6, &d->day) < 0)
			return -1;
	} else {
		d->kind = TZD_ZERO;
		if (parse_num(p, 0, 365, &d->day) < 0)
			return -1;
	}
	d->time = 2 * 3600;
	if (**p == '/') {
		(*p)++;
		return parse_hms(p, 167, &d->time);
	}
	return 0;
}

/* The DST part after the standard offset: a name, an optional offset
 * (default one hour ahead) and the two dates. Without dates the US rule
 * applies, as glibc and tzcode do. */
static int parse_dst(const char *s, struct tz_rule *r)
{
	int32_t west;
	if (parse_abbr(&s) < 0)
		return -1;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (*s && *s != ',') {
		if (parse_hms(&s, 24, &west) < 0)
			return -1;
		r->dst_off = -west;
	}
	if (*s == '\0')
		s = ",M3.2.0,M11.1.0";
	if (*s++ != ',' || parse_date(&s, &r->start) < 0 || *s++ != ',' ||
	    parse_date(&s, &r->end) < 0)
		return -1;
	return *s == '\0' ? 0 : -1;
}

/* Parses a whole POSIX TZ string. Offsets there count hours west. */
static int parse_rule(const char *s, struct tz_rule *r)
{
	int32_t west;
	memset(r, 0, sizeof(*r));
	if (parse_abbr(&s) < 0 || parse_hms(&s, 24, &west) < 0)
		return -1;
	r->std_off = -west;
	return *s == '\0' ? 0 : parse_dst(s, r);
}

/* Days since the epoch of a rule date in year y. */
static int64_t rule_day(const struct tz_date *d, int64_t y)
{
	int64_t jan1 = days_from_civil64(y, 1, 1);
	if (d->kind == TZD_JULIAN)   /* 1-365, 29 February never counted */
		return jan1 + d->day - 1 + (is_leap(y) && d->day >= 60);
	if (d->kind == TZD_ZERO)     /* 0-365, 29 February counted */
		return jan1 + d->day;
	int64_t first = days_from_civil64(y, d->mon, 1);
	int64_t day = first + floor_mod(d->day - weekday(first), 7) + 7 * (d->week - 1);
	if (day >= first + month_len(y, d->mon))   /* week 5 means the last */
		day -= 7;
	return day;
}

/* A change of the rule: the instant and whether DST begins there. */
struct tz_event {
	int64_t at;
	bool dst;
};

/* The six changes of years y-1 .. y+1, each year's pair in time order.
 * Of changes at the same instant the one listed last counts: the later
 * year's, so permanent DST ("0/0,J365/25") never blinks off at New Year. */
static void rule_events(const struct tz_rule *r, int64_t y, struct tz_event ev[6])
{
	for (int i = 0; i < 3; i++) {
		int64_t yy = y - 1 + i;
		struct tz_event s = {rule_day(&r->start, yy) * DAY + r->start.time - r->std_off,
				     true};
		struct tz_event e = {rule_day(&r->end, yy) * DAY + r->end.time - r->dst_off, false};
		bool end_first = e.at < s.at;
		ev[2 * i] = end_first ? e : s;
		ev[2 * i + 1] = end_first ? s : e;
	}
}

/* The year containing t in standard time; the events of the years around
 * it surround t whatever the rule's times. */
static int64_t rule_year(const struct tz_rule *r, int64_t t)
{
	int y, m, d;
	civil_from_days(floor_div(t + r->std_off, DAY), &y, &m, &d);
	return y;
}

static int32_t rule_offset(const struct tz_rule *r, int64_t t)
{
	if (!r->has_dst)
		return r->std_off;
	struct tz_event ev[6];
	rule_events(r, rule_year(r, t), ev);
	bool dst = false;
	int64_t best = INT64_MIN;
	for (int i = 0; i < 6; i++)
		if (ev[i].at <= t && ev[i].at >= best) {
			best = ev[i].at;
			dst = ev[i].dst;
		}
	return dst ? r->dst_off : r->std_off;
}

/* The first rule change after t, or INT64_MAX. */
static int64_t rule_next(const struct tz_rule *r, int64_t t)
{
	if (!r->has_dst)
		return INT64_MAX;
	struct tz_event ev[6];
	int64_t y = rule_year(r, t), best = INT64_MAX;
	for (int k = 0; k < 2 && best == INT64_MAX; k++, y += 2) {
		rule_events(r, y, ev);
		for (int i = 0; i < 6; i++)
			if (ev[i].at > t && ev[i].at < best)
				best = ev[i].at;
	}
	return best;
}

/* ---- Loading ---------------------------------------------------------- */

static struct tz *tz_alloc(size_t n)
{
	struct tz *z = calloc(1, sizeof(*z));
	if (!z)
		return NULL;
	z->n = n;
	if (n) {
		z->at = malloc(n * sizeof(*z->at));
		z->off = malloc(n * sizeof(*z->off));
		if (!z->at || !z->off) {
			tz_free(z);
			return NULL;
		}
	}
	return z;
}

void tz_free(struct tz *z)
{
	if (!z)
		return;
	free(z->at);
	free(z->off);
	free(z);
}

int tz_from_posix(const char *spec, struct tz **out, char **err)
{
	struct tz_rule r;
	if (!spec || strlen(spec) > TZ_FOOTER_MAX || parse_rule(spec, &r) < 0) {
		set_err(err, "invalid POSIX TZ rule \"%.*s\"", TZ_FOOTER_MAX, spec ? spec : "");
		return -1;
	}
	struct tz *z = tz_alloc(0);
	if (!z) {
		set_err(err, "out of memory");
		return -1;
	}
	z->has_rule = true;
	z->rule = r;
	z->off0 = r.std_off;
	*out = z;
	return 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The counts of a TZif header (RFC 8536 section 3.1). */
struct tzif_head {
	char version;
	uint64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int read_head(const unsigned char *p, size_t len, struct tzif_head *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->version = (char)p[4];
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return 0;
}

/* Bytes of the data block after a header, for 4- or 8-byte times. */
static uint64_t block_len(const struct tzif_head *h, unsigned tsize)
{
	return h->timecnt * (tsize + 1) + h->typecnt * 6 + h->charcnt +
	       h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

/* Checks the counts that the rest of the parser relies on. */
static const char *check_head(const struct tzif_head *h, uint64_t avail, unsigned tsize)
{
	if (h->typecnt == 0 || h->typecnt > TZ_TYPES_MAX)
		return "bad number of local time types";
	if ((h->isutcnt && h->isutcnt != h->typecnt) ||
	    (h->isstdcnt && h->isstdcnt != h->typecnt))
		return "bad indicator counts";
	if (h->leapcnt)   /* "right/" zones count leap seconds; POSIX time does not */
		return "zones with leap seconds are not supported";
	if (h->timecnt > TZ_FILE_MAX || block_len(h, tsize) > avail)
		return "truncated";
	return NULL;
}

/* Reads the transitions and types of one data block into z. */
static const char *read_block(const unsigned char *p, const struct tzif_head *h,
			      unsigned tsize, struct tz *z)
{
	const unsigned char *idx = p + h->timecnt * tsize, *types = idx + h->timecnt;
	int32_t off[TZ_TYPES_MAX];
	for (uint64_t i = 0; i < h->typecnt; i++) {
		off[i] = (int32_t)be32(types + 6 * i);
		if (off[i] < TZ_OFF_MIN || off[i] > TZ_OFF_MAX || types[6 * i + 4] > 1)
			return "bad local time type";
	}
	z->off0 = off[0];
	for (size_t i = 0; i < z->n; i++) {
		z->at[i] = tsize == 8 ? be64(p + 8 * i) : (int32_t)be32(p + 4 * i);
		if (idx[i] >= h->typecnt)
			return "bad local time type index";
		if (i > 0 && z->at[i] <= z->at[i - 1])
			return "transitions out of order";
		z->off[i] = off[idx[i]];
	}
	return NULL;
}

/* Parses the "\nTZ\n" footer that follows a version 2+ data block. It
 * rules after the last transition, or throughout when there is none
 * (tzfile(5)); an empty one means the last offset stays. */
static const char *read_footer(const unsigned char *p, size_t len, struct tz *z)
{
	if (len < 2 || p[0] != '\n')
		return "missing footer";
	const unsigned char *nl = memchr(p + 1, '\n', len - 1);
	size_t n = nl ? (size_t)(nl - p - 1) : 0;
	if (!nl || n > TZ_FOOTER_MAX || memchr(p + 1, '\0', n))
		return "bad footer";
	char spec[TZ_FOOTER_MAX + 1];
	memcpy(spec, p + 1, n);
	spec[n] = '\0';
	if (n == 0)
		return NULL;
	if (parse_rule(spec, &z->rule) < 0)
		return "bad POSIX TZ string in footer";
	z->has_rule = true;
	return NULL;
}

/* Finds the block to use: the 64-bit one of version 2+ files (whose
 * 32-bit block is skipped unread), else the 32-bit one. Sets *pos to its
 * header and *tsize. */
static const char *locate_block(const unsigned char *data, size_t len, struct tzif_head *h,
				size_t *pos, unsigned *tsize)
{
	*pos = 0;
	*tsize = 4;
	if (read_head(data, len, h) < 0)
		return "not a TZif file";
	if (h->version == '\0')
		return check_head(h, len - 44, 4);
	uint64_t skip = 44 + block_len(h, 4);
	if (skip > len || read_head(data + skip, len - (size_t)skip, h) < 0)
		return "missing version 2 header";
	*pos = (size_t)skip;
	*tsize = 8;
	return check_head(h, len - *pos - 44, 8);
}

/* Reads the located block and, for version 2+, the footer into a new zone. */
static const char *read_zone(const unsigned char *data, size_t len, struct tz **out)
{
	struct tzif_head h;
	size_t pos;
	unsigned tsize;
	const char *why = locate_block(data, len, &h, &pos, &tsize);
	if (why)
		return why;
	struct tz *z = tz_alloc((size_t)h.timecnt);
	if (!z)
		return "out of memory";
	size_t end = pos + 44 + (size_t)block_len(&h, tsize);
	why = read_block(data + pos + 44, &h, tsize, z);
	if (!why && tsize == 8)
		why = read_footer(data + end, len - end, z);
	if (why)
		tz_free(z);
	else
		*out = z;
	return why;
}

int tz_parse(const unsigned char *data, size_t len, struct tz **out, char **err)
{
	const char *why = read_zone(data, len, out);
	if (why)
		set_err(err, "time zone file: %s", why);
	return why ? -1 : 0;
}

/* True for names that can only resolve inside TZ_DIR. */
static bool name_ok(const char *name)
{
	size_t n = strnlen(name, TZ_NAME_MAX + 1);
	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' || strstr(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '/' || c == '-'))
			return false;
	}
	return true;
}

/* Reads a regular file of at most TZ_FILE_MAX bytes into *data. */
static int read_file(const char *path, unsigned char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unsigned char *buf = NULL;
	int rc = -1;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > TZ_FILE_MAX ||
	    !(buf = malloc((size_t)st.st_size + 1)))
		goto out;
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		got += (size_t)r;
	}
	*data = buf;
	*len = got;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

int tz_load(const char *name, struct tz **out, char **err)
{
	if (!name || !name_ok(name)) {
		set_err(err, "invalid time zone name");
		return -1;
	}
	char path[sizeof(TZ_DIR) + TZ_NAME_MAX];
	snprintf(path, sizeof(path), "%s%s", TZ_DIR, name);
	unsigned char *data;
	size_t len;
	if (read_file(path, &data, &len) < 0) {
		if (strcmp(name, "UTC") == 0)   /* works on systems without tzdata */
			return tz_from_posix("UTC0", out, err);
		set_err(err, "unknown time zone %s", name);
		return -1;
	}
	char *why = NULL;
	int rc = tz_parse(data, len, out, &why);
	free(data);
	if (rc < 0)
		set_err(err, "%s: %s", name, why ? why : "invalid");
	free(why);
	return rc;
}

/* ---- Lookups ---------------------------------------------------------- */

/* Index of the last transition at or before t, or -1. */
static ptrdiff_t last_at_or_before(const struct tz *z, int64_t t)
{
	size_t lo = 0, hi = z->n;   /* answer + 1 lies in [lo, hi] */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ptrdiff_t)lo - 1;
}

int tz_offset(const struct tz *z, int64_t utc)
{
	if (z->n == 0)
		return z->has_rule ? rule_offset(&z->rule, clamp_instant(utc)) : z->off0;
	ptrdiff_t i = last_at_or_before(z, utc);
	if (i < 0)
		return z->off0;
	if ((size_t)i == z->n - 1 && z->has_rule)
		return rule_offset(&z->rule, clamp_instant(utc));
	return z->off[i];
}

/* The first instant after t at which the offset may change, or INT64_MAX. */
static int64_t next_change(const struct tz *z, int64_t t)
{
	if (z->n > 0 && t < z->at[z->n - 1])
		return z->at[last_at_or_before(z, t) + 1];
	return z->has_rule ? rule_next(&z->rule, t) : INT64_MAX;
}

void tz_to_civil(const struct tz *z, int64_t utc, struct tz_civil *out)
{
	utc = clamp_instant(utc);
	int off = tz_offset(z, utc);
	int64_t local = utc + off;
	int64_t days = floor_div(local, DAY), sod = local - days * DAY;
	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(sod / 3600);
	out->min = (int)(sod / 60 % 60);
	out->sec = (int)(sod % 60);
	out->wday = weekday(days);
	out->yday = (int)(days - days_from_civil64(out->year, 1, 1));
	out->offset = off;
}

/* Walks the stretches of constant offset around the local time L (every
 * instant that could show L lies within a day or so of it) and returns
 * the first instant showing L, or for a skipped L the instant reading L
 * on the offset before the gap. */
static int64_t resolve_local(const struct tz *z, int64_t local)
{
	int64_t from = local - 2 * DAY;
	int32_t off = tz_offset(z, from);
	for (int i = 0; i < TZ_SEGMENTS_MAX && from <= local + 2 * DAY; i++) {
		int64_t to = next_change(z, from), cand = local - off;
		if (cand >= from && cand < to)
			return cand;
		if (to == INT64_MAX)
			break;
		int32_t next = tz_offset(z, to);
		if (cand >= to && local - next < to)   /* skipped: L falls in the gap */
			return cand;
		from = to;
		off = next;
	}
	return local - tz_offset(z, local);
}

int64_t tz_from_civil(const struct tz *z, int y, int mon, int d, int h, int mi, int s)
{
	int64_t m0 = (int64_t)mon - 1;
	int64_t days = days_from_civil64(y + floor_div(m0, 12), (int)floor_mod(m0, 12) + 1, 1);
	int64_t local = (days + d - 1) * DAY + (int64_t)h * 3600 + (int64_t)mi * 60 + s;
	return resolve_local(z, clamp_instant(local));
}
