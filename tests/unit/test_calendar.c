/* test_calendar.c - due times, Finnish holidays and .ics imports.
 *
 * Fixed cases name the dates the promise lists; property tests then check
 * the promise itself over 200,000 random instants of 2020-2040, against
 * independent readings of local time rather than the code's own windows
 * where possible. Expected instants are written in UTC: Helsinki is UTC+2
 * in winter and UTC+3 in summer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "domain/calendar.h"
#include "lib/ics.h"
#include "lib/tz.h"

static struct tz *hel;

static int64_t utc(int y, int mo, int d, int h, int mi)
{
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

/* Helsinki local time to an instant. */
static int64_t hki(int y, int mo, int d, int h, int mi)
{
	return tz_from_civil(hel, y, mo, d, h, mi, 0);
}

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

static struct calendar defaults(void)
{
	struct calendar c;
	calendar_defaults(&c, hel);
	return c;
}

static void test_defaults(void)
{
	struct calendar c = defaults();
	CHECK(c.normal[1].open == 480 && c.normal[1].close == 1020 && c.normal[1].cutoff == 960);
	CHECK(c.normal[5].close == 1020 && c.normal[6].open == 540 && c.normal[6].close == 720 &&
	      c.normal[6].cutoff == 660);
	CHECK(c.normal[0].open == c.normal[0].close);
	for (int w = 0; w < 7; w++)
		CHECK(c.priority[w].open == 480 && c.priority[w].close == 1200);
	CHECK(c.priority_minutes == 120 && c.finnish_holidays && c.nextra == 0);
}

static void test_friday_cutoff(void)
{
	struct calendar c = defaults();
	/* Friday 5 June 2026, summer time. */
	CHECK(calendar_due_normal(&c, hki(2026, 6, 5, 15, 59)) == utc(2026, 6, 5, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 5, 16, 0) - 1) == utc(2026, 6, 5, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 5, 16, 0)) == utc(2026, 6, 6, 9, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 5, 16, 1)) == utc(2026, 6, 6, 9, 0));
	/* Friday 8 January 2027, winter time. */
	CHECK(calendar_due_normal(&c, hki(2027, 1, 8, 15, 59)) == utc(2027, 1, 8, 15, 0));
	CHECK(calendar_due_normal(&c, hki(2027, 1, 8, 16, 1)) == utc(2027, 1, 9, 10, 0));
	/* Before opening counts as before the cut-off; after closing does not. */
	CHECK(calendar_due_normal(&c, hki(2026, 6, 8, 6, 0)) == utc(2026, 6, 8, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 8, 0, 0)) == utc(2026, 6, 8, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 8, 18, 0)) == utc(2026, 6, 9, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 8, 23, 59)) == utc(2026, 6, 9, 14, 0));
}

static void test_saturday_and_sunday(void)
{
	struct calendar c = defaults();
	CHECK(calendar_due_normal(&c, hki(2026, 6, 6, 10, 59)) == utc(2026, 6, 6, 9, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 6, 11, 1)) == utc(2026, 6, 8, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 6, 11, 0)) == utc(2026, 6, 8, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 6, 8, 0)) == utc(2026, 6, 6, 9, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 7, 0, 0)) == utc(2026, 6, 8, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 7, 12, 0)) == utc(2026, 6, 8, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 7, 23, 59)) == utc(2026, 6, 8, 14, 0));
	CHECK(!calendar_working_day(&c, 2026, 6, 7));
	CHECK(calendar_working_day(&c, 2026, 6, 6));
}

