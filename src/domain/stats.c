/* stats.c - percentiles, shares within the promise and ISO weeks. */
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/tz.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t stats_percentile(int64_t *v, size_t n, int p)
{
	if (n == 0 || p <= 0 || p > 100)
		return -1;
	qsort(v, n, sizeof(*v), cmp_i64);
	size_t rank = ((size_t)p * n + 99) / 100; /* ceil(p * n / 100), >= 1 */
	return v[rank - 1];
}

int64_t stats_median(int64_t *v, size_t n)
{
	return stats_percentile(v, n, 50);
}

void stats_summarise(const struct stats_sample *s, size_t n, int64_t now, int64_t *scratch,
		     struct stats_summary *out)
{
	*out = (struct stats_summary){.tickets = n};
	for (size_t i = 0; i < n; i++) {
		if (s[i].responded > 0) {
			int64_t d = s[i].responded - s[i].created;
			scratch[out->answered++] = d > 0 ? d : 0;
			if (s[i].due > 0) {
				out->judged++;
				out->within += s[i].responded <= s[i].due;
			}
		} else if (s[i].due > 0 && s[i].due < now) {
			out->judged++; /* still unanswered past the promise: missed */
		}
	}
	out->median = stats_median(scratch, out->answered);
	out->p90 = stats_percentile(scratch, out->answered, 90);
}

double stats_share(const struct stats_summary *sum)
{
	return sum->judged ? (double)sum->within / (double)sum->judged : -1.0;
}

int64_t stats_week(const struct tz *z, int64_t t)
{
	int64_t x = t + (z ? tz_offset(z, t) : 0) + 3 * 86400;
	int64_t w = x / STATS_WEEK_SECONDS;
	return x % STATS_WEEK_SECONDS < 0 ? w - 1 : w; /* floor, also before 1970 */
}

int64_t stats_week_start(const struct tz *z, int64_t w)
{
	int64_t monday = w * 7 - 3; /* days since 1970-01-01 */
	if (!z)
		return monday * 86400;
	int y, m, d;
	civil_from_days(monday, &y, &m, &d);
	return tz_from_civil(z, y, m, d, 0, 0, 0);
}

void stats_week_label(int64_t w, char out[STATS_WEEK_LABEL_MAX])
{
	/* The ISO week belongs to the year of its Thursday; its number is
	 * that Thursday's day of the year divided by seven, plus one. */
	int64_t thursday = w * 7; /* days since 1970-01-01: that week's Thursday */
	int y, m, d;
	civil_from_days(thursday, &y, &m, &d);
	int64_t yday = thursday - days_from_civil(y, 1, 1);
	snprintf(out, STATS_WEEK_LABEL_MAX, "%04d-W%02d", y, (int)(yday / 7 + 1));
}
