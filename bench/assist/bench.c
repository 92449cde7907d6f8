/* bench.c - how well and how fast the assistant finds articles.
 *
 *   bench_assist DB EVAL.tsv [--latency N]
 *
 * DB holds the imported demo articles. For every labelled question in
 * EVAL.tsv (lang, question, comma-separated slugs) it ranks the articles
 * with Tuki's assistant (the store's search plus domain/assist.c, in
 * process) and with a plain FTS5 BM25 baseline (unicode61 tokenizer, no
 * stemming, the same articles), and prints Recall@1/3/5 and MRR per
 * language side by side. With --latency N it then adds N generated
 * articles and prints the median and p99 query time. Figures, not
 * tests: nothing here passes or fails. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/assist.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/crypto.h"
#include "store/store.h"

enum { MAX_Q = 2000, TOPK = 5 };

struct question {
	char lang[3];
	char *text;
	char *slugs; /* ",a,b," for lookups */
};

struct tally {
	int n, hit1, hit3, hit5;
	double rr;
};

static int load_eval(const char *path, struct question *q, int max)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int n = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && n < max) {
		line[strcspn(line, "\r\n")] = '\0';
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t1 || !t2 || strncmp(line, "lang\t", 5) == 0)
			continue;
		*t1 = *t2 = '\0';
		if (strlen(line) != 2)
			continue;
		memcpy(q[n].lang, line, 3);
		q[n].text = strdup(t1 + 1);
		size_t sl = strlen(t2 + 1) + 3;
		q[n].slugs = malloc(sl);
		snprintf(q[n].slugs, sl, ",%s,", t2 + 1);
		n++;
	}
	fclose(f);
	return n;
}

static bool labelled(const struct question *q, const char *slug)
{
	char needle[256];
	snprintf(needle, sizeof(needle), ",%s,", slug);
	return strstr(q->slugs, needle) != NULL;
}

static void count(struct tally *t, const struct question *q, const char *const *ranked, int n)
{
	t->n++;
	for (int i = 0; i < n && i < TOPK; i++)
		if (labelled(q, ranked[i])) {
			t->hit1 += i < 1;
			t->hit3 += i < 3;
			t->hit5 += 1;
			t->rr += 1.0 / (i + 1);
			return;
		}
}

/* Tuki: the store's candidates ranked by domain/assist.c. */
static int tuki_rank(struct store *s, struct arena *a, const struct question *q,
		     const char **out)
{
	struct search_candidate *c;
	size_t n;
	if (store_article_search(s, a, q->lang, q->text, 40, &c, &n) != 0)
		return 0;
	struct assist_item *it = arena_alloc(a, (n + 1) * sizeof(*it));
	for (size_t i = 0; i < n; i++)
		it[i] = (struct assist_item){.text = c[i].text_score, .trigram = c[i].trigram_score,
					     .answered = c[i].answered_score, .index = i};
	assist_rank(it, n);
	int k = 0;
	for (size_t i = 0; i < n && k < TOPK; i++)
		out[k++] = c[it[i].index].slug;
	return k;
}

