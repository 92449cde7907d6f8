/* test_questions.c - "one question per ticket": counting the separate
 * questions in Finnish and English ticket descriptions. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "domain/questions.h"

/* Checks the count for one text and reports (the start of) the text when
 * it is wrong. */
static void expect_at(int line, const char *text, int want)
{
	struct question_report r = {.questions = -1, .multiple = true};
	questions_analyse(text, &r);
	if (r.questions != want || r.multiple != (want >= 2)) {
		printf("#   %s:%d: got %d%s, want %d: \"%.200s\"\n", __FILE__, line,
		       r.questions, r.multiple ? " (multiple)" : "", want, text ? text : "(null)");
		check_failed_in_test = 1;
	}
}
#define EXPECT(text, want) expect_at(__LINE__, (text), (want))

/* Writes s over big at offset, without its NUL. */
static void put(char *big, size_t offset, const char *s)
{
	memcpy(big + offset, s, strlen(s));
}

static bool starts(const char *s)
{
	return questions_interrogative_start(s, strlen(s));
}

static void test_single_question(void)
{
	EXPECT("Why is my order late?", 1);
	EXPECT("Miksi tilaukseni on myöhässä?", 1);
	EXPECT("Voinko maksaa laskulla", 0); /* no '?' and no list: not counted */
	EXPECT("Onko tuotetta varastossa？", 1);  /* fullwidth question mark */
}

static void test_single_question_with_context(void)
{
	EXPECT("Hei! Tilasin kengät viime viikolla. Milloin ne toimitetaan? Kiitos.", 1);
	EXPECT("Hi, I ordered a laptop on Monday (order 4432). The tracking page "
	       "says it was delivered, but nothing arrived. Could you check with "
	       "the courier? Thanks, Anna", 1);
	EXPECT("Tilaukseni (nro 4432) ei ole saapunut. Seurantakoodi ei toimi. "
	       "Voisitteko tarkistaa, missä paketti on? Lisäksi laskussa on väärä osoite.", 1);
	EXPECT("Tilasin 12. päivä kengät. Ne eivät ole tulleet. Missä ne ovat?", 1);
	EXPECT("Voinko esim. vaihtaa tuotteen toiseen kokoon?", 1);
	EXPECT("Hi, quick question: can I pay by invoice? Thanks!", 1);
}

static void test_two_questions(void)
{
	EXPECT("How do I change my password? And how do I delete my account?", 2);
	EXPECT("Miten vaihdan salasanan? Entä sähköpostiosoitteen?", 2);
	EXPECT("Moi! Onks teillä tätä kenkää koossa 42? Ja mitä postitus maksaa?", 2);
	EXPECT("Could you tell me when my refund will arrive? Also, is there a fee "
	       "for returns?", 2);
	EXPECT("Hello,\n\nI bought a subscription last month. Can I switch to the "
	       "yearly plan? Do I get a discount for the remaining months? And is "
	       "the price the same for students?\n\nRegards, Anna", 3);
	EXPECT("miksi tilaus ei ole tullut? voinko perua sen?", 2); /* lower case */
	EXPECT("Onko tuote varastossa?Entä milloin se toimitetaan?", 2); /* no space */
	EXPECT("Hei,\n\ntilasin 2.5. takin (tilausnro 88231), mutta sain väärän koon. "
	       "Voinko vaihtaa sen isompaan? Pitääkö minun maksaa palautuksesta?\n\n"
	       "Terveisin\nMatti", 2);
	EXPECT("How much is shipping to Sweden?\nHow long does it take?", 2);
}

