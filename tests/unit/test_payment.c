/* test_payment.c - payment states, euro amounts, Stripe signatures,
 * webhook events and Checkout Sessions against a fake server on loopback. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sodium.h>

#include "check.h"
#include "domain/payment.h"
#include "lib/arena.h"
#include "payments/stripe.h"
#include "payments/stripe_sig.h"

/* --- states ------------------------------------------------------------ */

static void test_state_names(void)
{
	for (int s = 0; s < PAY__MAX; s++) {
		CHECK(payment_state_parse(payment_state_name(s)) == s);
		CHECK(payment_state_label(s)[0] != '\0');
	}
	CHECK_STR(payment_state_name(PAY_PENDING), "pending");
	CHECK_STR(payment_state_name(PAY_REFUNDED), "refunded");
	CHECK_STR(payment_state_label(PAY_PENDING), "Awaiting payment");
	CHECK(payment_state_parse("PAID") == -1);
	CHECK(payment_state_parse("") == -1);
	CHECK(payment_state_parse(NULL) == -1);
	CHECK_STR(payment_state_label(PAY__MAX), "");
}

static void test_transitions(void)
{
	/* ok[from][to], the whole table spelled out. */
	static const bool ok[PAY__MAX][PAY__MAX] = {
		[PAY_PENDING] = {[PAY_PAID] = true, [PAY_FAILED] = true, [PAY_CANCELED] = true},
		[PAY_PAID] = {[PAY_REFUNDED] = true},
		[PAY_FAILED] = {[PAY_PENDING] = true},
	};
	for (int f = 0; f < PAY__MAX; f++)
		for (int t = 0; t < PAY__MAX; t++)
			CHECK(payment_transition_ok(f, t) == ok[f][t]);
	CHECK(!payment_transition_ok(PAY__MAX, PAY_PAID));
	CHECK(!payment_transition_ok(PAY_PENDING, PAY__MAX));
	CHECK(!payment_transition_ok(PAY_REFUNDED, PAY_PAID));
	CHECK(!payment_transition_ok(PAY_CANCELED, PAY_PENDING));
}

/* --- amounts ----------------------------------------------------------- */

static void test_amount_parse(void)
{
	CHECK(payment_amount_cents_parse("9") == 900);
	CHECK(payment_amount_cents_parse("9.00") == 900);
	CHECK(payment_amount_cents_parse("9,00") == 900);
	CHECK(payment_amount_cents_parse("9,5") == 950);
	CHECK(payment_amount_cents_parse("0.05") == 5);
	CHECK(payment_amount_cents_parse("0") == 0);
	CHECK(payment_amount_cents_parse(" 12.34 ") == 1234);
	CHECK(payment_amount_cents_parse("007") == 700);
	CHECK(payment_amount_cents_parse("100000") == 10000000);
	CHECK(payment_amount_cents_parse("100000.00") == 10000000);
	CHECK(payment_amount_cents_parse("100000.01") == -1);
	CHECK(payment_amount_cents_parse("999999999999999999999") == -1);
	CHECK(payment_amount_cents_parse("9.001") == -1);
	CHECK(payment_amount_cents_parse("9.") == -1);
	CHECK(payment_amount_cents_parse(".5") == -1);
	CHECK(payment_amount_cents_parse("-1") == -1);
	CHECK(payment_amount_cents_parse("+1") == -1);
	CHECK(payment_amount_cents_parse("1 000") == -1);
	CHECK(payment_amount_cents_parse("1,000.00") == -1);
	CHECK(payment_amount_cents_parse("9€") == -1);
	CHECK(payment_amount_cents_parse("9e2") == -1);
	CHECK(payment_amount_cents_parse("") == -1);
	CHECK(payment_amount_cents_parse("  ") == -1);
	CHECK(payment_amount_cents_parse(NULL) == -1);
}

