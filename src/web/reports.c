/* reports.c - the admin's response-time reports: first response (median
 * and 90th percentile) and the share answered within the promise, per
 * week and per category, normal and priority tickets apart, as tables
 * and server-drawn SVG charts. Also the measuring shared with the help
 * page (reports_samples, reports_duration). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/calendar.h"
#include "domain/stats.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/svg.h"
#include "store/store.h"
#include "web/page.h"
#include "web/promise.h"
#include "web/routes.h"

enum {
	REPORTS_ROWS_MAX = 50000,      /* tickets read for one report */
	REPORTS_WEEKS_DEFAULT = 12,
	REPORTS_WEEKS_MAX = 53,
	REPORTS_SVG_MAX = 64 * 1024,   /* bytes of one chart */
};

/* The lanes measured apart: index 0 normal, 1 priority. */
static const char *const lane_names[2] = {N_("Normal tickets"), N_("Priority tickets")};

int reports_samples(struct request *req, int64_t since, struct first_response **rows,
		    struct stats_sample **samples, size_t *n)
{
	const struct calendar *cal = promise_for(req);
	if (!cal)
		return TK_EINTERNAL;
	int rc = store_first_responses(req->store, req->arena, since, REPORTS_ROWS_MAX, rows, n);
	if (rc)
		return rc;
	struct stats_sample *s = arena_alloc(req->arena, (*n + 1) * sizeof(*s));
	for (size_t i = 0; i < *n; i++) {
		const struct first_response *r = &(*rows)[i];
		/* The promise as it was made; tickets from before that was
		 * kept get it as the calendar would make it now. */
		int64_t due = r->first_due_at     ? r->first_due_at
			      : r->priority       ? calendar_due_priority(cal, r->started_at)
						  : calendar_due_normal(cal, r->started_at);
		s[i] = (struct stats_sample){.created = r->started_at,
					     .responded = r->responded_at,
					     .due = due > 0 ? due : 0};
	}
	*samples = s;
	return TK_OK;
}

const struct tz *reports_zone(struct request *req)
{
	const struct calendar *cal = promise_for(req);
	return cal ? cal->tz : NULL;
}

const char *reports_duration(struct request *req, int64_t seconds)
{
	int64_t m = (seconds + 30) / 60, h = m / 60, d = h / 24;
	if (seconds < 60)
		return tr(req, N_("under a minute"));
	if (m < 60) {
		const char *kv[] = {"n", arena_printf(req->arena, "%lld", (long long)m)};
		return trf(req, N_("{n} min"), kv, 1);
	}
	if (h < 48) {
		const char *kv[] = {"h", arena_printf(req->arena, "%lld", (long long)h), "m",
				    arena_printf(req->arena, "%lld", (long long)(m % 60))};
		return m % 60 ? trf(req, N_("{h} h {m} min"), kv, 2) : trf(req, N_("{h} h"), kv, 1);
	}
	const char *kv[] = {"d", arena_printf(req->arena, "%lld", (long long)d), "h",
			    arena_printf(req->arena, "%lld", (long long)(h % 24))};
	return h % 24 ? trf(req, N_("{d} d {h} h"), kv, 2) : trf(req, N_("{d} d"), kv, 1);
}

/* Which samples a row of a report covers. */
struct report_filter {
	int lane;                  /* 0 normal, 1 priority */
	bool by_week;
	int64_t week;
	int64_t category_id;       /* 0: any */
};

/* The samples the filter selects, summarised. tmp and scratch hold n. */
static void summarise(const struct first_response *rows, const struct stats_sample *s, size_t n,
		      const struct report_filter *f, const struct tz *zone, struct stats_sample *tmp,
		      int64_t *scratch, struct stats_summary *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if ((int)rows[i].priority != f->lane ||
		    (f->by_week && stats_week(zone, s[i].created) != f->week) ||
		    (f->category_id && rows[i].category_id != f->category_id))
			continue;
		tmp[k++] = s[i];
	}
	stats_summarise(tmp, k, time(NULL), scratch, out);
}

/* "85 %" in Finnish, "85%" in English. */
static const char *percent_text(struct request *req, double share)
{
	if (strcmp(req->lang, "fi") == 0)
		return arena_printf(req->arena, "%.0f %%", share * 100);
	return arena_printf(req->arena, "%.0f%%", share * 100);
}

/* A summary for the page: numbers, and the same as people read them. */
static json_t *summary_json(struct request *req, const struct stats_summary *sum)
{
	double share = stats_share(sum);
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:s?, s:s?, s:s?}", "tickets",
		(json_int_t)sum->tickets, "answered", (json_int_t)sum->answered, "median_seconds",
		(json_int_t)sum->median, "p90_seconds", (json_int_t)sum->p90, "within",
		(json_int_t)sum->within, "judged", (json_int_t)sum->judged, "median",
		sum->median >= 0 ? reports_duration(req, sum->median) : NULL, "p90",
		sum->p90 >= 0 ? reports_duration(req, sum->p90) : NULL, "share",
		share >= 0 ? percent_text(req, share) : NULL);
}

