/* test_stats.c - nearest-rank percentiles, shares within the promise,
 * ISO weeks (domain/stats.c) and the SVG bar chart (lib/svg.c). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "domain/stats.h"
#include "lib/buf.h"
#include "lib/svg.h"
#include "lib/tz.h"

static void test_percentile_nearest_rank(void)
{
	int64_t v[] = {15, 20, 35, 40, 50};
	CHECK(stats_percentile(v, 5, 5) == 15);   /* rank ceil(0.25) = 1 */
	CHECK(stats_percentile(v, 5, 30) == 20);  /* rank ceil(1.5) = 2 */
	CHECK(stats_percentile(v, 5, 40) == 20);  /* rank 2 exactly */
	CHECK(stats_percentile(v, 5, 50) == 35);  /* rank ceil(2.5) = 3 */
	CHECK(stats_percentile(v, 5, 90) == 50);
	CHECK(stats_percentile(v, 5, 100) == 50);
	CHECK(stats_percentile(v, 5, 0) == -1);
	CHECK(stats_percentile(v, 5, 101) == -1);
	CHECK(stats_percentile(v, 0, 50) == -1);
}

static void test_percentile_sorts(void)
{
	int64_t v[] = {900, 60, 300, 120, 7200, 30, 600, 1800, 240, 3600};
	CHECK(stats_median(v, 10) == 300);        /* lower middle: rank 5 of 10 */
	CHECK(v[0] == 30 && v[9] == 7200);
	CHECK(stats_percentile(v, 10, 90) == 3600); /* rank 9 */
	int64_t one[] = {42};
	CHECK(stats_median(one, 1) == 42);
	CHECK(stats_percentile(one, 1, 90) == 42);
	int64_t two[] = {10, 2};
	CHECK(stats_median(two, 2) == 2);
}

static void test_summary(void)
{
	int64_t scratch[8];
	const int64_t now = 100000;
	struct stats_sample s[] = {
		{.created = 1000, .responded = 1600, .due = 2000},   /* 600 s, in time */
		{.created = 1000, .responded = 2000, .due = 2000},   /* at due: in time */
		{.created = 1000, .responded = 4600, .due = 2000},   /* 3600 s, late */
		{.created = 1000, .responded = 0, .due = 2000},      /* unanswered, past due */
		{.created = 1000, .responded = 0, .due = 200000},    /* unanswered, in time */
		{.created = 1000, .responded = 1300, .due = 0},      /* no promise */
	};
	struct stats_summary sum;
	stats_summarise(s, 6, now, scratch, &sum);
	CHECK(sum.tickets == 6);
	CHECK(sum.answered == 4);
	CHECK(sum.median == 600);  /* of 300, 600, 1000, 3600: rank 2 */
	CHECK(sum.p90 == 3600);
	CHECK(sum.within == 2);
	CHECK(sum.judged == 4);
	CHECK(stats_share(&sum) == 0.5);
}

static void test_summary_empty(void)
{
	int64_t scratch[1];
	struct stats_summary sum;
	stats_summarise(NULL, 0, 0, scratch, &sum);
	CHECK(sum.tickets == 0 && sum.answered == 0);
	CHECK(sum.median == -1 && sum.p90 == -1);
	CHECK(stats_share(&sum) < 0);
	struct stats_sample early = {.created = 500, .responded = 400, .due = 600};
	stats_summarise(&early, 1, 1000, scratch, &sum);
	CHECK(sum.median == 0); /* a clock skew never gives a negative time */
}

static void test_weeks(void)
{
	/* 1970-01-01 (Thursday) is in the week of Monday 1969-12-29. */
	CHECK(stats_week(NULL, 0) == 0);
	CHECK(stats_week_start(NULL, 0) == -3 * 86400);
	CHECK(stats_week(NULL, 4 * 86400 - 1) == 0);    /* Sunday 23:59:59 */
	CHECK(stats_week(NULL, 4 * 86400) == 1);        /* Monday 1970-01-05 */
	CHECK(stats_week(NULL, -3 * 86400) == 0);
	CHECK(stats_week(NULL, -3 * 86400 - 1) == -1);  /* floor before the epoch */
	/* 2026-12-03 (Thursday) 12:00 UTC = 1796299200. */
	int64_t t = 1796299200;
	int64_t w = stats_week(NULL, t);
	CHECK(stats_week_start(NULL, w) == 1795996800); /* Monday 2026-11-30 00:00 UTC */
	char label[STATS_WEEK_LABEL_MAX];
	stats_week_label(w, label);
	CHECK_STR(label, "2026-W49");
}

/* Weeks start at Monday midnight on the team's own clock, summer and
 * winter: Sunday 23:30 UTC is already Monday in Helsinki. */