static void test_numbered_lists(void)
{
	EXPECT("Minulla on muutama kysymys:\n1. Milloin tilaus saapuu?\n"
	       "2. Voinko maksaa laskulla?\n3. Onko tuotteella takuu?", 3);
	EXPECT("1) How do I export my data\n2) Can I import from CSV\n"
	       "3) Is there an API", 3); /* items open with interrogatives */
	EXPECT("1. Miten vaihdan osoitteen\n2. Miten perun tilauksen", 2);
	EXPECT("I have two questions:\n- delivery time\n- return policy", 2);
	EXPECT("Kysymyksiä:\n\n• toimitusaika\n• palautusoikeus\n• takuu", 3);
	EXPECT("Kysyisin seuraavista asioista:\n1. Palautusaika\n2. Takuu", 2);
	EXPECT("Hi there,\n1) the app crashes on start\n2) notifications do not work\n"
	       "3) the dark mode is broken\nAre these known issues?", 1);
	EXPECT("Steps:\n1. Open the app\n2. Click Settings\n3. Why does it crash here?", 1);
}

static void test_bullet_steps_are_not_questions(void)
{
	EXPECT("I tried these steps:\n- Restarted the app\n- Cleared the cache\n"
	       "- Reinstalled it\nNothing helped. Why does it still crash?", 1);
	EXPECT("Ongelma:\n- sovellus kaatuu käynnistyessä\n- kirjautuminen ei onnistu\n"
	       "* salasanan vaihto ei auta\nMitä voin tehdä?", 1);
	EXPECT("What I tried:\n- When I log in, the app crashes\n- What happens next "
	       "is a blank page\nHow do I fix this?", 1);
	EXPECT("Tein näin:\n1. Kirjauduin ulos\n2. Tyhjensin välimuistin\n"
	       "3. Kirjauduin sisään\nMiksi en silti pääse sisään?", 1);
}

static void test_urls(void)
{
	EXPECT("Is this the right page https://example.com/help?topic=billing&x=1 "
	       "or should I use https://example.com/faq?", 1);
	EXPECT("Linkki www.kauppa.fi/tuote?id=12&koko=42 ei toimi. Miksi?", 1);
	EXPECT("The page http://x.fi/a?b=1?c=2 fails. Why? Where do I report "
	       "bugs like this?", 2);
	EXPECT("See index.php?id=3 for the error. What does it mean?", 1);
}

static void test_repeated_marks(void)
{
	EXPECT("Where is my order?\?!", 1); /* "?\?" dodges a trigraph */
	EXPECT("Missä tilaukseni on???", 1);
	EXPECT("Why??? Why does nothing work?!?! Seriously?", 1);
	EXPECT("Hello??? Anyone???? My order has not arrived!!!", 1);
	EXPECT("Where is my order?! What is going on?!", 1);
	EXPECT("Tilasin 3 (?) paitaa. Miksi lasku on väärä?", 1);
}

static void test_restated_question_counts_once(void)
{
	EXPECT("Why is my order late? Why??", 1);
	EXPECT("Milloin saan rahat takaisin? Milloin??", 1);
	EXPECT("Why is my order late? I ordered it a week ago. Why??", 1);
	EXPECT("Why is my order late? Why is my order still late?", 1);
	EXPECT("Can I return the shoes? If so, how?", 1);
	EXPECT("Voiko tilauksen perua? Jos voi, miten?", 1);
	EXPECT("Is it free? Or do I have to pay?", 1);
	EXPECT("Do you have this jacket in size M? If not, when will it be back "
	       "in stock?", 1);
	EXPECT("Toimitus myöhässä?? Missä paketti??? Tilasin 10 päivää sitten!!!", 1);
	EXPECT("Miksi sovellus kaatuu? Onko näin?", 1);
	/* a short follow-up on a new topic is a new question */
	EXPECT("Tilaus ei ole tullut. Miksi? Entä lasku?", 2);
	EXPECT("How do I change my password? How do I change my email?", 2);
}

static void test_pleas_for_help(void)
{
	EXPECT("Hei, en pääse kirjautumaan. Kokeilin nollata salasanan. Voitteko auttaa?", 1);
	EXPECT("Miksi sovellus kaatuu? Voitteko auttaa?", 1);
	EXPECT("Can't log in. Doesn't work on my phone either. Any ideas?", 1);
	EXPECT("How do I reset my password? Can someone help me with this?", 1);
}

