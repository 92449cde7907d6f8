/* questions.h - how many separate questions a ticket description asks.
 *
 * "One question per ticket": when a description clearly holds several
 * questions, the contact form shows a gentle notice suggesting separate
 * tickets. This is pure text heuristics for Finnish and English, with no
 * I/O and no state; any bytes are safe input, invalid UTF-8 included.
 * A wrong guess only shows or hides a notice, so the rules lean towards
 * saying "one question" when in doubt. */
#ifndef TUKI_DOMAIN_QUESTIONS_H
#define TUKI_DOMAIN_QUESTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/i18n.h"

/* The notice shown when a description asks several questions (msgid). */
#define QUESTIONS_NOTICE                                                                    \
	N_("It looks like you are asking several questions. Separate tickets for separate "    \
	   "questions get answered faster; you can still send this one as it is.")

/* Only this many leading bytes of a description are read. */
#define QUESTIONS_SCAN_MAX 20000

struct question_report {
	int questions; /* separate questions found */
	bool multiple; /* questions >= 2: suggest separate tickets */
};

/* Counts the separate questions in a NUL-terminated UTF-8 description.
 * A question is a sentence ending in '?' (or '？', '‽', '?!', '??'), an
 * item of a list introduced as questions, or - when the text has a '?' or
 * a list - a sentence opening with an interrogative word ("Miksi ...",
 * "Toimitetaanko ...", "How do I ..."). URLs, `code`, fenced code,
 * "quotations" and "> " e-mail quotes are not the customer's questions.
 * A restatement ("Why is it late? Why??"), a tag ("..., right?") or a
 * plea for help ("Can you help?") is not a new question. NULL text
 * counts as empty; out must not be NULL. */
void questions_analyse(const char *text, struct question_report *out);

/* True when sentence[0..len) opens with an interrogative word, after at
 * most two openers such as "Hei," or "And": a Finnish question word or
 * -ko/-kö clitic ("Onko", "Toimitetaanko"), or an English question word
 * or inverted auxiliary ("How do", "Can you") - but not a statement that
 * merely starts with one ("What I want is", "When I log in", "Koko"). */
bool questions_interrogative_start(const char *sentence, size_t len);

#endif
