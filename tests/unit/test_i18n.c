/* test_i18n.c - .mo catalogs (made by the real msgfmt), lookups,
 * corrupt files, and Accept-Language negotiation. */
#include "lib/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static const char po_header[] =
	"msgid \"\"\n"
	"msgstr \"\"\n"
	"\"Project-Id-Version: tuki\\n\"\n"
	"\"Language: fi\\n\"\n"
	"\"MIME-Version: 1.0\\n\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\"Content-Transfer-Encoding: 8bit\\n\"\n"
	"\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n";

static const char po_body[] =
	"msgid \"Tickets\"\n"
	"msgstr \"Tiketit\"\n\n"
	"msgid \"Untranslated\"\n"
	"msgstr \"\"\n\n"
	"#, fuzzy\n"
	"msgid \"Fuzzy\"\n"
	"msgstr \"Sumea\"\n\n"
	"msgid \"Say \\\"hi\\\" <b>\"\n"
	"msgstr \"Sano \\\"hei\\\" <b>\"\n\n"
	"msgid \"{n} ticket\"\n"
	"msgid_plural \"{n} tickets\"\n"
	"msgstr[0] \"{n} tiketti\"\n"
	"msgstr[1] \"{n} tikettiä\"\n\n"
	"msgid \"Zebra\"\n"
	"msgstr \"Seepra\"\n";

static char tmpdir[] = "/tmp/tuki-i18n-XXXXXX";

/* Runs msgfmt (with extra options) on a .po holding header + body and
 * returns the .mo bytes (free() them), or NULL. */
static unsigned char *msgfmt(const char *header, const char *body,
			     const char *opts, size_t *len)
{
	char po[256], mo[256], cmd[1024];
	snprintf(po, sizeof(po), "%s/in.po", tmpdir);
	snprintf(mo, sizeof(mo), "%s/fi.mo", tmpdir);
	FILE *f = fopen(po, "w");
	if (!f)
		return NULL;
	fputs(header, f);
	fputs(body, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "msgfmt %s -o '%s' '%s'", opts, mo, po);
	if (system(cmd) != 0)
		return NULL;
	f = fopen(mo, "rb");
	if (!f)
		return NULL;
	unsigned char *data = malloc(1 << 16);
	*len = data ? fread(data, 1, 1 << 16, f) : 0;
	fclose(f);
	return data;
}

static struct i18n *load_fi(const char *opts)
{
	size_t len = 0;
	unsigned char *mo = msgfmt(po_header, po_body, opts, &len);
	struct i18n *i18n = NULL;
	CHECK(mo != NULL);
	if (mo)
		CHECK(i18n_from_mo("fi", mo, len, &i18n) == 0);
	free(mo);
	return i18n;
}

static void check_catalog(const struct i18n *i)
{
	CHECK_STR(i18n_gettext(i, "fi", "Tickets"), "Tiketit");
	CHECK_STR(i18n_gettext(i, "fi", "Zebra"), "Seepra");
	CHECK_STR(i18n_gettext(i, "fi", "Say \"hi\" <b>"), "Sano \"hei\" <b>");
	CHECK_STR(i18n_gettext(i, "fi-FI", "Tickets"), "Tiketit");
	/* Fallbacks: untranslated, fuzzy, unknown, English, no language. */
	CHECK_STR(i18n_gettext(i, "fi", "Untranslated"), "Untranslated");
	CHECK_STR(i18n_gettext(i, "fi", "Fuzzy"), "Fuzzy");
	CHECK_STR(i18n_gettext(i, "fi", "Nope"), "Nope");
	CHECK_STR(i18n_gettext(i, "en", "Tickets"), "Tickets");
	CHECK_STR(i18n_gettext(i, NULL, "Tickets"), "Tickets");
	CHECK_STR(i18n_gettext(i, "sv", "Tickets"), "Tickets");
	/* The header entry is not a message. */
	CHECK_STR(i18n_gettext(i, "fi", ""), "");
}

static void test_gettext(void)
{
	struct i18n *i = load_fi("");
	check_catalog(i);
	CHECK_STR(i18n_gettext(NULL, "fi", "Tickets"), "Tickets");
	i18n_free(i);
}

static void test_big_endian(void)
{
	struct i18n *i = load_fi("--endianness=big");
	check_catalog(i);
	CHECK_STR(i18n_ngettext(i, "fi", "{n} ticket", "{n} tickets", 2),
		  "{n} tikettiä");
	i18n_free(i);
}

