/* kb.c - tuki kb import|export: the knowledge base as a folder of Markdown
 * files, each with a front-matter block (lib/frontmatter.h).
 *
 * Import matches articles by slug, so running it again only updates what
 * changed; a bad file is reported as FILE:LINE and skipped, the rest go
 * in. Export writes the same format back, one file per article. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/article.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/frontmatter.h"
#include "lib/utf8.h"
#include "store/store.h"

enum {
	KB_MAX_FILES = 10000,
	KB_MAX_TITLE = 200,               /* characters */
	KB_MAX_SLUG = 100,                /* bytes, [a-z0-9-] */
	KB_MAX_BODY = 200 * 1024,         /* bytes */
	KB_MAX_FILE = KB_MAX_BODY + 16 * 1024,
	KB_MAX_EXPORT_FILE = 8 << 20,     /* articles written on the web may be longer */
};

#define KB_SYNOPSIS                                                                    \
	"usage: tuki kb import DIR [--db URL]\n"                                        \
	"       tuki kb export DIR [--db URL]\n"

static const char kb_usage[] =
	KB_SYNOPSIS "\n"
	"import reads every DIR/*.md (sorted, not subfolders): a Markdown article\n"
	"after a front-matter block\n\n"
	"  ---\n"
	"  title: How do I change the delivery method?\n"
	"  lang: en                        en or fi\n"
	"  kind: faq                       faq or doc\n"
	"  category: Shipping              English or Finnish name (optional)\n"
	"  slug: change-delivery-method    a-z, 0-9, '-' (default: the file name)\n"
	"  translation: vaihda-toimitustapa   slug in the other language (optional)\n"
	"  published: true                 true or false (optional, default true)\n"
	"  ---\n\n"
	"Values may be double-quoted with JSON escapes. Articles are matched by\n"
	"slug, so importing again updates them. A file with a problem is reported\n"
	"as FILE:LINE and skipped; the others are still imported.\n\n"
	"export writes every article, published or not, as DIR/SLUG.md in the\n"
	"same format. DIR is created if needed; files are replaced atomically.\n";

/* One import run: the categories to match, the slugs taken so far (two
 * files must not silently overwrite each other) and the counts. */
struct kb_import {
	struct store *store;
	struct arena *a;                  /* lives as long as the run */
	const char *dir;
	char **names;
	size_t nnames;
	struct category *cats;
	size_t ncats;
	const char *cat_names;            /* for "unknown category" messages */
	const char **slugs, **slug_files;
	size_t nslugs;
	bool tty;
	int64_t now;
	size_t created, updated, unchanged, skipped;
};

/* ---- validation ---------------------------------------------------- */

/* Lower case for ASCII and the Latin-1 letters (Ä, Ö, Å: C3 80..9E in
 * UTF-8, less the multiplication sign), enough for category names. */
static unsigned char fold(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + 32);
	if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
		return (unsigned char)(c + 0x20);
	return c;
}

static bool same_name(const char *x, const char *y)
{
	size_t i = 0;
	for (; x[i] && y[i]; i++)
		if (fold(x, i) != fold(y, i))
			return false;
	return x[i] == y[i];
}

/* Each field check returns NULL, or why the value is refused. */
static const char *field_title(struct kb_import *im, const char *v, struct article_new *art)
{
	(void)im;
	size_t n = strlen(v), i = 0;
	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	if (i == n)
		return "title is empty";
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20)
			return "title must be one line of text";
	if (utf8_length(v, n) > KB_MAX_TITLE)
		return "title is longer than 200 characters";
	art->title = v;
	return NULL;
}

static const char *field_lang(struct kb_import *im, const char *v, struct article_new *art)
{
	(void)im;
	art->lang = v;
	return strcmp(v, "en") == 0 || strcmp(v, "fi") == 0 ? NULL : "lang must be en or fi";
}

static const char *field_kind(struct kb_import *im, const char *v, struct article_new *art)
{
	(void)im;
	art->kind = v;
	return strcmp(v, "faq") == 0 || strcmp(v, "doc") == 0 ? NULL : "kind must be faq or doc";
}

