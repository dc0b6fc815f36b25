/* SPDX-License-Identifier: MIT */
/* tool - what every cgkit tool does the same way: messages, exit, stdout */
#ifndef CGK_TOOL_H
#define CGK_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

/* Print "PROG: MSG: strerror(-R)" to stderr and exit 1. */
noreturn void die(int r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "PROG: MSG" and exit 1. */
noreturn void dief(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: MSG\nTry 'PROG --help' for more information." and exit 1. */
noreturn void errtryhelp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Warning to stderr, no exit. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* atexit handler: flush stdout, exit 1 with a message when that fails. */
void close_stdout(void);
/* Print "PROG (cgkit) VERSION" and exit 0. */
noreturn void print_version(void);
/* Parse an unsigned decimal option value or exit through errtryhelp naming OPT. */
unsigned long parse_ulong_opt(const char *opt, const char *arg, unsigned long max);

struct cgk_target_error;
struct cgk_apply_error;
/* Exit for operand S (after PREFIX, such as "-g ") that cgk_target_resolve
 * refused with R and E: the Try line for a usage error, strerror(-R) where E
 * gives context, else E's reason ("no such cgroup" when it gives none). */
noreturn void target_die(const char *prefix, const char *s, int r, const struct cgk_target_error *e);

/* The message for change-set error E in BUF: "LABEL in HIER: WHAT: WHY"
 * (WHAT: what was asked, in the tool's own words), and "; nothing was
 * changed" or how the undo failed. False when E gives no reason: the
 * caller adds strerror(-r). */
bool apply_message(const struct cgk_apply_error *e, const char *what, char *buf, size_t size);

/* Print S as a JSON string on stdout: quotes, backslashes and control characters escaped. */
void json_str(const char *s);
/* json_str(S), or null for NULL or "". */
void json_str_or_null(const char *s);

/* S on stderr with newlines and other control characters as \n, \xNN. */
void put_oneline(const char *s);

/* S with newlines and other control characters as \n, \xNN in BUF, so a
 * message stays on one line. Returns BUF. */
const char *oneline(const char *s, char *buf, size_t size);

#endif
