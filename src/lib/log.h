/* log.h - leveled log lines on stderr, one write per line. */
#ifndef TUKI_LOG_H
#define TUKI_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