static void test_amount_format(void)
{
	char out[PAYMENT_AMOUNT_FMT_MAX];
	payment_amount_format(900, "fi", out);
	CHECK_STR(out, "9,00 €");
	payment_amount_format(900, "en", out);
	CHECK_STR(out, "€9.00");
	payment_amount_format(5, "en", out);
	CHECK_STR(out, "€0.05");
	payment_amount_format(123456, "fi", out);
	CHECK_STR(out, "1 234,56 €");
	payment_amount_format(123456, "en", out);
	CHECK_STR(out, "€1,234.56");
	payment_amount_format(10000000, "fi", out);
	CHECK_STR(out, "100 000,00 €");
	payment_amount_format(-950, "en", out);
	CHECK_STR(out, "-€9.50");
	payment_amount_format(-950, "fi", out);
	CHECK_STR(out, "-9,50 €");
	payment_amount_format(900, NULL, out);
	CHECK_STR(out, "€9.00");
	payment_amount_format(900, "sv", out);
	CHECK_STR(out, "€9.00");
	payment_amount_format(INT64_MIN, "en", out); /* must not overflow */
	CHECK(strlen(out) < sizeof(out));
}

/* --- signatures -------------------------------------------------------- */

static const char secret[] = "whsec_test_secret";
static const char payload[] = "{\"id\":\"evt_test\",\"object\":\"event\"}";
enum { T0 = 1700000000 };
/* HMAC-SHA256("whsec_test_secret", "1700000000." + payload), computed
 * outside Tuki (Python's hmac and openssl dgst agree). */
static const char kat_hex[] =
	"8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724";

static int verify(const char *header, const char *body, const char *key, int64_t now)
{
	return stripe_signature_verify(header, body, strlen(body), key, now,
				       STRIPE_SIG_TOLERANCE);
}

static void test_sig_known_answer(void)
{
	/* The same HMAC, by libsodium directly in one piece. */
	char msg[256], hex[65];
	int n = snprintf(msg, sizeof(msg), "%d.%s", T0, payload);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, (unsigned long long)n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	CHECK_STR(hex, kat_hex);

	char header[256];
	snprintf(header, sizeof(header), "t=%d,v1=%s", T0, kat_hex);
	CHECK(verify(header, payload, secret, T0) == STRIPE_SIG_OK);
	char built[STRIPE_SIG_HEADER_BUILD];
	stripe_signature_header(secret, T0, payload, strlen(payload), built, sizeof(built));
	CHECK_STR(built, header);
	/* Order does not matter; other schemes and unknown items are ignored. */
	snprintf(header, sizeof(header), "v0=abc,v1=%s,x=1,t=%d", kat_hex, T0);
	CHECK(verify(header, payload, secret, T0 + 10) == STRIPE_SIG_OK);
	snprintf(header, sizeof(header), "t=%d, v1=%s", T0, kat_hex);
	CHECK(verify(header, payload, secret, T0) == STRIPE_SIG_OK);
}

static void test_sig_roundtrip(void)
{
	char h[STRIPE_SIG_HEADER_BUILD];
	const char body[] = "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}";
	stripe_signature_header(secret, T0, body, strlen(body), h, sizeof(h));
	CHECK(strncmp(h, "t=1700000000,v1=", 16) == 0);
	CHECK(strlen(h) == 16 + 64);
	CHECK(verify(h, body, secret, T0) == STRIPE_SIG_OK);
	/* Binary payloads with NUL bytes are signed as they are. */
	const char bin[] = {'a', 0, 'b'};
	stripe_signature_header(secret, T0, bin, sizeof(bin), h, sizeof(h));
	CHECK(stripe_signature_verify(h, bin, sizeof(bin), secret, T0, 300) == STRIPE_SIG_OK);
	CHECK(stripe_signature_verify(h, bin, 1, secret, T0, 300) == STRIPE_SIG_MISMATCH);
	/* Empty body. */
	stripe_signature_header(secret, T0, "", 0, h, sizeof(h));
	CHECK(stripe_signature_verify(h, "", 0, secret, T0, 300) == STRIPE_SIG_OK);
	/* Too small a buffer gets an empty string. */
	char tiny[16] = "x";
	stripe_signature_header(secret, T0, body, strlen(body), tiny, sizeof(tiny));
	CHECK_STR(tiny, "");
}

