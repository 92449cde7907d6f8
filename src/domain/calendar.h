/* calendar.h - when tickets are due, with no I/O.
 *
 * The promise: normal tickets are handled in working hours on working days
 * (open, and not a holiday); one that arrives on a working day before the
 * cut-off (or before opening) is due when that day's hours end, otherwise
 * when the next working period ends. Priority tickets are handled every
 * day, holidays included, and are due after priority_minutes of priority
 * hours counted from the confirmed payment. While a ticket waits on the
 * customer the clock stops: the caller computes a fresh due time from the
 * customer's reply with the same functions.
 *
 * Times of day are minutes after local midnight (0-1440) in the
 * calendar's zone; window boundaries are found with tz_from_civil, so a
 * window on a daylight-saving change day still opens at its local time. */
#ifndef TUKI_DOMAIN_CALENDAR_H
#define TUKI_DOMAIN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tz;

enum {
	CALENDAR_SEARCH_DAYS = 400,   /* days searched for the next working period */
};

/* One weekday's hours. open == close (or open > close) means closed.
 * cutoff only matters for normal tickets; one later than close counts as
 * close. */
struct calendar_hours {
	int open, close, cutoff;
};

struct calendar {
	const struct tz *tz;
	struct calendar_hours normal[7];     /* index: 0 = Sunday */
	struct calendar_hours priority[7];
	bool finnish_holidays;
	const int32_t *extra_holidays;       /* sorted yyyymmdd, e.g. 20260612 */
	size_t nextra;
	int priority_minutes;
};

/* Mon-Fri 08:00-17:00 (cut-off 16:00), Sat 09:00-12:00 (cut-off 11:00),
 * Finnish holidays; priority 08:00-20:00 every day, 120 minutes. */
void calendar_defaults(struct calendar *c, const struct tz *tz);

/* The Finnish public holidays of the promise, for any Gregorian year:
 * New Year's Day, Epiphany, Good Friday, Easter Sunday and Monday, May
 * Day, Ascension Day, Midsummer Eve and Day, All Saints' Day,
 * Independence Day, Christmas Eve, Christmas Day and Boxing Day. */
bool calendar_finnish_holiday(int y, int m, int d);
/* Easter Sunday of year y (Gregorian computus) as month and day. */
void calendar_easter(int y, int *m, int *d);
/* A Finnish holiday (when enabled) or one of the extra dates. */
bool calendar_holiday(const struct calendar *c, int y, int m, int d);
/* Normal hours are open that date and it is no holiday. */
bool calendar_working_day(const struct calendar *c, int y, int m, int d);

/* The due instant of a normal ticket submitted at t; -1 when no working
 * day lies within CALENDAR_SEARCH_DAYS. */
int64_t calendar_due_normal(const struct calendar *c, int64_t submitted_utc);
/* The instant at which priority_minutes of priority hours have passed
 * since start (holidays included); start itself when priority_minutes is
 * not positive; -1 when priority hours run out for CALENDAR_SEARCH_DAYS
 * days in a row. */
int64_t calendar_due_priority(const struct calendar *c, int64_t start_utc);

/* Whether t falls in [open, close) of a working day's normal hours. */
bool calendar_in_normal_hours(const struct calendar *c, int64_t t);
/* Whether t falls in [open, close) of that day's priority hours. */
bool calendar_in_priority_hours(const struct calendar *c, int64_t t);
/* Seconds of priority hours within [from, to): what the clock counts. */
int64_t calendar_priority_seconds(const struct calendar *c, int64_t from, int64_t to);

#endif