static const char *field_category(struct kb_import *im, const char *v, struct article_new *art)
{
	for (size_t i = 0; i < im->ncats; i++)
		if (same_name(v, im->cats[i].name_en) || same_name(v, im->cats[i].name_fi)) {
			art->category_id = im->cats[i].id;
			return NULL;
		}
	return arena_printf(im->a, "unknown category \"%.60s\" (known: %s)", v, im->cat_names);
}

static const char *field_slug(struct kb_import *im, const char *v, struct article_new *art)
{
	(void)im;
	art->slug = v;
	return article_slug_ok(v) ? NULL : "slug must be 1-100 characters of a-z, 0-9 and '-'";
}

static const char *field_translation(struct kb_import *im, const char *v,
				     struct article_new *art)
{
	(void)im;
	art->translation = v;
	return article_slug_ok(v) ? NULL : "translation must be a slug (1-100 of a-z, 0-9 and '-')";
}

static const char *field_published(struct kb_import *im, const char *v, struct article_new *art)
{
	(void)im;
	art->published = strcmp(v, "true") == 0;
	return art->published || strcmp(v, "false") == 0 ? NULL : "published must be true or false";
}

/* The front-matter keys, in the order export writes them. */
static const struct kb_field {
	const char *key;
	bool required;
	bool is_bool;                     /* written as a YAML boolean */
	const char *(*check)(struct kb_import *im, const char *v, struct article_new *art);
} kb_fields[] = {
	{.key = "title", .required = true, .check = field_title},
	{.key = "lang", .required = true, .check = field_lang},
	{.key = "kind", .required = true, .check = field_kind},
	{.key = "category", .check = field_category},
	{.key = "slug", .check = field_slug},
	{.key = "translation", .check = field_translation},
	{.key = "published", .is_bool = true, .check = field_published},
};

enum { KB_FIELDS = sizeof(kb_fields) / sizeof(kb_fields[0]) };

static const struct kb_field *field_find(const char *key)
{
	for (size_t i = 0; i < KB_FIELDS; i++)
		if (strcmp(kb_fields[i].key, key) == 0)
			return &kb_fields[i];
	return NULL;
}

/* Windows editors write CRLF; the stored body uses LF so that the same
 * text saved on another system is not a change. */
static char *body_lf(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			out[o++] = s[i];
	out[o] = '\0';
	return out;
}