static void test_sig_multiple_v1(void)
{
	char h[512];
	char zeros[65];
	memset(zeros, '0', 64);
	zeros[64] = '\0';
	snprintf(h, sizeof(h), "t=%d,v1=%s,v1=%s,v0=%s", T0, zeros, kat_hex, zeros);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_OK);
	snprintf(h, sizeof(h), "t=%d,v1=%s,v1=%s", T0, kat_hex, zeros);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_OK);
	snprintf(h, sizeof(h), "t=%d,v1=%s,v1=%s", T0, zeros, zeros);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MISMATCH);
	/* Only v1 counts: the right HMAC under v0 is not enough. */
	snprintf(h, sizeof(h), "t=%d,v0=%s", T0, kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_NO_V1);
}

static void test_sig_rejects(void)
{
	char h[256];
	snprintf(h, sizeof(h), "t=%d,v1=%s", T0, kat_hex);
	/* Tampered payload. */
	CHECK(verify(h, "{\"id\":\"evt_test\",\"object\":\"evenT\"}", secret, T0) ==
	      STRIPE_SIG_MISMATCH);
	CHECK(verify(h, "{\"id\":\"evt_test\",\"object\":\"event\"} ", secret, T0) ==
	      STRIPE_SIG_MISMATCH);
	/* Wrong secret, and the secret without its whsec_ prefix. */
	CHECK(verify(h, payload, "whsec_other", T0) == STRIPE_SIG_MISMATCH);
	CHECK(verify(h, payload, "test_secret", T0) == STRIPE_SIG_MISMATCH);
	CHECK(verify(h, payload, "", T0) == STRIPE_SIG_MISMATCH);
	/* The timestamp is signed: changing it breaks the signature. */
	snprintf(h, sizeof(h), "t=%d,v1=%s", T0 + 1, kat_hex);
	CHECK(verify(h, payload, secret, T0 + 1) == STRIPE_SIG_MISMATCH);
	/* Uppercase hex is not what Stripe sends. */
	char upper[65];
	for (int i = 0; i < 65; i++)
		upper[i] = (char)(kat_hex[i] >= 'a' && kat_hex[i] <= 'f' ? kat_hex[i] - 32
									 : kat_hex[i]);
	snprintf(h, sizeof(h), "t=%d,v1=%s", T0, upper);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MISMATCH);
	/* Truncated signature and extra characters. */
	snprintf(h, sizeof(h), "t=%d,v1=%.63s", T0, kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MISMATCH);
	snprintf(h, sizeof(h), "t=%d,v1=%s0", T0, kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MISMATCH);
}

static void test_sig_tolerance(void)
{
	char h[256];
	snprintf(h, sizeof(h), "t=%d,v1=%s", T0, kat_hex);
	CHECK(verify(h, payload, secret, T0 + 300) == STRIPE_SIG_OK);
	CHECK(verify(h, payload, secret, T0 - 300) == STRIPE_SIG_OK);
	CHECK(verify(h, payload, secret, T0 + 301) == STRIPE_SIG_TOO_OLD);
	CHECK(verify(h, payload, secret, T0 + 86400) == STRIPE_SIG_TOO_OLD);
	CHECK(verify(h, payload, secret, T0 - 301) == STRIPE_SIG_TOO_NEW);
	CHECK(verify(h, payload, secret, 0) == STRIPE_SIG_TOO_NEW);
	CHECK(verify(h, payload, secret, INT64_MAX) == STRIPE_SIG_TOO_OLD);
	CHECK(verify(h, payload, secret, INT64_MIN) == STRIPE_SIG_TOO_NEW);
	CHECK(stripe_signature_verify(h, payload, strlen(payload), secret, T0, 0) ==
	      STRIPE_SIG_OK);
	CHECK(stripe_signature_verify(h, payload, strlen(payload), secret, T0 + 1, 0) ==
	      STRIPE_SIG_TOO_OLD);
	CHECK(stripe_signature_verify(h, payload, strlen(payload), secret, T0 + 1, -5) ==
	      STRIPE_SIG_TOO_OLD);
	/* A wrong signature says so even when it is also too old. */
	CHECK(verify(h, payload, "whsec_other", T0 + 9999) == STRIPE_SIG_MISMATCH);
}

