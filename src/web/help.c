/* help.c - the public help page: how to get an answer, built from the
 * live settings (hours, cut-offs, priority hours and fee, holidays) and
 * the response times measured from real tickets. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "domain/calendar.h"
#include "domain/payment.h"
#include "domain/stats.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/tz.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page.h"
#include "web/payment.h"
#include "web/promise.h"
#include "web/routes.h"

enum {
	HELP_MEASURE_DAYS = 30,
	HELP_HOLIDAYS_SHOWN = 5,   /* upcoming extra holidays listed */
};

static const char *const day_names[7] = {N_("Sunday"), N_("Monday"), N_("Tuesday"),
					 N_("Wednesday"), N_("Thursday"), N_("Friday"),
					 N_("Saturday")};

/* A time of day as people write it: "8.00" in Finnish, "08:00" in English. */
static const char *clock_text(struct request *req, int minutes)
{
	if (strcmp(req->lang, "fi") == 0)
		return arena_printf(req->arena, "%d.%02d", minutes / 60 % 100, minutes % 60);
	return arena_printf(req->arena, "%02d:%02d", minutes / 60 % 100, minutes % 60);
}

static bool same_hours(const struct calendar_hours *a, const struct calendar_hours *b,
		       bool cutoff)
{
	bool ca = a->open >= a->close, cb = b->open >= b->close;
	if (ca || cb)
		return ca && cb; /* closed is closed, whatever the times say */
	return a->open == b->open && a->close == b->close && (!cutoff || a->cutoff == b->cutoff);
}

/* "Monday", "Monday–Friday" or "Every day" for days first..last of the
 * week counted from Monday (0 = Monday). */
static const char *days_text(struct request *req, int first, int last)
{
	if (first == 0 && last == 6)
		return tr(req, N_("Every day"));
	const char *a = tr(req, day_names[(first + 1) % 7]);
	if (first == last)
		return a;
	const char *kv[] = {"first", a, "last", tr(req, day_names[(last + 1) % 7])};
	return trf(req, N_("{first}–{last}"), kv, 2);
}

/* The week's hours, Monday first, consecutive days with the same hours
 * in one row: [{"days", "closed", "open", "close", "cutoff"?}]. */
static json_t *hours_json(struct request *req, const struct calendar_hours h[7], bool cutoff)
{
	json_t *out = json_array();
	for (int first = 0, last; first < 7; first = last + 1) {
		const struct calendar_hours *x = &h[(first + 1) % 7];
		for (last = first; last + 1 < 7 && same_hours(x, &h[(last + 2) % 7], cutoff); last++)
			;
		bool closed = x->open >= x->close;
		bool has_cutoff = cutoff && !closed && x->cutoff > x->open && x->cutoff < x->close;
		json_array_append_new(out, json_pack("{s:s, s:b, s:s, s:s, s:s?}", "days",
			days_text(req, first, last), "closed", closed, "open", clock_text(req, x->open),
			"close", clock_text(req, x->close), "cutoff",
			has_cutoff ? clock_text(req, x->cutoff) : NULL));
	}
	return out;
}

/* The admin's extra holidays from today on, the first few. */
static json_t *holidays_json(struct request *req, const struct calendar *cal)
{
	struct tz_civil now;
	tz_to_civil(cal->tz, time(NULL), &now);
	int32_t today = now.year * 10000 + now.month * 100 + now.day;
	bool fi = strcmp(req->lang, "fi") == 0;
	json_t *out = json_array();
	for (size_t i = 0; i < cal->nextra && json_array_size(out) < HELP_HOLIDAYS_SHOWN; i++) {
		int32_t d = cal->extra_holidays[i];
		if (d < today)
			continue;
		json_array_append_new(out, json_string(
			fi ? arena_printf(req->arena, "%d.%d.%d", d % 100, d / 100 % 100, d / 10000)
			   : arena_printf(req->arena, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100)));
	}
	return out;
}

