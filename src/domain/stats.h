/* stats.h - response-time figures, with no I/O.
 *
 * The reports and the help page measure the team by the first response:
 * seconds from a ticket's creation to the team's first public reply.
 * Percentiles use the nearest-rank method: the p-th percentile of n
 * sorted values is the value at rank ceil(p * n / 100) (1-based), so it
 * is always a time that really happened; the median is the 50th
 * percentile by that rule (the lower middle value for an even count).
 *
 * Weeks are ISO weeks (Monday to Sunday) counted in UTC: the Unix epoch
 * was a Thursday, so week index floor((t + 3 days) / 7 days) changes at
 * Monday 00:00 UTC. */
#ifndef TUKI_DOMAIN_STATS_H
#define TUKI_DOMAIN_STATS_H

#include <stddef.h>
#include <stdint.h>

enum {
	STATS_WEEK_SECONDS = 7 * 86400,
	STATS_WEEK_LABEL_MAX = 16,     /* bytes for stats_week_label: "2026-W49" */
};

/* One ticket as the statistics see it. */
struct stats_sample {
	int64_t created;       /* when the customer asked */
	int64_t responded;     /* the team's first public reply; 0: none yet */
	int64_t due;           /* the promised time; 0: no promise */
};

struct stats_summary {
	size_t tickets;        /* samples summarised */
	size_t answered;       /* with a first response */
	int64_t median;        /* seconds; -1 when nothing was answered */
	int64_t p90;           /* seconds; -1 when nothing was answered */
	size_t within;         /* answered at or before the promised time */
	size_t judged;         /* answered with a promise, or unanswered past it */
};

/* The nearest-rank p-th percentile (0 < p <= 100) of the n values:
 * sorts v in place. -1 when n is 0 or p is out of range. */
int64_t stats_percentile(int64_t *v, size_t n, int p);
/* The nearest-rank median (50th percentile); sorts v; -1 when n is 0. */
int64_t stats_median(int64_t *v, size_t n);

/* Summarises n samples as of now. scratch holds at least n values (it is
 * overwritten). A sample counts as within the promise when it was
 * answered at or before due; answered samples with a promise and
 * unanswered ones whose promise has passed are judged; unanswered ones
 * still in time are not judged yet. */
void stats_summarise(const struct stats_sample *s, size_t n, int64_t now, int64_t *scratch,
		     struct stats_summary *out);
/* within / judged in [0, 1]; -1 when nothing was judged. */
double stats_share(const struct stats_summary *sum);

struct tz;
/* The week index of t (weeks since the epoch's week, Monday-based) on
 * the wall clock of zone z (NULL: UTC): a support team's week starts at
 * its own Monday midnight. */
int64_t stats_week(const struct tz *z, int64_t t);
/* Monday 00:00 in zone z (NULL: UTC) of week index w, as a UTC time. */
int64_t stats_week_start(const struct tz *z, int64_t w);
/* The ISO 8601 week of index w as "2026-W49" (ISO year of its Thursday). */
void stats_week_label(int64_t w, char out[STATS_WEEK_LABEL_MAX]);

#endif