static void test_ngettext(void)
{
	struct i18n *i = load_fi("");
	const char *one = "{n} ticket", *many = "{n} tickets";
	CHECK_STR(i18n_ngettext(i, "fi", one, many, 1), "{n} tiketti");
	CHECK_STR(i18n_ngettext(i, "fi", one, many, 0), "{n} tikettiä");
	CHECK_STR(i18n_ngettext(i, "fi", one, many, 2), "{n} tikettiä");
	CHECK_STR(i18n_ngettext(i, "fi", one, many, 1000000), "{n} tikettiä");
	CHECK_STR(i18n_gettext(i, "fi", one), "{n} tiketti");
	CHECK_STR(i18n_ngettext(i, "en", one, many, 1), one);
	CHECK_STR(i18n_ngettext(i, "en", one, many, 5), many);
	CHECK_STR(i18n_ngettext(i, "fi", "a file", "files", 1), "a file");
	CHECK_STR(i18n_ngettext(i, "fi", "a file", "files", 3), "files");
	CHECK_STR(i18n_ngettext(NULL, "fi", one, many, 3), many);
	i18n_free(i);
}

static void test_plural_missing_form(void)
{
	/* msgfmt refuses an empty plural form, so build that catalog by
	 * editing one: the second form of "{n} ticket" becomes empty. */
	size_t len = 0;
	unsigned char *mo = msgfmt(po_header, po_body, "", &len);
	CHECK(mo != NULL);
	if (!mo)
		return;
	unsigned char *hit = memmem(mo, len, "{n} tiketti\0{n} tikettiä", 25);
	CHECK(hit != NULL);
	struct i18n *i = NULL;
	if (hit) {
		memset(hit + 12, 0, strlen("{n} tikettiä"));
		CHECK(i18n_from_mo("fi", mo, len, &i) == 0);
	}
	CHECK_STR(i18n_ngettext(i, "fi", "{n} ticket", "{n} tickets", 1),
		  "{n} tiketti");
	CHECK_STR(i18n_ngettext(i, "fi", "{n} ticket", "{n} tickets", 2),
		  "{n} tickets");
	i18n_free(i);
	free(mo);
}

static void test_load(void)
{
	size_t len = 0;
	unsigned char *mo = msgfmt(po_header, po_body, "", &len);
	free(mo);
	struct i18n *i = NULL;
	char *err = NULL;
	CHECK(i18n_load(tmpdir, &i, &err) == 0);
	CHECK(err == NULL);
	CHECK_STR(i18n_gettext(i, "fi", "Tickets"), "Tiketit");
	i18n_free(i);

	CHECK(i18n_load("/nonexistent/tuki", &i, &err) == -1);
	CHECK(i == NULL);
	CHECK(err != NULL && strstr(err, "/nonexistent/tuki/fi.mo") == err);
	free(err);
}

static void put32(unsigned char *p, uint32_t v, int big)
{
	for (int k = 0; k < 4; k++)
		p[big ? 3 - k : k] = (unsigned char)(v >> (8 * k));
}

static int rejected(const unsigned char *mo, size_t len)
{
	struct i18n *i = (struct i18n *)1;
	int rc = i18n_from_mo("fi", mo, len, &i);
	if (rc == 0)
		i18n_free(i);
	return rc == -1 && i == NULL;
}

/* Copies mo, writes v at off in the file's byte order, and expects the
 * result to be refused. */
static int rejected_with(const unsigned char *mo, size_t len, size_t off,
			 uint32_t v)
{
	unsigned char *bad = malloc(len);
	memcpy(bad, mo, len);
	put32(bad + off, v, bad[0] == 0x95);
	int r = rejected(bad, len);
	free(bad);
	return r;
}

static void test_corrupt(void)
{
	for (int big = 0; big < 2; big++) {
		size_t len = 0;
		unsigned char *mo = msgfmt(po_header, po_body,
					   big ? "--endianness=big" : "", &len);
		CHECK(mo != NULL && len > 28);
		if (!mo)
			return;
		/* Every truncation cuts a string's terminator at least. */
		int all = 1;
		for (size_t n = 0; n < len; n++)
			all &= rejected(mo, n);
		CHECK(all);
		CHECK(rejected_with(mo, len, 0, 0x12345678));    /* magic */
		CHECK(rejected_with(mo, len, 4, 0x00020000));    /* revision */
		CHECK(rejected_with(mo, len, 8, 0xffffffffu));   /* count */
		CHECK(rejected_with(mo, len, 12, (uint32_t)len)); /* id table */
		CHECK(rejected_with(mo, len, 16, 0xfffffff0u));  /* str table */
		CHECK(rejected_with(mo, len, 28, 0xffffffffu));  /* id length */
		CHECK(rejected_with(mo, len, 32, (uint32_t)len)); /* id offset */
		CHECK(rejected_with(mo, len, 36, 0x7fffffffu));  /* 2nd id */
		/* A string that runs into the next without its NUL. */
		unsigned char *bad = malloc(len);
		memcpy(bad, mo, len);
		bad[len - 1] = 'x';
		CHECK(rejected(bad, len));
		free(bad);
		struct i18n *i = NULL;
		CHECK(i18n_from_mo("fi", mo, len, &i) == 0);
		i18n_free(i);
		CHECK(rejected(mo, len) == 0);
		free(mo);
	}
	struct i18n *i = NULL;
	CHECK(i18n_from_mo("sv", "", 0, &i) == -1);
	CHECK(i18n_from_mo("fi", NULL, 0, &i) == -1);
}

