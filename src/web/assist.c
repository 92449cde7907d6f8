/* assist.c - running the assistant: search, rank, record. */
#include "web/assist.h"

#include <string.h>
#include <time.h>

#include "domain/assist.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/html.h"
#include "lib/markdown.h"
#include "lib/snippet.h"
#include "config.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page.h"

enum { CANDIDATES_PER_SIGNAL = 40 };

/* Cuts s to at most max bytes on a character boundary. */
static const char *cut_utf8(struct arena *a, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return arena_strndup(a, s, max);
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

/* The snippet marks matches with \x02 .. \x03: plain text drops the
 * marks, HTML escapes the text and turns them into <mark>. */
static void snippet_views(struct arena *a, const char *raw, const char **text, const char **html)
{
	struct buf t, h;
	buf_init(&t, 16 * 1024);
	buf_init(&h, 64 * 1024);
	const char *p = raw ? raw : "";
	while (*p) {
		size_t run = strcspn(p, "\x02\x03");
		buf_append(&t, p, run);
		html_escape(&h, p, run);
		p += run;
		if (*p)
			buf_puts(&h, *p++ == '\x02' ? "<mark>" : "</mark>");
	}
	*text = arena_strdup(a, t.data ? t.data : "");
	*html = arena_strdup(a, h.data ? h.data : "");
	buf_free(&t);
	buf_free(&h);
}

static json_t *suggestion_json(struct request *req, const struct search_candidate *c,
			       double score, const char *query)
{
	const char *text, *html, *raw = "";
	struct article r;
	if (store_article_get(req->store, req->arena, c->article_id, NULL, &r) == TK_OK)
		raw = snippet_make(req->arena, markdown_text(req->arena, r.body, SNIPPET_SCAN_MAX),
				   query);
	snippet_views(req->arena, raw, &text, &html);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:f}", "id", (json_int_t)c->article_id,
			 "slug", c->slug, "title", c->title, "url",
			 arena_printf(req->arena, "/kb/%s", c->slug), "snippet", text, "snippet_html",
			 html, "score", score);
}

