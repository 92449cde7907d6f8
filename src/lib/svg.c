/* svg.c - bar charts as inline SVG, every text escaped. */
#include "lib/svg.h"

#include <float.h>
#include <stdbool.h>
#include <string.h>

#include "lib/html.h"

enum {
	SVG_WIDTH = 520,
	SVG_HEIGHT = 240,
	SVG_LEFT = 16,         /* margins around the plot area */
	SVG_RIGHT = 16,
	SVG_TOP = 44,
	SVG_BOTTOM = 40,
	SVG_LABEL_BYTES = 16,  /* axis labels longer than this are shortened */
};

#define SVG_BAR_FILL "#0b5cad"
#define SVG_TEXT_FILL "#222222"
#define SVG_AXIS_STROKE "#666666"

static int esc(struct buf *out, const char *s)
{
	return s ? html_escape(out, s, strlen(s)) : 0;
}

/* s shortened to about SVG_LABEL_BYTES on a UTF-8 boundary, with an
 * ellipsis when cut. */
static int esc_short(struct buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n <= SVG_LABEL_BYTES)
		return esc(out, s);
	size_t cut = SVG_LABEL_BYTES - 1;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--; /* not in the middle of a character */
	return html_escape(out, s, cut) < 0 || buf_puts(out, "\xE2\x80\xA6") < 0 ? -1 : 0;
}

static bool has_value(double v)
{
	return v >= 0 && v <= DBL_MAX; /* false for NaN and infinity */
}

/* The value as people read it: whole numbers without decimals. */
static int put_value(struct buf *out, double v, const char *unit)
{
	int rc = v >= 10 || v == (double)(long)v ? buf_printf(out, "%.0f", v) : buf_printf(out, "%.1f", v);
	if (rc < 0)
		return -1;
	if (unit && *unit && (buf_putc(out, ' ') < 0 || esc(out, unit) < 0))
		return -1;
	return 0;
}

static int open_svg(struct buf *out, const char *title)
{
	if (buf_printf(out,
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
		       "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"><title>",
		       SVG_WIDTH, SVG_HEIGHT, SVG_WIDTH, SVG_HEIGHT) < 0 ||
	    esc(out, title) < 0 || buf_puts(out, "</title>") < 0)
		return -1;
	if (buf_printf(out, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"%s\">",
		       SVG_LEFT, SVG_TEXT_FILL) < 0 ||
	    esc(out, title) < 0 || buf_puts(out, "</text>") < 0)
		return -1;
	return 0;
}

static int no_data_chart(struct buf *out, const char *title, const char *no_data)
{
	if (open_svg(out, title) < 0 ||
	    buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" fill=\"%s\">",
		       SVG_WIDTH / 2, SVG_HEIGHT / 2, SVG_TEXT_FILL) < 0 ||
	    esc(out, no_data ? no_data : "No data") < 0 || buf_puts(out, "</text></svg>") < 0)
		return -1;
	return 0;
}

/* One bar (or a dash for no value) in slot i of n, scaled to max. */
static int bar(struct buf *out, size_t i, size_t n, const char *label, double v, double max,
	       const char *unit)
{
	double plot_w = SVG_WIDTH - SVG_LEFT - SVG_RIGHT, plot_h = SVG_HEIGHT - SVG_TOP - SVG_BOTTOM;
	double slot = plot_w / (double)n, base = SVG_HEIGHT - SVG_BOTTOM;
	double cx = SVG_LEFT + slot * ((double)i + 0.5), w = slot * 0.7;
	double h = has_value(v) && max > 0 ? plot_h * v / max : 0;
	int rc = 0;
	if (has_value(v)) {
		rc |= buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				 "<title>", cx - w / 2, base - h, w, h, SVG_BAR_FILL);
		rc |= esc(out, label);
		rc |= buf_puts(out, ": ");
		rc |= put_value(out, v, unit);
		rc |= buf_puts(out, "</title></rect>");
	}
	rc |= buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
			 "fill=\"%s\">", cx, base - h - 4, SVG_TEXT_FILL);
	rc |= has_value(v) ? put_value(out, v, unit) : buf_puts(out, "\xE2\x80\x93");
	rc |= buf_printf(out, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
			 "text-anchor=\"middle\" fill=\"%s\">", cx, base + 16, SVG_TEXT_FILL);
	rc |= esc_short(out, label);
	rc |= buf_puts(out, "</text>");
	return rc < 0 ? -1 : 0;
}

int svg_bar_chart(struct buf *out, const char *title, const char *const *labels,
		  const double *values, size_t n, const char *unit, const char *no_data)
{
	double max = 0;
	bool any = false;
	if (n > SVG_MAX_BARS)
		n = SVG_MAX_BARS;
	for (size_t i = 0; i < n; i++) {
		if (has_value(values[i])) {
			any = true;
			max = values[i] > max ? values[i] : max;
		}
	}
	if (!any)
		return no_data_chart(out, title, no_data);
	if (open_svg(out, title) < 0 ||
	    buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", SVG_LEFT,
		       SVG_HEIGHT - SVG_BOTTOM, SVG_WIDTH - SVG_RIGHT, SVG_HEIGHT - SVG_BOTTOM,
		       SVG_AXIS_STROKE) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (bar(out, i, n, labels[i], values[i], max, unit) < 0)
			return -1;
	return buf_puts(out, "</svg>");
}