static void test_weeks_in_a_zone(void)
{
	struct tz *hel = NULL;
	CHECK(tz_from_posix("EET-2EEST,M3.5.0/3,M10.5.0/4", &hel, NULL) == 0);
	int64_t w49 = stats_week(NULL, 1796299200);        /* Thursday 2026-12-03 */
	int64_t monday = 1795989600;                       /* 2026-11-30 00:00 EET */
	CHECK(stats_week_start(hel, w49) == monday);
	CHECK(stats_week(hel, monday) == w49);
	CHECK(stats_week(hel, monday - 1) == w49 - 1);
	CHECK(stats_week(NULL, monday + 1800) == w49 - 1); /* UTC: still Sunday */
	int64_t june = 1780261200;                         /* 2026-06-01 00:00 EEST */
	int64_t w = stats_week(hel, june);
	CHECK(stats_week_start(hel, w) == june);
	CHECK(stats_week(hel, june - 1) == w - 1);
	tz_free(hel);
}

static void test_week_labels_at_year_ends(void)
{
	char label[STATS_WEEK_LABEL_MAX];
	/* 2021-01-03 (Sunday) belongs to 2020-W53. */
	stats_week_label(stats_week(NULL, 1609675200), label);
	CHECK_STR(label, "2020-W53");
	/* 2024-12-30 (Monday) starts 2025-W01. */
	stats_week_label(stats_week(NULL, 1735560000), label);
	CHECK_STR(label, "2025-W01");
	/* 2026-01-01 (Thursday) is in 2026-W01. */
	stats_week_label(stats_week(NULL, 1767268800), label);
	CHECK_STR(label, "2026-W01");
	stats_week_label(0, label);
	CHECK_STR(label, "1970-W01");
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_svg_chart(void)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	const char *labels[] = {"2026-W48", "<b>&\"x\"", "2026-W50"};
	const double values[] = {2.5, 10, -1};
	CHECK(svg_bar_chart(&b, "Median <first> response", labels, values, 3, "h", NULL) == 0);
	CHECK(strncmp(b.data, "<svg ", 5) == 0);
	CHECK(strstr(b.data, "role=\"img\"") != NULL);
	CHECK(strstr(b.data, "<title>Median &lt;first&gt; response</title>") != NULL);
	CHECK(strstr(b.data, "&lt;b&gt;&amp;&quot;x&quot;") != NULL);
	CHECK(strstr(b.data, "<b>") == NULL);
	CHECK(count(b.data, "<rect ") == 2);       /* no bar for the missing value */
	CHECK(strstr(b.data, "2.5 h") != NULL);
	CHECK(strstr(b.data, "10 h") != NULL);
	CHECK(strstr(b.data, "style=") == NULL);
	CHECK(strstr(b.data, "<script") == NULL);
	CHECK(strstr(b.data, "href") == NULL);
	CHECK(strcmp(b.data + b.len - 6, "</svg>") == 0);
	buf_free(&b);
}

static void test_svg_no_data(void)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	CHECK(svg_bar_chart(&b, "Empty", NULL, NULL, 0, "h", "Ei dataa") == 0);
	CHECK(strstr(b.data, "Ei dataa") != NULL);
	CHECK(strstr(b.data, "<rect") == NULL);
	buf_reset(&b);
	const char *labels[] = {"a"};
	const double none[] = {-1};
	CHECK(svg_bar_chart(&b, "None", labels, none, 1, NULL, NULL) == 0);
	CHECK(strstr(b.data, "No data") != NULL);
	buf_free(&b);
}

static void test_svg_cap_and_long_labels(void)
{
	struct buf b;
	buf_init(&b, 64);
	const char *labels[] = {"x"};
	const double v[] = {1};
	CHECK(svg_bar_chart(&b, "Too big for the cap", labels, v, 1, "h", NULL) == -1);
	buf_free(&b);
	buf_init(&b, 1 << 20);
	const char *longl[] = {"Verkkotunnus ja sähköposti"}; /* cut inside "ä"? never */
	CHECK(svg_bar_chart(&b, "t", longl, v, 1, NULL, NULL) == 0);
	CHECK(strstr(b.data, "Verkkotunnus ja\xE2\x80\xA6") != NULL);
	CHECK(strstr(b.data, "<title>Verkkotunnus ja sähköposti: 1</title>") != NULL);
	buf_free(&b);
}

int main(void)
{
	RUN(test_percentile_nearest_rank);
	RUN(test_percentile_sorts);
	RUN(test_summary);
	RUN(test_summary_empty);
	RUN(test_weeks);
	RUN(test_weeks_in_a_zone);
	RUN(test_week_labels_at_year_ends);
	RUN(test_svg_chart);
	RUN(test_svg_no_data);
	RUN(test_svg_cap_and_long_labels);
	return check_done();
}
