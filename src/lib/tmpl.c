/* tmpl.c - templates parsed once into node trees, rendered escaping.
 *
 * Everything a set owns (nodes, strings, the set itself) lives in one
 * arena, so a set is freed in one call and never written after loading:
 * any number of threads may render from it at once. */
#include "lib/tmpl.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/html.h"
#include "lib/i18n.h"

enum {
	TMPL_NEST_MAX = 32,          /* open blocks inside one template */
	TMPL_INCLUDE_MAX = 16,       /* include depth while rendering */
	TMPL_FILE_MAX = 1024 * 1024, /* bytes of one template file */
	TMPL_FILES_MAX = 1024,       /* templates in one directory */
	TMPL_ERR_MAX = 1024,         /* bytes of an error message */
};

enum node_kind {
	N_TEXT,      /* literal text, copied as it is */
	N_VAR,       /* {{path}} */
	N_RAW,       /* {{raw path}} */
	N_URL,       /* {{url path}} */
	N_TRANSLATE, /* {{_ "msgid"}}: s is the msgid, escapes decoded */
	N_IF,        /* {{#if path}} body {{else}} alt {{/if}} */
	N_UNLESS,    /* {{#unless path}} body {{else}} alt {{/unless}} */
	N_EACH,      /* {{#each path}} body {{else}} alt {{/each}} */
	N_INCLUDE,   /* {{> name}} */
};

struct node {
	enum node_kind kind;
	int line;                  /* where the tag starts, for errors */
	const char *s;             /* text, path, msgid or template name */
	size_t n;
	struct node *body, *alt;   /* blocks: the main and {{else}} branches */
	const struct tmpl *target; /* N_INCLUDE, linked once all are parsed */
	struct node *next;
};

struct tmpl {
	const char *name, *file;
	struct node *root;
};

struct tmpl_set {
	struct arena *arena;
	struct tmpl *v; /* sorted by name for bsearch */
	size_t n;
};

/* Sets *err to "file:line: message" unless an earlier error is there;
 * returns -1 so callers can "return set_err(...)". */
__attribute__((format(printf, 4, 5)))
static int set_err(char **err, const char *file, int line, const char *fmt, ...)
{
	if (*err)
		return -1;
	char msg[TMPL_ERR_MAX];
	va_list ap;
	/* Line 0: the error concerns the whole file. */
	int k = line > 0 ? snprintf(msg, sizeof(msg), "%s:%d: ", file, line)
			 : snprintf(msg, sizeof(msg), "%s: ", file);
	if (k < 0 || (size_t)k >= sizeof(msg) / 2)
		k = 0;
	va_start(ap, fmt);
	vsnprintf(msg + k, sizeof(msg) - (size_t)k, fmt, ap);
	va_end(ap);
	if (!(*err = strdup(msg)))
		abort();
	return -1;
}

/* ---- names ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A template name: letters, digits, "_" and "-". */
static bool valid_name(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_name_char(s[i]))
			return false;
	return n > 0;
}

/* "." or names joined by single dots: "ticket.author.name". */
static bool valid_path(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return true;
	bool seg_start = true;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && seg_start)
			return false;
		if (s[i] != '.' && !is_name_char(s[i]))
			return false;
		seg_start = s[i] == '.';
	}
	return !seg_start;
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s))
		(*s)++, (*n)--;
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

/* ---- lexer ---- */

struct parser {
	struct arena *a;
	const char *file;
	const char *p, *end;
	int line;
	int depth; /* open blocks */
	char *err;
};

#define PERR(ps, line, ...) set_err(&(ps)->err, (ps)->file, (line), __VA_ARGS__)

struct tok {
	enum { T_EOF, T_TEXT, T_TAG } kind;
	const char *s; /* text, or the tag's content trimmed */
	size_t n;
	int line;
};

static int count_lines(const char *s, const char *end)
{
	int n = 0;
	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL)
		n++, s++;
	return n;
}

/* The "}}" ending a tag whose content starts at p. Quoted strings are
 * skipped so a msgid may contain "}}"; comments are not quoted. NULL if
 * none, with *open_string telling whether a string never ended. */