static void test_christmas_2026(void)
{
	struct calendar c = defaults();
	/* Thu 24, Fri 25 and Sat 26 December are holidays, Sunday is closed. */
	CHECK(calendar_holiday(&c, 2026, 12, 24) && calendar_holiday(&c, 2026, 12, 25) &&
	      calendar_holiday(&c, 2026, 12, 26) && !calendar_holiday(&c, 2026, 12, 23));
	CHECK(calendar_due_normal(&c, hki(2026, 12, 23, 15, 0)) == utc(2026, 12, 23, 15, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 12, 23, 16, 30)) == utc(2026, 12, 28, 15, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 12, 24, 10, 0)) == utc(2026, 12, 28, 15, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 12, 26, 10, 0)) == utc(2026, 12, 28, 15, 0));
	/* Priority tickets are handled on holidays. */
	CHECK(calendar_due_priority(&c, hki(2026, 12, 24, 10, 0)) == utc(2026, 12, 24, 10, 0));
	CHECK(calendar_due_priority(&c, hki(2026, 12, 25, 19, 0)) == utc(2026, 12, 26, 7, 0));
}

static void test_easter(void)
{
	static const int known[][3] = {{1818, 3, 22}, {1943, 4, 25}, {2000, 4, 23}, {2019, 4, 21},
				       {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5}, {2027, 3, 28},
				       {2028, 4, 16}, {2029, 4, 1}, {2038, 4, 25}, {2285, 3, 22},
				       {1583, 4, 10}, {2100, 3, 28}};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		int m, d;
		calendar_easter(known[i][0], &m, &d);
		CHECK(m == known[i][1] && d == known[i][2]);
	}
	/* Always a Sunday between 22 March and 25 April. */
	int bad = 0;
	for (int y = 1583; y <= 4000; y++) {
		int m, d;
		calendar_easter(y, &m, &d);
		int64_t n = days_from_civil(y, m, d);
		bad += (n + 4) % 7 != 0 || n < days_from_civil(y, 3, 22) || n > days_from_civil(y, 4, 25);
	}
	CHECK(bad == 0);
	/* 2027: Good Friday 26 March, Easter 28 March (also the spring DST
	 * change), Easter Monday 29 March, Ascension Day 6 May. */
	CHECK(calendar_finnish_holiday(2027, 3, 26) && calendar_finnish_holiday(2027, 3, 28) &&
	      calendar_finnish_holiday(2027, 3, 29) && calendar_finnish_holiday(2027, 5, 6));
	CHECK(!calendar_finnish_holiday(2027, 3, 25) && !calendar_finnish_holiday(2027, 3, 27) &&
	      !calendar_finnish_holiday(2027, 3, 30) && !calendar_finnish_holiday(2027, 5, 5));
	struct calendar c = defaults();
	/* Thursday after the cut-off: Friday is off, Saturday morning works. */
	CHECK(calendar_due_normal(&c, hki(2027, 3, 25, 16, 30)) == utc(2027, 3, 27, 10, 0));
	CHECK(calendar_due_normal(&c, hki(2027, 3, 26, 9, 0)) == utc(2027, 3, 27, 10, 0));
	/* Saturday after the cut-off: past Sunday and Easter Monday, into
	 * summer time. */
	CHECK(calendar_due_normal(&c, hki(2027, 3, 27, 11, 30)) == utc(2027, 3, 30, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2027, 3, 29, 12, 0)) == utc(2027, 3, 30, 14, 0));
}

static void test_fixed_holidays(void)
{
	static const int on[][2] = {{1, 1}, {1, 6}, {5, 1}, {12, 6}, {12, 24}, {12, 25}, {12, 26}};
	int bad = 0;
	for (int y = 1900; y <= 2200; y++)
		for (size_t i = 0; i < 7; i++)
			bad += !calendar_finnish_holiday(y, on[i][0], on[i][1]);
	CHECK(bad == 0);
	CHECK(!calendar_finnish_holiday(2026, 12, 31) && !calendar_finnish_holiday(2026, 5, 2));
	CHECK(!calendar_finnish_holiday(2026, 2, 30) && !calendar_finnish_holiday(2026, 13, 1) &&
	      !calendar_finnish_holiday(2026, 4, 31) && !calendar_finnish_holiday(2026, 0, 0));
	/* Over a year: 7 fixed, 4 from Easter, Midsummer's 2 and All Saints'
	 * make 14 dates, 13 when Ascension Day falls on May Day. */
	for (int y = 1990; y <= 2300; y++) {
		int count = 0, em, ed;
		for (int64_t n = days_from_civil(y, 1, 1); n < days_from_civil(y + 1, 1, 1); n++) {
			int yy, m, d;
			civil_from_days(n, &yy, &m, &d);
			count += calendar_finnish_holiday(yy, m, d);
		}
		calendar_easter(y, &em, &ed);
		CHECK(count == (em == 3 && ed == 23 ? 13 : 14));
	}
}

