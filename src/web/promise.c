/* promise.c - loading the calendar and telling people when to expect an
 * answer. */
#include "web/promise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/timefmt.h"
#include "lib/tz.h"
#include "store/store.h"
#include "web/page.h"

#define PROMISE_ZONE_DEFAULT "Europe/Helsinki"

static void tz_release(void *p)
{
	tz_free(p);
}

/* "HH:MM" into minutes after midnight; -1 when malformed. */
static int minutes_of(json_t *v)
{
	const char *s = json_string_value(v);
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '9' ||
	    s[4] < '0' || s[4] > '9' || h > 24 || m > 59 || (h == 24 && m))
		return -1;
	return h * 60 + m;
}

/* Overrides the hours in out with those in the JSON array (7 days). */
static void hours_from(json_t *days, struct calendar_hours out[7], bool cutoff)
{
	for (size_t d = 0; d < 7 && json_is_array(days) && d < json_array_size(days); d++) {
		json_t *day = json_array_get(days, d);
		int open = minutes_of(json_object_get(day, "open"));
		int close = minutes_of(json_object_get(day, "close"));
		int cut = cutoff ? minutes_of(json_object_get(day, "cutoff")) : close;
		if (open >= 0 && close >= 0)
			out[d] = (struct calendar_hours){open, close, cut >= 0 ? cut : close};
	}
}

static int holidays_of(struct store *s, struct arena *a, struct calendar *cal)
{
	struct holiday *h;
	size_t n;
	int rc = store_holiday_list(s, a, &h, &n);
	if (rc)
		return rc;
	int32_t *days = arena_alloc(a, (n + 1) * sizeof(*days));
	for (size_t i = 0; i < n; i++)
		days[i] = h[i].day; /* the table's order: sorted */
	cal->extra_holidays = days;
	cal->nextra = n;
	return TK_OK;
}

int promise_calendar(struct store *s, struct arena *a, struct calendar *out, char **err)
{
	const char *text = NULL;
	int rc = store_setting_get(s, a, "calendar", &text);
	if (rc)
		return rc;
	json_t *cfg = text ? json_loads(text, 0, NULL) : NULL;
	const char *zone = json_string_value(json_object_get(cfg, "zone"));
	struct tz *tz;
	if (tz_load(zone ? zone : PROMISE_ZONE_DEFAULT, &tz, err) != 0) {
		json_decref(cfg);
		return TK_EINVALID;
	}
	arena_defer(a, tz_release, tz);
	calendar_defaults(out, tz);
	hours_from(json_object_get(cfg, "normal"), out->normal, true);
	hours_from(json_object_get(cfg, "priority"), out->priority, false);
	json_t *pm = json_object_get(cfg, "priority_minutes");
	if (json_is_integer(pm) && json_integer_value(pm) > 0 && json_integer_value(pm) <= 7 * 1440)
		out->priority_minutes = (int)json_integer_value(pm);
	json_t *fh = json_object_get(cfg, "finnish_holidays");
	if (json_is_boolean(fh))
		out->finnish_holidays = json_is_true(fh);
	json_decref(cfg);
	return holidays_of(s, a, out);
}

const struct calendar *promise_for(struct request *req)
{
	if (req->calendar)
		return req->calendar;
	struct calendar *cal = arena_alloc(req->arena, sizeof(*cal));
	char *err = NULL;
	if (promise_calendar(req->store, req->arena, cal, &err) != TK_OK) {
		log_error("calendar: %s", err ? err : "cannot load");
		free(err);
		return NULL;
	}
	return req->calendar = cal;
}

const struct tz *promise_zone(struct request *req)
{
	struct tz *z;
	char *err = NULL;
	if (req->zone)
		return req->zone;
	if (req->user && req->user->time_zone && tz_load(req->user->time_zone, &z, &err) == 0) {
		arena_defer(req->arena, tz_release, z);
		return req->zone = z;
	}
	free(err);
	const struct calendar *cal = promise_for(req);
	return req->zone = cal ? cal->tz : NULL;
}

const char *local_time(struct request *req, int64_t t)
{
	return timefmt_local(req->arena, t, req->lang, promise_zone(req));
}

