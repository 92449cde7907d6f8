/* payment.c - paid priority tickets: checkout, confirmation, cancelling
 * into a normal ticket, receipts, refunds, and the Stripe webhook. */
#include "web/payment.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "config.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/timefmt.h"
#include "payments/stripe.h"
#include "payments/stripe_sig.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page.h"
#include "web/promise.h"
#include "web/routes.h"
#include "web/ticket_view.h"

static bool stripe_on(const struct request *req);

bool payments_on(const struct request *req)
{
	return stripe_on(req) || req->app->cfg->test_payments;
}

void priority_offer(struct request *req, struct priority_offer *out)
{
	const char *text = NULL;
	*out = (struct priority_offer){.enabled = true, .fee_cents = 900, .currency = "eur"};
	store_setting_get(req->store, req->arena, "priority", &text);
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	json_t *en = json_object_get(v, "enabled"), *fee = json_object_get(v, "fee_cents");
	if (json_is_boolean(en))
		out->enabled = json_is_true(en);
	if (json_is_integer(fee) && json_integer_value(fee) >= 0)
		out->fee_cents = json_integer_value(fee);
	json_decref(v);
	/* Offered only with a way to pay: Stripe, or test payments that the
	 * operator switched on (demos and tests): never free by default. */
	if (!payments_on(req))
		out->enabled = false;
}

static const char *fee_text(struct request *req, int64_t cents)
{
	char out[PAYMENT_AMOUNT_FMT_MAX];
	payment_amount_format(cents, req->lang, out);
	return arena_strdup(req->arena, out);
}

json_t *priority_json(struct request *req)
{
	struct priority_offer o;
	priority_offer(req, &o);
	const struct calendar *cal = promise_for(req);
	json_t *p = cal ? promise_json(req, cal, calendar_due_priority(cal, time(NULL))) : NULL;
	json_t *out = json_pack("{s:b, s:I, s:s}", "enabled", o.enabled, "fee", (json_int_t)o.fee_cents,
				"fee_text", fee_text(req, o.fee_cents));
	json_object_update(out, p);
	json_decref(p);
	return out;
}

static bool stripe_on(const struct request *req)
{
	const char *k = req->app->cfg->stripe_secret_key;
	return k && strcmp(k, "-") != 0;
}

/* Stripe Checkout: a session for the fee, back to the ticket after. */
static int stripe_start(struct request *req, int64_t pay_id, int64_t ticket_id,
			const struct priority_offer *o, const char **url)
{
	const struct config *cfg = req->app->cfg;
	struct stripe_config sc = {.api_base = cfg->stripe_api_base,
				   .secret_key = cfg->stripe_secret_key};
	const char *back = arena_printf(req->arena, "%s/tickets/%lld", cfg->public_url,
					(long long)ticket_id);
	struct stripe_checkout in = {.amount_cents = o->fee_cents, .currency = o->currency,
				     .ticket_id = ticket_id, .success_url = back, .cancel_url = back,
				     .description = tr(req, N_("Priority support ticket")),
				     .customer_email = req->user->email,
				     .idempotency_key = arena_printf(req->arena, "tuki-pay-%lld",
								     (long long)pay_id)};
	struct stripe_session ss;
	char *err = NULL;
	if (stripe_checkout_create(&sc, &in, req->arena, &ss, &err) != STRIPE_OK) {
		log_error("stripe checkout for payment %lld: %s", (long long)pay_id, err ? err : "?");
		free(err);
		return TK_EUNAVAIL;
	}
	*url = ss.url;
	return store_payment_set_checkout(req->store, pay_id, ss.id, ss.url);
}

void payment_start(struct request *req, struct response *resp, int64_t ticket_id)
{
	struct priority_offer o;
	int64_t id;
	priority_offer(req, &o);
	const char *url = NULL;
	int rc = store_payment_create(req->store, ticket_id, stripe_on(req) ? "stripe" : "test",
				      o.fee_cents, o.currency, time(NULL), &id);
	if (rc == TK_OK && stripe_on(req))
		rc = stripe_start(req, id, ticket_id, &o, &url);
	if (rc == TK_OK && !url)
		url = arena_printf(req->arena, "/pay/%lld", (long long)id);
	/* The ticket is stored whatever happens here: on failure the
	 * customer lands on it and can pay later or send it as normal. */
	resp_redirect(req, resp, rc ? arena_printf(req->arena, "/tickets/%lld", (long long)ticket_id)
				    : url);
}

/* The caller's own payment (agents see all, to read and refund, when
 * agents_too); others are "not found". */
static int payment_load(struct request *req, struct payment *p, bool agents_too)
{
	int64_t id = parse_id(req_param(req, "id"));
	int rc = id ? store_payment_get(req->store, req->arena, id, NULL, p) : TK_ENOTFOUND;
	if (rc == TK_OK && !(agents_too && is_agent(req)) && p->customer_id != req->user->id)
		rc = TK_ENOTFOUND;
	return rc;
}

