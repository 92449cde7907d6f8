/* ics.h - holiday dates from an iCalendar (.ics) file, read with libical.
 *
 * Every VEVENT gives the local dates it covers: an all-day event its
 * DTSTART date up to (not including) its DTEND date, so a multi-day event
 * adds each day; an event with a time adds the dates from its start to
 * its end (an end at 00:00 does not add that day). Date-times are taken
 * as written (local to their own TZID, or floating); UTC ones ("...Z")
 * are converted to the zone given to ics_holidays_tz (UTC otherwise).
 * RDATE adds dates; RRULE with FREQ=YEARLY is expanded for the years
 * 2000-2100 (other frequencies are ignored: holidays repeat yearly);
 * EXDATE removes occurrences; cancelled events are skipped. */
#ifndef TUKI_ICS_H
#define TUKI_ICS_H

#include <stddef.h>
#include <stdint.h>

struct tz;

enum {
	ICS_TEXT_MAX = 4 * 1024 * 1024,   /* bytes of one file */
	ICS_DATES_MAX = 20000,            /* dates in one file */
	ICS_EVENT_DAYS_MAX = 366,         /* dates one occurrence may cover */
	ICS_YEAR_FIRST = 2000,            /* recurrences expanded in these years */
	ICS_YEAR_LAST = 2100,
};

/* Sets *dates to a malloc'd array of *n dates as yyyymmdd (20261224),
 * sorted and unique, and returns 0. A file that is not iCalendar, has an
 * event without a valid DTSTART, exceeds a limit or holds no dates gives
 * -1 and a malloc'd message in *err (the caller frees both). */
int ics_holidays(const char *text, size_t len, int32_t **dates, size_t *n, char **err);
int ics_holidays_tz(const char *text, size_t len, const struct tz *zone, int32_t **dates,
		    size_t *n, char **err);

#endif
