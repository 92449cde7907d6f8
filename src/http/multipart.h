/* multipart.h - multipart/form-data bodies, parsed while they stream in.
 *
 * The raw body is never kept. Fields land in req->form (arena memory,
 * checked like urlencoded ones, so req_form() works); files land in
 * req->uploads, their bytes in per-file buffers capped at max_file_size
 * that stay valid until multipart_free(). Files past a limit are listed
 * with a state instead of data, so the rest of the message is kept. */
#ifndef TUKI_HTTP_MULTIPART_H
#define TUKI_HTTP_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "http/server.h"

struct request;
struct multipart;

enum { MULTIPART_FIELD_MAX = 256 * 1024 };  /* bytes of one field's value */

/* True for a multipart/form-data Content-Type (NULL: false). */
bool multipart_is(const char *content_type);
/* The cap on a whole multipart body: max_files * max_file_size + max_body. */
size_t multipart_max_body(const struct http_config *cfg);
/* Starts parsing req's body; never NULL. A bad Content-Type (no
 * boundary) is reported by the first feed or by multipart_finish(). */
struct multipart *multipart_new(struct request *req, const struct http_config *cfg);
/* Takes the next len bytes. Returns TK_OK, or the first error for good:
 * TK_EBADREQ (malformed body, invalid name, value or part) or
 * TK_ETOOLARGE (body, field or part count over its limit); after an
 * error the bytes are ignored. */
int multipart_feed(struct multipart *mp, const char *data, size_t len);
/* Ends the body: on TK_OK req->form and req->uploads are complete.
 * A truncated body (no closing boundary) is TK_EBADREQ. */
int multipart_finish(struct multipart *mp);
/* Frees the parser and the file buffers req->uploads points into. */
void multipart_free(struct multipart *mp);

#endif
