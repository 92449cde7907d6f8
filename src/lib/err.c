/* err.c - one table maps every error to status, code and message. */
#include "lib/err.h"

#include "lib/i18n.h"

static const struct {
	int status;
	const char *code;
	const char *message;
} errors[TK_ERR__MAX] = {
	[0] = {200, "ok", N_("OK")},
	[-TK_EBADREQ] = {400, "bad_request", N_("The request could not be understood.")},
	[-TK_EUNAUTH] = {401, "unauthorized", N_("Please log in first.")},
	[-TK_EFORBIDDEN] = {403, "forbidden", N_("You are not allowed to do that.")},
	[-TK_ENOTFOUND] = {404, "not_found", N_("The page or item was not found.")},
	[-TK_EMETHOD] = {405, "method_not_allowed", N_("That method is not allowed here.")},
	[-TK_ECONFLICT] = {409, "conflict", N_("That conflicts with the current state.")},
	[-TK_ETOOLARGE] = {413, "payload_too_large", N_("The request is too large.")},
	[-TK_EINVALID] = {422, "invalid", N_("Some of the information is not valid.")},
	[-TK_ETHROTTLED] = {429, "too_many_requests", N_("Too many attempts. Please wait and try again.")},
	[-TK_EINTERNAL] = {500, "internal", N_("Something went wrong on our side. Please try again.")},
	[-TK_EUNAVAIL] = {503, "unavailable", N_("The service is temporarily unavailable.")},
};

static int err_index(int err)
{
	return (err <= 0 && -err < TK_ERR__MAX) ? -err : -TK_EINTERNAL;
}

int err_http_status(int err)
{
	return errors[err_index(err)].status;
}

const char *err_code(int err)
{
	return errors[err_index(err)].code;
}

const char *err_message(int err)
{
	return errors[err_index(err)].message;
}
