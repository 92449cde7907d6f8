/* filetype.h - what a file really is, from its bytes (libmagic).
 *
 * The client's Content-Type is never trusted. A libmagic handle is not
 * thread-safe, so the detector serialises calls on its own lock; a call
 * looks at the first bytes only and takes microseconds. */
#ifndef TUKI_FILETYPE_H
#define TUKI_FILETYPE_H

#include <stdbool.h>
#include <stddef.h>

struct filetype;

/* Loads the magic database; NULL with *err set (free() it) on failure. */
struct filetype *filetype_open(char **err);
void filetype_close(struct filetype *ft);
/* Writes the MIME type ("image/png", "application/pdf", ...) of data
 * into out; "application/octet-stream" when unknown. */
void filetype_detect(struct filetype *ft, const void *data, size_t len, char *out, size_t outlen);
/* True for the raster image types shown inline as previews: PNG, JPEG,
 * GIF, WebP. Never SVG (it can carry script) or anything else. */
bool filetype_is_inline_image(const char *mime);

#endif