static json_t *promise_model(struct request *req, const struct calendar *cal)
{
	const char *kv[] = {"duration", reports_duration(req, (int64_t)cal->priority_minutes * 60)};
	const struct calendar_hours *sun = &cal->priority[0];
	return json_pack("{s:o, s:o, s:b, s:b, s:s, s:o}", "normal", hours_json(req, cal->normal, true),
		"priority", hours_json(req, cal->priority, false), "finnish_holidays",
		cal->finnish_holidays, "priority_sundays", sun->open < sun->close, "priority_within",
		trf(req, N_("{duration} of priority hours"), kv, 1), "holidays",
		holidays_json(req, cal));
}

static json_t *priority_model(struct request *req)
{
	struct priority_offer o;
	char fee[PAYMENT_AMOUNT_FMT_MAX];
	priority_offer(req, &o);
	payment_amount_format(o.fee_cents, req->lang, fee);
	return json_pack("{s:b, s:s}", "enabled", o.enabled, "fee", arena_strdup(req->arena, fee));
}

/* One lane's median over the period, and a chart of it per week. */
static json_t *measured_lane(struct request *req, const struct first_response *rows,
			     const struct stats_sample *s, size_t n, bool priority, int64_t since)
{
	struct stats_sample *tmp = arena_alloc(req->arena, (n + 1) * sizeof(*tmp));
	int64_t *scratch = arena_alloc(req->arena, (n + 1) * sizeof(*scratch));
	const struct tz *zone = reports_zone(req);
	int64_t w0 = stats_week(zone, since), weeks = stats_week(zone, time(NULL)) - w0 + 1;
	const char **labels = arena_alloc(req->arena, (size_t)weeks * sizeof(*labels));
	double *hours = arena_alloc(req->arena, (size_t)weeks * sizeof(*hours));
	struct stats_summary sum;
	for (int64_t w = 0; w < weeks; w++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (rows[i].priority == priority && stats_week(zone, s[i].created) == w0 + w)
				tmp[k++] = s[i];
		stats_summarise(tmp, k, time(NULL), scratch, &sum);
		char label[STATS_WEEK_LABEL_MAX];
		stats_week_label(w0 + w, label);
		const char *kv[] = {"n", label + 6}; /* "2026-W49" -> "49" */
		labels[w] = trf(req, N_("wk {n}"), kv, 1);
		hours[w] = sum.median >= 0 ? (double)sum.median / 3600.0 : -1.0;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].priority == priority)
			tmp[k++] = s[i];
	stats_summarise(tmp, k, time(NULL), scratch, &sum);
	return json_pack("{s:I, s:I, s:s?, s:s}", "answered", (json_int_t)sum.answered,
		"median_seconds", (json_int_t)sum.median, "median",
		sum.median >= 0 ? reports_duration(req, sum.median) : NULL, "chart",
		reports_chart(req, priority ? N_("Priority tickets: median first response per week (hours)")
					    : N_("Normal tickets: median first response per week (hours)"),
			      labels, hours, (size_t)weeks, "h"));
}

static int measured_model(struct request *req, json_t **out)
{
	struct first_response *rows;
	struct stats_sample *s;
	size_t n;
	int64_t since = time(NULL) - (int64_t)HELP_MEASURE_DAYS * 86400;
	int rc = reports_samples(req, since, &rows, &s, &n);
	if (rc)
		return rc;
	*out = json_pack("{s:i, s:o, s:o}", "days", HELP_MEASURE_DAYS, "normal",
			 measured_lane(req, rows, s, n, false, since), "priority",
			 measured_lane(req, rows, s, n, true, since));
	return TK_OK;
}

void help_get(struct request *req, struct response *resp)
{
	const struct calendar *cal = promise_for(req);
	json_t *measured = NULL;
	int rc = cal ? measured_model(req, &measured) : TK_EINTERNAL;
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	const struct config *cfg = req->app->cfg;
	json_t *m = page_model(req, resp, N_("How to get help"));
	json_object_set_new(m, "description",
		json_string(tr(req, N_("How to get an answer quickly, when support answers, and how "
				       "fast it has answered lately."))));
	json_object_set_new(m, "promise", promise_model(req, cal));
	json_object_set_new(m, "priority", priority_model(req));
	json_object_set_new(m, "measured", measured);
	json_object_set_new(m, "attach", json_pack("{s:I, s:I}", "max_files",
		(json_int_t)cfg->max_files, "max_mb", (json_int_t)(cfg->max_file_size / (1024 * 1024))));
	page_render(req, resp, 200, "help", m);
}
