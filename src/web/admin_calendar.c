/* admin_calendar.c - the admin's business calendar: hours, cut-offs,
 * priority hours, holidays (by hand or from .ics), and a preview of the
 * due time for any moment before the settings are saved. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/ics.h"
#include "lib/timefmt.h"
#include "lib/tz.h"
#include "store/store.h"
#include "web/page.h"
#include "web/payment.h"
#include "web/promise.h"
#include "web/routes.h"

static const char *const day_names[7] = {N_("Sunday"), N_("Monday"), N_("Tuesday"),
					 N_("Wednesday"), N_("Thursday"), N_("Friday"),
					 N_("Saturday")};

/* "HH:MM" of minutes. */
static const char *hhmm(struct request *req, int minutes)
{
	return arena_printf(req->arena, "%02d:%02d", minutes / 60 % 100, minutes % 60);
}

static json_t *days_json(struct request *req, const struct calendar *cal)
{
	json_t *days = json_array();
	for (int d = 1; d <= 7; d++) { /* Monday first, as people read a week */
		int i = d % 7;
		json_array_append_new(days, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "day", i,
			"name", tr(req, day_names[i]), "open", hhmm(req, cal->normal[i].open), "close",
			hhmm(req, cal->normal[i].close), "cutoff", hhmm(req, cal->normal[i].cutoff),
			"popen", hhmm(req, cal->priority[i].open), "pclose",
			hhmm(req, cal->priority[i].close)));
	}
	return days;
}

static void calendar_page(struct request *req, struct response *resp, int status,
			  const char *error, json_t *preview)
{
	const struct calendar *cal = promise_for(req);
	struct holiday *h;
	size_t n;
	int rc = cal ? store_holiday_list(req->store, req->arena, &h, &n) : TK_EINTERNAL;
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Business calendar"));
	json_t *hol = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(hol, json_pack("{s:i, s:s, s:s}", "day", h[i].day, "date",
			arena_printf(req->arena, "%04d-%02d-%02d", h[i].day / 10000,
				     h[i].day / 100 % 100, h[i].day % 100), "name", h[i].name));
	json_t *settings = promise_settings_json(req->store, req->arena);
	json_object_set_new(m, "days", days_json(req, cal));
	json_object_set_new(m, "settings", settings ? settings : json_object());
	json_object_set_new(m, "holidays", hol);
	json_object_set_new(m, "priority", priority_json(req));
	if (preview)
		json_object_set(m, "preview", preview);
	if (error)
		json_object_set_new(m, "error", json_string(tr(req, error)));
	page_render(req, resp, status, "admin_calendar", m);
}

/* The value of exactly n decimal digits at s; -1 otherwise (strtol would
 * also take signs and spaces). */
static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* ?at=YYYY-MM-DDTHH:MM[&priority=1]: when a ticket sent then is due. */
static json_t *preview_json(struct request *req, const char *at, bool priority)
{
	const struct calendar *cal = promise_for(req);
	if (!cal || !at || strlen(at) != 16 || at[4] != '-' || at[7] != '-' || at[10] != 'T' ||
	    at[13] != ':')
		return NULL;
	int y = digits(at, 4), mo = digits(at + 5, 2), d = digits(at + 8, 2), h = digits(at + 11, 2),
	    mi = digits(at + 14, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59)
		return NULL;
	int64_t t = tz_from_civil(cal->tz, y, mo, d, h, mi, 0);
	int64_t due = priority ? calendar_due_priority(cal, t) : calendar_due_normal(cal, t);
	if (due < 0)
		return req_json(req, json_pack("{s:s, s:b, s:s}", "at", at, "priority", priority, "due",
					       tr(req, N_("never: the calendar has no open hours"))));
	struct tz_civil c;
	tz_to_civil(cal->tz, due, &c);
	return req_json(req, json_pack("{s:s, s:b, s:s}", "at", at, "priority", priority, "due",
		arena_printf(req->arena, "%04d-%02d-%02d %02d:%02d (%s)", c.year, c.month, c.day,
			     c.hour, c.min, tr(req, day_names[c.wday]))));
}

void admin_calendar_get(struct request *req, struct response *resp)
{
	const char *at = req_query(req, "at");
	json_t *preview = at ? preview_json(req, at, req_query(req, "priority") != NULL) : NULL;
	calendar_page(req, resp, at && !preview ? 422 : 200,
		      at && !preview ? N_("Give the time as 2026-12-04T15:59.") : NULL, preview);
}

/* "HH:MM" field into minutes; -1 when malformed. */
static int field_minutes(struct request *req, const char *name, int day)
{
	const char *v = req_form(req, arena_printf(req->arena, "%s_%d", name, day));
	if (!v || strlen(v) != 5 || v[2] != ':')
		return -1;
	int h = digits(v, 2), m = digits(v + 3, 2);
	return h >= 0 && h <= 24 && m >= 0 && m <= 59 && h * 60 + m <= 1440
		       ? h * 60 + m
		       : -1;
}