/* The customer's own ticket still waiting for its payment (pending, or a
 * failed attempt): only they pay for it or turn it normal. */
static int unpaid_ticket(struct request *req, struct ticket *t)
{
	int rc = ticket_load(req, req_param(req, "id"), t);
	if (rc == TK_OK && t->customer_id != req->user->id)
		rc = TK_ENOTFOUND;
	if (rc == TK_OK && t->payment_state != PAY_PENDING && t->payment_state != PAY_FAILED)
		rc = TK_ECONFLICT;
	if (rc == TK_OK && t->status == TS_CLOSED)
		rc = TK_ECONFLICT;
	return rc;
}

static json_t *payment_json(struct request *req, const struct payment *p)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id,
			 "ticket_id", (json_int_t)p->ticket_id, "provider", p->provider, "amount",
			 fee_text(req, p->amount_cents), "state", payment_state_name(p->state),
			 "state_label", tr(req, payment_state_label(p->state)), "created_local",
			 local_time(req, p->created_at), "updated_local", local_time(req, p->updated_at));
}

static void payment_page(struct request *req, struct response *resp, const char *tmpl,
			 const char *title)
{
	struct payment p;
	int rc = payment_load(req, &p, true);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, title);
	json_t *pj = payment_json(req, &p);
	json_object_set_new(pj, "test", json_boolean(strcmp(p.provider, "test") == 0));
	json_object_set_new(pj, "pending", json_boolean(p.state == PAY_PENDING));
	json_object_set_new(pj, "checkout_url", json_string(p.checkout_url ? p.checkout_url : ""));
	json_object_set_new(m, "payment", pj);
	page_render(req, resp, 200, tmpl, m);
}

void pay_get(struct request *req, struct response *resp)
{
	payment_page(req, resp, "pay", N_("Pay for priority"));
}

void receipt_get(struct request *req, struct response *resp)
{
	payment_page(req, resp, "receipt", N_("Receipt"));
}

/* Moves a payment and lets the ticket follow (its due time from now). */
static int payment_move(struct request *req, const struct payment *p, enum payment_state to,
			const char *provider_event)
{
	int rc = store_payment_transition(req->store, p->id, to, req->user ? req->user->id : 0,
					  provider_event, time(NULL));
	if (rc == TK_OK)
		ticket_after_change(req, p->ticket_id);
	return rc;
}

/* The test provider's "pay" button: confirms through the same path as
 * Stripe's webhook, with its own event id so it counts once. */
void pay_confirm_post(struct request *req, struct response *resp)
{
	struct payment p;
	int rc = payment_load(req, &p, false);
	/* Test payments confirm only while the operator allows them. */
	if (rc == TK_OK && (strcmp(p.provider, "test") != 0 || !req->app->cfg->test_payments))
		rc = TK_ENOTFOUND;
	if (rc == TK_OK)
		rc = payment_move(req, &p, PAY_PAID,
				  arena_printf(req->arena, "test:%lld", (long long)p.id));
	if (rc == TK_ECONFLICT || rc == TK_EINVALID)
		rc = TK_OK; /* paid already */
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, arena_printf(req->arena, "/tickets/%lld", (long long)p.ticket_id));
}

/* Closes a Stripe checkout that will not be used, so the customer cannot
 * pay it later by mistake; if Stripe cannot be reached the webhook still
 * refuses such a payment and logs it for a refund. */
static void stripe_expire(struct request *req, const struct payment *p)
{
	const struct config *cfg = req->app->cfg;
	struct stripe_config sc = {.api_base = cfg->stripe_api_base,
				   .secret_key = cfg->stripe_secret_key};
	char *err = NULL;
	if (strcmp(p->provider, "stripe") != 0 || !p->external_id || !stripe_on(req))
		return;
	if (stripe_checkout_expire(&sc, p->external_id, req->arena, &err) != STRIPE_OK)
		log_error("stripe: cannot expire session of payment %lld: %s", (long long)p->id,
			  err ? err : "?");
	free(err);
}

/* "Send it as a normal ticket": the pending payment is cancelled and the
 * ticket joins the normal queue with its text and attachments. */
void ticket_normal_post(struct request *req, struct response *resp)
{
	struct ticket t;
	struct payment *list;
	size_t n;
	int rc = unpaid_ticket(req, &t);
	if (rc == TK_OK)
		rc = store_payment_list(req->store, req->arena, t.id, &list, &n);
	for (size_t i = 0; rc == TK_OK && i < n; i++)
		if (list[i].state == PAY_PENDING || list[i].state == PAY_FAILED) {
			stripe_expire(req, &list[i]);
			rc = payment_move(req, &list[i], PAY_CANCELED, NULL);
		}
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, arena_printf(req->arena, "/tickets/%lld", (long long)t.id));
}