static void test_sig_malformed(void)
{
	char h[256];
	CHECK(verify("", payload, secret, T0) == STRIPE_SIG_MALFORMED);
	CHECK(verify(",,,", payload, secret, T0) == STRIPE_SIG_MALFORMED);
	CHECK(stripe_signature_verify(NULL, payload, 1, secret, T0, 300) == STRIPE_SIG_MALFORMED);
	CHECK(stripe_signature_verify("t=1,v1=00", payload, 1, NULL, T0, 300) ==
	      STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "v1=%s", kat_hex); /* no t */
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "t=,v1=%s", kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "t=17000000x0,v1=%s", kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "t=-1,v1=%s", kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "t=99999999999999999999,v1=%s", kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "t=%d,t=%d,v1=%s", T0, T0, kat_hex); /* t twice */
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "T=%d,v1=%s", T0, kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	snprintf(h, sizeof(h), "t=%d", T0); /* no v1 */
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_NO_V1);
	snprintf(h, sizeof(h), "t=%d,v2=%s,%s", T0, kat_hex, kat_hex);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_NO_V1);
	/* Non-hex v1 values never match. */
	snprintf(h, sizeof(h), "t=%d,v1=%s", T0,
		 "zz42376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724");
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MISMATCH);
	snprintf(h, sizeof(h), "t=%d,v1=", T0);
	CHECK(verify(h, payload, secret, T0) == STRIPE_SIG_MISMATCH);
	/* Overlong header. */
	size_t big = STRIPE_SIG_HEADER_MAX + 100;
	char *long_h = malloc(big + 1);
	int n = snprintf(long_h, big + 1, "t=%d,v1=%s,", T0, kat_hex);
	memset(long_h + n, 'x', big - (size_t)n);
	long_h[big] = '\0';
	CHECK(verify(long_h, payload, secret, T0) == STRIPE_SIG_MALFORMED);
	free(long_h);
	CHECK_STR(stripe_signature_strerror(STRIPE_SIG_TOO_NEW), "too-new");
	CHECK_STR(stripe_signature_strerror(42), "unknown");
}

/* --- events ------------------------------------------------------------ */

static const char completed_json[] =
	"{\"id\":\"evt_1OaBc\",\"object\":\"event\",\"api_version\":\"2023-10-16\","
	"\"created\":1700000000,\"livemode\":false,\"type\":\"checkout.session.completed\","
	"\"data\":{\"object\":{\"id\":\"cs_test_a1\",\"object\":\"checkout.session\","
	"\"amount_total\":900,\"currency\":\"eur\",\"payment_status\":\"paid\","
	"\"client_reference_id\":\"42\",\"metadata\":{\"ticket_id\":\"42\"},"
	"\"customer_details\":{\"email\":\"a@example.com\"}}}}";

static void test_event_completed(void)
{
	struct arena *a = arena_new();
	struct stripe_event ev;
	CHECK(stripe_event_parse(completed_json, strlen(completed_json), a, &ev) == 0);
	CHECK_STR(ev.id, "evt_1OaBc");
	CHECK_STR(ev.type, "checkout.session.completed");
	CHECK(!ev.livemode);
	CHECK_STR(ev.session_id, "cs_test_a1");
	CHECK(ev.amount_total == 900);
	CHECK_STR(ev.currency, "eur");
	CHECK_STR(ev.payment_status, "paid");
	CHECK(ev.ticket_id == 42);
	CHECK_STR(ev.client_reference_id, "42");
	CHECK(stripe_event_paid(&ev));
	arena_free(a);
}

