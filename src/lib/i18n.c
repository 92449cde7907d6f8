/* i18n.c - GNU .mo catalogs looked up per request, and language choice.
 *
 * A loaded struct i18n is never written again, so any number of threads
 * may look messages up in it without locks. */
#include "lib/i18n.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"

const char *const i18n_languages[] = { "en", "fi", NULL };

enum {
	LANG__MAX = 2,                 /* entries in i18n_languages */
	MO_MAX = 16 * 1024 * 1024,     /* refuse bigger catalogs */
	MO_HEADER = 28,                /* bytes of the fixed .mo header */
	ACCEPT_MAX = 32,               /* Accept-Language entries examined */
};

#define MO_MAGIC 0x950412deu

struct msg {
	const char *id;    /* msgid, NUL-terminated; a plural follows the NUL */
	const char *str;   /* translations, NUL-separated forms */
	size_t str_len;    /* bytes of str, all forms, without the last NUL */
};

struct catalog {
	char *image;       /* our copy of the .mo file; msgs point into it */
	struct msg *msgs;  /* sorted by id for bsearch */
	size_t n;
};

struct i18n {
	struct catalog cats[LANG__MAX]; /* indexed like i18n_languages */
};

/* Index of a supported language code in i18n_languages, or -1. */
static int lang_index(const char *lang)
{
	for (int i = 0; i < LANG__MAX; i++)
		if (lang && strcmp(lang, i18n_languages[i]) == 0)
			return i;
	return -1;
}

