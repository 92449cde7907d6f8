/* form.c - decode and validate urlencoded fields. */
#include "lib/form.h"

#include <string.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/utf8.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) ('+' is a space) into arena memory. */
static int form_decode(struct arena *a, const char *s, size_t n, char **out, size_t *outlen)
{
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[j++] = ' ';
		} else if (s[i] == '%') {
			if (n - i < 3)
				return TK_EBADREQ;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return TK_EBADREQ;
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	*out = d;
	*outlen = j;
	return TK_OK;
}

int form_text_ok(const char *s, size_t n, int allow_newlines)
{
	if (!utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t' || ((c == '\n' || c == '\r') && allow_newlines))
			continue;
		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

static int form_add(struct arena *a, struct form *f, const char *s, size_t n)
{
	if (f->n >= FORM_MAX_FIELDS)
		return TK_ETOOLARGE;
	const char *eq = memchr(s, '=', n);
	size_t nlen = eq ? (size_t)(eq - s) : n;
	struct form_field *ff = &f->fields[f->n];
	char *name, *value;
	size_t len;
	if (form_decode(a, s, nlen, &name, &len) || !form_text_ok(name, len, 0))
		return TK_EBADREQ;
	const char *v = eq ? eq + 1 : s + n;
	if (form_decode(a, v, (size_t)(s + n - v), &value, &ff->len) ||
	    !form_text_ok(value, ff->len, 1))
		return TK_EBADREQ;
	ff->name = name;
	ff->value = value;
	f->n++;
	return TK_OK;
}

int form_parse(struct arena *a, const char *s, size_t n, struct form *out)
{
	out->n = 0;
	out->fields = arena_alloc(a, FORM_MAX_FIELDS * sizeof(*out->fields));
	size_t i = 0;
	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;
		if (end > i) {
			int rc = form_add(a, out, s + i, end - i);
			if (rc)
				return rc;
		}
		i = end + 1;
	}
	return TK_OK;
}

const char *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}
