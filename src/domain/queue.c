/* queue.c - queue lanes and order. */
#include "domain/queue.h"

#include "lib/i18n.h"

static const struct {
	const char *name, *label;
} lanes[LANE__MAX] = {
	[LANE_PRIORITY] = {"priority", N_("Priority")},
	[LANE_NORMAL] = {"normal", N_("Normal")},
	[LANE_FAIR_USE] = {"fair_use", N_("Fair use: after others")},
};

enum queue_lane queue_lane_of(bool paid_priority, bool deprioritised)
{
	if (deprioritised)
		return LANE_FAIR_USE;
	return paid_priority ? LANE_PRIORITY : LANE_NORMAL;
}

static int cmp64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

int queue_compare(const struct queue_key *a, const struct queue_key *b)
{
	if (a->lane != b->lane)
		return a->lane < b->lane ? -1 : 1;
	if ((a->due == 0) != (b->due == 0))
		return a->due == 0 ? 1 : -1;
	int c = cmp64(a->due, b->due);
	if (!c)
		c = cmp64(a->submitted, b->submitted);
	return c ? c : cmp64(a->id, b->id);
}

const char *queue_lane_name(enum queue_lane lane)
{
	return lane < LANE__MAX ? lanes[lane].name : "normal";
}

const char *queue_lane_label(enum queue_lane lane)
{
	return lane < LANE__MAX ? lanes[lane].label : "";
}
