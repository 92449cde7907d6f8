/* calendar.c - tuki calendar due: when a ticket sent at a given time is
 * due, by the calendar in the database (the admin's settings). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "domain/calendar.h"
#include "lib/arena.h"
#include "lib/tz.h"
#include "store/store.h"
#include "web/promise.h"

static const char calendar_usage[] =
	"usage: tuki calendar due --at TIME [--priority] [--db URL]\n\n"
	"Prints when a ticket sent at TIME is due, as ISO 8601 with the offset of\n"
	"the calendar's zone, e.g. 2026-12-04T17:00:00+02:00. TIME is a local time\n"
	"in that zone (2026-12-04T15:59, seconds optional) or carries its own offset\n"
	"(2026-12-04T13:59Z, 2026-12-04T15:59+02:00). --priority: a paid priority\n"
	"ticket whose payment was confirmed at TIME.\n";

/* Reads exactly n digits at s into *out. */
static bool digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

/* YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]; *has_offset tells whether the
 * zone was given (*offset seconds east). */
static bool parse_time(const char *s, struct tz_civil *c, bool *has_offset, int *offset)
{
	int sec = 0, oh, om;
	size_t n = strlen(s), i = 16;
	memset(c, 0, sizeof(*c));
	if (n < 16 || !digits(s, 4, &c->year) || s[4] != '-' || !digits(s + 5, 2, &c->month) ||
	    s[7] != '-' || !digits(s + 8, 2, &c->day) || (s[10] != 'T' && s[10] != ' ') ||
	    !digits(s + 11, 2, &c->hour) || s[13] != ':' || !digits(s + 14, 2, &c->min))
		return false;
	if (i < n && s[i] == ':') {
		if (!digits(s + i + 1, 2, &sec))
			return false;
		i += 3;
	}
	c->sec = sec;
	*has_offset = i < n;
	*offset = 0;
	if (i < n && s[i] == 'Z' && i + 1 == n)
		;
	else if (i < n && (s[i] == '+' || s[i] == '-') && n == i + 6 && digits(s + i + 1, 2, &oh) &&
		 s[i + 3] == ':' && digits(s + i + 4, 2, &om) && oh <= 23 && om <= 59)
		*offset = (s[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	else if (i < n)
		return false;
	int mdays = c->month == 2 ? (c->year % 4 == 0 && (c->year % 100 != 0 || c->year % 400 == 0) ? 29 : 28)
		    : (c->month == 4 || c->month == 6 || c->month == 9 || c->month == 11) ? 30 : 31;
	return c->month >= 1 && c->month <= 12 && c->day >= 1 && c->day <= mdays &&
	       c->hour <= 23 && c->min <= 59 && c->sec <= 59;
}

static void print_instant(const struct tz *z, int64_t t)
{
	struct tz_civil c;
	tz_to_civil(z, t, &c);
	int off = c.offset < 0 ? -c.offset : c.offset;
	printf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d\n", c.year, c.month, c.day, c.hour, c.min,
	       c.sec, c.offset < 0 ? '-' : '+', off / 3600 % 100, off / 60 % 60);
}

static int due(const struct config *cfg, const char *at, bool priority)
{
	struct tz_civil c;
	bool has_offset;
	int offset;
	if (!parse_time(at, &c, &has_offset, &offset)) {
		fprintf(stderr, "tuki calendar: bad time \"%s\" (want 2026-12-04T15:59)\n", at);
		return EXIT_USAGE;
	}
	struct store *s = cli_store(cfg);
	if (!s)
		return EXIT_FAIL;
	struct arena *a = arena_new();
	struct calendar cal;
	char *err = NULL;
	int rc = EXIT_FAIL;
	if (promise_calendar(s, a, &cal, &err) != 0) {
		fprintf(stderr, "tuki calendar: %s\n", err ? err : "cannot load the calendar");
	} else {
		int64_t t = has_offset ? days_from_civil(c.year, c.month, c.day) * 86400 +
						 c.hour * 3600 + c.min * 60 + c.sec - offset
				       : tz_from_civil(cal.tz, c.year, c.month, c.day, c.hour, c.min, c.sec);
		int64_t d = priority ? calendar_due_priority(&cal, t) : calendar_due_normal(&cal, t);
		if (d < 0) {
			fprintf(stderr, "tuki calendar: the calendar has no open hours\n");
		} else {
			print_instant(cal.tz, d);
			rc = EXIT_OK;
		}
	}
	free(err);
	arena_free(a);
	store_close(s);
	return rc;
}

int cmd_calendar(int argc, char **argv)
{
	struct config cfg;
	char *err = NULL;
	const char *at = NULL;
	bool priority = false, help = false, ok = argc >= 2 && strcmp(argv[1], "due") == 0;
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "tuki calendar: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	for (int i = 2; ok && i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--help") == 0)
			help = true;
		else if (strcmp(argv[i], "--priority") == 0)
			priority = true;
		else if (v && strcmp(argv[i], "--at") == 0)
			at = argv[++i];
		else if (!(v && strcmp(argv[i], "--db") == 0 && config_set(&cfg, "db", argv[++i], &err) == 0))
			ok = false;
	}
	int rc = EXIT_USAGE;
	if (help || (argc >= 2 && strcmp(argv[1], "--help") == 0)) {
		fputs(calendar_usage, stdout);
		rc = EXIT_OK;
	} else if (!ok || !at) {
		fputs(calendar_usage, stderr);
	} else {
		rc = due(&cfg, at, priority);
	}
	free(err);
	config_free(&cfg);
	return rc;
}