static const char *tag_end(const char *p, const char *end, bool *open_string)
{
	const char *q = p;
	while (q < end && is_space(*q))
		q++;
	bool comment = q < end && *q == '!', quoted = false;
	for (; p < end; p++) {
		if (quoted && *p == '\\' && p + 1 < end)
			p++;
		else if (*p == '"' && !comment)
			quoted = !quoted;
		else if (!quoted && *p == '}' && p + 1 < end && p[1] == '}')
			return p;
	}
	*open_string = quoted;
	return NULL;
}

/* Reads the next run of text or the next tag. */
static int lex(struct parser *ps, struct tok *t)
{
	const char *p = ps->p, *end = ps->end, *e;
	t->line = ps->line;
	if (p == end) {
		t->kind = T_EOF;
		return 0;
	}
	if (end - p < 2 || p[0] != '{' || p[1] != '{') {
		e = memmem(p, (size_t)(end - p), "{{", 2);
		ps->p = e ? e : end;
		t->kind = T_TEXT;
		t->s = p;
		t->n = (size_t)(ps->p - p);
	} else {
		bool open_string = false;
		if (!(e = tag_end(p + 2, end, &open_string)))
			return PERR(ps, t->line, "%s", open_string
				    ? "unterminated string"
				    : "unclosed tag, missing }}");
		t->kind = T_TAG;
		t->s = p + 2;
		t->n = (size_t)(e - t->s);
		trim(&t->s, &t->n);
		ps->p = e + 2;
	}
	ps->line += count_lines(p, ps->p);
	return 0;
}

/* ---- parser ---- */

static struct node *node_new(struct parser *ps, enum node_kind kind,
			     int line, const char *s, size_t n)
{
	struct node *nd = arena_alloc(ps->a, sizeof(*nd));
	nd->kind = kind;
	nd->line = line;
	nd->s = arena_strndup(ps->a, s, n);
	nd->n = n;
	return nd;
}

/* True when the tag is word followed by whitespace: "raw x", "url x". */
static bool has_keyword(const struct tok *t, const char *word)
{
	size_t k = strlen(word);
	return t->n > k && memcmp(t->s, word, k) == 0 && is_space(t->s[k]);
}

/* A tag whose content after skip bytes is a path (or a template name for
 * includes): {{path}}, {{raw path}}, {{url path}}, {{> name}}. */
static int parse_simple(struct parser *ps, const struct tok *t,
			enum node_kind kind, size_t skip, struct node **out)
{
	const char *s = t->s + skip;
	size_t n = t->n - skip;
	trim(&s, &n);
	bool ok = kind == N_INCLUDE ? valid_name(s, n) : valid_path(s, n);
	if (n == 0)
		return PERR(ps, t->line, "missing name in {{%.*s}}", (int)t->n, t->s);
	if (!ok && kind == N_VAR)
		return PERR(ps, t->line, "unknown tag {{%.*s}}", (int)t->n, t->s);
	if (!ok)
		return PERR(ps, t->line, "bad name \"%.*s\"", (int)n, s);
	*out = node_new(ps, kind, t->line, s, n);
	return 0;
}

/* {{_ "msgid"}}: decodes \" and \\ into the node's msgid. */
static int parse_translate(struct parser *ps, const struct tok *t,
			   struct node **out)
{
	const char *s = t->s + 1, *end = t->s + t->n;
	while (s < end && is_space(*s))
		s++;
	if (s == end || *s != '"')
		return PERR(ps, t->line, "expected a quoted string after _");
	char *id = arena_alloc(ps->a, t->n), *w = id;
	for (s++; s < end && *s != '"'; s++) {
		if (*s == '\\' && s + 1 < end && (s[1] == '"' || s[1] == '\\'))
			s++;
		else if (*s == '\\')
			return PERR(ps, t->line, "unknown escape in string, "
				    "only \\\" and \\\\ are allowed");
		*w++ = *s;
	}
	if (s == end)
		return PERR(ps, t->line, "unterminated string");
	if (s + 1 != end)
		return PERR(ps, t->line, "unexpected text after the string");
	/* msgid "" is the catalog header, never a message. */
	if (w == id)
		return PERR(ps, t->line, "empty message");
	*out = node_new(ps, N_TRANSLATE, t->line, id, (size_t)(w - id));
	return 0;
}

enum stop { STOP_EOF, STOP_ELSE, STOP_CLOSE };

