/* err.h - the one error enum every layer returns.
 *
 * Functions return TK_OK (0) or a negative code; the HTTP status, the
 * stable API error code and the translatable message are looked up here
 * once, so handlers never invent their own. */
#ifndef TUKI_ERR_H
#define TUKI_ERR_H

enum tk_err {
	TK_OK = 0,
	TK_EBADREQ = -1,      /* malformed request                 400 */
	TK_EUNAUTH = -2,      /* not authenticated                 401 */
	TK_EFORBIDDEN = -3,   /* authenticated but not allowed     403 */
	TK_ENOTFOUND = -4,    /* no such object (or not yours)     404 */
	TK_EMETHOD = -5,      /* route exists, method does not     405 */
	TK_ECONFLICT = -6,    /* unique constraint, lost race      409 */
	TK_ETOOLARGE = -7,    /* body or field over its limit      413 */
	TK_EINVALID = -8,     /* well-formed but fails validation  422 */
	TK_ETHROTTLED = -9,   /* rate limit                        429 */
	TK_EINTERNAL = -10,   /* bug or I/O failure                500 */
	TK_EUNAVAIL = -11,    /* database unreachable or busy      503 */
	TK_ERR__MAX = 12
};

int err_http_status(int err);
/* Stable machine-readable code for JSON bodies, e.g. "not_found". */
const char *err_code(int err);
/* English msgid of the default human message (translate before use). */
const char *err_message(int err);

#endif