static int wday_of(int y, int m, int d)
{
	return (int)(((days_from_civil(y, m, d) + 4) % 7 + 7) % 7);
}

static void test_midsummer_and_all_saints(void)
{
	int bad = 0;
	for (int y = 1960; y <= 2200; y++) {
		for (int d = 4; d <= 30; d++) {   /* 1-3 June may be Ascension Day */
			int w = wday_of(y, 6, d);
			bool want = (w == 5 && d >= 19 && d <= 25) || (w == 6 && d >= 20 && d <= 26);
			bad += calendar_finnish_holiday(y, 6, d) != want;
		}
		for (int i = 0; i < 7; i++) {
			int m = i == 0 ? 10 : 11, d = i == 0 ? 31 : i;
			bool want = wday_of(y, m, d) == 6;
			bad += calendar_finnish_holiday(y, m, d) != want;
		}
		bad += calendar_finnish_holiday(y, 11, 7) || calendar_finnish_holiday(y, 10, 30);
	}
	CHECK(bad == 0);
	CHECK(calendar_finnish_holiday(2026, 6, 19) && calendar_finnish_holiday(2026, 6, 20));
	CHECK(calendar_finnish_holiday(2027, 6, 25) && calendar_finnish_holiday(2027, 6, 26));
	CHECK(calendar_finnish_holiday(2026, 10, 31) && calendar_finnish_holiday(2027, 11, 6));
	struct calendar c = defaults();
	CHECK(calendar_due_normal(&c, hki(2026, 6, 18, 16, 30)) == utc(2026, 6, 22, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 18, 15, 30)) == utc(2026, 6, 18, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 10, 30, 16, 30)) == utc(2026, 11, 2, 15, 0));
	CHECK(calendar_due_normal(&c, hki(2027, 11, 5, 16, 30)) == utc(2027, 11, 8, 15, 0));
	CHECK(calendar_due_normal(&c, hki(2027, 11, 5, 15, 30)) == utc(2027, 11, 5, 15, 0));
}

static void test_dst(void)
{
	struct calendar c = defaults();
	/* 29 March 2026: clocks go 03:00 -> 04:00. 25 October: 04:00 -> 03:00. */
	CHECK(calendar_due_normal(&c, hki(2026, 3, 28, 11, 30)) == utc(2026, 3, 30, 14, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 3, 27, 16, 30)) == utc(2026, 3, 28, 10, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 10, 23, 16, 30)) == utc(2026, 10, 24, 9, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 10, 24, 11, 30)) == utc(2026, 10, 26, 15, 0));
	/* Priority across the change nights. */
	CHECK(calendar_due_priority(&c, hki(2026, 3, 28, 19, 30)) == utc(2026, 3, 29, 6, 30));
	CHECK(calendar_due_priority(&c, hki(2026, 10, 24, 19, 30)) == utc(2026, 10, 25, 7, 30));
	/* An admin who opens on Sundays: the change Sunday opens at local
	 * 08:00 whichever offset applies. */
	c.normal[0] = (struct calendar_hours){8 * 60, 17 * 60, 16 * 60};
	CHECK(calendar_due_normal(&c, utc(2026, 3, 29, 0, 30)) == utc(2026, 3, 29, 14, 0));
	CHECK(calendar_in_normal_hours(&c, utc(2026, 3, 29, 5, 0)));
	CHECK(!calendar_in_normal_hours(&c, utc(2026, 3, 29, 5, 0) - 1));
	CHECK(calendar_in_normal_hours(&c, utc(2026, 10, 25, 6, 0)));
	CHECK(!calendar_in_normal_hours(&c, utc(2026, 10, 25, 6, 0) - 1));
	CHECK(calendar_due_normal(&c, utc(2026, 10, 25, 0, 30)) == utc(2026, 10, 25, 15, 0));
	/* Round-the-clock priority hours: the day of 23 hours and the day of 25
	 * hours both count real time. */
	for (int w = 0; w < 7; w++)
		c.priority[w] = (struct calendar_hours){0, 24 * 60, 24 * 60};
	CHECK(calendar_due_priority(&c, utc(2026, 3, 29, 0, 30)) == utc(2026, 3, 29, 2, 30));
	CHECK(calendar_due_priority(&c, utc(2026, 3, 28, 21, 0)) == utc(2026, 3, 28, 23, 0));
	CHECK(calendar_due_priority(&c, utc(2026, 10, 24, 23, 30)) == utc(2026, 10, 25, 1, 30));
	CHECK(calendar_priority_seconds(&c, utc(2026, 3, 28, 22, 0), utc(2026, 3, 29, 21, 0)) ==
	      23 * 3600);
	CHECK(calendar_priority_seconds(&c, utc(2026, 10, 24, 21, 0), utc(2026, 10, 25, 22, 0)) ==
	      25 * 3600);
}

