/* SPDX-License-Identifier: MIT */
/* fuzz-cgshcmd - cgsh's command line: lexer, completion context, paths, prompt */
#include <errno.h>
#include <stdbool.h>

#include "cgpath.h"
#include "cgshcmd.h"
#include "fuzz.h"
#include "knob.h"
#include "util.h"

/* The words of V[0..N) quoted back into a command line: one command a line. */
static char *requote(const struct cgk_cgshcmd *v, size_t n, size_t *ret_len)
{
	size_t cap = 1, o = 0;
	char *s;

	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < v[k].argc; i++)
			cap += 4 * strlen(v[k].argv[i]) + 3;
	s = fuzz_xmalloc(cap);
	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; i < v[k].argc; i++) {
			s[o++] = '\'';
			for (const char *p = v[k].argv[i]; *p; p++) {
				if (*p == '\'') {
					memcpy(s + o, "'\\''", 4);	/* close, \', reopen */
					o += 4;
				} else {
					s[o++] = *p;
				}
			}
			s[o++] = '\'';
			s[o++] = i + 1 < v[k].argc ? ' ' : '\n';
		}
	}
	FUZZ_ASSERT(o < cap);
	*ret_len = o;
	return s;
}

static void check_strerror(int err, const char *buf, size_t len, size_t errpos, size_t cut)
{
	char out[512], *small = fuzz_xmalloc(cut);

	FUZZ_ASSERT(cgk_cgshcmd_strerror(err, buf, len, errpos, out, sizeof(out)) == out);
	FUZZ_ASSERT(*out && strlen(out) < sizeof(out));
	if (cut) {
		FUZZ_ASSERT(cgk_cgshcmd_strerror(err, buf, len, errpos, small, cut) == small);
		FUZZ_ASSERT(strlen(small) < cut && !strncmp(small, out, strlen(small)));
	}
	free(small);
}

/* Parse; check; the commands (caller frees) or NULL with *RET_N 0. */
static struct cgk_cgshcmd *parse(const char *text, size_t len, size_t *ret_n, size_t cut)
{
	static struct cgk_cgshcmd poison[1];
	struct cgk_cgshcmd *v = poison;
	size_t n = 12345, errpos = 54321;
	char *buf = fuzz_dup(text, len);
	int r = cgk_cgshcmd_parse(buf, len, &v, &n, &errpos);

	*ret_n = 0;
	if (r < 0) {
		FUZZ_ASSERT(r == -EAGAIN || r == -EINVAL || r == -E2BIG);
		FUZZ_ASSERT(v == poison && n == 12345 && errpos <= len);
		/* -EINVAL names a NUL or a refused character; -EAGAIN an open quote or a backslash */
		if (r == -EINVAL)
			FUZZ_ASSERT(errpos < len && strchr("|&<>`", text[errpos]));
		if (r == -EAGAIN)
			FUZZ_ASSERT(errpos < len && strchr("'\"\\", text[errpos]));
		check_strerror(r, buf, len, errpos, cut);
		free(buf);
		return NULL;
	}
	free(buf);
	FUZZ_ASSERT(r == 0 && (n == 0) == (v == NULL));
	for (size_t k = 0; k < n; k++) {
		FUZZ_ASSERT(v[k].argc >= 1 && v[k].argc <= CGK_CGSHCMD_WORDS_MAX);
		FUZZ_ASSERT(v[k].argv && !v[k].argv[v[k].argc]);
		FUZZ_ASSERT(v[k].line >= 1 && (k == 0 || v[k].line >= v[k - 1].line));
		for (size_t i = 0; i < v[k].argc; i++)
			FUZZ_ASSERT(v[k].argv[i]);
	}
	*ret_n = n;
	return v;
}

static void check_context(const char *text, size_t len, const struct cgk_cgshcmd *v, size_t n)
{
	struct cgk_cgshcmd_ctx c;
	struct cgk_cgshcmd_want w;
	char *buf = fuzz_dup(text, len);
	int r = cgk_cgshcmd_context(buf, len, &c);

	free(buf);
	FUZZ_ASSERT(r == 0 || r == -E2BIG);
	if (r)
		return;
	FUZZ_ASSERT(c.word && c.argv && !c.argv[c.argc] && c.start <= len);
	FUZZ_ASSERT(c.quote == 0 || c.quote == '\'' || c.quote == '"');
	for (size_t i = 0; i < c.argc; i++)
		FUZZ_ASSERT(c.argv[i]);
	/* after a blank that ends a one-line command, the context is its words */
	if (n && !memchr(text, ';', len) && !memchr(text, '\n', len) && !memchr(text, '#', len) &&
	    len >= 2 && text[len - 1] == ' ' && text[len - 2] != '\\') {
		FUZZ_ASSERT(!*c.word && c.argc == v[n - 1].argc && !c.quote);
		for (size_t i = 0; i < c.argc; i++)
			FUZZ_ASSERT(!strcmp(c.argv[i], v[n - 1].argv[i]));
	}

	r = cgk_cgshcmd_want(&c, &w);
	FUZZ_ASSERT(r == 0 || r == -ENOENT);
	FUZZ_ASSERT(w.prefix && w.prefix >= c.word && w.prefix <= c.word + strlen(c.word));
	FUZZ_ASSERT(w.kind >= CGK_CGSH_ARG_NONE && w.kind <= CGK_CGSH_ARG_PROGRAM);
	FUZZ_ASSERT(w.dirlen <= strlen(w.prefix) && strlen(w.knob) < sizeof(w.knob));
	FUZZ_ASSERT(!w.after_eq || w.kind == CGK_CGSH_ARG_VALUE);
	if (r == -ENOENT)
		FUZZ_ASSERT(w.kind == CGK_CGSH_ARG_NONE && !cgk_cgshcmd_find(c.argv[0]));

	/* the candidates among the words: HEAD + word + TAIL, sorted, each once */
	if (n) {
		char **out;
		size_t m, pl = strlen(w.prefix);

		FUZZ_ASSERT(cgk_cgshcmd_filter((const char *const *)v[0].argv, v[0].argc, w.prefix,
					       "<", ">", &out, &m) == 0);
		FUZZ_ASSERT(m <= v[0].argc && !out[m]);
		for (size_t i = 0; i < m; i++) {
			size_t l = strlen(out[i]);

			FUZZ_ASSERT(l >= pl + 2 && out[i][0] == '<' && out[i][l - 1] == '>');
			FUZZ_ASSERT(!strncmp(out[i] + 1, w.prefix, pl));
			FUZZ_ASSERT(i == 0 || strcmp(out[i - 1], out[i]) < 0);
		}
		cgk_strv_free(out);
	}
	cgk_cgshcmd_ctx_done(&c);
	FUZZ_ASSERT(!c.word && !c.argv);
}

