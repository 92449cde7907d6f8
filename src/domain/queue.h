/* queue.h - the order of the desk's queue, with no I/O.
 *
 * One comparison over a small key, so the fair-use issue adds its lane
 * without touching the rest:
 *   1. paid priority tickets, earliest due first;
 *   2. normal tickets, earliest due first, then earliest submitted;
 *   3. tickets of customers whose fair-use standing is "deprioritised",
 *      after all others even when sent earlier.
 * The store's SQL orders by the same key (store/sqlite/db.c,
 * STMT_TICKET_QUEUE); the unit tests hold the two to one meaning. */
#ifndef TUKI_DOMAIN_QUEUE_H
#define TUKI_DOMAIN_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

enum queue_lane { LANE_PRIORITY, LANE_NORMAL, LANE_FAIR_USE, LANE__MAX };

struct queue_key {
	enum queue_lane lane;
	int64_t due;           /* 0: no due time: after those with one */
	int64_t submitted;     /* when it started waiting for the team */
	int64_t id;
};

enum queue_lane queue_lane_of(bool paid_priority, bool deprioritised);
/* <0 when a goes before b. */
int queue_compare(const struct queue_key *a, const struct queue_key *b);
const char *queue_lane_name(enum queue_lane lane);    /* "priority", ... */
const char *queue_lane_label(enum queue_lane lane);   /* msgid */

#endif
