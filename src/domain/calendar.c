/* calendar.c - working hours, Finnish holidays and due times.
 *
 * Everything walks local dates as day numbers (days since 1970-01-01 in
 * the calendar's zone) and turns a day's opening, cut-off and closing
 * minutes into instants with tz_from_civil, so daylight-saving changes
 * need no special cases here. */
#include "domain/calendar.h"

#include <string.h>

#include "lib/tz.h"

enum {
	DAY_MINUTES = 24 * 60,
	EASTER_CYCLE = 5700000,   /* years after which Gregorian Easter dates repeat */
};

/* One local date. */
struct cal_day {
	int64_t n;   /* days since 1970-01-01 */
	int y, m, d, wday;
};

static struct cal_day day_from_number(int64_t n)
{
	struct cal_day day = {.n = n};
	civil_from_days(n, &day.y, &day.m, &day.d);
	day.wday = (int)(((n + 4) % 7 + 7) % 7);   /* 1970-01-01 was a Thursday */
	return day;
}

/* The local date of instant t. */
static struct cal_day day_of(const struct calendar *c, int64_t t)
{
	struct tz_civil lc;
	tz_to_civil(c->tz, t, &lc);
	return day_from_number(days_from_civil(lc.year, lc.month, lc.day));
}

/* Hours that describe a real window: 0 <= open < close <= 24:00. */
static bool hours_open(const struct calendar_hours *h)
{
	return h->open >= 0 && h->close <= DAY_MINUTES && h->open < h->close;
}

/* The instant of minute `min` of a local date. */
static int64_t at_minute(const struct calendar *c, const struct cal_day *day, int min)
{
	return tz_from_civil(c->tz, day->y, day->m, day->d, 0, min, 0);
}

/* A day's window as instants; false when closed. A window pinched by a
 * daylight-saving gap never ends before it starts. */
static bool window(const struct calendar *c, const struct calendar_hours *h,
		   const struct cal_day *day, int64_t *open, int64_t *close)
{
	if (!hours_open(h))
		return false;
	*open = at_minute(c, day, h->open);
	*close = at_minute(c, day, h->close);
	if (*close < *open)
		*close = *open;
	return true;
}

void calendar_defaults(struct calendar *c, const struct tz *tz)
{
	static const struct calendar_hours weekday = {8 * 60, 17 * 60, 16 * 60};
	static const struct calendar_hours saturday = {9 * 60, 12 * 60, 11 * 60};
	static const struct calendar_hours priority = {8 * 60, 20 * 60, 20 * 60};
	memset(c, 0, sizeof(*c));
	c->tz = tz;
	for (int w = 0; w < 7; w++) {
		c->normal[w] = w == 0 ? (struct calendar_hours){0, 0, 0} : w == 6 ? saturday : weekday;
		c->priority[w] = priority;
	}
	c->finnish_holidays = true;
	c->priority_minutes = 120;
}

/* The anonymous Gregorian computus (Meeus/Jones/Butcher): the paschal
 * full moon from the Metonic cycle with the solar and lunar century
 * corrections, then the following Sunday. */
void calendar_easter(int y, int *m, int *d)
{
	int64_t yy = y >= 1 ? y : y + EASTER_CYCLE * ((-(int64_t)y) / EASTER_CYCLE + 1);
	int64_t a = yy % 19, b = yy / 100, cc = yy % 100;
	int64_t f = (b + 8) / 25, g = (b - f + 1) / 3;
	int64_t h = (19 * a + b - b / 4 - g + 15) % 30;
	int64_t l = (32 + 2 * (b % 4) + 2 * (cc / 4) - h - cc % 4) % 7;
	int64_t k = (a + 11 * h + 22 * l) / 451;
	int64_t x = h + l - 7 * k + 114;
	*m = (int)(x / 31);
	*d = (int)(x % 31 + 1);
}

/* Holidays on a fixed date. */
static bool fixed_holiday(int m, int d)
{
	static const int dates[] = {101, 106, 501, 1206, 1224, 1225, 1226};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if (dates[i] == m * 100 + d)
			return true;
	return false;
}

/* Good Friday, Easter Sunday, Easter Monday and Ascension Day. */
static bool easter_holiday(int y, int m, int d)
{
	int em, ed;
	calendar_easter(y, &em, &ed);
	int64_t x = days_from_civil(y, m, d) - days_from_civil(y, em, ed);
	return x == -2 || x == 0 || x == 1 || x == 39;
}

/* A real date of the proleptic Gregorian calendar (no 30 February). */
static bool valid_date(int y, int m, int d)
{
	int yy, mm, dd;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	civil_from_days(days_from_civil(y, m, d), &yy, &mm, &dd);
	return yy == y && mm == m && dd == d;
}