/* Whether t ends the current node list, and why. */
static bool is_stop(const struct tok *t, enum stop *stop)
{
	if (t->kind == T_EOF)
		*stop = STOP_EOF;
	else if (t->kind == T_TAG && t->n == 4 && memcmp(t->s, "else", 4) == 0)
		*stop = STOP_ELSE;
	else if (t->kind == T_TAG && t->n && t->s[0] == '/')
		*stop = STOP_CLOSE;
	else
		return false;
	return true;
}

static int parse_open(struct parser *ps, const struct tok *t, struct node **out);

/* Any tag that is not {{else}} or a close tag; comments give no node. */
static int parse_tag(struct parser *ps, const struct tok *t, struct node **out)
{
	*out = NULL;
	if (t->n == 0)
		return PERR(ps, t->line, "empty tag {{}}");
	if (t->s[0] == '!')
		return 0;
	if (t->s[0] == '#')
		return parse_open(ps, t, out);
	if (t->s[0] == '>')
		return parse_simple(ps, t, N_INCLUDE, 1, out);
	if (t->s[0] == '_' && (t->n == 1 || t->s[1] == '"' || is_space(t->s[1])))
		return parse_translate(ps, t, out);
	if (has_keyword(t, "raw"))
		return parse_simple(ps, t, N_RAW, 3, out);
	if (has_keyword(t, "url"))
		return parse_simple(ps, t, N_URL, 3, out);
	return parse_simple(ps, t, N_VAR, 0, out);
}

/* Parses nodes into *head until the input ends, an {{else}} or a close
 * tag; says which in *stop, with that tag in *t. */
static int parse_seq(struct parser *ps, struct node **head, enum stop *stop,
		     struct tok *t)
{
	struct node **tail = head, *nd;
	for (;;) {
		if (lex(ps, t) < 0)
			return -1;
		if (is_stop(t, stop))
			return 0;
		if (t->kind == T_TEXT)
			nd = node_new(ps, N_TEXT, t->line, t->s, t->n);
		else if (parse_tag(ps, t, &nd) < 0)
			return -1;
		if (nd) {
			*tail = nd;
			tail = &nd->next;
		}
	}
}

/* Parses the body of the block nd opened with {{#word ...}} up to its
 * matching {{/word}}, with an optional {{else}} branch. */
static int parse_block(struct parser *ps, struct node *nd, const char *word)
{
	enum stop stop;
	struct tok t;
	if (++ps->depth > TMPL_NEST_MAX)
		return PERR(ps, nd->line, "blocks nested too deep");
	if (parse_seq(ps, &nd->body, &stop, &t) < 0)
		return -1;
	if (stop == STOP_ELSE && parse_seq(ps, &nd->alt, &stop, &t) < 0)
		return -1;
	if (stop == STOP_ELSE)
		return PERR(ps, t.line, "second {{else}} in {{#%s}}", word);
	if (stop == STOP_EOF)
		return PERR(ps, nd->line, "unclosed {{#%s}}", word);
	const char *w = t.s + 1;
	size_t wn = t.n - 1;
	trim(&w, &wn);
	if (wn != strlen(word) || memcmp(w, word, wn) != 0)
		return PERR(ps, t.line, "{{/%.*s}} does not close {{#%s}} "
			    "from line %d", (int)wn, w, word, nd->line);
	ps->depth--;
	return 0;
}

/* {{#if path}}, {{#unless path}}, {{#each path}} and their contents. */
static int parse_open(struct parser *ps, const struct tok *t, struct node **out)
{
	static const struct { const char *word; enum node_kind kind; } blocks[] = {
		{ "if", N_IF }, { "unless", N_UNLESS }, { "each", N_EACH },
	};
	const char *w = t->s + 1;
	size_t wn = 0;
	while (wn < t->n - 1 && !is_space(w[wn]))
		wn++;
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		if (wn != strlen(blocks[i].word) || memcmp(w, blocks[i].word, wn))
			continue;
		if (parse_simple(ps, t, blocks[i].kind, 1 + wn, out) < 0)
			return -1;
		return parse_block(ps, *out, blocks[i].word);
	}
	return PERR(ps, t->line, "unknown block {{#%.*s}}", (int)wn, w);
}

