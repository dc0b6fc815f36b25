/* SPDX-License-Identifier: MIT */
/* tool - what every cgkit tool does the same way: messages, exit, stdout */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "target.h"
#include "tool.h"

void put_oneline(const char *s)
{
	/* an operand's newline or escape would split the message or drive the terminal */
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", stderr);
		else if (c < 0x20 || c == 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
}

static void __attribute__((format(printf, 2, 0))) vmsg(int r, const char *fmt, va_list ap)
{
	char *s;

	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	put_oneline(s ? s : fmt);
	free(s);
	if (r)
		fprintf(stderr, ": %s", strerror(-r));
	fputc('\n', stderr);
}

void die(int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(r, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

void dief(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

void errtryhelp(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vmsg(0, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(EXIT_FAILURE);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			_exit(EXIT_SUCCESS);
		fprintf(stderr, "%s: write error: %s\n",
			program_invocation_short_name, strerror(errno));
		_exit(EXIT_FAILURE);
	}
}

void print_version(void)
{
	printf("%s (cgkit) %s\n", program_invocation_short_name, PACKAGE_VERSION);
	exit(EXIT_SUCCESS);
}

unsigned long parse_ulong_opt(const char *opt, const char *arg, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (!arg || *arg < '0' || *arg > '9')
		errtryhelp("%s: '%s': not a number", opt, arg ? arg : "");
	v = strtoul(arg, &end, 10);
	if (*end)
		errtryhelp("%s: '%s': not a number", opt, arg);
	if (errno == ERANGE || v > max)
		errtryhelp("%s: '%s': out of range (max %lu)", opt, arg, max);
	return v;
}

void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

void json_str_or_null(const char *s)
{
	if (s && *s)
		json_str(s);
	else
		fputs("null", stdout);
}

const char *oneline(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			o += (size_t)snprintf(buf + o, size - o, "\\n");
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return buf;
}

noreturn void target_die(const char *prefix, const char *s, int r, const struct cgk_target_error *e)
{
	if (e->usage)
		errtryhelp("%s%s: %s", prefix, s, e->why);
	if (e->with_errno)
		die(r, "%s%s%s%s", prefix, s, *e->why ? ": " : "", e->why);
	dief("%s%s: %s", prefix, s, *e->why ? e->why : "no such cgroup");
}

bool apply_message(const struct cgk_apply_error *e, const char *what, char *buf, size_t size)
{
	char l[CGK_PATH_MAX], lab[CGK_PATH_MAX + 80] = "";
	const char *sep = *what ? ": " : "";

	if (*e->label)
		snprintf(lab, sizeof(lab), "%s%s%s: ", oneline(e->label, l, sizeof(l)),
			 *e->hier ? " in " : "", e->hier);
	if (!*e->why)
		snprintf(buf, size, "%s%s", lab, what);
	else if (e->rule)
		snprintf(buf, size, "%s%s%s%s", lab, what, sep, e->why);
	else if (e->rollback)
		snprintf(buf, size, "%s%s%s%s; undoing the changes made failed too at %s: %s", lab,
			 what, sep, e->why, e->rollback_why, strerror(-e->rollback));
	else
		snprintf(buf, size, "%s%s%s%s; nothing was changed", lab, what, sep, e->why);
	return *e->why;
}