const char *reports_chart(struct request *req, const char *title_msgid, const char *const *labels,
			  const double *values, size_t n, const char *unit)
{
	struct buf b;
	buf_init(&b, REPORTS_SVG_MAX);
	const char *out = "";
	if (svg_bar_chart(&b, tr(req, title_msgid), labels, values, n, unit,
			  tr(req, N_("No data yet"))) == 0)
		out = arena_strdup(req->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static double hours_of(const struct stats_summary *sum)
{
	return sum->median >= 0 ? (double)sum->median / 3600.0 : -1.0;
}

static double percent_of(const struct stats_summary *sum)
{
	double share = stats_share(sum);
	return share >= 0 ? share * 100.0 : -1.0;
}

/* What one report reads once and every table row uses. */
struct report_data {
	struct first_response *rows;
	struct stats_sample *samples, *tmp;
	int64_t *scratch;
	size_t n;
	int64_t first_week, weeks;
	const struct tz *zone;
	struct category *cats;
	size_t ncats;
};

/* One lane per week: table rows and two charts. */
static json_t *lane_weeks(struct request *req, const struct report_data *d, int lane,
			  json_t *out)
{
	json_t *rows = json_array();
	const char **labels = arena_alloc(req->arena, (size_t)d->weeks * sizeof(*labels));
	double *median = arena_alloc(req->arena, (size_t)d->weeks * sizeof(*median));
	double *share = arena_alloc(req->arena, (size_t)d->weeks * sizeof(*share));
	for (int64_t w = 0; w < d->weeks; w++) {
		struct report_filter f = {.lane = lane, .by_week = true, .week = d->first_week + w};
		struct stats_summary sum;
		char label[STATS_WEEK_LABEL_MAX];
		summarise(d->rows, d->samples, d->n, &f, d->zone, d->tmp, d->scratch, &sum);
		stats_week_label(f.week, label);
		labels[w] = arena_strdup(req->arena, label);
		median[w] = hours_of(&sum);
		share[w] = percent_of(&sum);
		json_t *row = summary_json(req, &sum);
		json_object_set_new(row, "label", json_string(labels[w]));
		json_array_append_new(rows, row);
	}
	json_object_set_new(out, "weeks", rows);
	json_object_set_new(out, "chart_median_weeks",
		json_string(reports_chart(req, N_("Median first response per week (hours)"), labels,
					  median, (size_t)d->weeks, "h")));
	json_object_set_new(out, "chart_share_weeks",
		json_string(reports_chart(req, N_("Answered within the promise per week (%)"), labels,
					  share, (size_t)d->weeks, "%")));
	return out;
}

/* One lane per category: table rows and a chart. */
static json_t *lane_categories(struct request *req, const struct report_data *d, int lane,
			       json_t *out)
{
	json_t *rows = json_array();
	const char **labels = arena_alloc(req->arena, (d->ncats + 1) * sizeof(*labels));
	double *median = arena_alloc(req->arena, (d->ncats + 1) * sizeof(*median));
	bool fi = strcmp(req->lang, "fi") == 0;
	for (size_t c = 0; c < d->ncats; c++) {
		struct report_filter f = {.lane = lane, .category_id = d->cats[c].id};
		struct stats_summary sum;
		summarise(d->rows, d->samples, d->n, &f, d->zone, d->tmp, d->scratch, &sum);
		labels[c] = fi ? d->cats[c].name_fi : d->cats[c].name_en;
		median[c] = hours_of(&sum);
		json_t *row = summary_json(req, &sum);
		json_object_set_new(row, "label", json_string(labels[c]));
		json_array_append_new(rows, row);
	}
	json_object_set_new(out, "categories", rows);
	json_object_set_new(out, "chart_median_categories",
		json_string(reports_chart(req, N_("Median first response per category (hours)"),
					  labels, median, d->ncats, "h")));
	return out;
}

static json_t *lane_json(struct request *req, const struct report_data *d, int lane)
{
	struct report_filter all = {.lane = lane};
	struct stats_summary sum;
	summarise(d->rows, d->samples, d->n, &all, d->zone, d->tmp, d->scratch, &sum);
	json_t *out = json_pack("{s:s, s:s, s:o}", "key", lane ? "priority" : "normal", "name",
				tr(req, lane_names[lane]), "total", summary_json(req, &sum));
	lane_weeks(req, d, lane, out);
	return lane_categories(req, d, lane, out);
}

/* ?weeks=N (1-53), default 12; -1 when malformed. */
static int64_t weeks_param(const struct request *req)
{
	const char *v = req_query(req, "weeks");
	if (!v)
		return REPORTS_WEEKS_DEFAULT;
	char *end;
	long w = strtol(v, &end, 10);
	return *v && !*end && w >= 1 && w <= REPORTS_WEEKS_MAX ? w : -1;
}

void admin_reports_get(struct request *req, struct response *resp)
{
	struct report_data d = {.weeks = weeks_param(req)};
	int64_t now = time(NULL);
	int rc = d.weeks > 0 ? TK_OK : TK_EINVALID;
	d.zone = reports_zone(req);
	d.first_week = stats_week(d.zone, now) - d.weeks + 1;
	if (rc == TK_OK)
		rc = reports_samples(req, stats_week_start(d.zone, d.first_week), &d.rows, &d.samples,
				     &d.n);
	if (rc == TK_OK)
		rc = store_category_list(req->store, req->arena, false, &d.cats, &d.ncats);
	if (rc) {
		web_error(req, resp, rc, rc == TK_EINVALID ? N_("Give the weeks as 1 to 53.") : NULL);
		return;
	}
	d.tmp = arena_alloc(req->arena, (d.n + 1) * sizeof(*d.tmp));
	d.scratch = arena_alloc(req->arena, (d.n + 1) * sizeof(*d.scratch));
	json_t *m = page_model(req, resp, N_("Response-time reports"));
	char from[STATS_WEEK_LABEL_MAX], to[STATS_WEEK_LABEL_MAX];
	stats_week_label(d.first_week, from);
	stats_week_label(d.first_week + d.weeks - 1, to);
	json_object_set_new(m, "weeks", json_integer(d.weeks));
	json_object_set_new(m, "from_week", json_string(from));
	json_object_set_new(m, "to_week", json_string(to));
	json_object_set_new(m, "lanes", json_pack("[o, o]", lane_json(req, &d, 0),
						  lane_json(req, &d, 1)));
	page_render(req, resp, 200, "admin_reports", m);
}
