/* multipart.c - multipart/form-data through libmicrohttpd's post processor. */
#include "http/multipart.h"

#include <microhttpd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/request.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/form.h"

enum { PP_BUFFER = 64 * 1024, BOUNDARY_MAX = 70 };

/* The bytes of a kept file (one of the first max_files). */
struct mp_file {
	struct buf data;
	size_t upload;             /* its index in uploads */
};

struct multipart {
	struct MHD_PostProcessor *pp;
	struct request *req;
	size_t max_body, received;
	unsigned max_files;
	int rc;                    /* first error (TK_*), then sticky */
	unsigned feeds;            /* calls to MHD_post_process so far */

	/* "\r\n--boundary", matched across feeds, and the part headers
	 * that follow each one (libmicrohttpd does not show them). */
	char delim[4 + BOUNDARY_MAX];
	size_t dlen, matched;
	unsigned delim_feed;       /* last feed that ended with delim */
	bool in_headers, first_line, after_cr;
	struct buf line;           /* the header line being read */

	/* The part being read. */
	bool open, is_file, has_data;
	const char *name;          /* arena copies, also to tell parts apart */
	const char *filename;      /* raw; NULL for a field */
	unsigned empty_feed;       /* feed that brought its empty first piece */
	struct buf field;          /* a field's value so far */

	struct upload *uploads;    /* arena, FORM_MAX_FIELDS entries */
	size_t nuploads;
	struct mp_file *files;     /* max_files entries */
	unsigned nfiles;           /* file parts counted so far */
};

bool multipart_is(const char *content_type)
{
	static const char type[] = MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA;
	return content_type && strncasecmp(content_type, type, sizeof(type) - 1) == 0;
}

