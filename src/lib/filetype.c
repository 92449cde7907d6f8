/* filetype.c - MIME type of a file from its bytes, through libmagic. */
#include "lib/filetype.h"

#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes shown to libmagic: every signature we care about is near the
 * start, and text classification would otherwise scan whole files. */
enum { FILETYPE_SNIFF_MAX = 64 * 1024 };

static const char unknown_type[] = "application/octet-stream";

struct filetype {
	magic_t magic;
	pthread_mutex_t lock;      /* a magic_t is not thread-safe */
};

struct filetype *filetype_open(char **err)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE);
	if (!m) {
		if (asprintf(err, "cannot start libmagic") < 0)
			*err = NULL;
		return NULL;
	}
	if (magic_load(m, NULL) != 0) {
		const char *why = magic_error(m);
		if (asprintf(err, "cannot load the magic database: %s", why ? why : "unknown error") < 0)
			*err = NULL;
		magic_close(m);
		return NULL;
	}
	struct filetype *ft = calloc(1, sizeof(*ft));
	if (!ft)
		abort();
	ft->magic = m;
	pthread_mutex_init(&ft->lock, NULL);
	return ft;
}

void filetype_close(struct filetype *ft)
{
	if (!ft)
		return;
	magic_close(ft->magic);
	pthread_mutex_destroy(&ft->lock);
	free(ft);
}

/* Copies type into out, or the unknown type when it does not fit. */
static void put_type(const char *type, char *out, size_t outlen)
{
	if (!type || strlen(type) >= outlen)
		type = unknown_type;
	snprintf(out, outlen, "%s", type);
}

void filetype_detect(struct filetype *ft, const void *data, size_t len, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	if (!data) {
		data = "";
		len = 0;
	}
	if (len > FILETYPE_SNIFF_MAX)
		len = FILETYPE_SNIFF_MAX;
	pthread_mutex_lock(&ft->lock);
	/* The result lives in the handle: copy it before unlocking. */
	put_type(magic_buffer(ft->magic, data, len), out, outlen);
	pthread_mutex_unlock(&ft->lock);
}

bool filetype_is_inline_image(const char *mime)
{
	static const char *const inline_types[] = {
		"image/png", "image/jpeg", "image/gif", "image/webp",
	};
	if (!mime)
		return false;
	for (size_t i = 0; i < sizeof(inline_types) / sizeof(inline_types[0]); i++)
		if (strcmp(mime, inline_types[i]) == 0)
			return true;
	return false;
}