static void test_event_other(void)
{
	struct arena *a = arena_new();
	struct stripe_event ev;
	const char unpaid[] =
		"{\"id\":\"evt_2\",\"type\":\"checkout.session.completed\",\"livemode\":true,"
		"\"data\":{\"object\":{\"id\":\"cs_2\",\"amount_total\":null,"
		"\"payment_status\":\"unpaid\",\"metadata\":{\"ticket_id\":\"4x\"}}}}";
	CHECK(stripe_event_parse(unpaid, strlen(unpaid), a, &ev) == 0);
	CHECK(ev.livemode);
	CHECK(ev.amount_total == -1);
	CHECK(ev.ticket_id == -1);
	CHECK(ev.currency == NULL);
	CHECK(ev.client_reference_id == NULL);
	CHECK(!stripe_event_paid(&ev));

	const char async_ok[] =
		"{\"id\":\"evt_3\",\"type\":\"checkout.session.async_payment_succeeded\","
		"\"data\":{\"object\":{\"id\":\"cs_3\",\"amount_total\":1500,"
		"\"currency\":\"eur\",\"metadata\":{\"ticket_id\":\"7\"}}}}";
	CHECK(stripe_event_parse(async_ok, strlen(async_ok), a, &ev) == 0);
	CHECK(ev.ticket_id == 7 && ev.amount_total == 1500);
	CHECK(stripe_event_paid(&ev));

	const char charge[] =
		"{\"id\":\"evt_4\",\"type\":\"charge.refunded\","
		"\"data\":{\"object\":{\"id\":\"ch_1\",\"amount\":900,"
		"\"metadata\":{\"ticket_id\":\"9\"}}}}";
	CHECK(stripe_event_parse(charge, strlen(charge), a, &ev) == 0);
	CHECK_STR(ev.type, "charge.refunded");
	CHECK(ev.session_id == NULL && ev.ticket_id == -1 && ev.amount_total == -1);
	CHECK(!stripe_event_paid(&ev));

	const char *bad[] = {
		"", "null", "[]", "{}", "{\"id\":\"evt\"}", "{\"type\":\"x\"}",
		"{\"id\":1,\"type\":\"x\"}", "{\"id\":\"\",\"type\":\"x\"}",
		"{\"id\":\"e\",\"type\":\"x\"", "{\"id\":\"e\",\"id\":\"f\",\"type\":\"x\"}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(stripe_event_parse(bad[i], strlen(bad[i]), a, &ev) == -1);
		CHECK(ev.id == NULL && ev.type == NULL);
	}
	CHECK(stripe_event_parse(NULL, 0, a, &ev) == -1);
	arena_free(a);
}

/* --- a fake Stripe on loopback ----------------------------------------- */

enum { REQ_MAX = 64 * 1024 };

struct fake {
	int lfd, port;
	const char *reply;   /* a whole HTTP response; NULL: never answer */
	size_t reply_len;
	char req[REQ_MAX + 1];
	size_t req_len;
};

static int fake_start(struct fake *f)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof(sa);
	f->lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (f->lfd < 0 || bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(f->lfd, 1) < 0 || getsockname(f->lfd, (struct sockaddr *)&sa, &sl) < 0)
		return -1;
	f->port = ntohs(sa.sin_port);
	return 0;
}

/* Waits up to ms for fd to be readable. */
static bool readable(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, ms) == 1;
}

/* Reads one request (headers and Content-Length bytes of body). */
static void fake_read(struct fake *f, int fd)
{
	for (;;) {
		char *end = strstr(f->req, "\r\n\r\n");
		if (end) {
			const char *cl = strcasestr(f->req, "\r\ncontent-length:");
			size_t want = cl ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
			if (f->req_len >= (size_t)(end + 4 - f->req) + want)
				return;
		}
		if (f->req_len == REQ_MAX || !readable(fd, 5000))
			return;
		ssize_t n = recv(fd, f->req + f->req_len, REQ_MAX - f->req_len, 0);
		if (n <= 0)
			return;
		f->req_len += (size_t)n;
		f->req[f->req_len] = '\0';
	}
}