bool calendar_finnish_holiday(int y, int m, int d)
{
	if (!valid_date(y, m, d))
		return false;
	int wday = day_from_number(days_from_civil(y, m, d)).wday;
	if (m == 6 && ((wday == 5 && d >= 19 && d <= 25) || (wday == 6 && d >= 20 && d <= 26)))
		return true;   /* Midsummer Eve and Day */
	if (wday == 6 && ((m == 10 && d == 31) || (m == 11 && d <= 6)))
		return true;   /* All Saints' Day */
	return fixed_holiday(m, d) || easter_holiday(y, m, d);
}

/* Binary search of the sorted extra dates. */
static bool extra_holiday(const struct calendar *c, int32_t ymd)
{
	size_t lo = 0, hi = c->nextra;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->extra_holidays[mid] == ymd)
			return true;
		if (c->extra_holidays[mid] < ymd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool calendar_holiday(const struct calendar *c, int y, int m, int d)
{
	if (c->finnish_holidays && calendar_finnish_holiday(y, m, d))
		return true;
	if (!c->extra_holidays || y < 0 || y > 99999 || !valid_date(y, m, d))
		return false;
	return extra_holiday(c, (int32_t)(y * 10000 + m * 100 + d));
}

static bool working(const struct calendar *c, const struct cal_day *day)
{
	return hours_open(&c->normal[day->wday]) && !calendar_holiday(c, day->y, day->m, day->d);
}

bool calendar_working_day(const struct calendar *c, int y, int m, int d)
{
	struct cal_day day = day_from_number(days_from_civil(y, m, d));
	return working(c, &day);
}

/* Whether a ticket submitted at t is due at the end of t's own day: that
 * day works and t comes before its cut-off (never later than closing). */
static bool due_same_day(const struct calendar *c, const struct cal_day *day, int64_t t)
{
	const struct calendar_hours *h = &c->normal[day->wday];
	int64_t open, close;
	if (!working(c, day) || !window(c, h, day, &open, &close))
		return false;
	int cutoff = h->cutoff < h->close ? h->cutoff : h->close;
	int64_t cut = at_minute(c, day, cutoff);
	return t < (cut < close ? cut : close);
}

int64_t calendar_due_normal(const struct calendar *c, int64_t submitted_utc)
{
	struct cal_day day = day_of(c, submitted_utc);
	int64_t open, close;
	if (due_same_day(c, &day, submitted_utc)) {
		window(c, &c->normal[day.wday], &day, &open, &close);
		return close;
	}
	for (int i = 1; i <= CALENDAR_SEARCH_DAYS; i++) {
		struct cal_day next = day_from_number(day.n + i);
		if (working(c, &next) && window(c, &c->normal[next.wday], &next, &open, &close))
			return close;
	}
	return -1;
}

int64_t calendar_due_priority(const struct calendar *c, int64_t start_utc)
{
	if (c->priority_minutes <= 0)
		return start_utc;
	int64_t left = (int64_t)c->priority_minutes * 60, n = day_of(c, start_utc).n;
	int64_t limit = n + CALENDAR_SEARCH_DAYS + c->priority_minutes;   /* >= 1 min a day */
	for (int idle = 0; idle <= CALENDAR_SEARCH_DAYS && n <= limit; n++) {
		struct cal_day day = day_from_number(n);
		int64_t open, close;
		if (!window(c, &c->priority[day.wday], &day, &open, &close) || close <= start_utc) {
			idle++;
			continue;
		}
		int64_t from = open > start_utc ? open : start_utc;
		if (close - from >= left)
			return from + left;
		left -= close - from;
		idle = close > from ? 0 : idle + 1;
	}
	return -1;
}

/* Whether t lies in [open, close) of the hours h of t's own day. */
static bool in_window(const struct calendar *c, const struct calendar_hours *hours, int64_t t,
		      bool need_working)
{
	struct cal_day day = day_of(c, t);
	int64_t open, close;
	if (need_working && !working(c, &day))
		return false;
	return window(c, &hours[day.wday], &day, &open, &close) && t >= open && t < close;
}

bool calendar_in_normal_hours(const struct calendar *c, int64_t t)
{
	return in_window(c, c->normal, t, true);
}

bool calendar_in_priority_hours(const struct calendar *c, int64_t t)
{
	return in_window(c, c->priority, t, false);
}

int64_t calendar_priority_seconds(const struct calendar *c, int64_t from, int64_t to)
{
	if (to <= from)
		return 0;
	int64_t sum = 0, last = day_of(c, to).n;
	for (int64_t n = day_of(c, from).n; n <= last; n++) {
		struct cal_day day = day_from_number(n);
		int64_t open, close;
		if (!window(c, &c->priority[day.wday], &day, &open, &close))
			continue;
		int64_t a = open > from ? open : from, b = close < to ? close : to;
		sum += b > a ? b - a : 0;
	}
	return sum;
}