size_t multipart_max_body(const struct http_config *cfg)
{
	size_t files = cfg->max_files, size = cfg->max_file_size;
	if (size && files > (SIZE_MAX - cfg->max_body) / size)
		return SIZE_MAX;
	return files * size + cfg->max_body;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* libmicrohttpd never says that a part ended: a new one starts when the
 * offset is back at 0. Only a part whose one piece so far was empty is
 * ambiguous, as an empty first piece is also sent when too little of a
 * value has arrived to look for the boundary; the value then follows at
 * offset 0 too. But such a piece is always the last call of its feed,
 * and the value arrives at the latest in the feed that completes the
 * next delimiter (feeds are cut right after each one). So the part was
 * empty if a call follows in the same feed, or in a feed after one that
 * completed a delimiter, or under another name. (A boundary under 3
 * bytes can also start a value, so there the delimiter rule is not used
 * and an empty part and a next part of the same name and file name can
 * merge.) */
static bool part_is_new(const struct multipart *mp, const char *name, const char *filename,
			uint64_t off)
{
	if (!mp->open)
		return true;
	if (off > 0)
		return false;
	if (mp->has_data || mp->empty_feed == mp->feeds)
		return true;
	if (mp->dlen >= 7 && mp->delim_feed >= mp->empty_feed && mp->delim_feed < mp->feeds)
		return true;
	return !same_str(mp->name, name) || !same_str(mp->filename, filename);
}

/* Valid UTF-8 with no control character at all. */
static bool filename_ok(const char *s)
{
	size_t n = strlen(s);
	return form_text_ok(s, n, 0) && !memchr(s, '\t', n);
}

/* Lists a file part; the first max_files get a buffer, later ones are
 * UPLOAD_TOO_MANY. */
static int file_begin(struct multipart *mp)
{
	if (mp->nuploads >= FORM_MAX_FIELDS)
		return TK_ETOOLARGE;
	struct upload *u = &mp->uploads[mp->nuploads];
	u->field = mp->name;
	u->filename = filename_ok(mp->filename) ? mp->filename : "file";
	u->data = NULL;
	u->len = 0;
	u->state = UPLOAD_TOO_MANY;
	if (mp->nfiles < mp->max_files) {
		struct mp_file *f = &mp->files[mp->nfiles];
		buf_reset(&f->data);
		f->upload = mp->nuploads;
		u->state = UPLOAD_OK;
	}
	mp->nfiles++;
	mp->nuploads++;
	return TK_OK;
}

static int part_begin(struct multipart *mp, const char *name, const char *filename)
{
	struct arena *a = mp->req->arena;
	if (!name || !form_text_ok(name, strlen(name), 0))
		return TK_EBADREQ;
	mp->open = true;
	mp->has_data = false;
	mp->is_file = filename != NULL;
	mp->name = arena_strdup(a, name);
	mp->filename = filename ? arena_strdup(a, filename) : NULL;
	if (mp->is_file)
		return file_begin(mp);
	if (mp->req->form.n >= FORM_MAX_FIELDS)
		return TK_ETOOLARGE;
	buf_reset(&mp->field);
	return TK_OK;
}

static void file_data(struct multipart *mp, const char *data, size_t size)
{
	struct upload *u = &mp->uploads[mp->nuploads - 1];
	u->len += size;
	if (u->state != UPLOAD_OK)
		return;
	struct buf *b = &mp->files[mp->nfiles - 1].data;
	if (buf_append(b, data, size) < 0) {
		u->state = UPLOAD_TOO_LARGE;
		buf_free(b);
	}
}

static int part_data(struct multipart *mp, const char *data, size_t size)
{
	if (size == 0) {
		if (!mp->has_data)
			mp->empty_feed = mp->feeds;
		return TK_OK;
	}
	mp->has_data = true;
	if (mp->is_file) {
		file_data(mp, data, size);
		return TK_OK;
	}
	return buf_append(&mp->field, data, size) < 0 ? TK_ETOOLARGE : TK_OK;
}

/* A field is checked whole, then added to req->form. */
static int field_end(struct multipart *mp)
{
	struct form *form = &mp->req->form;
	const char *v = mp->field.data ? mp->field.data : "";
	size_t len = mp->field.len;
	if (!form_text_ok(v, len, 1))
		return TK_EBADREQ;
	struct form_field *f = &form->fields[form->n++];
	f->name = mp->name;
	f->value = arena_strndup(mp->req->arena, v, len);
	f->len = len;
	return TK_OK;
}

/* An empty file is UPLOAD_EMPTY, unless it has no name either: that is
 * an empty <input type=file>, which is dropped as if never sent. */
static void file_end(struct multipart *mp)
{
	struct upload *u = &mp->uploads[mp->nuploads - 1];
	if (u->len > 0)
		return;
	if (mp->filename[0] == '\0') {
		mp->nuploads--;
		mp->nfiles--;
	} else if (u->state == UPLOAD_OK) {
		u->state = UPLOAD_EMPTY;
	}
}

static int part_end(struct multipart *mp)
{
	mp->open = false;
	if (!mp->is_file)
		return field_end(mp);
	file_end(mp);
	return TK_OK;
}

static enum MHD_Result on_part_data(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *filename, const char *content_type,
				    const char *transfer_encoding, const char *data, uint64_t off,
				    size_t size)
{
	struct multipart *mp = cls;
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	int rc = mp->rc;
	if (!rc && part_is_new(mp, key, filename, off)) {
		if (mp->open)
			rc = part_end(mp);
		if (!rc)
			rc = part_begin(mp, key, filename);
	}
	if (!rc)
		rc = part_data(mp, data, size);
	mp->rc = rc;
	return rc ? MHD_NO : MHD_YES;
}

/* The boundary the way libmicrohttpd takes it (all that follows
 * "boundary=", enclosing quotes removed) into mp->delim; false unless it
 * is 1 to 70 printable ASCII characters other than '"' (RFC 2046). */
static bool boundary_load(struct multipart *mp, const char *content_type)
{
	const char *b = content_type ? strstr(content_type, "boundary=") : NULL;
	if (!b)
		return false;
	b += strlen("boundary=");
	size_t blen = strlen(b);
	if (blen >= 2 && b[0] == '"' && b[blen - 1] == '"') {
		b++;
		blen -= 2;
	}
	if (blen == 0 || blen > BOUNDARY_MAX)
		return false;
	for (size_t i = 0; i < blen; i++) {
		unsigned char c = (unsigned char)b[i];
		if (c < 0x20 || c > 0x7e || c == '"')
			return false;
	}
	memcpy(mp->delim, "\r\n--", 4);
	memcpy(mp->delim + 4, b, blen);
	mp->dlen = 4 + blen;
	mp->matched = 2;           /* the body may start with "--boundary" */
	return true;
}

/* The length of data up to the end of the next delimiter, or len;
 * *ends tells which. The delimiter has only one '\r', its first byte, so
 * a failed match can only restart there. */
static size_t until_delimiter(struct multipart *mp, const char *data, size_t len, bool *ends)
{
	size_t i = 0;
	*ends = false;
	while (i < len) {
		if (mp->matched == 0) {
			const char *cr = memchr(data + i, '\r', len - i);
			if (!cr)
				break;
			i = (size_t)(cr - data);
		}
		char c = data[i++];
		if (c != mp->delim[mp->matched]) {
			mp->matched = c == '\r';
		} else if (++mp->matched == mp->dlen) {
			mp->matched = 0;
			*ends = true;
			return i;
		}
	}
	return len;
}

struct multipart *multipart_new(struct request *req, const struct http_config *cfg)
{
	struct multipart *mp = calloc(1, sizeof(*mp));
	unsigned nfiles = cfg->max_files ? cfg->max_files : 1;
	if (!mp || !(mp->files = calloc(nfiles, sizeof(*mp->files))))
		abort();
	mp->req = req;
	mp->max_body = multipart_max_body(cfg);
	mp->max_files = cfg->max_files;
	for (unsigned i = 0; i < nfiles; i++)
		buf_init(&mp->files[i].data, cfg->max_file_size);
	buf_init(&mp->field, MULTIPART_FIELD_MAX);
	buf_init(&mp->line, PP_BUFFER);
	req->form.n = 0;
	req->form.fields = arena_alloc(req->arena, FORM_MAX_FIELDS * sizeof(*req->form.fields));
	mp->uploads = arena_alloc(req->arena, FORM_MAX_FIELDS * sizeof(*mp->uploads));
	if (boundary_load(mp, req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE)))
		mp->pp = MHD_create_post_processor(req->conn, PP_BUFFER, on_part_data, mp);
	if (!mp->pp)
		mp->rc = TK_EBADREQ;
	return mp;
}