/* Serves one connection, then closes everything. */
static void *fake_serve(void *arg)
{
	struct fake *f = arg;
	if (!readable(f->lfd, 5000))
		goto out;
	int fd = accept(f->lfd, NULL, NULL);
	if (fd < 0)
		goto out;
	fake_read(f, fd);
	if (f->reply) {
		size_t off = 0;
		while (off < f->reply_len) {
			ssize_t n = send(fd, f->reply + off, f->reply_len - off, MSG_NOSIGNAL);
			if (n <= 0)
				break;
			off += (size_t)n;
		}
	} else {
		char c;
		while (readable(fd, 5000) && recv(fd, &c, 1, 0) > 0)
			;
	}
	close(fd);
out:
	close(f->lfd);
	return NULL;
}

/* A whole HTTP/1.1 response with a correct Content-Length. */
static const char *reply_of(struct arena *a, const char *status, const char *body)
{
	return arena_printf(a, "HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
			    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
			    status, strlen(body), body);
}

/* Runs one checkout against a fake answering reply; returns its result. */
static int run_checkout(struct fake *f, const char *reply, const struct stripe_config *cfg0,
			struct arena *a, struct stripe_session *out, char **err)
{
	memset(f, 0, sizeof(*f));
	f->reply = reply;
	f->reply_len = reply ? strlen(reply) : 0;
	if (fake_start(f) < 0)
		return 99;
	pthread_t th;
	pthread_create(&th, NULL, fake_serve, f);
	struct stripe_config cfg = *cfg0;
	if (!cfg.api_base)
		cfg.api_base = arena_printf(a, "http://127.0.0.1:%d/", f->port);
	const struct stripe_checkout in = {
		.amount_cents = 900,
		.currency = "eur",
		.ticket_id = 42,
		.success_url = "https://desk.example/t/42?paid=1&x=y",
		.cancel_url = "https://desk.example/t/42",
		.description = "Priority support \xe2\x80\x94 ticket #42",
		.customer_email = "a+b@example.com",
	};
	int rc = stripe_checkout_create(&cfg, &in, a, out, err);
	pthread_join(th, NULL);
	return rc;
}

static const char form_want[] =
	"mode=payment"
	"&line_items[0][price_data][currency]=eur"
	"&line_items[0][price_data][unit_amount]=900"
	"&line_items[0][price_data][product_data][name]="
	"Priority%20support%20%E2%80%94%20ticket%20%2342"
	"&line_items[0][quantity]=1"
	"&success_url=https%3A%2F%2Fdesk.example%2Ft%2F42%3Fpaid%3D1%26x%3Dy"
	"&cancel_url=https%3A%2F%2Fdesk.example%2Ft%2F42"
	"&client_reference_id=42"
	"&metadata[ticket_id]=42"
	"&customer_email=a%2Bb%40example.com";

static void test_checkout_ok(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct arena *a = arena_new();
	const char *reply = reply_of(a, "200 OK",
		"{\"id\":\"cs_test_a1\",\"object\":\"checkout.session\","
		"\"url\":\"https://checkout.stripe.com/c/pay/cs_test_a1\"}");
	struct stripe_session s;
	char *err = NULL;
	const struct stripe_config cfg = {.secret_key = "sk_test_123"};
	CHECK(run_checkout(f, reply, &cfg, a, &s, &err) == STRIPE_OK);
	CHECK(err == NULL);
	CHECK_STR(s.id, "cs_test_a1");
	CHECK_STR(s.url, "https://checkout.stripe.com/c/pay/cs_test_a1");
	const char line[] = "POST /v1/checkout/sessions HTTP/1.1\r\n";
	CHECK(strncmp(f->req, line, strlen(line)) == 0);
	CHECK(strstr(f->req, "\r\nAuthorization: Bearer sk_test_123\r\n") != NULL);
	CHECK(strstr(f->req, "\r\nContent-Type: application/x-www-form-urlencoded\r\n") != NULL);
	CHECK(strstr(f->req, "\r\nUser-Agent: Tuki/") != NULL);
	CHECK(strstr(f->req, "Idempotency-Key") == NULL);
	const char *body = strstr(f->req, "\r\n\r\n");
	CHECK(body != NULL);
	if (body)
		CHECK_STR(body + 4, form_want);
	free(err);
	arena_free(a);
	free(f);
}