/* The form as the "calendar" setting's JSON; NULL when a field is bad. */
static json_t *settings_from_form(struct request *req)
{
	json_t *normal = json_array(), *priority = json_array();
	json_t *out = json_pack("{s:s?, s:o, s:o, s:b}", "zone", req_form(req, "zone"), "normal",
				normal, "priority", priority, "finnish_holidays",
				req_form(req, "finnish_holidays") != NULL);
	for (int d = 0; d < 7; d++) {
		int o = field_minutes(req, "open", d), c = field_minutes(req, "close", d),
		    k = field_minutes(req, "cutoff", d), po = field_minutes(req, "popen", d),
		    pc = field_minutes(req, "pclose", d);
		if (o < 0 || c < 0 || k < 0 || po < 0 || pc < 0) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(normal, json_pack("{s:s, s:s, s:s}", "open", hhmm(req, o),
							"close", hhmm(req, c), "cutoff", hhmm(req, k)));
		json_array_append_new(priority, json_pack("{s:s, s:s}", "open", hhmm(req, po), "close",
							  hhmm(req, pc)));
	}
	long minutes = strtol(req_form(req, "priority_minutes") ? req_form(req, "priority_minutes")
								 : "",
			      NULL, 10);
	if (minutes < 1 || minutes > 7 * 1440) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "priority_minutes", json_integer(minutes));
	return out;
}

void admin_calendar_post(struct request *req, struct response *resp)
{
	json_t *cfg = settings_from_form(req);
	struct tz *z = NULL;
	char *err = NULL;
	const char *zone = json_string_value(json_object_get(cfg, "zone"));
	if (!cfg || !zone || tz_load(zone, &z, &err) != 0) {
		free(err);
		json_decref(cfg);
		calendar_page(req, resp, 422, N_("Check the times (HH:MM), the minutes and the time zone."),
			      NULL);
		return;
	}
	tz_free(z);
	char *text = json_dumps(cfg, JSON_COMPACT);
	json_decref(cfg);
	int rc = text ? store_setting_put(req->store, "calendar", text, time(NULL)) : TK_EINTERNAL;
	free(text);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/calendar");
}

/* YYYY-MM-DD into yyyymmdd; 0 when malformed. */
static int32_t day_of(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return (int32_t)(y * 10000 + m * 100 + d);
}

void admin_holiday_post(struct request *req, struct response *resp)
{
	int32_t day = day_of(req_form(req, "date"));
	const char *name = req_form(req, "name");
	if (!day || !name || !*name || strlen(name) > 100) {
		calendar_page(req, resp, 422, N_("Give the date as 2026-12-31 and a name."), NULL);
		return;
	}
	int rc = store_holiday_put(req->store, day, name);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/calendar");
}

void admin_holiday_delete_post(struct request *req, struct response *resp)
{
	long day = strtol(req_param(req, "day") ? req_param(req, "day") : "", NULL, 10);
	int rc = day > 0 && day < 100000000 ? store_holiday_delete(req->store, (int32_t)day)
					    : TK_ENOTFOUND;
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/calendar");
}

void admin_holiday_import_post(struct request *req, struct response *resp)
{
	const struct upload *u = req->nuploads ? &req->uploads[0] : NULL;
	const struct calendar *cal = promise_for(req);
	int32_t *days = NULL;
	size_t n = 0;
	char *err = NULL;
	const char *name = req_form(req, "name");
	if (!u || u->state != UPLOAD_OK || !cal ||
	    ics_holidays_tz((const char *)u->data, u->len, cal->tz, &days, &n, &err) != 0) {
		free(err);
		calendar_page(req, resp, 422, N_("That file has no holidays that could be read."), NULL);
		return;
	}
	int rc = TK_OK;
	for (size_t i = 0; rc == TK_OK && i < n; i++)
		rc = store_holiday_put(req->store, days[i], name && *name ? name : "Imported");
	free(days);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/calendar");
}

/* The priority offer: on or off, and the fee ("9.00" or "9,00"). */
void admin_priority_post(struct request *req, struct response *resp)
{
	int64_t fee = payment_amount_cents_parse(req_form(req, "fee") ? req_form(req, "fee") : "");
	/* Stripe charges at least 0.50 EUR: a lower fee would never go through. */
	if (fee < 50) {
		calendar_page(req, resp, 422, N_("Give the fee as 9.00 (at least 0.50)."), NULL);
		return;
	}
	json_t *v = json_pack("{s:b, s:I, s:s}", "enabled", req_form(req, "enabled") != NULL,
			      "fee_cents", (json_int_t)fee, "currency", "eur");
	char *text = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	int rc = text ? store_setting_put(req->store, "priority", text, time(NULL)) : TK_EINTERNAL;
	free(text);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/calendar");
}
