/* static.h - the stylesheet, scripts and images, held in memory.
 *
 * Loaded once at start-up (a few files, a few kilobytes): each has its
 * content type and an ETag from its content, so browsers revalidate
 * cheaply and never see a stale file after an upgrade. */
#ifndef TUKI_HTTP_STATIC_H
#define TUKI_HTTP_STATIC_H

#include <stddef.h>

struct static_file {
	const char *name;          /* path below the static directory */
	const char *content_type;
	const char *etag;          /* quoted */
	const unsigned char *data;
	size_t len;
};

struct static_set;

/* Loads the regular files directly in dir (no subdirectories, no
 * dotfiles). Returns 0 or -1 with *err set (free() it). */
int static_load(const char *dir, struct static_set **out, char **err);
void static_free(struct static_set *set);
const struct static_file *static_find(const struct static_set *set, const char *name);

#endif
