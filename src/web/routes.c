/* routes.c - the route table: method, path, handler, who may call it. */
#include "web/routes.h"

const struct route routes[] = {
	{HTTP_GET, "/", home_get, ACCESS_ANYONE},
	{HTTP_GET, "/healthz", health_get, ACCESS_ANYONE},
	{HTTP_GET, "/register", register_get, ACCESS_ANYONE},
	{HTTP_POST, "/register", register_post, ACCESS_ANYONE},
	{HTTP_GET, "/login", login_get, ACCESS_ANYONE},
	{HTTP_POST, "/login", login_post, ACCESS_ANYONE},
	{HTTP_POST, "/logout", logout_post, ACCESS_USER},
	{HTTP_GET, "/account", account_get, ACCESS_USER},
	{HTTP_POST, "/account/password", account_password_post, ACCESS_USER},
	{HTTP_POST, "/lang", lang_post, ACCESS_ANYONE},
	{HTTP_GET, "/api/v1/me", api_me_get, ACCESS_USER},
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
