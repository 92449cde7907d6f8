/* questions_words.h - the word lists of the one-question detector
 * (questions.c), kept apart so the rules read without them. Words are
 * compared folded to lower case; every list ends with NULL. */
#ifndef TUKI_DOMAIN_QUESTIONS_WORDS_H
#define TUKI_DOMAIN_QUESTIONS_WORDS_H

extern const char *const FI_WORDS[];
extern const char *const FI_INDEFINITE[];
extern const char *const FI_CLITIC_STOP[];
extern const char *const EN_WH[];
extern const char *const EN_WH_CONTRACTED[];
extern const char *const EN_AUX_LEAD[];
extern const char *const EN_AUX[];
extern const char *const EN_SUBJECTS[];
extern const char *const EN_CLAUSE_SUBJECTS[];
extern const char *const OPENERS[];
extern const char *const TOPIC_OPENERS[];
extern const char *const CONDITIONALS[];
extern const char *const PLEA_WORDS[];
extern const char *const PLEA_FILLER[];
extern const char *const TAG_WORDS_LIST[];
extern const char *const ABBREVIATIONS[];

#endif