static void test_checkout_idempotency(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct arena *a = arena_new();
	const char *reply = reply_of(a, "200 OK", "{\"id\":\"cs_1\",\"url\":\"https://pay.example/cs_1\"}");
	struct stripe_session s;
	char *err = NULL;
	memset(f, 0, sizeof(*f));
	f->reply = reply;
	f->reply_len = strlen(reply);
	CHECK(fake_start(f) == 0);
	pthread_t th;
	pthread_create(&th, NULL, fake_serve, f);
	const struct stripe_config cfg = {
		.api_base = arena_printf(a, "http://localhost:%d", f->port),
		.secret_key = "sk_test_123",
	};
	const struct stripe_checkout in = {
		.amount_cents = 1, .currency = "eur", .ticket_id = 5,
		.success_url = "s", .cancel_url = "c", .description = "d",
		.idempotency_key = "tuki-ticket-5-1",
	};
	int rc = stripe_checkout_create(&cfg, &in, a, &s, &err);
	pthread_join(th, NULL);
	CHECK(rc == STRIPE_OK);
	CHECK_STR(s.id, "cs_1");
	CHECK(strstr(f->req, "\r\nIdempotency-Key: tuki-ticket-5-1\r\n") != NULL);
	CHECK(strstr(f->req, "customer_email") == NULL);
	free(err);
	arena_free(a);
	free(f);
}

static void test_checkout_stripe_error(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct arena *a = arena_new();
	const char *reply = reply_of(a, "402 Payment Required",
		"{\"error\":{\"message\":\"Your card was declined.\",\"type\":\"card_error\"}}");
	struct stripe_session s;
	char *err = NULL;
	const struct stripe_config cfg = {.secret_key = "sk_test_123"};
	CHECK(run_checkout(f, reply, &cfg, a, &s, &err) == STRIPE_EHTTP);
	CHECK(err && strstr(err, "402") && strstr(err, "Your card was declined."));
	CHECK(err && !strstr(err, "sk_test_123"));
	CHECK(s.id == NULL && s.url == NULL);
	free(err);

	/* An error status without JSON still fails cleanly. */
	err = NULL;
	CHECK(run_checkout(f, reply_of(a, "500 Oops", "bad"), &cfg, a, &s, &err) == STRIPE_EHTTP);
	CHECK(err && strstr(err, "500"));
	free(err);

	/* A 200 without id and url is not a session. */
	err = NULL;
	CHECK(run_checkout(f, reply_of(a, "200 OK", "{\"id\":\"cs\"}"), &cfg, a, &s,
			   &err) == STRIPE_EREPLY);
	CHECK(s.id == NULL && err != NULL);
	free(err);
	arena_free(a);
	free(f);
}

static void test_checkout_timeout(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct arena *a = arena_new();
	struct stripe_session s;
	char *err = NULL;
	const struct stripe_config cfg = {.secret_key = "sk_test_123", .timeout_ms = 300};
	CHECK(run_checkout(f, NULL, &cfg, a, &s, &err) == STRIPE_ENET);
	CHECK(err && strstr(err, "timed out"));
	free(err);
	arena_free(a);
	free(f);
}

