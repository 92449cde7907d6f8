/* ics.c - holiday dates out of iCalendar files.
 *
 * libical does the parsing (folding, escaping, parameters, recurrence
 * rules); this file only decides which local dates each event covers. */
#include "lib/ics.h"

#include <libical/ical.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/tz.h"

/* Occurrences read from one RRULE before giving up, whatever it yields. */
enum { ICS_RECUR_STEPS_MAX = 100000 };

/* The growing result, plus what the events need to know. */
struct ics_ctx {
	int32_t *v;
	size_t n, cap;
	const struct tz *zone;
	size_t event;         /* 1-based, for messages */
	const char *why;      /* first error */
};

__attribute__((format(printf, 2, 3))) static void set_err(char **err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
}

/* Appends a date; false (with ctx->why set) when full. */
static bool add_date(struct ics_ctx *ctx, int64_t days)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 1 || y > 9999 || ctx->n >= ICS_DATES_MAX) {
		ctx->why = ctx->n >= ICS_DATES_MAX ? "too many dates" : "date out of range";
		return false;
	}
	if (ctx->n == ctx->cap) {
		size_t cap = ctx->cap ? ctx->cap * 2 : 64;
		int32_t *v = realloc(ctx->v, cap * sizeof(*v));
		if (!v) {
			ctx->why = "out of memory";
			return false;
		}
		ctx->v = v;
		ctx->cap = cap;
	}
	ctx->v[ctx->n++] = y * 10000 + m * 100 + d;
	return true;
}

/* The local date of an iCalendar time as days since 1970-01-01, and its
 * local time of day in seconds. */
static int64_t local_days(const struct ics_ctx *ctx, struct icaltimetype t, int *sod)
{
	if (!t.is_date && icaltime_is_utc(t) && ctx->zone) {
		struct tz_civil c;
		tz_to_civil(ctx->zone, (int64_t)icaltime_as_timet(t), &c);
		*sod = c.hour * 3600 + c.min * 60 + c.sec;
		return days_from_civil(c.year, c.month, c.day);
	}
	*sod = t.is_date ? 0 : t.hour * 3600 + t.minute * 60 + t.second;
	return days_from_civil(t.year, t.month, t.day);
}

/* Whether libical handed back a usable date (it flags errors in-band). */
static bool time_ok(struct icaltimetype t)
{
	return !icaltime_is_null_time(t) && icaltime_is_valid_time(t) && t.year >= 1 &&
	       t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= 31;
}

/* How many dates one occurrence covers, from DTSTART and DTEND (or
 * DURATION); at least one. An end at local midnight is exclusive. */
static int64_t span_days(const struct ics_ctx *ctx, icalcomponent *ev,
			 struct icaltimetype start)
{
	struct icaltimetype end = icalcomponent_get_dtend(ev);
	int sod, end_sod;
	if (!time_ok(end))
		return 1;
	int64_t span = local_days(ctx, end, &end_sod) - local_days(ctx, start, &sod);
	span += end_sod != 0;
	return span < 1 ? 1 : span;
}

/* Whether an EXDATE of the event names the date of t. */
static bool excluded(const struct ics_ctx *ctx, icalcomponent *ev, struct icaltimetype t)
{
	int sod;
	int64_t day = local_days(ctx, t, &sod);
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
		if (local_days(ctx, icalproperty_get_exdate(p), &sod) == day)
			return true;
	return false;
}

/* Adds the dates of one occurrence starting at t, unless excluded. */
static bool add_occurrence(struct ics_ctx *ctx, icalcomponent *ev, struct icaltimetype t,
			   int64_t span)
{
	if (!time_ok(t) || excluded(ctx, ev, t))
		return true;
	int sod;
	int64_t first = local_days(ctx, t, &sod);
	for (int64_t i = 0; i < span; i++)
		if (!add_date(ctx, first + i))
			return false;
	return true;
}

/* Expands a yearly RRULE over ICS_YEAR_FIRST..ICS_YEAR_LAST. */
static bool add_yearly(struct ics_ctx *ctx, icalcomponent *ev, struct icaltimetype start,
		       int64_t span)
{
	icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	if (!p)
		return true;
	struct icalrecurrencetype rule = icalproperty_get_rrule(p);
	icalrecur_iterator *it = rule.freq == ICAL_YEARLY_RECURRENCE ?
					 icalrecur_iterator_new(rule, start) : NULL;
	bool ok = true;
	for (int i = 0; it && ok && i < ICS_RECUR_STEPS_MAX; i++) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t) || t.year > ICS_YEAR_LAST)
			break;
		if (t.year >= ICS_YEAR_FIRST)
			ok = add_occurrence(ctx, ev, t, span);
	}
	if (it)
		icalrecur_iterator_free(it);
	return ok;
}

