/* timefmt.h - times as the API and people read them. */
#ifndef TUKI_TIMEFMT_H
#define TUKI_TIMEFMT_H

#include <stdint.h>

struct arena;

/* ISO 8601 in UTC: "2026-11-25T20:15:00Z". */
const char *timefmt_iso(struct arena *a, int64_t t);
struct tz;

/* Local time for people in zone (NULL: UTC): "25.11.2026 klo 22.15" in
 * Finnish, "25 Nov 2026, 22:15" in English. */
const char *timefmt_local(struct arena *a, int64_t t, const char *lang, const struct tz *zone);

#endif