static void test_checkout_too_large(void)
{
	size_t body = STRIPE_REPLY_MAX + 4096;
	char head[128];
	int n = snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", body);
	char *reply = malloc((size_t)n + body + 1);
	memcpy(reply, head, (size_t)n);
	memset(reply + n, ' ', body);
	reply[(size_t)n + body] = '\0';
	struct fake *f = calloc(1, sizeof(*f));
	struct arena *a = arena_new();
	struct stripe_session s;
	char *err = NULL;
	const struct stripe_config cfg = {.secret_key = "sk_test_123"};
	CHECK(run_checkout(f, reply, &cfg, a, &s, &err) == STRIPE_ENET);
	CHECK(err && strstr(err, "larger"));
	free(err);
	arena_free(a);
	free(f);
	free(reply);
}

/* Bad configuration or input fails before anything is sent. */
static void test_checkout_invalid(void)
{
	struct arena *a = arena_new();
	struct stripe_session s;
	char *err = NULL;
	const struct stripe_checkout in = {
		.amount_cents = 900, .currency = "eur", .ticket_id = 42,
		.success_url = "https://x/s", .cancel_url = "https://x/c", .description = "d",
	};
	const char *bad_bases[] = {
		"http://api.stripe.com", "http://127.0.0.1.evil.example", "ftp://127.0.0.1",
		"https://user@api.stripe.com", "https://api.stripe.com/?x", "https://a b",
		"http://localhost@evil.example", "https://",
	};
	for (size_t i = 0; i < sizeof(bad_bases) / sizeof(bad_bases[0]); i++) {
		const struct stripe_config cfg = {.api_base = bad_bases[i], .secret_key = "sk_1"};
		CHECK(stripe_checkout_create(&cfg, &in, a, &s, &err) == STRIPE_EINVAL);
		CHECK(err != NULL);
		free(err);
	}
	const struct stripe_config nokey = {.secret_key = NULL};
	CHECK(stripe_checkout_create(&nokey, &in, a, &s, &err) == STRIPE_EINVAL);
	free(err);
	const struct stripe_config crlf = {.secret_key = "sk_1\r\nX-Evil: 1"};
	CHECK(stripe_checkout_create(&crlf, &in, a, &s, &err) == STRIPE_EINVAL);
	free(err);
	const struct stripe_config ok = {.api_base = "http://127.0.0.1:1", .secret_key = "sk_1"};
	struct stripe_checkout bad = in;
	bad.amount_cents = 0;
	CHECK(stripe_checkout_create(&ok, &bad, a, &s, &err) == STRIPE_EINVAL);
	free(err);
	bad = in;
	bad.currency = "EUR";
	CHECK(stripe_checkout_create(&ok, &bad, a, &s, &err) == STRIPE_EINVAL);
	free(err);
	bad = in;
	bad.ticket_id = 0;
	CHECK(stripe_checkout_create(&ok, &bad, a, &s, &err) == STRIPE_EINVAL);
	free(err);
	bad = in;
	bad.success_url = "https://x/s\r\n";
	CHECK(stripe_checkout_create(&ok, &bad, a, &s, &err) == STRIPE_EINVAL);
	free(err);
	/* Nothing listens on port 1: a network error, not a crash. */
	CHECK(stripe_checkout_create(&ok, &in, a, &s, &err) == STRIPE_ENET);
	CHECK(err != NULL);
	free(err);
	arena_free(a);
}

int main(void)
{
	if (sodium_init() < 0 || stripe_global_init() < 0)
		return 1;
	RUN(test_state_names);
	RUN(test_transitions);
	RUN(test_amount_parse);
	RUN(test_amount_format);
	RUN(test_sig_known_answer);
	RUN(test_sig_roundtrip);
	RUN(test_sig_multiple_v1);
	RUN(test_sig_rejects);
	RUN(test_sig_tolerance);
	RUN(test_sig_malformed);
	RUN(test_event_completed);
	RUN(test_event_other);
	RUN(test_checkout_ok);
	RUN(test_checkout_idempotency);
	RUN(test_checkout_stripe_error);
	RUN(test_checkout_timeout);
	RUN(test_checkout_too_large);
	RUN(test_checkout_invalid);
	stripe_global_cleanup();
	return check_done();
}