static void test_year_end(void)
{
	struct calendar c = defaults();
	/* Thu 31 Dec 2026 -> Fri 1 Jan is New Year's Day -> Sat 2 Jan. */
	CHECK(calendar_due_normal(&c, hki(2026, 12, 31, 15, 0)) == utc(2026, 12, 31, 15, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 12, 31, 16, 30)) == utc(2027, 1, 2, 10, 0));
	/* Fri 31 Dec 2027 -> Sat 1 Jan 2028 is a holiday -> Mon 3 Jan. */
	CHECK(calendar_due_normal(&c, hki(2027, 12, 31, 16, 30)) == utc(2028, 1, 3, 15, 0));
	/* Priority: one hour on New Year's Eve, one on New Year's Day. */
	CHECK(calendar_due_priority(&c, hki(2026, 12, 31, 19, 0)) == utc(2027, 1, 1, 7, 0));
	CHECK(calendar_due_priority(&c, hki(2026, 12, 31, 23, 59)) == utc(2027, 1, 1, 8, 0));
}

static void test_priority_basics(void)
{
	struct calendar c = defaults();
	CHECK(calendar_due_priority(&c, hki(2026, 6, 7, 7, 0)) == hki(2026, 6, 7, 10, 0));
	CHECK(calendar_due_priority(&c, hki(2026, 6, 7, 8, 0)) == hki(2026, 6, 7, 10, 0));
	CHECK(calendar_due_priority(&c, hki(2026, 6, 7, 18, 0)) == hki(2026, 6, 7, 20, 0));
	CHECK(calendar_due_priority(&c, hki(2026, 6, 7, 18, 1)) == hki(2026, 6, 8, 8, 1));
	CHECK(calendar_due_priority(&c, hki(2026, 6, 7, 21, 0)) == hki(2026, 6, 8, 10, 0));
	CHECK(calendar_in_priority_hours(&c, hki(2026, 6, 7, 8, 0)));
	CHECK(!calendar_in_priority_hours(&c, hki(2026, 6, 7, 20, 0)));
	c.priority_minutes = 0;
	CHECK(calendar_due_priority(&c, 12345) == 12345);
	c.priority_minutes = 12 * 60 * 3 + 30;   /* three full days and half an hour */
	CHECK(calendar_due_priority(&c, hki(2026, 6, 7, 20, 0)) == hki(2026, 6, 11, 8, 30));
}