/* The baseline's query: every word of the question, quoted, OR-ed. */
static void baseline_query(const char *text, struct buf *b)
{
	buf_reset(b);
	const char *p = text;
	while (*p) {
		while (*p && !((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') ||
			       ((*p | 32) >= 'a' && (*p | 32) <= 'z')))
			p++;
		const char *w = p;
		while (*p && ((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') ||
			      ((*p | 32) >= 'a' && (*p | 32) <= 'z')))
			p++;
		if (p > w)
			buf_printf(b, "%s\"%.*s\"", b->len ? " OR " : "", (int)(p - w), w);
	}
}

static int baseline_rank(sqlite3 *db, sqlite3_stmt *st, struct arena *a,
			 const struct question *q, const char **out)
{
	struct buf b;
	buf_init(&b, 16384);
	baseline_query(q->text, &b);
	int k = 0;
	if (b.len) {
		sqlite3_bind_text(st, 1, b.data, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, q->lang, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW && k < TOPK)
			out[k++] = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	buf_free(&b);
	(void)db;
	return k;
}

static sqlite3_stmt *baseline_prepare(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	char *err = NULL;
	if (sqlite3_exec(db,
			 "DROP TABLE IF EXISTS bench_baseline;"
			 "CREATE VIRTUAL TABLE bench_baseline USING fts5(slug UNINDEXED, lang UNINDEXED,"
			 " title, body, tokenize = 'unicode61');"
			 "INSERT INTO bench_baseline SELECT slug, lang, title, body FROM articles"
			 " WHERE published = 1;",
			 NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "baseline: %s\n", err);
		sqlite3_free(err);
		return NULL;
	}
	sqlite3_prepare_v2(db,
			   "SELECT slug FROM bench_baseline WHERE bench_baseline MATCH ?1 AND lang = ?2"
			   " ORDER BY rank LIMIT 5",
			   -1, &st, NULL);
	return st;
}

static void print_row(const char *who, const char *lang, const struct tally *t)
{
	printf("%-9s %-3s %4d   %6.1f %6.1f %6.1f   %.3f\n", who, lang, t->n,
	       100.0 * t->hit1 / t->n, 100.0 * t->hit3 / t->n, 100.0 * t->hit5 / t->n,
	       t->rr / t->n);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Adds n articles made of words drawn from the real ones, so the index
 * has the size and vocabulary of a large help center. */
static void grow(struct store *s, int n)
{
	struct arena *a = arena_new();
	struct article_filter f = {.published_only = true, .limit = 1000};
	struct article *r;
	size_t nr;
	if (store_article_list(s, a, &f, &r, &nr) != 0 || nr == 0)
		return;
	srand(42);
	for (int i = 0; i < n; i++) {
		const struct article *x = &r[(size_t)rand() % nr], *y = &r[(size_t)rand() % nr];
		char slug[64];
		snprintf(slug, sizeof(slug), "generated-%d", i);
		size_t cut = strlen(y->body) / 2;
		const char *body = arena_printf(a, "%s\n\n%.*s", x->body, (int)cut, y->body);
		struct article_new in = {.slug = slug, .lang = x->lang, .kind = "doc",
					 .title = arena_printf(a, "%s (%d)", y->title, i),
					 .body = body, .published = true};
		enum article_change what;
		int64_t id;
		store_article_save(s, &in, time(NULL), &id, &what);
	}
	arena_free(a);
}

static void latency(struct store *s, const struct question *q, int nq, int extra)
{
	double t0 = now_ms();
	grow(s, extra);
	printf("\nadded %d generated articles in %.1f s\n", extra, (now_ms() - t0) / 1e3);
	double *ms = calloc((size_t)nq * 3, sizeof(double));
	int m = 0;
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < nq; i++) {
			struct arena *a = arena_new();
			const char *out[TOPK];
			double t = now_ms();
			tuki_rank(s, a, &q[i], out);
			ms[m++] = now_ms() - t;
			arena_free(a);
		}
	qsort(ms, (size_t)m, sizeof(double), cmp_double);
	printf("query latency over %d queries: median %.2f ms, p99 %.2f ms, max %.2f ms\n", m,
	       ms[m / 2], ms[(m * 99) / 100], ms[m - 1]);
	free(ms);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_assist DB EVAL.tsv [--latency N]\n");
		return 2;
	}
	static struct question q[MAX_Q];
	int nq = load_eval(argv[2], q, MAX_Q);
	char url[4096], *err = NULL;
	struct store *s;
	sqlite3 *db;
	snprintf(url, sizeof(url), "sqlite:%s", argv[1]);
	if (nq <= 0 || crypto_init() < 0 || store_open(url, &s, &err) ||
	    sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "bench_assist: cannot load %s or %s\n", argv[2], argv[1]);
		return 1;
	}
	sqlite3_stmt *base = baseline_prepare(db);
	struct tally tk[2] = {0}, bl[2] = {0};
	for (int i = 0; i < nq && base; i++) {
		struct arena *a = arena_new();
		const char *rt[TOPK], *rb[TOPK];
		int li = strcmp(q[i].lang, "fi") != 0;
		int nt = tuki_rank(s, a, &q[i], rt);
		count(&tk[li], &q[i], rt, nt);
		if (getenv("BENCH_MISSES") && !(nt > 0 && labelled(&q[i], rt[0])))
			fprintf(stderr, "miss %s | %s | want %s | got %s, %s, %s\n", q[i].lang, q[i].text,
				q[i].slugs, nt > 0 ? rt[0] : "-", nt > 1 ? rt[1] : "-",
				nt > 2 ? rt[2] : "-");
		count(&bl[li], &q[i], rb, baseline_rank(db, base, a, &q[i], rb));
		arena_free(a);
	}
	printf("%-9s %-3s %4s   %6s %6s %6s   %s\n", "ranker", "lng", "n", "R@1", "R@3", "R@5",
	       "MRR");
	for (int li = 0; li < 2; li++) {
		print_row("tuki", li ? "en" : "fi", &tk[li]);
		print_row("baseline", li ? "en" : "fi", &bl[li]);
	}
	sqlite3_finalize(base);
	sqlite3_exec(db, "DROP TABLE IF EXISTS bench_baseline", NULL, NULL, NULL);
	sqlite3_close(db);
	if (argc == 5 && strcmp(argv[3], "--latency") == 0)
		latency(s, q, nq, (int)strtol(argv[4], NULL, 10));
	store_close(s);
	return 0;
}