/* A whole template: a stray {{else}} or close tag is an error here. */
static int parse_template(struct parser *ps, struct node **root)
{
	enum stop stop;
	struct tok t;
	if (parse_seq(ps, root, &stop, &t) < 0)
		return -1;
	if (stop == STOP_ELSE)
		return PERR(ps, t.line, "{{else}} outside a block");
	if (stop == STOP_CLOSE)
		return PERR(ps, t.line, "{{%.*s}} closes no block", (int)t.n, t.s);
	return 0;
}

/* ---- sets ---- */

static int tmpl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tmpl *)a)->name,
		      ((const struct tmpl *)b)->name);
}

static const struct tmpl *find_tmpl(const struct tmpl_set *set, const char *name)
{
	struct tmpl key = { .name = name };
	return bsearch(&key, set->v, set->n, sizeof(*set->v), tmpl_cmp);
}

static struct tmpl_set *set_new(size_t n)
{
	struct arena *a = arena_new();
	struct tmpl_set *set = arena_alloc(a, sizeof(*set));
	set->arena = a;
	set->v = arena_alloc(a, (n ? n : 1) * sizeof(*set->v));
	return set;
}

void tmpl_set_free(struct tmpl_set *set)
{
	if (set)
		arena_free(set->arena);
}

/* Parses one template's source into the next slot of set. */
static int set_add(struct tmpl_set *set, const char *name, const char *file,
		   const char *src, size_t len, char **err)
{
	struct parser ps = { .a = set->arena, .p = src, .end = src + len, .line = 1 };
	struct tmpl *t = &set->v[set->n];
	ps.file = t->file = arena_strdup(set->arena, file);
	t->name = arena_strdup(set->arena, name);
	if (!valid_name(name, strlen(name)))
		return set_err(err, file, 1, "bad template name \"%s\"", name);
	if (parse_template(&ps, &t->root) < 0) {
		*err = ps.err;
		return -1;
	}
	set->n++;
	return 0;
}

/* Points every include in the list nd at its template. */
static int link_nodes(const struct tmpl_set *set, const struct tmpl *t,
		      struct node *nd, char **err)
{
	for (; nd; nd = nd->next) {
		if (nd->kind == N_INCLUDE && !(nd->target = find_tmpl(set, nd->s)))
			return set_err(err, t->file, nd->line,
				       "unknown template \"%s\"", nd->s);
		if (link_nodes(set, t, nd->body, err) < 0 ||
		    link_nodes(set, t, nd->alt, err) < 0)
			return -1;
	}
	return 0;
}

/* Sorts the set for lookups, refuses duplicates and links includes. */
static int set_finish(struct tmpl_set *set, char **err)
{
	qsort(set->v, set->n, sizeof(*set->v), tmpl_cmp);
	for (size_t i = 0; i < set->n; i++) {
		const struct tmpl *t = &set->v[i];
		if (i > 0 && strcmp(t[-1].name, t->name) == 0)
			return set_err(err, t->file, 1, "duplicate template \"%s\"",
				       t->name);
		if (link_nodes(set, t, t->root, err) < 0)
			return -1;
	}
	return 0;
}

int tmpl_set_from_strings(const char *const *names, const char *const *texts,
			  size_t n, struct tmpl_set **out, char **err)
{
	struct tmpl_set *set = set_new(n);
	*out = NULL;
	*err = NULL;
	for (size_t i = 0; i < n; i++)
		if (set_add(set, names[i], names[i], texts[i], strlen(texts[i]),
			    err) < 0)
			goto fail;
	if (set_finish(set, err) < 0)
		goto fail;
	*out = set;
	return 0;
fail:
	tmpl_set_free(set);
	return -1;
}

/* scandir filter: "*.html", but not hidden files such as editor locks. */
static int is_template_file(const struct dirent *e)
{
	size_t len = strlen(e->d_name);
	return e->d_name[0] != '.' && len > 5 &&
	       strcmp(e->d_name + len - 5, ".html") == 0;
}