/* Knob values offered for completion are values the knob takes. */
static void check_knob_values(const char *prefix, uint8_t sel)
{
	size_t nk, m;
	const struct cgk_knob *t = cgk_knob_table(&nk), *k = &t[sel * nk / 256];
	char **out;

	FUZZ_ASSERT(cgk_cgshcmd_knob_values(k, prefix, &out, &m) == 0);
	FUZZ_ASSERT(!out[m]);
	for (size_t i = 0; i < m; i++) {
		FUZZ_ASSERT(!strncmp(out[i], prefix, strlen(prefix)));
		if (cgk_knob_check(k, out[i], NULL, 0)) {
			fprintf(stderr, "%s: offered '%s'\n", k->name, out[i]);
			FUZZ_ASSERT(!"an offered value is refused");
		}
	}
	cgk_strv_free(out);
}

static int join(const char *cwd, const char *arg, char *buf, size_t size)
{
	int r = cgk_cgshcmd_path_join(cwd, arg, buf, size);

	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENAMETOOLONG);
	return r;
}

static void check_paths(const char *line1, const char *line2, size_t cut)
{
	char *cwd = fuzz_cat("/", line1), out[CGK_PATH_MAX + 2], again[CGK_PATH_MAX + 2];
	char *small = fuzz_xmalloc(cut), prompt[256], *psmall;
	int r = join(cwd, line2, out, sizeof(out)), len;

	if (r == 0) {
		/* "/" or "/a/b": a safe path below the root, and a fixed point */
		FUZZ_ASSERT(out[0] == '/' && (!out[1] || cgk_cgpath_is_safe(out + 1)));
		FUZZ_ASSERT(join("/", out, again, sizeof(again)) == 0 && !strcmp(again, out));
		FUZZ_ASSERT(join(out, ".", again, sizeof(again)) == 0 && !strcmp(again, out));
		FUZZ_ASSERT(join(out, "", again, sizeof(again)) == 0 && !strcmp(again, out));
		FUZZ_ASSERT(join(cwd, line2, again, sizeof(again)) == 0 && !strcmp(again, out));
		/* a buffer of exactly CUT bytes: the same or too short, never overrun */
		r = join(cwd, line2, small, cut);
		FUZZ_ASSERT(r == 0 ? !strcmp(small, out) : r == -ENAMETOOLONG || cut < 2);
	} else {
		FUZZ_ASSERT(r == -ENAMETOOLONG || strchr(line1, '\n') || strchr(line2, '\n'));
		(void)join(cwd, line2, small, cut);
	}
	free(small);

	/* the prompt of the cwd: printable, snprintf semantics */
	len = cgk_cgshcmd_prompt(cwd, prompt, sizeof(prompt));
	FUZZ_ASSERT(len >= 0);
	FUZZ_ASSERT(strlen(prompt) == ((size_t)len < sizeof(prompt) ? (size_t)len : sizeof(prompt) - 1));
	for (const char *p = prompt; *p; p++)
		FUZZ_ASSERT(*p >= 0x20 && *p < 0x7f);
	psmall = fuzz_xmalloc(cut);
	FUZZ_ASSERT(cgk_cgshcmd_prompt(cwd, psmall, cut) == len);
	if (cut)
		FUZZ_ASSERT(strlen(psmall) < cut && !strncmp(psmall, prompt, strlen(psmall)));
	free(psmall);
	free(cwd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t sel = fuzz_take_u8(&data, &size);
	const char *text = (const char *)data;
	struct cgk_cgshcmd *v, *v2;
	size_t n, n2, qlen;
	char *q, *s, *nl;

	v = parse(text, size, &n, sel % 32);
	if (n) {
		/* the words, quoted back, read the same */
		q = requote(v, n, &qlen);
		v2 = parse(q, qlen, &n2, 0);
		FUZZ_ASSERT(n2 == n);
		for (size_t k = 0; k < n; k++) {
			FUZZ_ASSERT(v2[k].argc == v[k].argc);
			for (size_t i = 0; i < v[k].argc; i++)
				FUZZ_ASSERT(!strcmp(v2[k].argv[i], v[k].argv[i]));
		}
		cgk_cgshcmd_free(v2, n2);
		free(q);
	}
	check_context(text, size, v, n);

	/* the text's first two lines as a cwd and an argument; its first word as a prefix */
	s = fuzz_str(text, size);
	nl = strchr(s, '\n');
	if (nl)
		*nl = '\0';
	check_paths(s, nl ? nl + 1 : "", sel % 64);
	check_knob_values(n ? v[0].argv[0] : s, sel);
	free(s);
	cgk_cgshcmd_free(v, n);
	return 0;
}
