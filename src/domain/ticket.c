/* ticket.c - statuses, transitions and field rules of tickets. */
#include "domain/ticket.h"

#include <ctype.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/utf8.h"

static const struct {
	const char *name, *label;
} statuses[TS__MAX] = {
	[TS_NEW] = {"new", N_("New")},
	[TS_OPEN] = {"open", N_("Open")},
	[TS_WAITING] = {"waiting", N_("Waiting on customer")},
	[TS_SOLVED] = {"solved", N_("Solved")},
	[TS_CLOSED] = {"closed", N_("Closed")},
};

static const char *const event_names[EV__MAX] = {
	[EV_CREATED] = "created", [EV_MESSAGE] = "message", [EV_NOTE] = "note",
	[EV_STATUS] = "status", [EV_ASSIGNED] = "assigned", [EV_RELEASED] = "released",
	[EV_PAYMENT] = "payment",
};

const char *ticket_status_name(enum ticket_status s)
{
	return s < TS__MAX ? statuses[s].name : "new";
}

int ticket_status_parse(const char *s)
{
	for (int i = 0; s && i < TS__MAX; i++)
		if (strcmp(s, statuses[i].name) == 0)
			return i;
	return -1;
}

const char *ticket_status_label(enum ticket_status s)
{
	return s < TS__MAX ? statuses[s].label : "";
}

bool ticket_waits_for_team(enum ticket_status s)
{
	return s == TS_NEW || s == TS_OPEN;
}

bool ticket_status_change_ok(enum ticket_status from, enum ticket_status to)
{
	if (from >= TS__MAX || to >= TS__MAX || from == to)
		return false;
	return from != TS_CLOSED && to != TS_NEW;
}

bool ticket_status_after_reply(enum ticket_status cur, bool by_customer, bool internal,
			       enum ticket_status *out)
{
	*out = cur;
	if (cur == TS_CLOSED)
		return false;
	if (internal)
		return true;
	if (by_customer && (cur == TS_WAITING || cur == TS_SOLVED))
		*out = TS_OPEN;
	else if (!by_customer && cur == TS_NEW)
		*out = TS_OPEN;
	return true;
}

const char *ticket_event_name(enum ticket_event_kind k)
{
	return k < EV__MAX ? event_names[k] : "unknown";
}

bool ticket_event_notifies(enum ticket_event_kind k, bool by_customer)
{
	return (!by_customer && (k == EV_MESSAGE || k == EV_STATUS)) || k == EV_PAYMENT;
}

/* Blank: nothing but whitespace. */
static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

const char *ticket_subject_check(const char *subject)
{
	if (!subject || blank(subject))
		return N_("Please write a subject.");
	if (utf8_length(subject, strlen(subject)) > TICKET_SUBJECT_MAX)
		return N_("The subject is too long (at most 200 characters).");
	if (strpbrk(subject, "\r\n"))
		return N_("The subject must be one line.");
	return NULL;
}

const char *ticket_body_check(const char *body)
{
	if (!body || blank(body))
		return N_("Please describe your question.");
	if (utf8_length(body, strlen(body)) > TICKET_BODY_MAX)
		return N_("The message is too long (at most 20,000 characters).");
	return NULL;
}
