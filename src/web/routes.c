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
	{HTTP_GET, "/contact", contact_get, ACCESS_USER},
	{HTTP_POST, "/contact", contact_post, ACCESS_USER},
	{HTTP_GET, "/tickets", tickets_get, ACCESS_USER},
	{HTTP_GET, "/tickets/{id}", ticket_get, ACCESS_USER},
	{HTTP_POST, "/tickets/{id}/reply", ticket_reply_post, ACCESS_USER},
	{HTTP_GET, "/attachments/{id}", attachment_get, ACCESS_USER},
	{HTTP_GET, "/desk", desk_get, ACCESS_AGENT},
	{HTTP_GET, "/desk/tickets/{id}", desk_ticket_get, ACCESS_AGENT},
	{HTTP_POST, "/desk/tickets/{id}/reply", desk_reply_post, ACCESS_AGENT},
	{HTTP_POST, "/desk/tickets/{id}/status", desk_status_post, ACCESS_AGENT},
	{HTTP_POST, "/desk/tickets/{id}/take", desk_take_post, ACCESS_AGENT},
	{HTTP_POST, "/desk/tickets/{id}/release", desk_release_post, ACCESS_AGENT},
	{HTTP_GET, "/admin/categories", admin_categories_get, ACCESS_ADMIN},
	{HTTP_POST, "/admin/categories", admin_categories_post, ACCESS_ADMIN},
	{HTTP_POST, "/admin/categories/{id}", admin_category_post, ACCESS_ADMIN},

	{HTTP_GET, "/api/v1/me", api_me_get, ACCESS_USER},
	{HTTP_GET, "/api/v1/categories", api_categories_get, ACCESS_USER},
	{HTTP_POST, "/api/v1/tickets", api_tickets_post, ACCESS_USER},
	{HTTP_GET, "/api/v1/tickets", api_tickets_get, ACCESS_USER},
	{HTTP_GET, "/api/v1/tickets/{id}", api_ticket_get, ACCESS_USER},
	{HTTP_PATCH, "/api/v1/tickets/{id}", api_ticket_patch, ACCESS_AGENT},
	{HTTP_POST, "/api/v1/tickets/{id}/messages", api_messages_post, ACCESS_USER},
	{HTTP_POST, "/api/v1/tickets/{id}/attachments", api_attachments_post, ACCESS_USER},
	{HTTP_GET, "/api/v1/attachments/{id}", attachment_get, ACCESS_USER},
	{HTTP_GET, "/api/v1/queue", api_queue_get, ACCESS_AGENT},
	{HTTP_POST, "/api/v1/questions/check", api_questions_check_post, ACCESS_USER},
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