/* "Pay now" on an unpaid ticket: back to its open checkout if there is
 * one (no second charge), else a new one. */
void ticket_pay_post(struct request *req, struct response *resp)
{
	struct ticket t;
	struct payment *list;
	size_t n;
	int rc = unpaid_ticket(req, &t);
	if (rc == TK_OK && !payments_on(req))
		rc = TK_EUNAVAIL;
	if (rc == TK_OK)
		rc = store_payment_list(req->store, req->arena, t.id, &list, &n);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	for (size_t i = n; i-- > 0;)
		if (list[i].state == PAY_PENDING) {
			resp_redirect(req, resp, list[i].checkout_url ? list[i].checkout_url
					: arena_printf(req->arena, "/pay/%lld", (long long)list[i].id));
			return;
		}
	payment_start(req, resp, t.id);
}

/* Gives the money back at Stripe (the whole PaymentIntent, once: the
 * idempotency key is the payment's), before the refund is recorded. */
static int stripe_refund(struct request *req, const struct payment *p)
{
	const struct config *cfg = req->app->cfg;
	struct stripe_config sc = {.api_base = cfg->stripe_api_base,
				   .secret_key = cfg->stripe_secret_key};
	char *err = NULL;
	if (!p->charge || !stripe_on(req))
		return TK_EUNAVAIL;
	if (stripe_refund_create(&sc, p->charge,
				 arena_printf(req->arena, "tuki-refund-%lld", (long long)p->id),
				 req->arena, &err) != STRIPE_OK) {
		log_error("stripe refund of payment %lld: %s", (long long)p->id, err ? err : "?");
		free(err);
		return TK_EUNAVAIL;
	}
	return TK_OK;
}

void payment_refund_post(struct request *req, struct response *resp)
{
	struct payment p;
	int rc = payment_load(req, &p, true);
	if (rc == TK_OK && p.state != PAY_PAID)
		rc = TK_EINVALID;
	if (rc == TK_OK && strcmp(p.provider, "stripe") == 0)
		rc = stripe_refund(req, &p);
	if (rc == TK_OK)
		rc = payment_move(req, &p, PAY_REFUNDED, NULL);
	if (rc == TK_EINVALID)
		web_error(req, resp, TK_EINVALID, N_("Only a paid payment can be refunded."));
	else if (rc == TK_EUNAVAIL)
		web_error(req, resp, rc, N_("The payment provider did not make the refund. Nothing was changed."));
	else if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, arena_printf(req->arena, "/desk/tickets/%lld",
						      (long long)p.ticket_id));
}

/* Stripe's checkout.session.completed: verified, matched to our payment
 * by session id and checked against its amount, currency and ticket,
 * then confirmed once per event id. Everything else is acknowledged and
 * ignored, so Stripe does not retry it. */
void stripe_webhook_post(struct request *req, struct response *resp)
{
	const struct config *cfg = req->app->cfg;
	const char *sig = req_header(req, "Stripe-Signature");
	struct stripe_event ev;
	if (strcmp(cfg->stripe_webhook_secret, "-") == 0 || !sig ||
	    stripe_signature_verify(sig, req->body, req->body_len, cfg->stripe_webhook_secret,
				    time(NULL), STRIPE_SIG_TOLERANCE) != STRIPE_SIG_OK ||
	    stripe_event_parse(req->body, req->body_len, req->arena, &ev) != 0) {
		web_error(req, resp, TK_EBADREQ, N_("The signature does not match."));
		return;
	}
	struct payment p;
	int rc = TK_OK;
	if (stripe_event_paid(&ev) &&
	    store_payment_get(req->store, req->arena, 0, ev.session_id, &p) == TK_OK) {
		if (ev.amount_total != p.amount_cents || !ev.currency ||
		    strcasecmp(ev.currency, p.currency) != 0 || ev.ticket_id != p.ticket_id)
			log_error("stripe %s: amount, currency or ticket do not match payment %lld",
				  ev.id, (long long)p.id);
		else if ((rc = payment_move(req, &p, PAY_PAID, ev.id)) == TK_OK && ev.payment_intent)
			rc = store_payment_set_charge(req->store, p.id, ev.payment_intent);
		/* Money taken for a payment that can no longer be paid (sent as a
		 * normal ticket, or a second checkout): say so loudly. */
		if (rc == TK_ECONFLICT && p.state != PAY_PAID)
			log_error("stripe %s: payment %lld (%s) was paid but cannot take it: "
				  "refund it in Stripe", ev.id, (long long)p.id,
				  payment_state_name(p.state));
	}
	if (rc == TK_ECONFLICT || rc == TK_EINVALID)
		rc = TK_OK; /* a replay, or paid already: acknowledged, nothing changes */
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		api_json(req, resp, 200, json_pack("{s:b}", "received", 1));
}
