/* throttle.h - how long repeated failures lock a key, with no I/O.
 *
 * After max_failures failures within window seconds, the key is locked
 * for base_seconds, doubling with every further failure up to
 * max_seconds. A lock is served by refusing with Retry-After, never by
 * making a server thread wait. */
#ifndef TUKI_DOMAIN_THROTTLE_H
#define TUKI_DOMAIN_THROTTLE_H

#include <stdint.h>

struct throttle_policy {
	int max_failures;
	int64_t base_seconds;
	int64_t max_seconds;
	int64_t window;
};

/* Seconds until the key may try again at now; 0 when it may now. */
int64_t throttle_retry_after(const struct throttle_policy *p, int failures,
			     int64_t last_failure, int64_t now);

#endif
