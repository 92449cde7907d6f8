/* home.c - the front page. */
#include "lib/i18n.h"
#include "web/page.h"
#include "web/routes.h"

void home_get(struct request *req, struct response *resp)
{
	json_t *m = page_model(req, resp, N_("Tuki customer support"));
	page_render(req, resp, 200, "home", m);
}