static void test_nothing_open(void)
{
	struct calendar c = defaults();
	for (int w = 0; w < 7; w++) {
		c.normal[w] = (struct calendar_hours){0, 0, 0};
		c.priority[w] = (struct calendar_hours){600, 300, 0};   /* inverted: closed */
	}
	CHECK(calendar_due_normal(&c, hki(2026, 6, 7, 12, 0)) == -1);
	CHECK(calendar_due_priority(&c, hki(2026, 6, 7, 12, 0)) == -1);
	/* Cut-off later than closing counts as closing. */
	c = defaults();
	c.normal[1].cutoff = 23 * 60;
	CHECK(calendar_due_normal(&c, hki(2026, 6, 8, 16, 59)) == hki(2026, 6, 8, 17, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 6, 8, 17, 30)) == hki(2026, 6, 9, 17, 0));
	c.finnish_holidays = false;
	CHECK(calendar_working_day(&c, 2026, 12, 24));
}

static const char holidays_ics[] =
	"BEGIN:VCALENDAR\r\n"
	"VERSION:2.0\r\n"
	"PRODID:-//Tuki//test//EN\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:a@example\r\n"
	"SUMMARY:Company day\r\n"
	"DTSTART;VALUE=DATE:20260612\r\n"
	"DTEND;VALUE=DATE:20260613\r\n"
	"END:VEVENT\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:b@example\r\n"
	"SUMMARY:Summer closure\r\n"
	"DTSTART;VALUE=DATE:20260810\r\n"
	"DTEND;VALUE=DATE:20260813\r\n"
	"END:VEVENT\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:c@example\r\n"
	"SUMMARY:Party\r\n"
	"DTSTART;TZID=Europe/Helsinki:20260901T100000\r\n"
	"DTEND;TZID=Europe/Helsinki:20260901T140000\r\n"
	"END:VEVENT\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:d@example\r\n"
	"SUMMARY:Founders' day\r\n"
	"DTSTART;VALUE=DATE:19990704\r\n"
	"RRULE:FREQ=YEARLY\r\n"
	"EXDATE;VALUE=DATE:20300704\r\n"
	"END:VEVENT\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:e@example\r\n"
	"SUMMARY:Called off\r\n"
	"STATUS:CANCELLED\r\n"
	"DTSTART;VALUE=DATE:20260615\r\n"
	"END:VEVENT\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:f@example\r\n"
	"SUMMARY:Late party, in UTC\r\n"
	"DTSTART:20261002T220000Z\r\n"
	"DURATION:PT1H\r\n"
	"END:VEVENT\r\n"
	"BEGIN:VEVENT\r\n"
	"UID:g@example\r\n"
	"SUMMARY:Same company day\r\n"
	"DTSTART;VALUE=DATE:20260612\r\n"
	"RDATE;VALUE=DATE:20261130\r\n"
	"END:VEVENT\r\n"
	"END:VCALENDAR\r\n";

static bool has(const int32_t *v, size_t n, int32_t date)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == date)
			return true;
	return false;
}

static void test_ics(void)
{
	int32_t *v = NULL;
	size_t n = 0;
	char *err = NULL;
	if (ics_holidays_tz(holidays_ics, strlen(holidays_ics), hel, &v, &n, &err) < 0) {
		printf("# %s\n", err);
		free(err);
		CHECK(0);
		return;
	}
	for (size_t i = 1; i < n; i++)
		CHECK(v[i - 1] < v[i]);
	CHECK(has(v, n, 20260612) && has(v, n, 20260810) && has(v, n, 20260811) &&
	      has(v, n, 20260812) && !has(v, n, 20260813) && has(v, n, 20260901) &&
	      !has(v, n, 20260902) && !has(v, n, 20260615) && has(v, n, 20261130));
	/* 22:00 UTC on 2 October is 01:00 on the 3rd in Helsinki. */
	CHECK(has(v, n, 20261003) && !has(v, n, 20261002));
	/* The yearly rule: DTSTART itself, then 2000-2100 less the EXDATE. */
	CHECK(has(v, n, 19990704) && has(v, n, 20000704) && has(v, n, 20260704) &&
	      has(v, n, 21000704) && !has(v, n, 21010704) && !has(v, n, 20300704));
	CHECK(n == 1 + 3 + 1 + 1 + 101 - 1 + 1 + 1);

	struct calendar c = defaults();
	c.extra_holidays = v;
	c.nextra = n;
	CHECK(calendar_holiday(&c, 2026, 6, 12) && !calendar_holiday(&c, 2026, 6, 11));
	/* Thursday after the cut-off: the imported Friday is off -> Saturday. */
	CHECK(calendar_due_normal(&c, hki(2026, 6, 11, 16, 30)) == utc(2026, 6, 13, 9, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 8, 7, 16, 30)) == utc(2026, 8, 8, 9, 0));
	CHECK(calendar_due_normal(&c, hki(2026, 8, 10, 9, 0)) == utc(2026, 8, 13, 14, 0));
	/* Priority ignores holidays. */
	CHECK(calendar_due_priority(&c, hki(2026, 6, 12, 9, 0)) == hki(2026, 6, 12, 11, 0));

	/* Without a zone, UTC date-times keep their UTC date. */
	int32_t *w = NULL;
	size_t m = 0;
	CHECK(ics_holidays(holidays_ics, strlen(holidays_ics), &w, &m, NULL) == 0);
	CHECK(m == n && has(w, m, 20261002) && !has(w, m, 20261003));
	free(w);
	free(v);
}