static void test_wrong_charset(void)
{
	static const char latin1[] =
		"msgid \"\"\nmsgstr \"\"\n"
		"\"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\n"
		"msgid \"Tickets\"\nmsgstr \"Tiketit\"\n";
	size_t len = 0;
	unsigned char *mo = msgfmt(latin1, "", "", &len);
	CHECK(mo != NULL);
	CHECK(mo && rejected(mo, len));
	free(mo);
}

static void test_language(void)
{
	CHECK_STR(i18n_language("fi"), "fi");
	CHECK_STR(i18n_language("fi-FI"), "fi");
	CHECK_STR(i18n_language("fi_FI"), "fi");
	CHECK_STR(i18n_language("EN-us"), "en");
	CHECK_STR(i18n_language("EN"), "en");
	CHECK(i18n_language("sv") == NULL);
	CHECK(i18n_language("fin") == NULL);
	CHECK(i18n_language("f") == NULL);
	CHECK(i18n_language("") == NULL);
	CHECK(i18n_language("-fi") == NULL);
	CHECK(i18n_language(NULL) == NULL);
	CHECK_STR(i18n_languages[0], "en");
	CHECK_STR(i18n_languages[1], "fi");
	CHECK(i18n_languages[2] == NULL);
}

static void test_negotiate(void)
{
	CHECK_STR(i18n_negotiate("sv,fi;q=0.8,en;q=0.5"), "fi");
	CHECK_STR(i18n_negotiate("en-GB,en;q=0.9,fi;q=0.1"), "en");
	CHECK_STR(i18n_negotiate("fi"), "fi");
	CHECK_STR(i18n_negotiate("fi-FI, en;q=0.5"), "fi");
	CHECK_STR(i18n_negotiate("en;q=0.5 , fi ; q=0.9"), "fi");
	CHECK_STR(i18n_negotiate("fi;q=0.5,en;q=0.5"), "fi");  /* tie: first */
	CHECK_STR(i18n_negotiate("fi;q=0,en;q=0.001"), "en");
	CHECK_STR(i18n_negotiate("FI;Q=1.000"), "fi");
	CHECK_STR(i18n_negotiate("fi;level=1;q=0.3"), "fi");
	CHECK_STR(i18n_negotiate("fi;q=0., en;q=0.2"), "en");
	CHECK(i18n_negotiate("fi;q=0") == NULL);
	CHECK(i18n_negotiate("*") == NULL);
	CHECK(i18n_negotiate("sv, de;q=0.9") == NULL);
	CHECK(i18n_negotiate("") == NULL);
	CHECK(i18n_negotiate(NULL) == NULL);
}

static void test_negotiate_malformed(void)
{
	CHECK(i18n_negotiate(",,,;;;") == NULL);
	CHECK(i18n_negotiate(";q=1") == NULL);
	CHECK(i18n_negotiate("fi;q=") == NULL);
	CHECK(i18n_negotiate("fi;q=abc") == NULL);
	CHECK(i18n_negotiate("fi;q=1.5") == NULL);
	CHECK(i18n_negotiate("fi;q=0.0001") == NULL);
	CHECK(i18n_negotiate("fi;q=-1") == NULL);
	CHECK(i18n_negotiate("f i") == NULL);
	CHECK(i18n_negotiate("fi\xff") == NULL);
	CHECK_STR(i18n_negotiate("fi;q=2, en"), "en");

	/* Only the first 32 entries are looked at. */
	char many[1024] = "";
	size_t at = 0;
	for (int k = 0; k < 40; k++) {
		const char *e = k == 35 ? "fi," : "sv,";
		memcpy(many + at, e, 4);
		at += 3;
	}
	CHECK(i18n_negotiate(many) == NULL);
	many[3 * 20] = 'f';
	many[3 * 20 + 1] = 'i';
	CHECK_STR(i18n_negotiate(many), "fi");

	/* Random bytes must never crash or read out of bounds. */
	unsigned int seed = 12345;
	char junk[64];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 63);
		for (size_t k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			junk[k] = "fien-;q=0.1 ,*\t"[(seed >> 16) % 16];
		}
		junk[n] = '\0';
		const char *lang = i18n_negotiate(junk);
		CHECK(lang == NULL || !strcmp(lang, "fi") || !strcmp(lang, "en"));
	}
}

static void cleanup(void)
{
	const char *files[] = { "in.po", "fi.mo" };
	char path[256];
	for (size_t k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, files[k]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_gettext);
	RUN(test_big_endian);
	RUN(test_ngettext);
	RUN(test_plural_missing_form);
	RUN(test_load);
	RUN(test_corrupt);
	RUN(test_wrong_charset);
	RUN(test_language);
	RUN(test_negotiate);
	RUN(test_negotiate_malformed);
	cleanup();
	return check_done();
}