static void test_finnish_clitic_without_qmark(void)
{
	/* -ko/-kö questions count once the text has a '?' */
	EXPECT("Toimitetaanko tuotteet Ahvenanmaalle. Onnistuuko maksu laskulla?", 2);
	EXPECT("Onkohan tilaukseni lähtenyt jo. Voisikohan joku tarkistaa sen?", 2);
	EXPECT("Hei\nMiksi tilaus ei ole tullut\nVoinko perua sen?", 2);
	EXPECT("Pitääkö tuote palauttaa alkuperäisessä pakkauksessa. "
	       "Kuka maksaa postikulut?", 2);
	/* nouns that merely end in -ko/-kö are not questions */
	EXPECT("Katko palvelussa eilen. Koko tilaus puuttuu. Mitä teen?", 1);
	EXPECT("Verkko ei toimi. Sähkö katkesi. Jatko on epäselvä. Mitä teen?", 1);
	/* without any '?' or list, a -ko sentence alone decides nothing */
	EXPECT("Toimitetaanko tuotteet Ahvenanmaalle. Onnistuuko maksu laskulla.", 0);
}

static void test_statements_opening_like_questions(void)
{
	EXPECT("What I want is a refund.", 0);
	EXPECT("What I want is a refund. When I log in, the app crashes.", 0);
	EXPECT("What I want is a refund. Why was I charged twice?", 1);
	EXPECT("Mitä tulee toimitukseen, se oli nopea. Miksi lasku on väärä?", 1);
	EXPECT("Mikä ihana palvelu! Kiitos! Milloin uusi malli tulee?", 1);
	EXPECT("Kiitos nopeasta vastauksesta! Vielä yksi asia: voiko laskun maksaa osissa?", 1);
	EXPECT("Would like to know the status. Can you check order 123?", 1);
}

static void test_code_and_quotes(void)
{
	EXPECT("The error says \"Are you sure? Really?\" and then nothing happens. "
	       "What does it mean?", 1);
	EXPECT("Mitä tarkoittaa ”Virhe 42: yritä uudelleen?” -ilmoitus?", 1);
	EXPECT("Running `curl https://x.fi/api?x=1` gives an error. Why?", 1);
	EXPECT("```\nif (x ? y : z) { why? how? }\n```\nWhy does this code fail?", 1);
	EXPECT("> Kiitos viestistäsi. Miten voimme auttaa?\n"
	       "> Onko tilausnumero tiedossa?\n"
	       "Tilausnumero on 12345. Milloin paketti saapuu?", 1);
	EXPECT("Why is the \"Save?\" button greyed out?", 1);
}

static void test_hard_wrapped_text(void)
{
	EXPECT("I ordered a laptop on Monday and the tracking page says it was delivered\n"
	       "is what it says but nothing arrived and my neighbours have not seen it,\n"
	       "so could you please check with the courier what happened?", 1);
	EXPECT("Tilasin kannettavan maanantaina ja seurantasivun mukaan se toimitettiin\n"
	       "onko mahdollista että se meni väärään osoitteeseen? Kiitos.", 1);
}

static void test_empty_and_whitespace(void)
{
	EXPECT(NULL, 0);
	EXPECT("", 0);
	EXPECT("   \t\r\n  \n\n ", 0);
	EXPECT("?", 0);
	EXPECT("?? ?! ...", 0);
	EXPECT("1.\n2.\n-\n", 0);
}

