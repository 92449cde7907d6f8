/* static.c - static files from one directory, loaded at start-up. */
#include "http/static.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/crypto.h"

enum { STATIC_MAX_FILES = 64, STATIC_MAX_SIZE = 4 << 20 };

struct static_set {
	struct static_file files[STATIC_MAX_FILES];
	size_t n;
};

static const struct {
	const char *ext, *type;
} types[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static int read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n) < 0) {
			rc = -1;
			break;
		}
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

static int load_one(struct static_set *set, const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	struct buf b;
	buf_init(&b, STATIC_MAX_SIZE);
	if (read_file(path, &b) < 0) {
		buf_free(&b);
		return -1;
	}
	struct static_file *f = &set->files[set->n++];
	f->name = strdup(name);
	f->content_type = type_of(name);
	f->data = (unsigned char *)buf_steal(&b, &f->len);
	uint8_t h[CRYPTO_HASH_BYTES];
	char hex[17];
	crypto_digest(f->data, f->len, h);
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	char *etag = malloc(20);
	if (etag)
		snprintf(etag, 20, "\"%s\"", hex);
	f->etag = etag;
	return f->name && f->data && f->etag ? 0 : -1;
}

int static_load(const char *dir, struct static_set **out, char **err)
{
	struct static_set *set = calloc(1, sizeof(*set));
	DIR *d = opendir(dir);
	if (!set || !d) {
		if (asprintf(err, "cannot open static directory %s", dir) < 0)
			*err = NULL;
		free(set);
		if (d)
			closedir(d);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || e->d_type == DT_DIR)
			continue;
		if (set->n >= STATIC_MAX_FILES || load_one(set, dir, e->d_name) < 0) {
			if (asprintf(err, "cannot load static file %s/%s", dir, e->d_name) < 0)
				*err = NULL;
			rc = -1;
		}
	}
	closedir(d);
	if (rc) {
		static_free(set);
		return -1;
	}
	*out = set;
	return 0;
}

void static_free(struct static_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++) {
		free((char *)set->files[i].name);
		free((char *)set->files[i].etag);
		free((void *)set->files[i].data);
	}
	free(set);
}

const struct static_file *static_find(const struct static_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->files[i].name, name) == 0)
			return &set->files[i];
	return NULL;
}
