/* test_assist.c - the assistant's scoring rules. */
#include "check.h"
#include "domain/assist.h"

static void test_bounds_and_monotone(void)
{
	struct assist_item none = {0}, some = {.text = 2}, more = {.text = 8}, huge = {.text = 1e9};
	CHECK(assist_score(&none) == 0);
	CHECK(assist_score(&some) > 0 && assist_score(&some) < assist_score(&more));
	CHECK(assist_score(&huge) <= 1.0);
	struct assist_item typo = {.trigram = 5};
	CHECK(assist_score(&typo) > 0 && assist_score(&typo) < assist_score(&more));
}

static void test_text_outweighs_trigram(void)
{
	struct assist_item words = {.text = 6}, grams = {.trigram = 6};
	CHECK(assist_score(&words) > assist_score(&grams));
}

static void test_learning_and_votes(void)
{
	struct assist_item plain = {.text = 4}, answered = {.text = 4, .answered = 4};
	CHECK(assist_score(&answered) > assist_score(&plain));
	struct assist_item liked = {.text = 4, .helpful_yes = 20}, disliked = {.text = 4, .helpful_no = 20};
	CHECK(assist_score(&liked) > assist_score(&plain));
	CHECK(assist_score(&disliked) < assist_score(&plain));
	struct assist_item one_vote = {.text = 4, .helpful_no = 1};
	CHECK(assist_score(&plain) - assist_score(&one_vote) < 0.02); /* one vote is not evidence */
}

static void test_rank_order(void)
{
	struct assist_item it[4] = {
		{.text = 1, .index = 0}, {.text = 9, .index = 1}, {.text = 9, .index = 2}, {.index = 3},
	};
	assist_rank(it, 4);
	CHECK(it[0].index == 1 && it[1].index == 2 && it[2].index == 0 && it[3].index == 3);
	CHECK(it[0].score >= it[1].score && it[1].score >= it[2].score);
}

int main(void)
{
	RUN(test_bounds_and_monotone);
	RUN(test_text_outweighs_trigram);
	RUN(test_learning_and_votes);
	RUN(test_rank_order);
	return check_done();
}
