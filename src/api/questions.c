/* questions.c - POST /api/v1/questions/check: "one question per ticket".
 *
 * The contact form asks as the customer types; the answer carries the
 * notice in the customer's language, and never blocks sending. */
#include "api/json.h"
#include "domain/questions.h"
#include "lib/i18n.h"
#include "web/page.h"
#include "web/routes.h"

void api_questions_check_post(struct request *req, struct response *resp)
{
	json_t *in = api_body(req, resp);
	if (!in)
		return;
	const char *text = api_str(in, "text");
	if (!text) {
		api_invalid(req, resp, "text", N_("\"text\" must be a string."));
		return;
	}
	struct question_report r;
	questions_analyse(text, &r);
	api_json(req, resp, 200, json_pack("{s:i, s:b, s:s}", "questions", r.questions,
		"multiple", r.multiple, "message", tr(req, QUESTIONS_NOTICE)));
}
