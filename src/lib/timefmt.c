/* timefmt.c - formatting of Unix times. */
#include "lib/timefmt.h"

#include <string.h>
#include <time.h>

#include "lib/arena.h"

const char *timefmt_iso(struct arena *a, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char out[32];
	gmtime_r(&tt, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(a, out);
}

const char *timefmt_local(struct arena *a, int64_t t, const char *lang)
{
	static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	time_t tt = (time_t)t;
	localtime_r(&tt, &tm);
	if (lang && strcmp(lang, "fi") == 0)
		return arena_printf(a, "%d.%d.%d klo %d.%02d", tm.tm_mday, tm.tm_mon + 1,
				    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	return arena_printf(a, "%d %s %d, %02d:%02d", tm.tm_mday, months[tm.tm_mon],
			    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}
