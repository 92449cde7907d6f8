/* filename.c - client file names made harmless for display and headers. */
#include "lib/filename.h"

#include <stdbool.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/utf8.h"

/* An extension up to this long survives shortening ("...long name.png"). */
enum { FILENAME_EXT_MAX = 16 };

/* Length of the valid UTF-8 character at s (NUL-terminated), 0 when the
 * byte at s does not start one. */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	for (size_t i = 1; i < len; i++)
		if (s[i] == '\0')
			return 0;
	return len && utf8_valid(s, len) ? len : 0;
}

/* The code point of the valid len-byte character at s. */
static unsigned long code_point(const char *s, size_t len)
{
	static const unsigned char lead_bits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp = p[0] & lead_bits[len];
	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3F);
	return cp;
}

/* Never kept in a name: controls (C0, DEL, C1), quotes, backslashes, and
 * the invisible characters that reorder text or break lines (a bidi
 * override can make "gpj.exe" look like "exe.jpg"). */
static bool char_unsafe(unsigned long cp)
{
	return cp < 0x20 || cp == '"' || cp == '\\' || (cp >= 0x7F && cp <= 0x9F) ||
	       cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* What follows the last '/' or '\\'. */
static const char *last_component(const char *name)
{
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/* Copies name into out (at least strlen(name) + 1 bytes) with one '_'
 * for each unsafe character or invalid byte; returns the length. */
static size_t copy_clean(char *out, const char *name)
{
	size_t n = 0;
	while (*name) {
		size_t len = char_len(name);
		if (len == 0 || char_unsafe(code_point(name, len))) {
			out[n++] = '_';
			name += len ? len : 1;
			continue;
		}
		memcpy(out + n, name, len);
		n += len;
		name += len;
	}
	out[n] = '\0';
	return n;
}

/* Drops leading dots and spaces and trailing spaces of s[0..*n). */
static char *trim(char *s, size_t *n)
{
	while (*n > 0 && (*s == '.' || *s == ' ')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && s[*n - 1] == ' ')
		(*n)--;
	return s;
}

/* The largest length <= max that does not split a character of s. */
static size_t char_floor(const char *s, size_t max)
{
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* Shortens valid UTF-8 s[0..n) in place to FILENAME_MAX_BYTES, keeping
 * a short extension; returns the new length. */
static size_t shorten(char *s, size_t n)
{
	if (n <= FILENAME_MAX_BYTES)
		return n;
	const char *dot = memrchr(s, '.', n);
	size_t ext = dot && dot != s ? (size_t)(s + n - dot) : 0;
	if (ext > FILENAME_EXT_MAX)
		ext = 0;
	size_t stem = char_floor(s, FILENAME_MAX_BYTES - ext);
	memmove(s + stem, s + n - ext, ext);
	n = stem + ext;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

const char *filename_sanitize(struct arena *a, const char *name)
{
	const char *base = last_component(name ? name : "");
	char *buf = arena_alloc(a, strlen(base) + 1);
	size_t n = copy_clean(buf, base);
	char *s = trim(buf, &n);
	n = shorten(s, n);
	if (n == 0)
		return "file";
	s[n] = '\0';
	return s;
}

/* RFC 5987 attr-char: sent as is in filename*=, all else percent-encoded. */
static bool attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

/* The quoted-string fallback: every non-ASCII character becomes one '_',
 * and so do controls, quotes, backslashes, ';' and '%' (some clients
 * percent-decode filename=). */
static const char *ascii_fallback(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1);
	size_t n = 0;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t len = char_len(s);
		bool plain = len == 1 && c >= 0x20 && c != 0x7F && !strchr("\"\\;%", c);
		out[n++] = plain ? (char)c : '_';
		s += len ? len : 1;
	}
	out[n] = '\0';
	return out;
}

/* Percent-encodes every byte of s outside attr-char. */
static const char *ext_value(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, 3 * strlen(s) + 1);
	size_t n = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (attr_char(c)) {
			out[n++] = (char)c;
			continue;
		}
		out[n++] = '%';
		out[n++] = hex[c >> 4];
		out[n++] = hex[c & 0x0F];
	}
	out[n] = '\0';
	return out;
}

const char *filename_disposition(struct arena *a, const char *disposition, const char *name)
{
	const char *kind = disposition && strcmp(disposition, "inline") == 0 ? "inline"
									      : "attachment";
	const char *safe = filename_sanitize(a, name);
	return arena_printf(a, "%s; filename=\"%s\"; filename*=UTF-8''%s", kind,
			    ascii_fallback(a, safe), ext_value(a, safe));
}