/* Reads a 32-bit word at off in the file's byte order. */
static uint32_t mo_word(const unsigned char *p, size_t off, bool big)
{
	p += off;
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

/* Checks the string descriptor at table entry off (length, offset) and
 * returns the string; NULL if it or its NUL lies outside the image. */
static const char *mo_string(const char *img, size_t size, size_t off,
			     bool big, size_t *len)
{
	const unsigned char *u = (const unsigned char *)img;
	size_t n = mo_word(u, off, big), at = mo_word(u, off + 4, big);
	if (at > size || n >= size - at || img[at + n] != '\0')
		return NULL;
	*len = n;
	return img + at;
}

static int msg_cmp(const void *a, const void *b)
{
	return strcmp(((const struct msg *)a)->id, ((const struct msg *)b)->id);
}

/* Refuses catalogs that declare a charset other than UTF-8: their
 * translations would reach pages as mojibake. */
static int mo_check_header(const char *header)
{
	const char *cs = strstr(header, "charset=");
	if (!cs)
		return 0;
	cs += strlen("charset=");
	return strncmp(cs, "UTF-8", 5) == 0 || strncmp(cs, "utf-8", 5) == 0
		       ? 0 : -1;
}

/* Validates the fixed header and both tables; fills byte order and n. */
static int mo_check_tables(const unsigned char *u, size_t size, bool *big,
			   size_t *n, size_t *ids, size_t *strs)
{
	if (size < MO_HEADER)
		return -1;
	if (mo_word(u, 0, false) == MO_MAGIC)
		*big = false;
	else if (mo_word(u, 0, true) == MO_MAGIC)
		*big = true;
	else
		return -1;
	uint32_t major = mo_word(u, 4, *big) >> 16;
	*n = mo_word(u, 8, *big);
	*ids = mo_word(u, 12, *big);
	*strs = mo_word(u, 16, *big);
	if (major > 1 || *n > size / 8)
		return -1;
	if (*ids > size - *n * 8 || *strs > size - *n * 8)
		return -1;
	return 0;
}

/* Parses the .mo image in c->image into c->msgs; -1 if it is corrupt. */
static int catalog_parse(struct catalog *c, size_t size)
{
	const unsigned char *u = (const unsigned char *)c->image;
	size_t n, ids, strs;
	bool big;
	if (mo_check_tables(u, size, &big, &n, &ids, &strs) < 0)
		return -1;
	c->msgs = calloc(n ? n : 1, sizeof(*c->msgs));
	if (!c->msgs)
		abort();
	for (size_t i = 0; i < n; i++) {
		size_t id_len, str_len;
		const char *id = mo_string(c->image, size, ids + i * 8, big, &id_len);
		const char *str = mo_string(c->image, size, strs + i * 8, big, &str_len);
		if (!id || !str)
			return -1;
		if (id[0] == '\0') {
			/* The header entry: not a message, only checked. */
			if (mo_check_header(str) < 0)
				return -1;
			continue;
		}
		c->msgs[c->n++] = (struct msg){ id, str, str_len };
	}
	/* msgfmt sorts the table already; sorting again costs little at
	 * start-up and keeps lookups right for any other producer. */
	qsort(c->msgs, c->n, sizeof(*c->msgs), msg_cmp);
	return 0;
}

static void catalog_free(struct catalog *c)
{
	free(c->msgs);
	free(c->image);
	*c = (struct catalog){ 0 };
}

/* Takes a copy of the image so the caller's memory may go away. */
static int catalog_init(struct catalog *c, const void *mo, size_t len)
{
	if (len > MO_MAX)
		return -1;
	c->image = malloc(len ? len : 1);
	if (!c->image)
		abort();
	if (len)
		memcpy(c->image, mo, len);
	if (catalog_parse(c, len) < 0) {
		catalog_free(c);
		return -1;
	}
	return 0;
}

static struct i18n *i18n_new(void)
{
	struct i18n *i = calloc(1, sizeof(*i));
	if (!i)
		abort();
	return i;
}

int i18n_from_mo(const char *lang, const void *mo, size_t len, struct i18n **out)
{
	int li = lang_index(lang);
	*out = NULL;
	if (li < 0 || (!mo && len))
		return -1;
	struct i18n *i = i18n_new();
	if (catalog_init(&i->cats[li], mo, len) < 0) {
		i18n_free(i);
		return -1;
	}
	*out = i;
	return 0;
}

/* Reads a whole file of at most MO_MAX bytes into b. */
static int read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t got;
	int rc = 0;
	while (rc == 0 && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(b, chunk, got);
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* Loads dir/<lang>.mo into cat; on failure sets *err. */
static int load_one(const char *dir, const char *lang, struct catalog *cat,
		    char **err)
{
	struct buf path, mo, msg;
	buf_init(&path, 4096);
	buf_init(&mo, MO_MAX);
	buf_init(&msg, 4200);
	int rc = -1;
	if (buf_printf(&path, "%s/%s.mo", dir, lang) < 0) {
		buf_puts(&msg, "catalog path too long");
		goto out;
	}
	errno = 0;
	if (read_file(path.data, &mo) < 0) {
		buf_printf(&msg, "%s: %s", path.data,
			   errno ? strerror(errno) : "too big");
		goto out;
	}
	if (catalog_init(cat, mo.data, mo.len) < 0) {
		buf_printf(&msg, "%s: not a valid .mo catalog", path.data);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		*err = buf_steal(&msg, NULL);
	buf_free(&msg);
	buf_free(&mo);
	buf_free(&path);
	return rc;
}

int i18n_load(const char *dir, struct i18n **out, char **err)
{
	struct i18n *i = i18n_new();
	*out = NULL;
	*err = NULL;
	/* English is the msgid language and needs no catalog. */
	for (int li = 1; li < LANG__MAX; li++) {
		if (load_one(dir, i18n_languages[li], &i->cats[li], err) < 0) {
			i18n_free(i);
			return -1;
		}
	}
	*out = i;
	return 0;
}

void i18n_free(struct i18n *i18n)
{
	if (!i18n)
		return;
	for (int li = 0; li < LANG__MAX; li++)
		catalog_free(&i18n->cats[li]);
	free(i18n);
}

/* The catalog entry for msgid in lang, or NULL. */
static const struct msg *find(const struct i18n *i18n, const char *lang,
			      const char *msgid)
{
	if (!i18n || !msgid || !msgid[0])
		return NULL;
	int li = lang_index(i18n_language(lang ? lang : ""));
	if (li < 0 || !i18n->cats[li].n)
		return NULL;
	const struct catalog *c = &i18n->cats[li];
	struct msg key = { .id = msgid };
	return bsearch(&key, c->msgs, c->n, sizeof(*c->msgs), msg_cmp);
}

/* Form number idx of the NUL-separated translations, or NULL if the
 * entry has fewer forms or that form is empty (untranslated). */
static const char *form(const struct msg *m, size_t idx)
{
	const char *s = m->str, *end = m->str + m->str_len;
	for (; idx > 0 && s < end; idx--)
		s += strlen(s) + 1;
	return s <= end && *s ? s : NULL;
}

const char *i18n_gettext(const struct i18n *i18n, const char *lang,
			 const char *msgid)
{
	const struct msg *m = find(i18n, lang, msgid);
	const char *s = m ? form(m, 0) : NULL;
	return s ? s : msgid;
}

const char *i18n_ngettext(const struct i18n *i18n, const char *lang,
			  const char *msgid, const char *plural,
			  unsigned long n)
{
	/* Finnish and English share the rule plural=(n != 1). */
	size_t idx = n != 1;
	const struct msg *m = find(i18n, lang, msgid);
	const char *s = m ? form(m, idx) : NULL;
	if (s)
		return s;
	return idx ? plural : msgid;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Supported language whose code equals the n bytes at s, ignoring case. */
static const char *match_code(const char *s, size_t n)
{
	for (int li = 0; li < LANG__MAX; li++) {
		const char *code = i18n_languages[li];
		size_t k = 0;
		while (k < n && code[k] && ascii_lower(s[k]) == code[k])
			k++;
		if (k == n && code[k] == '\0')
			return code;
	}
	return NULL;
}

const char *i18n_language(const char *tag)
{
	if (!tag)
		return NULL;
	/* The primary subtag decides: "fi-FI" and "fi_FI" are Finnish. */
	size_t n = strcspn(tag, "-_");
	return n ? match_code(tag, n) : NULL;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims optional whitespace off both ends of the slice [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && is_ows(**s))
		(*s)++, (*n)--;
	while (*n && is_ows((*s)[*n - 1]))
		(*n)--;
}

/* RFC 9110 qvalue ("0.8", "1", "0.125") in thousandths; -1 if malformed. */
static int parse_qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1') || n > 5)
		return -1;
	if (n > 1 && s[1] != '.')
		return -1;
	int q = (s[0] - '0') * 1000, scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q <= 1000 ? q : -1;
}

/* Weight of one Accept-Language entry's parameters (";q=0.5");
 * 1000 without a q, -1 if a q is malformed. */
static int range_weight(const char *s, size_t n)
{
	int q = 1000;
	while (n) {
		const char *semi = memchr(s, ';', n);
		size_t len = semi ? (size_t)(semi - s) : n;
		const char *p = s;
		size_t pn = len;
		trim(&p, &pn);
		if (pn >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
			q = parse_qvalue(p + 2, pn - 2);
		if (q < 0)
			return -1;
		s += len + (semi != NULL);
		n -= len + (semi != NULL);
	}
	return q;
}

/* Supported language named by the language range [s, s + n): its
 * primary subtag; NULL for "*", unsupported or malformed ranges. */
static const char *range_language(const char *s, size_t n)
{
	if (n == 0 || n > 35)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = ascii_lower(s[i]);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return NULL;
	}
	const char *dash = memchr(s, '-', n);
	return match_code(s, dash ? (size_t)(dash - s) : n);
}

/* Scores the entry [s, s + n) of an Accept-Language list. */
static const char *accept_entry(const char *s, size_t n, int *q)
{
	const char *semi = memchr(s, ';', n);
	size_t tag_len = semi ? (size_t)(semi - s) : n;
	*q = semi ? range_weight(semi + 1, n - tag_len - 1) : 1000;
	trim(&s, &tag_len);
	return range_language(s, tag_len);
}

const char *i18n_negotiate(const char *accept_language)
{
	const char *p = accept_language, *best = NULL;
	int best_q = 0; /* q=0 means "not acceptable" */
	if (!p)
		return NULL;
	/* Only the first entries count: a header cannot make us work long. */
	for (int k = 0; k < ACCEPT_MAX && *p; k++) {
		size_t n = strcspn(p, ",");
		int q;
		const char *lang = accept_entry(p, n, &q);
		/* Ties go to the earlier entry, the client's stated order. */
		if (lang && q > best_q) {
			best = lang;
			best_q = q;
		}
		p += n + (p[n] == ',');
	}
	return best;
}
