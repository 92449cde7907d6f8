/* ticket.h - the ticket state machine, with no I/O.
 *
 *   new -> open -> waiting (on the customer) -> solved -> closed
 *
 * The queue holds what waits for the team (new, open). A customer reply
 * brings waiting and solved tickets back to open; closed is final. */
#ifndef TUKI_DOMAIN_TICKET_H
#define TUKI_DOMAIN_TICKET_H

#include <stdbool.h>

enum ticket_status { TS_NEW, TS_OPEN, TS_WAITING, TS_SOLVED, TS_CLOSED, TS__MAX };

enum {
	TICKET_SUBJECT_MAX = 200,   /* characters */
	TICKET_BODY_MAX = 20000,    /* characters */
};

/* Ticket events; customers hear about some of them (ticket_event_notifies). */
enum ticket_event_kind {
	EV_CREATED, EV_MESSAGE, EV_NOTE, EV_STATUS, EV_ASSIGNED, EV_RELEASED, EV_PAYMENT, EV__MAX
};

const char *ticket_status_name(enum ticket_status s);
/* -1 when s names no status. */
int ticket_status_parse(const char *s);
/* English msgid for people: "Waiting on customer". */
const char *ticket_status_label(enum ticket_status s);
bool ticket_waits_for_team(enum ticket_status s);

/* May an agent move a ticket from one status to another? Any change
 * except out of closed, and except back to new (new means nobody has
 * answered yet, which a change cannot undo). */
bool ticket_status_change_ok(enum ticket_status from, enum ticket_status to);
/* The status after a reply: a customer reply reopens waiting and solved
 * tickets; an agent's public reply moves new to open; notes change
 * nothing. Returns false for a reply to a closed ticket. */
bool ticket_status_after_reply(enum ticket_status cur, bool by_customer, bool internal,
			       enum ticket_status *out);

const char *ticket_event_name(enum ticket_event_kind k);
/* True for changes the customer should be told about (the notification
 * outbox will read these): the team's public replies and status changes. */
bool ticket_event_notifies(enum ticket_event_kind k, bool by_customer);

/* Checks subject and body lengths (characters) and emptiness; NULL when
 * fine, else the msgid of the problem. */
const char *ticket_subject_check(const char *subject);
const char *ticket_body_check(const char *body);

#endif
