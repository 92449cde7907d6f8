/* promise.h - the response-time promise as the pages and the API show it.
 *
 * The business calendar (domain/calendar.c) is configured by the admin:
 * the "calendar" setting (JSON) and the holidays table, over defaults.
 * A ticket's due time follows from when it started waiting for the team
 * (waiting_since), so every change that starts or stops the wait only
 * needs promise_refresh_due() afterwards. A due time is a promise made to
 * the customer when the wait started: when the admin changes the
 * calendar, new waits follow the new settings and promises already made
 * stand (the customer was told them). */
#ifndef TUKI_WEB_PROMISE_H
#define TUKI_WEB_PROMISE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/calendar.h"

struct arena;
struct request;
struct store;

/* The calendar from the settings (defaults where unset), its zone and
 * holidays in arena memory; *err (free()) on a bad zone. */
int promise_calendar(struct store *s, struct arena *a, struct calendar *out, char **err);
/* The request's calendar, loaded once per request; NULL if the settings
 * name a zone that cannot be loaded (logged). */
const struct calendar *promise_for(struct request *req);
/* The zone times are shown in: the user's own, else the help desk's. */
const struct tz *promise_zone(struct request *req);
/* t as local time for the viewer, in their language and zone. */
const char *local_time(struct request *req, int64_t t);
/* When a ticket sent now would be due (normal), for the contact form. */
json_t *promise_now_json(struct request *req);
/* Recomputes ticket id's due time from its state. */
int promise_refresh_due(struct request *req, int64_t ticket_id);
/* When an answer can be expected for a ticket sent at t, and how to say
 * it: {"expected_response_by": ISO, "expected_local": "today by 17:00"}. */
json_t *promise_json(struct request *req, const struct calendar *cal, int64_t due);
/* The calendar settings as JSON for the admin page (with defaults). */
json_t *promise_settings_json(struct store *s, struct arena *a);

#endif
