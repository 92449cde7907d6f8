/* timefmt.c - formatting of Unix times. */
#include "lib/timefmt.h"

#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/tz.h"

const char *timefmt_iso(struct arena *a, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char out[32];
	gmtime_r(&tt, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, out);
}

const char *timefmt_local(struct arena *a, int64_t t, const char *lang, const struct tz *zone)
{
	static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tz_civil c;
	if (zone) {
		tz_to_civil(zone, t, &c);
	} else {
		int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
		int64_t sec = t - days * 86400;
		civil_from_days(days, &c.year, &c.month, &c.day);
		c.hour = (int)(sec / 3600);
		c.min = (int)(sec / 60 % 60);
	}
	if (lang && strcmp(lang, "fi") == 0)
		return arena_printf(a, "%d.%d.%d klo %d.%02d", c.day, c.month, c.year, c.hour, c.min);
	return arena_printf(a, "%d %s %d, %02d:%02d", c.day, months[(c.month + 11) % 12], c.year,
			    c.hour, c.min);
}