static const char *check_body(struct arena *a, const struct frontmatter *fm,
			      struct article_new *art)
{
	if (fm->body_len > KB_MAX_BODY)
		return "body is larger than 200 KB";
	art->body = body_lf(a, fm->body, fm->body_len);
	for (const char *p = art->body; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n')
			return NULL;
	return "body is empty";
}

/* The slug from the file name when the front matter has none. */
static const char *default_slug(struct arena *a, const char *name, struct article_new *art)
{
	art->slug = arena_strndup(a, name, strlen(name) - 3);
	return article_slug_ok(art->slug) ? NULL : "no slug, and the file name is not a valid slug";
}

/* The line of key, or 1 (the block) when the file does not have it. */
static int key_line(const struct frontmatter *fm, const char *key)
{
	int line = frontmatter_line(fm, key);
	return line ? line : 1;
}

/* Fills *art from the parsed file; NULL, or the reason and its *line. */
static const char *validate(struct kb_import *im, struct arena *a, const char *name,
			    const struct frontmatter *fm, struct article_new *art, int *line)
{
	const char *why = NULL;
	*art = (struct article_new){.published = true};
	*line = 1;
	for (size_t i = 0; i < fm->n; i++)
		if (!field_find(fm->pairs[i].key)) {
			*line = fm->pairs[i].line;
			return arena_printf(a, "unknown key \"%s\"", fm->pairs[i].key);
		}
	for (size_t i = 0; i < KB_FIELDS && !why; i++) {
		const char *v = frontmatter_get(fm, kb_fields[i].key);
		*line = key_line(fm, kb_fields[i].key);
		if (v)
			why = kb_fields[i].check(im, v, art);
		else if (kb_fields[i].required)
			why = arena_printf(a, "%s is missing", kb_fields[i].key);
	}
	if (!why && !art->slug)
		why = default_slug(a, name, art);
	if (!why && art->translation && strcmp(art->translation, art->slug) == 0)
		why = "translation is the article's own slug";
	if (!why && (why = check_body(a, fm, art)))
		*line = fm->body_line;
	return why;
}

/* ---- import ---------------------------------------------------------- */

/* The progress line is only for a person watching a terminal; anything
 * else printed to stderr first wipes it. */
static void progress_clear(const struct kb_import *im)
{
	if (im->tty)
		fputs("\r\033[K", stderr);
}

static void skip(struct kb_import *im, const char *path, int line, const char *why)
{
	progress_clear(im);
	if (line > 0)
		fprintf(stderr, "%s:%d: %s (skipped)\n", path, line, why);
	else
		fprintf(stderr, "%s: %s (skipped)\n", path, why);
	im->skipped++;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool is_md(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* The *.md names in the directory, sorted, so runs are reproducible. */
static int list_dir(struct kb_import *im)
{
	DIR *d = opendir(im->dir);
	struct dirent *e;
	bool full = false;
	if (!d) {
		fprintf(stderr, "tuki kb import: %s: %s\n", im->dir, strerror(errno));
		return -1;
	}
	im->names = arena_alloc(im->a, KB_MAX_FILES * sizeof(*im->names));
	while (!full && (e = readdir(d)))
		if (is_md(e->d_name) && !(full = im->nnames == KB_MAX_FILES))
			im->names[im->nnames++] = arena_strdup(im->a, e->d_name);
	closedir(d);
	if (full) {
		fprintf(stderr, "tuki kb import: %s: more than %d .md files\n", im->dir, KB_MAX_FILES);
		return -1;
	}
	qsort(im->names, im->nnames, sizeof(*im->names), by_name);
	return 0;
}

/* Reads a regular file of at most KB_MAX_FILE bytes; NULL or why not. */
static const char *read_file(const char *path, struct buf *b)
{
	char chunk[16384];
	struct stat st;
	ssize_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	const char *why = NULL;
	if (fd < 0)
		return strerror(errno);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size > KB_MAX_FILE)
		why = "file is larger than 216 KB";
	while (!why && (got = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(b, chunk, (size_t)got))
			why = "file is larger than 216 KB";
	if (!why && got < 0)
		why = strerror(errno);
	close(fd);
	return why;
}

/* Two files with one slug would overwrite each other on every run. */
static const char *slug_taken(struct kb_import *im, struct arena *a, const char *slug,
			      const char *name)
{
	for (size_t i = 0; i < im->nslugs; i++)
		if (strcmp(im->slugs[i], slug) == 0)
			return arena_printf(a, "slug \"%s\" is already used by %s", slug,
					    im->slug_files[i]);
	im->slugs[im->nslugs] = arena_strdup(im->a, slug);
	im->slug_files[im->nslugs++] = name;
	return NULL;
}

static int save(struct kb_import *im, const struct article_new *art, const char *path)
{
	int64_t id;
	enum article_change what;
	int rc = store_article_save(im->store, art, im->now, &id, &what);
	if (rc == TK_EINVALID) {
		skip(im, path, 1, "the database refused the article");
		return 0;
	}
	if (rc != TK_OK) {
		progress_clear(im);
		fprintf(stderr, "tuki kb import: %s: database error (%s)\n", path, err_code(rc));
		return -1;
	}
	if (what == ARTICLE_CREATED)
		im->created++;
	else if (what == ARTICLE_UPDATED)
		im->updated++;
	else
		im->unchanged++;
	return 0;
}

/* One file: read, parse, validate, save. -1 only for a database failure. */
static int import_one(struct kb_import *im, const char *name)
{
	struct arena *a = arena_new();
	struct buf b;
	struct frontmatter fm;
	struct frontmatter_error fe;
	struct article_new art;
	const char *path = arena_printf(a, "%s/%s", im->dir, name), *why;
	int line = 1, rc = 0;
	buf_init(&b, KB_MAX_FILE);
	if ((why = read_file(path, &b)))
		skip(im, path, 0, why);
	else if (frontmatter_parse(a, b.data ? b.data : "", b.len, &fm, &fe))
		skip(im, path, fe.line, fe.message);
	else if ((why = validate(im, a, name, &fm, &art, &line)))
		skip(im, path, line, why);
	else if ((why = slug_taken(im, a, art.slug, name)))
		skip(im, path, key_line(&fm, "slug"), why);
	else
		rc = save(im, &art, path);
	buf_free(&b);
	arena_free(a);
	return rc;
}

/* "Orders, Payments, ..." for messages about unknown categories. */
static int load_categories(struct kb_import *im)
{
	struct buf b;
	if (store_category_list(im->store, im->a, false, &im->cats, &im->ncats) != TK_OK) {
		fprintf(stderr, "tuki kb import: cannot read the categories\n");
		return -1;
	}
	buf_init(&b, 4096);
	for (size_t i = 0; i < im->ncats; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", im->cats[i].name_en);
	im->cat_names = arena_strdup(im->a, b.data ? b.data : "none");
	buf_free(&b);
	return 0;
}

/* failed: the 0-based index of the file the database failed on, or
 * nnames when every file was handled. */
static void import_summary(const struct kb_import *im, size_t failed)
{
	progress_clear(im);
	printf("kb import: %zu files: %zu imported (%zu new, %zu updated), %zu unchanged, "
	       "%zu skipped",
	       im->nnames, im->created + im->updated, im->created, im->updated, im->unchanged,
	       im->skipped);
	if (failed < im->nnames)
		printf("; stopped by a database error at file %zu", failed + 1);
	printf("\n");
}

int cli_kb_import(const struct config *cfg, const char *dir)
{
	struct kb_import im = {.a = arena_new(), .dir = dir, .now = time(NULL),
			       .tty = isatty(STDERR_FILENO) == 1};
	int rc = EXIT_FAIL;
	size_t i = 0;
	if (list_dir(&im) || !(im.store = cli_store(cfg)) || load_categories(&im))
		goto out;
	im.slugs = arena_alloc(im.a, im.nnames * sizeof(*im.slugs) + 1);
	im.slug_files = arena_alloc(im.a, im.nnames * sizeof(*im.slug_files) + 1);
	for (; i < im.nnames; i++) {
		if (im.tty)
			fprintf(stderr, "\rimporting %zu/%zu ...", i + 1, im.nnames);
		if (import_one(&im, im.names[i]))
			break;
	}
	import_summary(&im, i);
	rc = i == im.nnames ? EXIT_OK : EXIT_FAIL;
out:
	store_close(im.store);
	arena_free(im.a);
	return rc;
}

/* ---- export ---------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Readers see the old file or the new one, never half of one: the data
 * goes to a hidden temporary in the same directory, is synced, then
 * renamed over the name. */
static int write_atomic(struct arena *a, const char *dir, const char *name, const struct buf *b)
{
	char *tmp = arena_printf(a, "%s/.%s.XXXXXX", dir, name);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	bool ok = write_all(fd, b->data, b->len) == 0 && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, arena_printf(a, "%s/%s", dir, name)) == 0)
		return 0;
	int saved = errno;
	unlink(tmp);
	errno = saved;
	return -1;
}

/* The file text of one article, keys in kb_fields order. published is
 * left out when true (the default), so an export of imported files
 * matches them byte for byte. */
static int article_text(const struct article *r, struct buf *b)
{
	const char *keys[KB_FIELDS], *values[KB_FIELDS] = {
		r->title,
		r->lang,
		r->kind,
		r->category_id ? r->category_en : NULL,
		r->slug,
		r->translation && *r->translation ? r->translation : NULL,
		r->published ? NULL : "false",
	};
	bool is_bool[KB_FIELDS] = {false};
	for (size_t i = 0; i < KB_FIELDS; i++) {
		keys[i] = kb_fields[i].key;
		is_bool[i] = kb_fields[i].is_bool;
	}
	return frontmatter_write_typed(b, keys, values, is_bool, KB_FIELDS, r->body);
}

static int make_dir(const char *dir)
{
	struct stat st;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return -1;
	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Makes the renames durable too. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Writes one article; -1 only when the file cannot be written. */
static int export_one(struct arena *a, const char *dir, const struct article *r, size_t *skipped)
{
	struct buf b;
	int rc = 0;
	buf_init(&b, KB_MAX_EXPORT_FILE);
	if (!article_slug_ok(r->slug) || article_text(r, &b)) {
		/* A slug is the file name: anything else could leave DIR. */
		fprintf(stderr, "tuki kb export: article %lld (\"%s\") cannot be written as a file\n",
			(long long)r->id, r->slug);
		++*skipped;
	} else if (write_atomic(a, dir, arena_printf(a, "%s.md", r->slug), &b)) {
		fprintf(stderr, "tuki kb export: %s/%s.md: %s\n", dir, r->slug, strerror(errno));
		rc = -1;
	}
	buf_free(&b);
	return rc;
}

static int kb_export(const struct config *cfg, const char *dir)
{
	struct arena *a = arena_new();
	struct article_filter f = {.limit = INT_MAX};
	struct article *list = NULL;
	struct store *s = NULL;
	size_t n = 0, i = 0, skipped = 0;
	int rc = EXIT_FAIL;
	if (!(s = cli_store(cfg)))
		goto out;
	if (store_article_list(s, a, &f, &list, &n) != TK_OK) {
		fprintf(stderr, "tuki kb export: cannot read the articles\n");
		goto out;
	}
	if (make_dir(dir)) {
		fprintf(stderr, "tuki kb export: %s: %s\n", dir, strerror(errno));
		goto out;
	}
	while (i < n && export_one(a, dir, &list[i], &skipped) == 0)
		i++;
	sync_dir(dir);
	printf("kb export: %zu articles written to %s, %zu skipped\n", i - skipped, dir, skipped);
	rc = i == n ? EXIT_OK : EXIT_FAIL;
out:
	store_close(s);
	arena_free(a);
	return rc;
}

/* ---- command --------------------------------------------------------- */

static const struct kb_action {
	const char *name;
	int (*run)(const struct config *cfg, const char *dir);
} kb_actions[] = {
	{"import", cli_kb_import},
	{"export", kb_export},
};

/* "ACTION DIR [--db URL] [--help]" in any order after the action; returns
 * 0, or EXIT_USAGE after saying why. */
static int parse_args(int argc, char **argv, struct config *cfg, const char **dir, bool *help)
{
	char *err = NULL;
	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
			*help = true;
		else if (strncmp(arg, "--db=", 5) == 0 || (strcmp(arg, "--db") == 0 && i + 1 < argc)) {
			const char *v = arg[4] == '=' ? arg + 5 : argv[++i];
			if (config_set(cfg, "db", v, &err) < 0) {
				fprintf(stderr, "tuki kb: %s\n", err);
				free(err);
				return EXIT_USAGE;
			}
		} else if (strcmp(arg, "--db") == 0) {
			fprintf(stderr, "tuki kb: --db needs a value\n");
			return EXIT_USAGE;
		} else if (arg[0] == '-' || *dir) {
			fprintf(stderr, "tuki kb: unexpected argument \"%s\"\n", arg);
			return EXIT_USAGE;
		} else {
			*dir = arg;
		}
	}
	return 0;
}

static const struct kb_action *action_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(kb_actions) / sizeof(kb_actions[0]); i++)
		if (strcmp(name, kb_actions[i].name) == 0)
			return &kb_actions[i];
	return NULL;
}

int cmd_kb(int argc, char **argv)
{
	struct config cfg;
	char *err = NULL;
	const char *dir = NULL;
	bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
	const struct kb_action *act = action_find(argc >= 2 ? argv[1] : NULL);
	int rc = EXIT_USAGE;
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "tuki kb: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	if (!help && act && parse_args(argc, argv, &cfg, &dir, &help))
		goto out;
	if (help) {
		fputs(kb_usage, stdout);
		rc = EXIT_OK;
	} else if (!act || !dir) {
		fputs(KB_SYNOPSIS "(tuki kb --help for details)\n", stderr);
	} else {
		rc = act->run(&cfg, dir);
	}
out:
	config_free(&cfg);
	return rc;
}
