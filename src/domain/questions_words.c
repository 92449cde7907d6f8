/* questions_words.c - the detector's word lists (questions_words.h). */
#include "domain/questions_words.h"

#include <stddef.h>

/* Words are compared folded to lower case. Lists end with NULL. */

/* Finnish question words, common inflections and colloquial forms. The
 * -ko/-kö clitic (Onko, Voitteko, Toimitetaanko) is a rule, not a list. */
const char *const FI_WORDS[] = {
	"miten", "mitenkä", "mites", "kuinka", "kuis", "miksi", "miks",
	"miksei", "mikset", "miksette", "mikä", "mitkä", "minkä", "mitä",
	"missä", "mistä", "mihin", "minne", "millä", "miltä", "mille",
	"milloin", "kuka", "ketkä", "kenen", "kenet", "kenelle", "keneltä",
	"kenellä", "keitä", "kehen", "kumpi", "kumman", "kumpaa", "millainen",
	"millaisen", "millaista", "millaisia", "minkälainen", "minkälaisen",
	"minkälaista", "paljonko", "montako", "kauanko", "entä", "entäs",
	"onks", "voiks", "saaks", "voinks", "pitääks", "kannattaaks",
	"toimiiks", "onnistuuks", NULL,
};

/* "Mitä tahansa", "miten vain": indefinite pronouns, not questions. */
const char *const FI_INDEFINITE[] = {
	"tahansa", "hyvänsä", "ikinä", "vain", "vaan", NULL,
};

/* Words ending in -ko/-kö that carry no clitic: nouns and the like. */
const char *const FI_CLITIC_STOP[] = {
	"koko", "joko", "teko", "jako", "pako", "rako", "hako", "tako",
	"ruoko", "tanko", "lanko", "sanko", "hanko", "katko", "jatko",
	"notko", "kioko", "taiko", NULL,
};

/* Question words that invert ("What is") or stand alone ("Why"). */
const char *const EN_WH[] = {
	"how", "what", "which", "who", "whom", "whose", NULL,
};

const char *const EN_WH_CONTRACTED[] = {
	"what's", "where's", "when's", "how's", "who's", "why's", "whats",
	"wheres", "hows", "whos", NULL,
};

/* Auxiliaries that open a yes/no question when a subject follows. */
const char *const EN_AUX_LEAD[] = {
	"can", "could", "would", "should", "will", "shall", "may", "do",
	"does", "did", "has", "was", "were", "am", "isn't", "aren't",
	"doesn't", "don't", "didn't", "can't", "won't", "wouldn't",
	"couldn't", "shouldn't", "wasn't", "weren't", "hasn't", "haven't",
	NULL,
};

/* Auxiliaries after "when"/"where" in a question ("Where can I ..."). */
const char *const EN_AUX[] = {
	"is", "are", "was", "were", "do", "does", "did", "can", "could",
	"will", "would", "should", "shall", "may", "might", "must", "has",
	"have", "had", "am", "isn't", "aren't", "don't", "doesn't", "didn't",
	"can't", "won't", NULL,
};

/* Subjects after an inverted auxiliary: "Can you", "Is there", "Did my". */
const char *const EN_SUBJECTS[] = {
	"i", "you", "u", "ya", "we", "they", "he", "she", "it", "there",
	"someone", "somebody", "anyone", "anybody", "one", "this", "that",
	"these", "those", "the", "a", "an", "my", "your", "our", "their",
	"his", "her", "its", "any", NULL,
};

/* A clause subject after how/what makes a statement: "What I want is". */
const char *const EN_CLAUSE_SUBJECTS[] = {
	"i", "we", "you", "u", "they", "he", "she", "it", "the", "a", "an",
	"my", "your", "our", "their", "his", "her", "its", "this", "these",
	"those", NULL,
};

/* Greetings and conjunctions skipped before the interrogative word. */
const char *const OPENERS[] = {
	"and", "but", "so", "also", "or", "then", "well", "ok", "okay", "hi",
	"hello", "hey", "ja", "mutta", "sekä", "eli", "siis", "no", "niin",
	"okei", "hei", "moi", "moikka", "terve", "myös", "lisäksi", "sitten",
	NULL,
};

/* A short follow-up opening with these asks about something new. */
const char *const TOPIC_OPENERS[] = {
	"entä", "entäs", "and", "also", "ja", "sekä", "myös", "plus", NULL,
};

/* "If so, how?", "Jos ei, miksi?", "Or do I pay?" - a condition on, or an
 * alternative to, the question before. */
const char *const CONDITIONALS[] = {
	"if", "jos", "ellei", "otherwise", "muuten", "or", "vai", NULL,
};

/* Pleas for help ("Voitteko auttaa?") are the request, not a question. */
const char *const PLEA_WORDS[] = {
	"help", "assist", "assistance", "advice", "advise", "ideas", "idea",
	"suggestions", "thoughts", "tips", "apua", "auttaa", "auttamaan",
	"avuksi", "avustaa", "neuvoa", "neuvoja", "neuvomaan", "ideoita",
	"vinkkejä", "vinkkiä", "opastaa", "opastusta", NULL,
};

const char *const PLEA_FILLER[] = {
	"can", "could", "would", "will", "you", "u", "someone", "anyone",
	"somebody", "anybody", "please", "pls", "plz", "me", "us", "with",
	"this", "that", "it", "here", "on", "in", "out", "any", "some", "i",
	"get", "need", "a", "the", "little", "bit", "kindly", "thanks",
	"and", "voitteko", "voisitteko", "voisiko", "voiko", "osaatteko",
	"osaisitteko", "pystyttekö", "pystyisittekö", "osaako", "joku",
	"kukaan", "minua", "meitä", "mua", "mulle", "minulle", "tässä",
	"tätä", "asiassa", "jotenkin", "kiitos", "ystävällisesti",
	"saisinko", "saanko", "vähän", "hieman", "olisiko", "onko", "teillä",
	"mitään", "jotain", "ja", NULL,
};

/* Tags and bare echoes ("Really?", "Is that right?", "Vai mitä?"). */
const char *const TAG_WORDS_LIST[] = {
	"why", "how", "what", "when", "where", "who", "really", "seriously",
	"ok", "okay", "right", "correct", "true", "so", "huh", "eh", "hello",
	"hi", "hey", "anyone", "anybody", "there", "is", "are", "it", "this",
	"that", "or", "not", "and", "please", "again", "then", "now",
	"still", "yet", "yes", "no", "miksi", "miks", "miten", "mitä",
	"milloin", "missä", "kuka", "häh", "vai", "eikö", "niinkö",
	"oikeasti", "todella", "siis", "okei", "hei", "haloo", "onko", "on",
	"näin", "niin", "totta", "oikein", "ei", "entä", "sitten", "nyt",
	"vieläkään", "jo", "se", "tämä", "tuo", "ne", "kukaan", "joku", "ja",
	"eli", "mikä", "going", "happening", "happened", "tapahtuu", "ihmettä",
	"hell", "the", NULL,
};

/* A '.' after these does not end a sentence. */
const char *const ABBREVIATIONS[] = {
	"esim", "mm", "ym", "yms", "tms", "jne", "ns", "ks", "vrt", "klo",
	"kpl", "os", "puh", "nro", "tel", "ts", "ko", "n", "e.g", "i.e",
	"eg", "ie", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "approx",
	"incl", "inc", "ltd", "co", "jr", "sr", "no", "nr", "ca", NULL,
};

