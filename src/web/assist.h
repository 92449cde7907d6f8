/* assist.h - the virtual assistant, shared by the API, the contact page
 * and the knowledge-base search page. */
#ifndef TUKI_WEB_ASSIST_H
#define TUKI_WEB_ASSIST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

enum { ASSIST_QUERY_MAX = 2000, ASSIST_LIMIT_DEFAULT = 5, ASSIST_LIMIT_MAX = 20 };

/* The best articles for query in lang as {"interaction_id": N|null,
 * "lang", "suggestions": [{id, slug, title, url, snippet, snippet_html,
 * score}]}, best first. Unless lang_fixed, a question that finds nothing
 * good in lang is also tried in the other language, and answered in the
 * one that fits it better ("lang" says which). A query over ASSIST_QUERY_MAX bytes is cut; an empty one
 * gives an empty list and records nothing. Others are recorded (query,
 * what was shown; the account id only when logged in). */
int assist_run(struct request *req, const char *lang, bool lang_fixed, const char *query,
	       int limit, json_t **out);
/* The ids of the best articles for text, without recording anything:
 * the suggestions stored with a new ticket for the agent. */
int assist_top_ids(struct request *req, const char *lang, const char *text, int64_t *ids,
		   size_t max, size_t *n);
/* Seconds until an anonymous caller's assistant budget refills. */
const char *assist_retry_after(struct request *req);
/* Records that the customer chose article_id from interaction id. */
int assist_answered(struct request *req, int64_t interaction_id, int64_t article_id);

#endif
