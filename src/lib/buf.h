/* buf.h - growable byte buffer with a hard cap.
 *
 * Every buffer has a maximum size (curl's habit): appends beyond it fail
 * with -1 and leave the buffer unchanged, so no input can grow memory
 * without bound. The contents are always NUL-terminated. */
#ifndef TUKI_BUF_H
#define TUKI_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;    /* NUL-terminated, NULL until the first append */
	size_t len;
	size_t cap;    /* allocated */
	size_t max;    /* hard limit on len */
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (free() it) and resets the buffer. */
char *buf_steal(struct buf *b, size_t *len);

#endif
