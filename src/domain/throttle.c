/* throttle.c - exponential lock-out after repeated failures. */
#include "domain/throttle.h"

int64_t throttle_retry_after(const struct throttle_policy *p, int failures,
			     int64_t last_failure, int64_t now)
{
	if (p->max_failures <= 0 || failures < p->max_failures)
		return 0;
	int64_t lock = p->base_seconds;
	for (int i = p->max_failures; i < failures && lock < p->max_seconds; i++)
		lock *= 2;
	if (lock > p->max_seconds)
		lock = p->max_seconds;
	int64_t left = last_failure + lock - now;
	return left > 0 ? left : 0;
}
