/* routes.h - every URL Tuki answers, in one table (routes.c). */
#ifndef TUKI_WEB_ROUTES_H
#define TUKI_WEB_ROUTES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "http/router.h"

/* Who may call a route; checked before the handler runs. */
enum route_access {
	ACCESS_ANYONE = 0,
	ACCESS_USER = 1,    /* any logged-in account */
	ACCESS_AGENT = 2,   /* agents and admins */
	ACCESS_ADMIN = 3,
	ACCESS__MASK = 3,
	ROUTE_NO_CSRF = 4,  /* e.g. signed webhooks: authenticated otherwise */
	ROUTE_UPLOADS = 8,  /* takes multipart/form-data with files */
};

extern const struct route routes[];
extern const size_t nroutes;

void home_get(struct request *req, struct response *resp);
void health_get(struct request *req, struct response *resp);
void register_get(struct request *req, struct response *resp);
void register_post(struct request *req, struct response *resp);
void login_get(struct request *req, struct response *resp);
void login_post(struct request *req, struct response *resp);
void logout_post(struct request *req, struct response *resp);
void account_get(struct request *req, struct response *resp);
void account_password_post(struct request *req, struct response *resp);
void account_time_zone_post(struct request *req, struct response *resp);
void lang_post(struct request *req, struct response *resp);
void kb_index_get(struct request *req, struct response *resp);
void kb_search_get(struct request *req, struct response *resp);
void kb_article_get(struct request *req, struct response *resp);
void kb_feedback_post(struct request *req, struct response *resp);
void faq_get(struct request *req, struct response *resp);
void help_get(struct request *req, struct response *resp);
void admin_reports_get(struct request *req, struct response *resp);
/* The response-time samples of tickets created since since, each with
 * the promise the calendar makes for it (web/reports.c). */
struct first_response;
struct stats_sample;
int reports_samples(struct request *req, int64_t since, struct first_response **rows,
		    struct stats_sample **samples, size_t *n);
/* The zone whose Mondays start the reports' weeks: the calendar's. */
struct tz;
const struct tz *reports_zone(struct request *req);
/* seconds for people: "under a minute", "45 min", "2 h 5 min", "3 d 4 h". */
const char *reports_duration(struct request *req, int64_t seconds);
/* A bar chart as SVG markup for {{raw}} (svg.c escapes its text); "" on failure. */
const char *reports_chart(struct request *req, const char *title_msgid, const char *const *labels,
			  const double *values, size_t n, const char *unit);
void assist_answered_post(struct request *req, struct response *resp);
/* Puts the assistant's answer for q (may be NULL) into a page model. */
int assist_model(struct request *req, json_t *m, const char *q);
void contact_get(struct request *req, struct response *resp);
void contact_post(struct request *req, struct response *resp);
void tickets_get(struct request *req, struct response *resp);
void ticket_get(struct request *req, struct response *resp);
void ticket_reply_post(struct request *req, struct response *resp);
void attachment_get(struct request *req, struct response *resp);
void desk_get(struct request *req, struct response *resp);
void desk_ticket_get(struct request *req, struct response *resp);
void desk_reply_post(struct request *req, struct response *resp);
void desk_status_post(struct request *req, struct response *resp);
void desk_take_post(struct request *req, struct response *resp);
void desk_release_post(struct request *req, struct response *resp);
void desk_answer_article_post(struct request *req, struct response *resp);
void ticket_pay_post(struct request *req, struct response *resp);
void ticket_normal_post(struct request *req, struct response *resp);
void pay_get(struct request *req, struct response *resp);
void pay_confirm_post(struct request *req, struct response *resp);
void receipt_get(struct request *req, struct response *resp);
void payment_refund_post(struct request *req, struct response *resp);
void admin_priority_post(struct request *req, struct response *resp);
void stripe_webhook_post(struct request *req, struct response *resp);
void admin_kb_get(struct request *req, struct response *resp);
void admin_kb_create_post(struct request *req, struct response *resp);
void admin_kb_new_get(struct request *req, struct response *resp);
void admin_kb_edit_get(struct request *req, struct response *resp);
void admin_kb_update_post(struct request *req, struct response *resp);
void admin_kb_delete_post(struct request *req, struct response *resp);
void admin_kb_restore_post(struct request *req, struct response *resp);
void admin_assist_get(struct request *req, struct response *resp);
void admin_calendar_get(struct request *req, struct response *resp);
void admin_calendar_post(struct request *req, struct response *resp);
void admin_holiday_post(struct request *req, struct response *resp);
void admin_holiday_import_post(struct request *req, struct response *resp);
void admin_holiday_delete_post(struct request *req, struct response *resp);
void admin_synonym_post(struct request *req, struct response *resp);
void admin_synonym_delete_post(struct request *req, struct response *resp);
void admin_categories_get(struct request *req, struct response *resp);
void admin_categories_post(struct request *req, struct response *resp);
void admin_category_post(struct request *req, struct response *resp);

void api_me_get(struct request *req, struct response *resp);
void api_categories_get(struct request *req, struct response *resp);
void api_tickets_post(struct request *req, struct response *resp);
void api_tickets_get(struct request *req, struct response *resp);
void api_ticket_get(struct request *req, struct response *resp);
void api_ticket_patch(struct request *req, struct response *resp);
void api_messages_post(struct request *req, struct response *resp);
void api_attachments_post(struct request *req, struct response *resp);
void api_queue_get(struct request *req, struct response *resp);
void api_questions_check_post(struct request *req, struct response *resp);
void api_assist_get(struct request *req, struct response *resp);
void api_assist_answered_post(struct request *req, struct response *resp);

#endif
