/* svg.h - small charts drawn on the server as inline SVG.
 *
 * The output is self-contained markup for embedding in a page: no
 * scripts, no external references, no style attributes (the CSP allows
 * none), only presentation attributes. Every piece of text is escaped
 * here, so callers may pass it to a template's {{raw ...}}. */
#ifndef TUKI_SVG_H
#define TUKI_SVG_H

#include <stddef.h>

#include "lib/buf.h"

enum {
	SVG_MAX_BARS = 60,    /* bars beyond this are left out */
};

/* Appends a bar chart of n values to out: a <svg role="img"> with title
 * as its <title>, one bar per value with labels[i] under it and the value
 * (with unit, e.g. "h" or "%"; may be NULL) above it. A negative or
 * non-finite value is "no value": no bar, a dash. With n == 0 or no value
 * at all the chart says "no data" (no_data is that text, already in the
 * reader's language; NULL: "No data"). Returns 0, or -1 when out hit its
 * cap. */
int svg_bar_chart(struct buf *out, const char *title, const char *const *labels,
		  const double *values, size_t n, const char *unit, const char *no_data);

#endif