/* Ranks the candidates and returns the best limit as JSON. */
static json_t *ranked(struct request *req, struct search_candidate *c, size_t n, int limit,
		      const char *query, double *top)
{
	struct assist_item *items = arena_alloc(req->arena, (n + 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = (struct assist_item){.text = c[i].text_score, .trigram = c[i].trigram_score,
						.answered = c[i].answered_score,
						.helpful_yes = c[i].helpful_yes,
						.helpful_no = c[i].helpful_no, .index = i};
	assist_rank(items, n);
	json_t *list = json_array();
	*top = n ? items[0].score : 0;
	for (size_t i = 0; i < n && (int)i < limit && items[i].score > 0; i++)
		json_array_append_new(list, suggestion_json(req, &c[items[i].index], items[i].score,
							    query));
	return list;
}

/* An anonymous browser's identity for its own interactions: the hash of
 * its cookie token (the token itself never reaches the database). */
static const uint8_t *visitor_hash(struct request *req)
{
	if (req->user || !req->session_token)
		return NULL;
	uint8_t *h = arena_alloc(req->arena, CRYPTO_HASH_BYTES);
	crypto_token_hash(req->session_token, h);
	return h;
}

static int record(struct request *req, const char *lang, const char *query, json_t *list,
		  double top, int64_t *id)
{
	struct buf shown;
	buf_init(&shown, 4096);
	buf_putc(&shown, '[');
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		buf_printf(&shown, "%s%lld", i ? "," : "",
			   (long long)json_integer_value(json_object_get(v, "id")));
	buf_putc(&shown, ']');
	struct assist_record r = {.user_id = req->user ? req->user->id : 0, .lang = lang,
				  .query = query, .shown = shown.data, .top_score = top,
				  .visitor = visitor_hash(req)};
	int rc = store_assist_record(req->store, &r, time(NULL), id);
	buf_free(&shown);
	return rc;
}

/* Anonymous callers share a per-address budget per minute (the API and
 * the pages alike); logged-in people and API tokens are not limited. */
static bool over_limit(struct request *req)
{
	int count = 0;
	if (req->user)
		return false;
	const char *key = arena_printf(req->arena, "assist:%s", req->remote_ip);
	return store_rate_hit(req->store, key, time(NULL), 60, &count) == TK_OK &&
	       count > req->app->cfg->assist_rate_limit;
}

const char *assist_retry_after(struct request *req)
{
	return arena_printf(req->arena, "%ld", 60 - (long)(time(NULL) % 60));
}

/* The ranked suggestions for query in one language. */
static int search_in(struct request *req, const char *lang, const char *query, int limit,
		     json_t **list, double *top)
{
	struct search_candidate *c;
	size_t n;
	int rc = store_article_search(req->store, req->arena, lang, query, CANDIDATES_PER_SIGNAL,
				      &c, &n);
	if (rc == TK_OK)
		*list = req_json(req, ranked(req, c, n, limit, query, top));
	return rc;
}

int assist_run(struct request *req, const char *lang, bool lang_fixed, const char *query,
	       int limit, json_t **out)
{
	query = cut_utf8(req->arena, query ? query : "", ASSIST_QUERY_MAX);
	*out = req_json(req, json_pack("{s:n, s:[], s:s}", "interaction_id", "suggestions", "lang",
				       lang));
	if (blank(query))
		return TK_OK;
	if (over_limit(req))
		return TK_ETHROTTLED;
	json_t *list, *other;
	double top, other_top;
	int rc = search_in(req, lang, query, limit, &list, &top);
	/* A question in the other language than the page's: when the page's
	 * language finds nothing good, answer in the question's language. */
	const char *alt = strcmp(lang, "fi") == 0 ? "en" : "fi";
	if (rc == TK_OK && !lang_fixed && top < ASSIST_GOOD_SCORE &&
	    search_in(req, alt, query, limit, &other, &other_top) == TK_OK && other_top > top) {
		list = other;
		top = other_top;
		lang = alt;
		json_object_set_new(*out, "lang", json_string(lang));
	}
	if (rc)
		return rc;
	json_object_set(*out, "suggestions", list);
	int64_t id;
	if (req->method == HTTP_HEAD)
		return TK_OK; /* a probe, not a customer asking */
	if ((rc = record(req, lang, query, list, top, &id)) == TK_OK)
		json_object_set_new(*out, "interaction_id", json_integer(id));
	return rc;
}

int assist_top_ids(struct request *req, const char *lang, const char *text, int64_t *ids,
		   size_t max, size_t *n)
{
	struct search_candidate *c;
	size_t nc;
	*n = 0;
	if (blank(text))
		return TK_OK;
	int rc = store_article_search(req->store, req->arena, lang,
				      cut_utf8(req->arena, text, ASSIST_QUERY_MAX),
				      CANDIDATES_PER_SIGNAL, &c, &nc);
	if (rc)
		return rc;
	struct assist_item *items = arena_alloc(req->arena, (nc + 1) * sizeof(*items));
	for (size_t i = 0; i < nc; i++)
		items[i] = (struct assist_item){.text = c[i].text_score, .trigram = c[i].trigram_score,
						.answered = c[i].answered_score, .index = i};
	assist_rank(items, nc);
	for (size_t i = 0; i < nc && *n < max && items[i].score >= ASSIST_GOOD_SCORE / 2; i++)
		ids[(*n)++] = c[items[i].index].article_id;
	return TK_OK;
}

int assist_answered(struct request *req, int64_t interaction_id, int64_t article_id)
{
	return store_assist_chosen(req->store, interaction_id, req->user ? req->user->id : 0,
				   visitor_hash(req), article_id);
}
