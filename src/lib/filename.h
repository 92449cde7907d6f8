/* filename.h - names of uploaded files made safe to show and to send back.
 *
 * A client-sent name may carry a path ("../../etc/passwd"), control
 * characters, quotes or newlines. We keep the user's name as far as it is
 * harmless and build the Content-Disposition header from it. */
#ifndef TUKI_FILENAME_H
#define TUKI_FILENAME_H

struct arena;

enum { FILENAME_MAX_BYTES = 200 };

/* The last path component of name (after '/' or '\\'), with control
 * characters, quotes, backslashes and characters invalid in UTF-8
 * replaced by '_', leading dots and surrounding spaces removed, cut to
 * FILENAME_MAX_BYTES on a character boundary; "file" when nothing is
 * left. Arena memory. */
const char *filename_sanitize(struct arena *a, const char *name);
/* A Content-Disposition value: disposition ("attachment" or "inline")
 * with an ASCII fallback filename="..." and RFC 5987 filename*=UTF-8''...
 * for the sanitised name. */
const char *filename_disposition(struct arena *a, const char *disposition, const char *name);

#endif