/* Adds each RDATE (a date, a date-time or the start of a period). */
static bool add_rdates(struct ics_ctx *ctx, icalcomponent *ev, int64_t span)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype r = icalproperty_get_rdate(p);
		struct icaltimetype t = icaltime_is_null_time(r.time) ? r.period.start : r.time;
		if (!add_occurrence(ctx, ev, t, span))
			return false;
	}
	return true;
}

static bool add_event(struct ics_ctx *ctx, icalcomponent *ev)
{
	ctx->event++;
	if (icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED)
		return true;
	struct icaltimetype start = icalcomponent_get_dtstart(ev);
	if (!time_ok(start)) {
		ctx->why = "no valid DTSTART";
		return false;
	}
	int64_t span = span_days(ctx, ev, start);
	if (span > ICS_EVENT_DAYS_MAX) {
		ctx->why = "longer than a year";
		return false;
	}
	return add_occurrence(ctx, ev, start, span) && add_yearly(ctx, ev, start, span) &&
	       add_rdates(ctx, ev, span);
}

/* Visits the events of a VCALENDAR, or of each VCALENDAR in a file that
 * holds several (libical wraps those in an XROOT). */
static bool walk(struct ics_ctx *ctx, icalcomponent *c, int depth)
{
	icalcomponent_kind kind = icalcomponent_isa(c);
	if (kind == ICAL_VEVENT_COMPONENT)
		return add_event(ctx, c);
	if (depth > 1 || (kind != ICAL_VCALENDAR_COMPONENT && kind != ICAL_XROOT_COMPONENT))
		return true;
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		if (!walk(ctx, k, depth + 1))
			return false;
	return true;
}

static int cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Sorts and drops repeats in place. */
static void sort_unique(struct ics_ctx *ctx)
{
	if (ctx->n == 0)
		return;
	qsort(ctx->v, ctx->n, sizeof(*ctx->v), cmp_date);
	size_t k = 1;
	for (size_t i = 1; i < ctx->n; i++)
		if (ctx->v[i] != ctx->v[k - 1])
			ctx->v[k++] = ctx->v[i];
	ctx->n = k;
}

/* Parses the text (libical wants a NUL-terminated copy). */
static icalcomponent *parse(const char *text, size_t len, const char **why)
{
	if (len > ICS_TEXT_MAX || memchr(text, '\0', len)) {
		*why = len > ICS_TEXT_MAX ? "file too large" : "file contains NUL bytes";
		return NULL;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		*why = "out of memory";
		return NULL;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	icalcomponent *root = icalparser_parse_string(copy);
	free(copy);
	icalcomponent_kind kind = root ? icalcomponent_isa(root) : ICAL_NO_COMPONENT;
	if (kind != ICAL_VCALENDAR_COMPONENT && kind != ICAL_XROOT_COMPONENT) {
		*why = "not an iCalendar file";
		if (root)
			icalcomponent_free(root);
		return NULL;
	}
	return root;
}

int ics_holidays_tz(const char *text, size_t len, const struct tz *zone, int32_t **dates,
		    size_t *n, char **err)
{
	struct ics_ctx ctx = {.zone = zone};
	const char *why = NULL;
	icalcomponent *root = text ? parse(text, len, &why) : NULL;
	if (root && !walk(&ctx, root, 0))
		why = ctx.why;
	if (root && !why && ctx.n == 0)
		why = "no events with dates";
	if (root)
		icalcomponent_free(root);
	if (why || !root) {
		if (ctx.why == why && ctx.event)
			set_err(err, "iCalendar event %zu: %s", ctx.event, why);
		else
			set_err(err, "iCalendar: %s", why ? why : "no input");
		free(ctx.v);
		return -1;
	}
	sort_unique(&ctx);
	*dates = ctx.v;
	*n = ctx.n;
	return 0;
}

int ics_holidays(const char *text, size_t len, int32_t **dates, size_t *n, char **err)
{
	return ics_holidays_tz(text, len, NULL, dates, n, err);
}