/* False for a Content-Disposition line with an unterminated quoted
 * string: libmicrohttpd would drop its filename and turn the file into a
 * text field (a name like "x.txt\r\nX-Injected: yes" does that). */
static bool header_line_ok(const char *s, size_t n)
{
	static const char cd[] = "Content-Disposition:";
	if (n < sizeof(cd) - 1 || strncasecmp(s, cd, sizeof(cd) - 1) != 0)
		return true;
	bool quoted = false;
	for (size_t i = sizeof(cd) - 1; i < n; i++) {
		if (quoted && s[i] == '\\')
			i++;
		else if (s[i] == '"')
			quoted = !quoted;
	}
	return !quoted;
}

/* Reads part header lines from data until the blank line that ends
 * them; the first line is the rest of the delimiter line. Lines end at
 * CR LF, CR or LF, as for libmicrohttpd. */
static int scan_headers(struct multipart *mp, const char *data, size_t len)
{
	for (size_t i = 0; i < len && mp->in_headers; i++) {
		size_t run = 0;
		while (i + run < len && data[i + run] != '\r' && data[i + run] != '\n')
			run++;
		if (buf_append(&mp->line, data + i, run) < 0)
			return TK_EBADREQ;
		i += run;
		if (i == len)
			break;
		if (data[i] == '\n' && mp->after_cr && mp->line.len == 0) {
			mp->after_cr = false;          /* the LF of a CR LF */
			continue;
		}
		mp->after_cr = data[i] == '\r';
		if (mp->line.len == 0 && !mp->first_line)
			mp->in_headers = false;
		else if (!header_line_ok(mp->line.data, mp->line.len))
			return TK_EBADREQ;
		mp->first_line = false;
		buf_reset(&mp->line);
	}
	return TK_OK;
}

/* One piece to libmicrohttpd: headers checked first, then parsed. */
static void feed_piece(struct multipart *mp, const char *data, size_t len, bool ends_delim)
{
	mp->feeds++;
	if (mp->in_headers)
		mp->rc = scan_headers(mp, data, len);
	if (!mp->rc && MHD_post_process(mp->pp, data, len) == MHD_NO && !mp->rc)
		mp->rc = TK_EBADREQ;
	if (!ends_delim)
		return;
	mp->delim_feed = mp->feeds;
	mp->in_headers = mp->first_line = true;
	mp->after_cr = false;
	buf_reset(&mp->line);
}

int multipart_feed(struct multipart *mp, const char *data, size_t len)
{
	if (mp->rc)
		return mp->rc;
	if (len > mp->max_body - mp->received) {
		mp->rc = TK_ETOOLARGE;
		return mp->rc;
	}
	mp->received += len;
	while (len > 0 && !mp->rc) {
		bool ends;
		size_t n = until_delimiter(mp, data, len, &ends);
		feed_piece(mp, data, n, ends);
		data += n;
		len -= n;
	}
	return mp->rc;
}

int multipart_finish(struct multipart *mp)
{
	enum MHD_Result complete = MHD_destroy_post_processor(mp->pp);
	mp->pp = NULL;
	if (!mp->rc && complete == MHD_NO)
		mp->rc = TK_EBADREQ;
	if (!mp->rc && mp->open)
		mp->rc = part_end(mp);
	if (mp->rc)
		return mp->rc;
	for (unsigned i = 0; i < mp->nfiles && i < mp->max_files; i++) {
		struct upload *u = &mp->uploads[mp->files[i].upload];
		if (u->state == UPLOAD_OK)
			u->data = (const unsigned char *)mp->files[i].data.data;
	}
	mp->req->uploads = mp->uploads;
	mp->req->nuploads = mp->nuploads;
	return TK_OK;
}

void multipart_free(struct multipart *mp)
{
	if (!mp)
		return;
	MHD_destroy_post_processor(mp->pp);
	for (unsigned i = 0; i < (mp->max_files ? mp->max_files : 1); i++)
		buf_free(&mp->files[i].data);
	buf_free(&mp->field);
	buf_free(&mp->line);
	free(mp->files);
	free(mp);
}