/* Reads dir/fname into b and adds it to set as fname without ".html". */
static int load_file(struct tmpl_set *set, const char *dir, const char *fname,
		     struct buf *b, char **err)
{
	char path[4096], name[256];
	size_t stem = strlen(fname) - 5;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, fname) >= sizeof(path) ||
	    stem >= sizeof(name))
		return set_err(err, fname, 0, "name too long");
	memcpy(name, fname, stem);
	name[stem] = '\0';
	FILE *f = fopen(path, "rb");
	if (!f)
		return set_err(err, path, 0, "%s", strerror(errno));
	char chunk[8192];
	size_t got;
	int rc = 0;
	buf_reset(b);
	while (rc == 0 && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(b, chunk, got);
	if (rc < 0 || ferror(f))
		rc = set_err(err, path, 0, "%s", rc < 0 ? "too big" : "read error");
	fclose(f);
	if (rc == 0)
		rc = set_add(set, name, path, b->data ? b->data : "", b->len, err);
	return rc;
}

int tmpl_set_load(const char *dir, struct tmpl_set **out, char **err)
{
	struct dirent **ents = NULL;
	struct tmpl_set *set = NULL;
	struct buf b;
	buf_init(&b, TMPL_FILE_MAX);
	*out = NULL;
	*err = NULL;
	/* Sorted, so the first error reported does not depend on readdir. */
	int n = scandir(dir, &ents, is_template_file, alphasort);
	if (n < 0)
		return set_err(err, dir, 0, "%s", strerror(errno));
	if (n > TMPL_FILES_MAX) {
		set_err(err, dir, 0, "more than %d templates", TMPL_FILES_MAX);
		goto out;
	}
	set = set_new((size_t)n);
	for (int i = 0; i < n; i++)
		if (load_file(set, dir, ents[i]->d_name, &b, err) < 0)
			goto out;
	if (set_finish(set, err) == 0) {
		*out = set;
		set = NULL;
	}
out:
	tmpl_set_free(set);
	while (n > 0)
		free(ents[--n]);
	free(ents);
	buf_free(&b);
	return *out ? 0 : -1;
}

/* ---- rendering ---- */

/* The chain of values names are looked up in: the innermost #each item
 * first, the model last. */
struct scope {
	json_t *val;
	const struct scope *up;
};

struct render {
	const struct tmpl_set *set;
	const struct i18n *i18n;
	const char *lang;
	struct buf *out;
};

enum out_mode { OUT_HTML, OUT_RAW, OUT_URL };

/* Member s of an object, or element s (decimal) of an array. */
static json_t *child(json_t *v, const char *s, size_t n)
{
	if (json_is_object(v))
		return json_object_getn(v, s, n);
	if (!json_is_array(v) || n == 0 || n > 9)
		return NULL;
	size_t i = 0;
	for (size_t k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return NULL;
		i = i * 10 + (size_t)(s[k] - '0');
	}
	return json_array_get(v, i);
}

/* The value a checked path names, or NULL. Only the first name searches
 * outward through the scopes; the rest descend from what it found. */
static json_t *lookup(const struct scope *sc, const char *path, size_t n)
{
	if (n == 1 && path[0] == '.')
		return sc ? sc->val : NULL;
	const char *dot = memchr(path, '.', n);
	size_t len = dot ? (size_t)(dot - path) : n;
	json_t *v = NULL;
	for (; sc && !v; sc = sc->up)
		v = json_is_object(sc->val) ? child(sc->val, path, len) : NULL;
	while (v && len < n) {
		path += len + 1;
		n -= len + 1;
		dot = memchr(path, '.', n);
		len = dot ? (size_t)(dot - path) : n;
		v = child(v, path, len);
	}
	return v;
}

static bool truthy(json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT: return json_object_size(v) > 0;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0.0;
	case JSON_TRUE: return true;
	default: return false;
	}
}

static int emit(struct buf *out, enum out_mode m, const char *s, size_t n)
{
	if (m == OUT_HTML)
		return html_escape(out, s, n);
	if (m == OUT_URL)
		return html_url_escape(out, s, n);
	return buf_append(out, s, n);
}

/* Writes a scalar; null, missing values, arrays and objects write
 * nothing. Integral reals print without a fraction or exponent. */
