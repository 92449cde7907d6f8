/* assist.c - the assistant's scoring. */
#include "domain/assist.h"

#include <stdlib.h>

/* Half-saturation points: a raw score of k counts as 0.5. BM25 values of
 * a few words' match over a short article are around 2-10. */
static const double K_TEXT = 4.0, K_TRIGRAM = 6.0, K_ANSWERED = 3.0;
static const double W_TEXT = 0.70, W_TRIGRAM = 0.20, W_ANSWERED = 0.10;

static double squash(double s, double k)
{
	return s > 0 ? s / (s + k) : 0;
}

/* Votes move an article by at most 10 %, and only with evidence: five
 * votes of prior weight keep one vote from swinging it. */
static double vote_factor(const struct assist_item *it)
{
	int votes = it->helpful_yes + it->helpful_no;
	return 1.0 + 0.1 * (double)(it->helpful_yes - it->helpful_no) / (votes + 5.0);
}

double assist_score(const struct assist_item *it)
{
	double s = W_TEXT * squash(it->text, K_TEXT) + W_TRIGRAM * squash(it->trigram, K_TRIGRAM) +
		   W_ANSWERED * squash(it->answered, K_ANSWERED);
	s *= vote_factor(it);
	return s > 1 ? 1 : s < 0 ? 0 : s;
}

static int by_score(const void *pa, const void *pb)
{
	const struct assist_item *a = pa, *b = pb;
	if (a->rel != b->rel)
		return a->rel < b->rel ? 1 : -1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void assist_rank(struct assist_item *items, size_t n)
{
	double mt = 0, mg = 0, ma = 0;
	for (size_t i = 0; i < n; i++) {
		mt = items[i].text > mt ? items[i].text : mt;
		mg = items[i].trigram > mg ? items[i].trigram : mg;
		ma = items[i].answered > ma ? items[i].answered : ma;
	}
	for (size_t i = 0; i < n; i++) {
		const struct assist_item *it = &items[i];
		double r = W_TEXT * (mt > 0 ? it->text / mt : 0) +
			   W_TRIGRAM * (mg > 0 ? it->trigram / mg : 0) +
			   W_ANSWERED * (ma > 0 ? it->answered / ma : 0);
		r *= vote_factor(it);
		items[i].rel = r;
		items[i].score = assist_score(it);
	}
	qsort(items, n, sizeof(*items), by_score);
}