static void test_ics_invalid(void)
{
	const char *bad[] = {
		"",
		"garbage",
		"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n",
		"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026XX12\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\n"
		"DTEND;VALUE=DATE:20280101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		NULL};
	for (int i = 0; bad[i]; i++) {
		int32_t *v = NULL;
		size_t n = 0;
		char *err = NULL;
		CHECK(ics_holidays(bad[i], strlen(bad[i]), &v, &n, &err) == -1);
		CHECK(err != NULL);
		free(err);
		free(v);
	}
	char nul[] = "BEGIN:VCALENDAR\r\n\0\r\nEND:VCALENDAR\r\n";
	int32_t *v = NULL;
	size_t n = 0;
	CHECK(ics_holidays(nul, sizeof(nul) - 1, &v, &n, NULL) == -1);
	/* A daily rule is not expanded; a yearly one capped at ICS_DATES_MAX. */
	const char *daily = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\n"
			    "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	CHECK(ics_holidays(daily, strlen(daily), &v, &n, NULL) == 0 && n == 1);
	free(v);
	const char *many = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20000101\r\n"
			   "RRULE:FREQ=YEARLY;BYYEARDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,"
			   "18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,"
			   "42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,"
			   "66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,"
			   "90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,"
			   "110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127,"
			   "128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,"
			   "146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,"
			   "164,165,166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,181,"
			   "182,183,184,185,186,187,188,189,190,191,192,193,194,195,196,197,198,199,"
			   "200\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	char *err = NULL;
	v = NULL;
	CHECK(ics_holidays(many, strlen(many), &v, &n, &err) == -1 && err &&
	      strstr(err, "too many"));
	free(err);
	free(v);
}

static void test_ics_several_calendars(void)
{
	const char *two = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260102\r\n"
			  "END:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
			  "DTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	int32_t *v = NULL;
	size_t n = 0;
	CHECK(ics_holidays(two, strlen(two), &v, &n, NULL) == 0);
	CHECK(n == 2 && v && v[0] == 20260101 && v[1] == 20260102);
	free(v);
}

/* Random damage to a good file: never a crash or a leak (the sanitizers
 * watch), and whatever is accepted is sorted and unique. */
static void test_ics_mutations(void)
{
	static const char alphabet[] = "BEGINDVCALENRT:;=\r\n0123456789TZ-/,.";
	size_t len = strlen(holidays_ics);
	char *buf = malloc(len + 1);
	int unsorted = 0;
	for (int i = 0; i < 2000 && buf; i++) {
		memcpy(buf, holidays_ics, len + 1);
		for (int k = 0; k < 1 + (int)(rnd() % 6); k++)
			buf[rnd() % len] = alphabet[rnd() % (sizeof(alphabet) - 1)];
		int32_t *v = NULL;
		size_t n = 0;
		char *err = NULL;
		if (ics_holidays(buf, len - rnd() % 4 * (rnd() % len) / 4, &v, &n, &err) == 0)
			for (size_t j = 1; j < n; j++)
				unsorted += v[j - 1] >= v[j];
		free(v);
		free(err);
	}
	free(buf);
	CHECK(unsorted == 0);
}

/* ---- Properties over random instants -------------------------------------- */

enum { SAMPLES = 200000 };

/* Local minutes since midnight of t. */
static int local_minute(int64_t t, struct tz_civil *lc)
{
	tz_to_civil(hel, t, lc);
	return lc->hour * 60 + lc->min;
}

/* Checks one normal due time against the promise, reading local time
 * independently: the due time closes a working day, that day is the
 * submission day when it works and the submission precedes its cut-off,
 * otherwise the first working day after it. */
static int normal_ok(const struct calendar *c, int64_t s, int64_t due)
{
	struct tz_civil sl, dl;
	int smin = local_minute(s, &sl), dmin = local_minute(due, &dl);
	int64_t sday = days_from_civil(sl.year, sl.month, sl.day);
	int64_t dday = days_from_civil(dl.year, dl.month, dl.day);
	const struct calendar_hours *h = &c->normal[sl.wday];
	bool same = calendar_working_day(c, sl.year, sl.month, sl.day) &&
		    smin * 60 + sl.sec < h->cutoff * 60;
	if (due < s || dl.sec != 0 || dmin != c->normal[dl.wday].close ||
	    !calendar_working_day(c, dl.year, dl.month, dl.day) ||
	    calendar_holiday(c, dl.year, dl.month, dl.day) || !calendar_in_normal_hours(c, due - 1) ||
	    calendar_in_normal_hours(c, due) || (same != (dday == sday)))
		return 1;
	for (int64_t n = sday + 1; n < dday; n++) {
		int y, m, d;
		civil_from_days(n, &y, &m, &d);
		if (calendar_working_day(c, y, m, d))
			return 1;
	}
	return 0;
}

static void test_normal_properties(void)
{
	struct calendar c = defaults();
	int64_t lo = utc(2020, 1, 1, 0, 0), hi = utc(2041, 1, 1, 0, 0);
	int64_t step = (hi - lo) / SAMPLES * 2 * 99 / 100, s = lo, prev_due = -1;
	int bad = 0, nonmono = 0, n = 0;
	/* A random walk gives sorted submissions for the monotonicity check. */
	while (n < SAMPLES) {
		int64_t due = calendar_due_normal(&c, s);
		if (normal_ok(&c, s, due) && bad++ < 5)
			printf("# normal: submitted %lld due %lld\n", (long long)s, (long long)due);
		nonmono += due < prev_due;
		prev_due = due;
		s += (int64_t)(rnd() % (uint64_t)step);
		n++;
	}
	CHECK(s > utc(2040, 1, 1, 0, 0) && s < hi);
	CHECK(bad == 0);
	CHECK(nonmono == 0);
	/* Around every cut-off and closing of 2026, second by second. */
	int64_t prev = -1;
	nonmono = 0;
	for (int64_t t = utc(2026, 1, 1, 0, 0); t < utc(2027, 1, 1, 0, 0); t += 60) {
		struct tz_civil lc;
		int min = local_minute(t, &lc);
		if (min % 60 != 59 && min % 60 != 0)
			continue;
		int64_t due = calendar_due_normal(&c, t);
		bad += normal_ok(&c, t, due);
		nonmono += due < prev;
		prev = due;
	}
	CHECK(bad == 0 && nonmono == 0);
}

/* The reference for priority: step whole minutes from a minute-aligned
 * start, counting those whose local reading lies in priority hours. */
static int64_t priority_by_minutes(const struct calendar *c, int64_t start)
{
	int left = c->priority_minutes;
	for (int64_t t = start;; t += 60) {
		struct tz_civil lc;
		int min = local_minute(t, &lc);
		const struct calendar_hours *h = &c->priority[lc.wday];
		if (min >= h->open && min < h->close && --left == 0)
			return t + 60;
	}
}

static void test_priority_properties(void)
{
	struct calendar c = defaults();
	int64_t lo = utc(2020, 1, 1, 0, 0), hi = utc(2041, 1, 1, 0, 0);
	int bad = 0, ref_bad = 0;
	for (int i = 0; i < SAMPLES; i++) {
		int64_t s = lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
		int64_t due = calendar_due_priority(&c, s);
		struct tz_civil dl;
		int dmin = local_minute(due, &dl);
		int dsec = dmin * 60 + dl.sec;
		if (due < s + 7200 || calendar_priority_seconds(&c, s, due) != 7200 ||
		    !calendar_in_priority_hours(&c, due - 1) || dsec <= 480 * 60 ||
		    dsec > 1200 * 60 || calendar_due_priority(&c, s + 1) < due) {
			if (bad++ < 5)
				printf("# priority: start %lld due %lld\n", (long long)s,
				       (long long)due);
		}
		if (i % 50 == 0) {
			int64_t sm = s - s % 60;
			ref_bad += calendar_due_priority(&c, sm) != priority_by_minutes(&c, sm);
		}
	}
	CHECK(bad == 0);
	CHECK(ref_bad == 0);
}

/* The same properties with odd hours: late-night windows, a day closing
 * at midnight, a long target, Sunday work, extra holidays. */
static void test_properties_other_hours(void)
{
	static const int32_t extra[] = {20210315, 20250707, 20301224};
	struct calendar c = defaults();
	c.normal[0] = (struct calendar_hours){10 * 60, 24 * 60, 23 * 60};
	c.normal[3] = (struct calendar_hours){0, 3 * 60 + 30, 2 * 60};
	c.extra_holidays = extra;
	c.nextra = 3;
	for (int w = 0; w < 7; w++)
		c.priority[w] = (struct calendar_hours){w * 60, 23 * 60 + w, 0};
	c.priority[2] = (struct calendar_hours){0, 0, 0};
	c.priority_minutes = 600;
	int bad = 0;
	int64_t prev_s = utc(2020, 1, 1, 0, 0), prev_due = -1;
	for (int i = 0; i < 50000; i++) {
		int64_t s = prev_s + (int64_t)(rnd() % 25000);
		int64_t due = calendar_due_normal(&c, s), pdue = calendar_due_priority(&c, s);
		struct tz_civil dl;
		int dmin = local_minute(due, &dl);
		/* Sunday closes at 24:00, which reads as 00:00 on Monday. */
		bool closes = dmin == c.normal[dl.wday].close || (dmin == 0 && dl.wday == 1);
		bad += due < s || due < prev_due || !closes || !calendar_in_normal_hours(&c, due - 1);
		bad += pdue < s + 600 * 60 || calendar_priority_seconds(&c, s, pdue) != 600 * 60;
		if (i % 100 == 0)
			bad += calendar_due_priority(&c, s - s % 60) !=
			       priority_by_minutes(&c, s - s % 60);
		prev_s = s;
		prev_due = due;
	}
	CHECK(prev_s > utc(2039, 1, 1, 0, 0));
	CHECK(bad == 0);
}

int main(void)
{
	char *err = NULL;
	if (tz_load("Europe/Helsinki", &hel, &err) < 0) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	RUN(test_defaults);
	RUN(test_friday_cutoff);
	RUN(test_saturday_and_sunday);
	RUN(test_christmas_2026);
	RUN(test_easter);
	RUN(test_fixed_holidays);
	RUN(test_midsummer_and_all_saints);
	RUN(test_dst);
	RUN(test_year_end);
	RUN(test_priority_basics);
	RUN(test_nothing_open);
	RUN(test_ics);
	RUN(test_ics_invalid);
	RUN(test_ics_several_calendars);
	RUN(test_ics_mutations);
	RUN(test_normal_properties);
	RUN(test_priority_properties);
	RUN(test_properties_other_hours);
	tz_free(hel);
	return check_done();
}