static int emit_value(struct buf *out, enum out_mode m, json_t *v)
{
	char num[64];
	int len;
	double d = json_real_value(v);
	if (json_is_string(v))
		return emit(out, m, json_string_value(v), json_string_length(v));
	if (json_is_boolean(v))
		return emit(out, m, json_is_true(v) ? "true" : "false",
			    json_is_true(v) ? 4 : 5);
	if (json_is_integer(v))
		len = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			       json_integer_value(v));
	else if (json_is_real(v) && d > -1e15 && d < 1e15 && d == (double)(long long)d)
		len = snprintf(num, sizeof(num), "%.0f", d);
	else if (json_is_real(v))
		len = snprintf(num, sizeof(num), "%g", d);
	else
		return 0;
	return emit(out, m, num, (size_t)len);
}

/* Translates the msgid, then fills {path} placeholders; every piece is
 * escaped, the translator's text as much as the model's values. */
static int render_translate(const struct render *r, const struct node *nd,
			    const struct scope *sc)
{
	const char *s = r->i18n ? i18n_gettext(r->i18n, r->lang, nd->s) : nd->s;
	for (;;) {
		const char *open = strchr(s, '{');
		const char *close = open ? strchr(open + 1, '}') : NULL;
		if (!close)
			return html_escape(r->out, s, strlen(s));
		size_t n = (size_t)(close - open - 1);
		/* A brace that does not hold a path is plain text. */
		bool ph = valid_path(open + 1, n);
		if (html_escape(r->out, s, (size_t)(open - s) + !ph) < 0)
			return -1;
		if (ph && emit_value(r->out, OUT_HTML, lookup(sc, open + 1, n)) < 0)
			return -1;
		s = ph ? close + 1 : open + 1;
	}
}

static int render_nodes(const struct render *r, const struct node *nd,
			const struct scope *sc, int depth);

static int render_each(const struct render *r, const struct node *nd,
		       const struct scope *sc, int depth)
{
	json_t *arr = lookup(sc, nd->s, nd->n), *item;
	size_t i;
	if (json_array_size(arr) == 0)
		return render_nodes(r, nd->alt, sc, depth);
	json_array_foreach(arr, i, item) {
		struct scope inner = { item, sc };
		if (render_nodes(r, nd->body, &inner, depth) < 0)
			return -1;
	}
	return 0;
}

static int render_node(const struct render *r, const struct node *nd,
		       const struct scope *sc, int depth)
{
	switch (nd->kind) {
	case N_TEXT:
		return buf_append(r->out, nd->s, nd->n);
	case N_VAR:
		return emit_value(r->out, OUT_HTML, lookup(sc, nd->s, nd->n));
	case N_RAW:
		return emit_value(r->out, OUT_RAW, lookup(sc, nd->s, nd->n));
	case N_URL:
		return emit_value(r->out, OUT_URL, lookup(sc, nd->s, nd->n));
	case N_TRANSLATE:
		return render_translate(r, nd, sc);
	case N_IF:
	case N_UNLESS: {
		bool yes = truthy(lookup(sc, nd->s, nd->n)) == (nd->kind == N_IF);
		return render_nodes(r, yes ? nd->body : nd->alt, sc, depth);
	}
	case N_EACH:
		return render_each(r, nd, sc, depth);
	case N_INCLUDE:
		/* Recursive includes are allowed (threads of replies) but
		 * bounded, so a template that always includes itself fails
		 * instead of exhausting the stack. */
		if (depth >= TMPL_INCLUDE_MAX)
			return -1;
		return render_nodes(r, nd->target->root, sc, depth + 1);
	}
	return -1;
}

static int render_nodes(const struct render *r, const struct node *nd,
			const struct scope *sc, int depth)
{
	for (; nd; nd = nd->next)
		if (render_node(r, nd, sc, depth) < 0)
			return -1;
	return 0;
}

int tmpl_render(const struct tmpl_set *set, const char *name, json_t *model,
		const struct i18n *i18n, const char *lang, struct buf *out)
{
	const struct tmpl *t = set && name ? find_tmpl(set, name) : NULL;
	if (!t)
		return -1;
	struct render r = { .set = set, .i18n = i18n, .lang = lang, .out = out };
	struct scope top = { model, NULL };
	size_t len = out->len;
	/* Appending nothing allocates and terminates, so out->data is a
	 * string after any successful render, even of an empty page. */
	if (buf_append(out, "", 0) < 0 || render_nodes(&r, t->root, &top, 0) < 0) {
		/* A half-written page must not be sent: drop what we added. */
		out->len = len;
		if (out->data)
			out->data[len] = '\0';
		return -1;
	}
	return 0;
}
