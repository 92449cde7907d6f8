/* check.h - a tiny TAP harness for the C unit tests.
 *
 * Each test program defines test functions and runs them with RUN(); CHECK
 * records a failure with file and line and carries on, so one run reports
 * every broken expectation. The program exits non-zero if any check
 * failed, which is what meson test reads. */
#ifndef TUKI_CHECK_H
#define TUKI_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed_in_test;
static int check_tests_run, check_tests_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("#   %s:%d: CHECK(%s) failed\n", __FILE__,     \
			       __LINE__, #cond);                               \
			check_failed_in_test = 1;                              \
		}                                                              \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		if (!g_ || !w_ || strcmp(g_, w_) != 0) {                       \
			printf("#   %s:%d: got \"%s\", want \"%s\"\n",         \
			       __FILE__, __LINE__, g_ ? g_ : "(null)",         \
			       w_ ? w_ : "(null)");                            \
			check_failed_in_test = 1;                              \
		}                                                              \
	} while (0)

#define RUN(fn)                                                                \
	do {                                                                   \
		check_failed_in_test = 0;                                      \
		fn();                                                          \
		check_tests_run++;                                             \
		if (check_failed_in_test)                                      \
			check_tests_failed++;                                  \
		printf("%s %d - %s\n", check_failed_in_test ? "not ok" : "ok", \
		       check_tests_run, #fn);                                  \
	} while (0)

/* Prints the TAP plan and returns the exit status for main(). */
static inline int check_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", check_tests_run,
	       check_tests_run - check_tests_failed, check_tests_failed);
	return check_tests_failed ? 1 : 0;
}

#endif
