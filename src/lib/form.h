/* form.h - application/x-www-form-urlencoded fields, validated once.
 *
 * Query strings and form bodies are decoded into name/value pairs before
 * any handler sees them; malformed percent-encoding, invalid UTF-8, NUL
 * and other control characters (except tab, CR, LF in values) are
 * refused here, so handlers only ever read clean text. */
#ifndef TUKI_FORM_H
#define TUKI_FORM_H

#include <stddef.h>

struct arena;

enum { FORM_MAX_FIELDS = 256 };

struct form_field {
	const char *name;
	const char *value;
	size_t len;        /* of value, in bytes */
};

struct form {
	struct form_field *fields;
	size_t n;
};

/* Parses s[0..n) into *out (arena memory). Returns 0, TK_EBADREQ for
 * malformed input, TK_ETOOLARGE for more than FORM_MAX_FIELDS fields. */
int form_parse(struct arena *a, const char *s, size_t n, struct form *out);
/* Valid UTF-8 with no control characters other than tab and, when
 * allow_newlines, CR and LF. */
int form_text_ok(const char *s, size_t n, int allow_newlines);
/* First value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);

#endif