json_t *promise_now_json(struct request *req)
{
	const struct calendar *cal = promise_for(req);
	return cal ? promise_json(req, cal, calendar_due_normal(cal, time(NULL))) : json_null();
}

int promise_refresh_due(struct request *req, int64_t ticket_id)
{
	struct ticket t;
	const struct calendar *cal = promise_for(req);
	int rc = cal ? store_ticket_get(req->store, req->arena, ticket_id, &t) : TK_EINTERNAL;
	if (rc)
		return rc;
	int64_t due = !t.waiting_since ? 0
		      : t.priority    ? calendar_due_priority(cal, t.waiting_since)
				      : calendar_due_normal(cal, t.waiting_since);
	if (due < 0)
		due = 0; /* nothing is ever open: no promise to make */
	return due == t.due_at ? TK_OK : store_ticket_set_due(req->store, t.id, due);
}

/* "today", "tomorrow", a weekday within a week, else the date. */
static const char *day_words(struct request *req, const struct tz_civil *now,
			     const struct tz_civil *due)
{
	static const char *const weekdays[7] = {N_("on Sunday"), N_("on Monday"), N_("on Tuesday"),
						N_("on Wednesday"), N_("on Thursday"),
						N_("on Friday"), N_("on Saturday")};
	int64_t days = days_from_civil(due->year, due->month, due->day) -
		       days_from_civil(now->year, now->month, now->day);
	if (days <= 0)
		return tr(req, N_("today"));
	if (days == 1)
		return tr(req, N_("tomorrow"));
	if (days < 7)
		return tr(req, weekdays[due->wday]);
	return arena_printf(req->arena, "%d.%d.%d", due->day, due->month, due->year);
}

json_t *promise_json(struct request *req, const struct calendar *cal, int64_t due)
{
	if (due <= 0)
		return json_pack("{s:n, s:n}", "expected_response_by", "expected_local");
	/* In the viewer's zone: "today" and "17:00" are theirs. */
	const struct tz *zone = promise_zone(req);
	struct tz_civil now, d;
	(void)cal;
	tz_to_civil(zone, time(NULL), &now);
	tz_to_civil(zone, due, &d);
	const char *clock = strcmp(req->lang, "fi") == 0
				    ? arena_printf(req->arena, "%d.%02d", d.hour, d.min)
				    : arena_printf(req->arena, "%02d:%02d", d.hour, d.min);
	const char *kv[] = {"day", day_words(req, &now, &d), "time", clock};
	return json_pack("{s:s, s:s, s:b}", "expected_response_by", timefmt_iso(req->arena, due),
			 "expected_local", trf(req, N_("{day} by {time}"), kv, 2), "overdue",
			 due < time(NULL));
}

/* "HH:MM" of minutes after midnight. */
static json_t *hhmm(int minutes)
{
	char s[32];
	snprintf(s, sizeof(s), "%02d:%02d", minutes / 60 % 100, minutes % 60);
	return json_string(s);
}

json_t *promise_settings_json(struct store *s, struct arena *a)
{
	struct calendar cal;
	char *err = NULL;
	const char *text = NULL;
	if (promise_calendar(s, a, &cal, &err) != TK_OK) {
		free(err);
		return NULL;
	}
	store_setting_get(s, a, "calendar", &text);
	json_t *cfg = text ? json_loads(text, 0, NULL) : NULL;
	const char *zone = json_string_value(json_object_get(cfg, "zone"));
	json_t *out = json_pack("{s:s, s:i, s:b, s:[], s:[]}", "zone",
				arena_strdup(a, zone ? zone : PROMISE_ZONE_DEFAULT), "priority_minutes",
				cal.priority_minutes, "finnish_holidays", cal.finnish_holidays,
				"normal", "priority");
	json_decref(cfg);
	for (int d = 0; d < 7; d++) {
		json_array_append_new(json_object_get(out, "normal"), json_pack("{s:i, s:o, s:o, s:o}",
			"day", d, "open", hhmm(cal.normal[d].open), "close", hhmm(cal.normal[d].close),
			"cutoff", hhmm(cal.normal[d].cutoff)));
		json_array_append_new(json_object_get(out, "priority"), json_pack("{s:i, s:o, s:o}",
			"day", d, "open", hhmm(cal.priority[d].open), "close",
			hhmm(cal.priority[d].close)));
	}
	return out;
}