static void test_large_text(void)
{
	enum { SIZE = 100 * 1024 };
	char *big = malloc(SIZE + 1);
	CHECK(big != NULL);
	if (!big)
		return;
	const char *fill = "Tilaus on myöhässä ja asiakaspalvelu ei vastaa. ";
	size_t k = strlen(fill);
	for (size_t i = 0; i < SIZE; i++)
		big[i] = fill[i % k];
	big[SIZE] = '\0';
	EXPECT(big, 0);
	put(big, 0, "Miksi? "); /* replaces "Tilaus " */
	EXPECT(big, 1);
	/* beyond the first QUESTIONS_SCAN_MAX bytes nothing is read */
	put(big, 1000 * k, "Milloin tilaus saapuu? Onko se jo lähtenyt? ");
	EXPECT(big, 1);
	put(big, 20 * k, "Onko se jo lähtenyt? Kuka sen toimittaa? ");
	EXPECT(big, 3);
	const char *asks = "How do I pay? Onko takuu voimassa? ";
	k = strlen(asks);
	for (size_t i = 0; i + k <= SIZE; i += k)
		memcpy(big + i, asks, k);
	struct question_report r;
	questions_analyse(big, &r);
	CHECK(r.multiple);
	free(big);
}

static void test_invalid_utf8(void)
{
	EXPECT("\xff\xfe Miksi tilaus on myöhässä?\xc3 Entä lasku?\x80", 2);
	EXPECT("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80 Why is this broken?", 1);
	EXPECT("Onko\xc3", 0);
	EXPECT("\xe2\x80", 0);
	EXPECT("Why \xff is \xfe it late? \xf0\x9f\x98\xa1 How \xc3 do I cancel?", 2);
	char junk[512];
	for (int i = 0; i < 511; i++)
		junk[i] = (char)(0x80 + (i * 37) % 128);
	junk[511] = '\0';
	struct question_report r;
	questions_analyse(junk, &r);
	CHECK(r.questions >= 0);
}

static void test_interrogative_start(void)
{
	CHECK(starts("Miksi tilaus on myöhässä"));
	CHECK(starts("Toimitetaanko tuotteet Ahvenanmaalle"));
	CHECK(starts("Onnistuuko maksu laskulla"));
	CHECK(starts("Onkohan paketti jo lähtenyt"));
	CHECK(starts("Pitääkö tuote palauttaa"));
	CHECK(starts("MITÄ TÄMÄ MAKSAA"));
	CHECK(starts("Hei, onko teillä myymälää Tampereella"));
	CHECK(starts("1. Kuinka kauan toimitus kestää"));
	CHECK(starts("How do I reset my password"));
	CHECK(starts("Can you check my order"));
	CHECK(starts("So, is there a student discount"));
	CHECK(starts("Where can I find the invoice"));
	CHECK(starts("What's the delivery time"));
	CHECK(!starts("What I want is a refund"));
	CHECK(!starts("When I log in, the app crashes"));
	CHECK(!starts("Can't log in"));
	CHECK(!starts("Koko tilaus puuttuu"));
	CHECK(!starts("Katko palvelussa"));
	CHECK(!starts("Taulukko on väärin"));
	CHECK(!starts("Mitä tahansa teen, se ei toimi"));
	CHECK(!starts("Tilasin kengät"));
	CHECK(!starts(""));
	CHECK(!questions_interrogative_start(NULL, 5));
	/* len bounds the read: no NUL terminator needed */
	static const char exact[4] = {'O', 'n', 'k', 'o'};
	CHECK(questions_interrogative_start(exact, sizeof(exact)));
	CHECK(!questions_interrogative_start("Onko", 2));
}

int main(void)
{
	RUN(test_single_question);
	RUN(test_single_question_with_context);
	RUN(test_two_questions);
	RUN(test_numbered_lists);
	RUN(test_bullet_steps_are_not_questions);
	RUN(test_urls);
	RUN(test_repeated_marks);
	RUN(test_restated_question_counts_once);
	RUN(test_pleas_for_help);
	RUN(test_finnish_clitic_without_qmark);
	RUN(test_statements_opening_like_questions);
	RUN(test_code_and_quotes);
	RUN(test_hard_wrapped_text);
	RUN(test_empty_and_whitespace);
	RUN(test_large_text);
	RUN(test_invalid_utf8);
	RUN(test_interrogative_start);
	return check_done();
}
