/* test_ticket.c - the ticket state machine and field rules. */
#include <string.h>

#include "check.h"
#include "domain/ticket.h"

static void test_names_round_trip(void)
{
	for (int i = 0; i < TS__MAX; i++)
		CHECK(ticket_status_parse(ticket_status_name((enum ticket_status)i)) == i);
	CHECK(ticket_status_parse("pending") == -1);
	CHECK(ticket_status_parse(NULL) == -1);
	CHECK(ticket_waits_for_team(TS_NEW) && ticket_waits_for_team(TS_OPEN));
	CHECK(!ticket_waits_for_team(TS_WAITING) && !ticket_waits_for_team(TS_SOLVED) &&
	      !ticket_waits_for_team(TS_CLOSED));
}

static void test_agent_changes(void)
{
	CHECK(ticket_status_change_ok(TS_NEW, TS_OPEN));
	CHECK(ticket_status_change_ok(TS_OPEN, TS_WAITING));
	CHECK(ticket_status_change_ok(TS_WAITING, TS_SOLVED));
	CHECK(ticket_status_change_ok(TS_SOLVED, TS_CLOSED));
	CHECK(ticket_status_change_ok(TS_SOLVED, TS_OPEN));
	CHECK(ticket_status_change_ok(TS_NEW, TS_CLOSED));
	for (int to = 0; to < TS__MAX; to++)
		CHECK(!ticket_status_change_ok(TS_CLOSED, (enum ticket_status)to));
	for (int from = 0; from < TS__MAX; from++)
		CHECK(!ticket_status_change_ok((enum ticket_status)from, TS_NEW));
	CHECK(!ticket_status_change_ok(TS_OPEN, TS_OPEN));
}

static void test_replies(void)
{
	enum ticket_status s;
	CHECK(ticket_status_after_reply(TS_WAITING, true, false, &s) && s == TS_OPEN);
	CHECK(ticket_status_after_reply(TS_SOLVED, true, false, &s) && s == TS_OPEN);
	CHECK(ticket_status_after_reply(TS_NEW, true, false, &s) && s == TS_NEW);
	CHECK(ticket_status_after_reply(TS_OPEN, true, false, &s) && s == TS_OPEN);
	CHECK(ticket_status_after_reply(TS_NEW, false, false, &s) && s == TS_OPEN);
	CHECK(ticket_status_after_reply(TS_WAITING, false, false, &s) && s == TS_WAITING);
	CHECK(ticket_status_after_reply(TS_NEW, false, true, &s) && s == TS_NEW); /* note */
	CHECK(!ticket_status_after_reply(TS_CLOSED, true, false, &s));
	CHECK(!ticket_status_after_reply(TS_CLOSED, false, true, &s));
}

static void test_notices(void)
{
	CHECK(ticket_event_notifies(EV_MESSAGE, false));
	CHECK(ticket_event_notifies(EV_STATUS, false));
	CHECK(!ticket_event_notifies(EV_MESSAGE, true));
	CHECK(!ticket_event_notifies(EV_NOTE, false));
	CHECK(!ticket_event_notifies(EV_ASSIGNED, false));
}

static void test_fields(void)
{
	CHECK(ticket_subject_check("Order not shipped") == NULL);
	CHECK(ticket_subject_check("   ") != NULL);
	CHECK(ticket_subject_check(NULL) != NULL);
	CHECK(ticket_subject_check("two\nlines") != NULL);
	char subject[TICKET_SUBJECT_MAX + 2];
	memset(subject, 'a', sizeof(subject) - 1);
	subject[sizeof(subject) - 1] = '\0';
	CHECK(ticket_subject_check(subject) != NULL);
	subject[TICKET_SUBJECT_MAX] = '\0';
	CHECK(ticket_subject_check(subject) == NULL);
	CHECK(ticket_body_check("Hei!\nTilaus ei ole tullut.") == NULL);
	CHECK(ticket_body_check("\n\t ") != NULL);
}

int main(void)
{
	RUN(test_names_round_trip);
	RUN(test_agent_changes);
	RUN(test_replies);
	RUN(test_notices);
	RUN(test_fields);
	return check_done();
}
