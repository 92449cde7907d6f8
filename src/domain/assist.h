/* assist.h - how the virtual assistant ranks articles, with no I/O.
 *
 * The search returns raw signals per article; this module turns them
 * into one score in [0, 1] and the order the customer sees. Each signal
 * is used twice: squashed with s / (s + k) into an absolute score that
 * means the same whatever else was found (the admin's "no good answer"
 * list compares it with a fixed bar), and divided by the best of the
 * candidates into the rank key, which orders them (squashing would flatten
 * the differences between strong matches). The signals are weighed:
 *   text      BM25 over base forms, titles weighted 8:1 - the main signal
 *   trigram   BM25 over character trigrams - catches typos the
 *             dictionary could not fix
 *   answered  BM25 over earlier questions this article answered
 * and nudged by the article's helpful / not helpful votes. */
#ifndef TUKI_DOMAIN_ASSIST_H
#define TUKI_DOMAIN_ASSIST_H

#include <stddef.h>

struct assist_item {
	double text, trigram, answered;   /* raw, >= 0 */
	int helpful_yes, helpful_no;
	double score;                     /* out: [0, 1] */
	double rel;                       /* out: relative rank key */
	size_t index;                     /* the caller's, kept through sorting */
};

/* Below this an answer is not a good one (content gaps). */
#define ASSIST_GOOD_SCORE 0.35

double assist_score(const struct assist_item *it);
/* Scores every item and sorts best first by the rank key (ties: lower
 * index first). */
void assist_rank(struct assist_item *items, size_t n);

#endif
