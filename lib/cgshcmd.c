/* SPDX-License-Identifier: MIT */
/* cgshcmd - cgsh's command language: lexer, command table, the pure parts of completion */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgshcmd.h"
#include "container.h"
#include "util.h"

/* ---- lexer ---- */

struct sbuf {
	char *p;
	size_t len, cap;
};

static int sbuf_add(struct sbuf *b, char c)
{
	if (cgk_grow((void **)&b->p, &b->cap, b->len + 1, 1) < 0)
		return -ENOMEM;
	b->p[b->len++] = c;
	return 0;
}

enum tok { T_END, T_WORD, T_SEP };

struct lexer {
	const char *buf;
	size_t len, pos, line;
	bool tolerant;		/* completion: no errors, see cgk_cgshcmd_context */
	size_t errpos;
	/* the last word */
	size_t start, wline;
	char quote;		/* tolerant: the word ends inside this quote */
	bool comment;		/* tolerant: the input ends in a comment */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_refused(char c)
{
	return c == '|' || c == '&' || c == '<' || c == '>' || c == '`';
}

static int lex_fail(struct lexer *lx, int r, size_t pos)
{
	lx->errpos = pos;
	return r;
}

/* The next token; a word's bytes go to W (not NUL-terminated). T_* or -errno. */
static int lex_next(struct lexer *lx, struct sbuf *w)
{
	const char *b = lx->buf;
	size_t n = lx->len;
	char quote = 0;
	size_t qpos = 0;
	char c;

	for (;;) {
		if (lx->pos >= n)
			return T_END;
		c = b[lx->pos];
		if (is_blank(c)) {
			lx->pos++;
		} else if (c == '\\' && lx->pos + 1 < n && b[lx->pos + 1] == '\n') {
			/* a line that ends in a backslash goes on on the next one */
			if (lx->pos + 2 == n && !lx->tolerant)
				return lex_fail(lx, -EAGAIN, lx->pos);
			lx->pos += 2;
			lx->line++;
		} else if (c == '#') {
			while (lx->pos < n && b[lx->pos] != '\n')
				lx->pos++;
			if (lx->pos == n)
				lx->comment = true;
		} else if (c == '\0' && lx->tolerant) {
			lx->pos++;
		} else {
			break;
		}
	}
	if (c == ';' || c == '\n') {
		lx->pos++;
		if (c == '\n')
			lx->line++;
		return T_SEP;
	}
	if (c == '\0')
		return lex_fail(lx, -EINVAL, lx->pos);
	if (is_refused(c)) {
		if (!lx->tolerant)
			return lex_fail(lx, -EINVAL, lx->pos);
		lx->pos++;
		return T_SEP;
	}

	lx->start = lx->pos;
	lx->wline = lx->line;
	lx->quote = 0;
	w->len = 0;
	while (lx->pos < n) {
		c = b[lx->pos];
		if (c == '\0') {
			if (lx->tolerant)
				break;
			return lex_fail(lx, -EINVAL, lx->pos);
		}
		if (quote == '\'') {
			if (c == '\'') {
				quote = 0;
				lx->pos++;
				continue;
			}
		} else if (quote == '"') {
			if (c == '"') {
				quote = 0;
				lx->pos++;
				continue;
			}
			if (c == '\\' && lx->pos + 1 < n &&
			    (b[lx->pos + 1] == '"' || b[lx->pos + 1] == '\\' || b[lx->pos + 1] == '\n')) {
				lx->pos++;
				c = b[lx->pos];
				if (c == '\n') {
					lx->pos++;
					lx->line++;
					continue;
				}
			}
		} else {
			if (is_blank(c) || c == ';' || c == '\n')
				break;
			if (is_refused(c)) {
				if (lx->tolerant)
					break;
				return lex_fail(lx, -EINVAL, lx->pos);
			}
			if (c == '\'' || c == '"') {
				quote = c;
				qpos = lx->pos++;
				continue;
			}
			if (c == '\\') {
				if (lx->pos + 1 == n || (b[lx->pos + 1] == '\n' && lx->pos + 2 == n)) {
					/* more to read: a backslash, or one and a newline, ends it */
					if (!lx->tolerant)
						return lex_fail(lx, -EAGAIN, lx->pos);
					lx->pos = n;
					break;
				}
				lx->pos++;
				c = b[lx->pos];
				if (c == '\n') {
					lx->pos++;
					lx->line++;
					continue;
				}
				if (c == '\0') {
					if (lx->tolerant)
						break;
					return lex_fail(lx, -EINVAL, lx->pos);
				}
			}
		}
		if (c == '\n')
			lx->line++;
		if (w->len >= CGK_CGSHCMD_LEN_MAX)
			return lex_fail(lx, -E2BIG, lx->pos);
		if (sbuf_add(w, c) < 0)
			return -ENOMEM;
		lx->pos++;
	}
	if (quote) {
		if (!lx->tolerant)
			return lex_fail(lx, -EAGAIN, qpos);
		lx->quote = quote;
	}
	return T_WORD;
}

/* ---- parse ---- */

void cgk_cgshcmd_free(struct cgk_cgshcmd *v, size_t n)
{
	if (!v)
		return;
	for (size_t k = 0; k < n; k++) {
		free(v[k].argv);
		free(v[k].text_);
	}
	free(v);
}

/* Words of the command being read: bytes NUL-separated in TEXT, offsets in OFF. */
struct words {
	struct sbuf text;
	size_t *off;
	size_t n, cap;
	size_t line;
};

static int words_add(struct words *ws, const struct sbuf *w, size_t line)
{
	if (ws->n >= CGK_CGSHCMD_WORDS_MAX)
		return -E2BIG;
	if (cgk_grow((void **)&ws->off, &ws->cap, ws->n, sizeof(*ws->off)) < 0)
		return -ENOMEM;
	if (!ws->n)
		ws->line = line;
	ws->off[ws->n++] = ws->text.len;
	for (size_t i = 0; i < w->len; i++)
		if (sbuf_add(&ws->text, w->p[i]) < 0)
			return -ENOMEM;
	return sbuf_add(&ws->text, '\0');
}

/* Turn WS into an argv (taking its text); WS is emptied. */
static int words_take(struct words *ws, char ***ret_argv, char **ret_text)
{
	char **argv = calloc(ws->n + 1, sizeof(*argv));

	if (!argv)
		return -ENOMEM;
	for (size_t k = 0; k < ws->n; k++)
		argv[k] = ws->text.p + ws->off[k];
	*ret_argv = argv;
	*ret_text = TAKE_PTR(ws->text.p);
	ws->text.len = ws->text.cap = 0;
	ws->n = 0;
	return 0;
}

int cgk_cgshcmd_parse(const char *buf, size_t len, struct cgk_cgshcmd **ret, size_t *ret_n,
		      size_t *ret_errpos)
{
	struct lexer lx = { .buf = buf, .len = len, .line = 1 };
	struct words ws = { 0 };
	struct sbuf w = { 0 };
	struct cgk_cgshcmd *v = NULL;
	size_t n = 0, cap = 0;
	int t, r = 0;

	if (len > CGK_CGSHCMD_LEN_MAX) {
		lx.errpos = CGK_CGSHCMD_LEN_MAX;
		r = -E2BIG;
		goto out;
	}
	do {
		t = lex_next(&lx, &w);
		if (t < 0) {
			r = t;
			break;
		}
		if (t == T_WORD) {
			r = words_add(&ws, &w, lx.wline);
			if (r < 0) {
				lx.errpos = lx.start;
				break;
			}
			continue;
		}
		if (!ws.n)
			continue;
		if (cgk_grow((void **)&v, &cap, n, sizeof(*v)) < 0) {
			r = -ENOMEM;
			break;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].argc = ws.n;
		v[n].line = ws.line;
		r = words_take(&ws, &v[n].argv, &v[n].text_);
		if (r < 0)
			break;
		n++;
	} while (t != T_END);
out:
	free(w.p);
	free(ws.text.p);
	free(ws.off);
	if (r < 0) {
		cgk_cgshcmd_free(v, n);
		if (ret_errpos)
			*ret_errpos = lx.errpos;
		return r;
	}
	if (!n) {
		free(v);
		v = NULL;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

const char *cgk_cgshcmd_strerror(int err, const char *buf, size_t len, size_t errpos,
				 char *out, size_t size)
{
	char c = errpos < len ? buf[errpos] : '\0';

	switch (err) {
	case -EAGAIN:
		if (c == '\'' || c == '"')
			snprintf(out, size, "unterminated %c quote", c);
		else
			snprintf(out, size, "a backslash ends the input");
		break;
	case -EINVAL:
		if (c == '\0')
			snprintf(out, size, "a NUL byte in the command line");
		else
			snprintf(out, size, "unquoted '%c': cgsh has no pipes nor redirections "
				 "(quote it to mean it)", c);
		break;
	case -E2BIG:
		snprintf(out, size, "command line too long (at most %u bytes, %u words a command)",
			 CGK_CGSHCMD_LEN_MAX, CGK_CGSHCMD_WORDS_MAX);
		break;
	default:
		snprintf(out, size, "%s", strerror(-err));
		break;
	}
	return out;
}

/* ---- the commands ---- */

#define A(x) CGK_CGSH_ARG_##x
static const struct cgk_cgshcmd_def defs[] = {
	{ "attach", "PID...", "move processes (every thread) into the current cgroup",
	  A(PID), A(PID), NULL, false },
	{ "blkio-weight", "N", "IO weight (blkio.weight)", A(VALUE), A(NONE), NULL, true },
	{ "cat", "KNOB...", "print control files as the kernel gives them",
	  A(KNOB), A(KNOB), NULL, false },
	{ "cd", "[CGROUP]", "go to CGROUP: a path, .., -, a container id prefix, a pod uid",
	  A(CGROUP), A(NONE), NULL, false },
	{ "containers", "[CGLS-OPTION...]", "the containers below the current cgroup (cgls --containers)",
	  A(NONE), A(NONE), NULL, false },
	{ "cpus", "F|max", "CPU time of F CPUs per period (cpu.cfs_quota_us)",
	  A(VALUE), A(NONE), NULL, true },
	{ "cpuset", "LIST", "the CPUs its tasks may run on (cpuset.cpus)",
	  A(VALUE), A(NONE), NULL, true },
	{ "device-read-bps", "DEV:RATE", "read bytes/s limit on disk DEV",
	  A(VALUE), A(NONE), NULL, true },
	{ "device-write-bps", "DEV:RATE", "write bytes/s limit on disk DEV",
	  A(VALUE), A(NONE), NULL, true },
	{ "enter", "[PROGRAM [ARG...]]", "run PROGRAM ($SHELL) in the namespaces of the container here (nsenter-lite)",
	  A(PROGRAM), A(NONE), NULL, false },
	{ "exec", "PROGRAM [ARG...]", "run PROGRAM in the current cgroup (cgexec-ns)",
	  A(PROGRAM), A(NONE), NULL, false },
	{ "exit", "[N]", "leave cgsh (end of input does too)", A(NONE), A(NONE), NULL, false },
	{ "freeze", "", "stop every task (freezer.state FROZEN)", A(NONE), A(NONE), NULL, true },
	{ "get", "KNOB...", "print control values in human units (CPUs, K/M/G, max)",
	  A(KNOB), A(KNOB), NULL, false },
	{ "help", "[COMMAND]", "list the commands, or explain one", A(CMD), A(NONE), NULL, false },
	{ "ls", "[CGROUP]", "the child cgroups: tasks, limits, controllers",
	  A(CGROUP), A(NONE), NULL, false },
	{ "memory", "SIZE|max", "memory limit (memory.limit_in_bytes)",
	  A(VALUE), A(NONE), NULL, true },
	{ "memory-swap", "SIZE|max", "memory+swap limit (memory.memsw.limit_in_bytes)",
	  A(VALUE), A(NONE), NULL, true },
	{ "mems", "LIST", "memory nodes (cpuset.mems)", A(VALUE), A(NONE), NULL, true },
	{ "mkdir", "[-g CTRLS] NAME...", "create cgroups (and parents) where the current one exists",
	  A(CGROUP), A(CGROUP), "g", false },
	{ "period", "US", "CFS period in microseconds (cpu.cfs_period_us)",
	  A(VALUE), A(NONE), NULL, true },
	{ "pids", "N|max", "process limit (pids.max)", A(VALUE), A(NONE), NULL, true },
	{ "procs", "[-r]", "the processes of the current cgroup (-r: and below it)",
	  A(NONE), A(NONE), NULL, false },
	{ "pwd", "[-a]", "print the current cgroup (-a: its directory in each hierarchy)",
	  A(NONE), A(NONE), NULL, false },
	{ "rmdir", "[-f] NAME...", "remove empty cgroups (-f: move their processes to the parent first)",
	  A(CHILD), A(CHILD), NULL, false },
	{ "set", "[-n] KNOB=VALUE...", "write control values: checked, then all or nothing (-n: print the writes)",
	  A(SET), A(SET), NULL, false },
	{ "shares", "N", "relative CPU weight (cpu.shares)", A(VALUE), A(NONE), NULL, true },
	{ "thaw", "", "resume the tasks (freezer.state THAWED)", A(NONE), A(NONE), NULL, true },
	{ "top", "[CGTOP-OPTION...]", "watch the current cgroup and below (cgtop) until q",
	  A(NONE), A(NONE), NULL, false },
	{ "tree", "[CGLS-OPTION...]", "the tree below the current cgroup, with processes (cgls)",
	  A(NONE), A(NONE), NULL, false },
};
#undef A

const struct cgk_cgshcmd_def *cgk_cgshcmd_defs(size_t *ret_n)
{
	*ret_n = ARRAY_SIZE(defs);
	return defs;
}

const struct cgk_cgshcmd_def *cgk_cgshcmd_find(const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(defs); k++)
		if (streq(defs[k].name, name))
			return &defs[k];
	return NULL;
}

/* ---- completion ---- */

void cgk_cgshcmd_ctx_done(struct cgk_cgshcmd_ctx *c)
{
	if (!c)
		return;
	cgk_strv_free(c->argv);
	free(c->word);
	memset(c, 0, sizeof(*c));
}

static int strv_push(char ***v, size_t *n, size_t *cap, char *s)
{
	if (!s)
		return -ENOMEM;
	if (cgk_grow((void **)v, cap, *n + 1, sizeof(**v)) < 0) {
		free(s);
		return -ENOMEM;
	}
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
	return 0;
}

int cgk_cgshcmd_context(const char *buf, size_t len, struct cgk_cgshcmd_ctx *ret)
{
	struct lexer lx = { .buf = buf, .len = len, .line = 1, .tolerant = true };
	struct cgk_cgshcmd_ctx c = { 0 };
	struct sbuf w = { 0 };
	size_t cap = 0;
	int t, r = 0;

	if (len > CGK_CGSHCMD_LEN_MAX)
		return -E2BIG;
	for (;;) {
		lx.comment = false;
		t = lex_next(&lx, &w);
		if (t < 0) {
			r = t;
			break;
		}
		if (t == T_END) {
			c.start = len;
			c.comment = lx.comment;
			break;
		}
		if (t == T_SEP) {
			cgk_strv_free(c.argv);
			c.argv = NULL;
			c.argc = cap = 0;
			continue;
		}
		if (lx.pos == len) {
			/* the word runs up to the cursor: it is the one completed */
			c.start = lx.start;
			c.quote = lx.quote;
			c.word = cgk_strndup(w.p ? w.p : "", w.len);
			break;
		}
		if (c.argc >= CGK_CGSHCMD_WORDS_MAX) {
			r = -E2BIG;
			break;
		}
		r = strv_push(&c.argv, &c.argc, &cap, cgk_strndup(w.p ? w.p : "", w.len));
		if (r < 0)
			break;
	}
	free(w.p);
	if (r == 0 && !c.word)
		c.word = strdup("");
	if (r == 0 && !c.argv)
		c.argv = calloc(1, sizeof(*c.argv));
	if (r == 0 && (!c.word || !c.argv))
		r = -ENOMEM;
	if (r < 0) {
		cgk_cgshcmd_ctx_done(&c);
		return r;
	}
	*ret = c;
	return 0;
}

int cgk_cgshcmd_want(const struct cgk_cgshcmd_ctx *c, struct cgk_cgshcmd_want *ret)
{
	const struct cgk_cgshcmd_def *d;
	size_t npos = 0;
	const char *eq, *slash;

	memset(ret, 0, sizeof(*ret));
	ret->prefix = c->word;
	if (c->comment)
		return 0;
	if (c->argc == 0) {
		ret->kind = CGK_CGSH_ARG_CMD;
		return 0;
	}
	d = cgk_cgshcmd_find(c->argv[0]);
	if (!d)
		return -ENOENT;
	/* positional arguments before the cursor; options and their values skipped */
	for (size_t k = 1; k < c->argc; k++) {
		const char *a = c->argv[k];

		if (npos && d->first == CGK_CGSH_ARG_PROGRAM)
			break;	/* the program's own words */
		if (a[0] == '-' && a[1]) {
			if (!a[2] && d->optargs && strchr(d->optargs, a[1]))
				k++;	/* "-g CTRLS" */
			continue;
		}
		npos++;
	}
	if (c->argc > 1) {
		const char *last = c->argv[c->argc - 1];

		if (last[0] == '-' && last[1] && !last[2] && d->optargs && strchr(d->optargs, last[1]))
			return 0;	/* the value of an option: nothing to offer */
	}
	if (c->word[0] == '-')
		return 0;
	ret->kind = npos == 0 ? d->first : d->rest;
	switch (ret->kind) {
	case CGK_CGSH_ARG_SET:
		eq = strchr(c->word, '=');
		if (!eq) {
			ret->kind = CGK_CGSH_ARG_KNOB;
			break;
		}
		if ((size_t)(eq - c->word) >= sizeof(ret->knob)) {
			ret->kind = CGK_CGSH_ARG_NONE;
			break;
		}
		memcpy(ret->knob, c->word, (size_t)(eq - c->word));
		ret->knob[eq - c->word] = '\0';
		ret->kind = CGK_CGSH_ARG_VALUE;
		ret->prefix = eq + 1;
		ret->after_eq = true;
		break;
	case CGK_CGSH_ARG_VALUE:
		snprintf(ret->knob, sizeof(ret->knob), "%s", d->name);
		break;
	case CGK_CGSH_ARG_CGROUP:
	case CGK_CGSH_ARG_CHILD:
		slash = strrchr(c->word, '/');
		ret->dirlen = slash ? (size_t)(slash - c->word) + 1 : 0;
		break;
	default:
		break;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort V (N strings, NULL-terminated) and drop repeats; *N updated. */
static void sort_unique(char **v, size_t *n)
{
	size_t o = 0;

	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_str);
	for (size_t k = 0; k < *n; k++) {
		if (o && streq(v[o - 1], v[k])) {
			free(v[k]);
			continue;
		}
		v[o++] = v[k];
	}
	v[o] = NULL;
	*n = o;
}

int cgk_cgshcmd_filter(const char *const *names, size_t n, const char *prefix, const char *head,
		       const char *tail, char ***ret, size_t *ret_n)
{
	size_t pl = strlen(prefix), m = 0, cap = 0;
	char **v = calloc(1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t k = 0; k < n; k++) {
		char *s;

		if (!names[k] || strncmp(names[k], prefix, pl))
			continue;
		if (asprintf(&s, "%s%s%s", head ? head : "", names[k], tail ? tail : "") < 0)
			s = NULL;
		if (strv_push(&v, &m, &cap, s) < 0) {
			cgk_strv_free(v);
			return -ENOMEM;
		}
	}
	sort_unique(v, &m);
	*ret = v;
	*ret_n = m;
	return 0;
}

int cgk_cgshcmd_knob_values(const struct cgk_knob *k, const char *prefix, char ***ret,
			    size_t *ret_n)
{
	const char *names[64];
	char words[512];
	size_t n = 0;

	if (k->flags & CGK_KF_RO) {
		if (k->flags & CGK_KF_RESET)
			names[n++] = "0";
	} else {
		if (k->type == CGK_KT_ENUM && k->values) {
			snprintf(words, sizeof(words), "%s", k->values);
			for (char *save = NULL, *p = strtok_r(words, " ", &save);
			     p && n < ARRAY_SIZE(names) - 2; p = strtok_r(NULL, " ", &save))
				names[n++] = p;
		}
		if (k->type == CGK_KT_BOOL) {
			names[n++] = "0";
			names[n++] = "1";
		}
		if (k->flags & CGK_KF_MAX)
			names[n++] = "max";
	}
	return cgk_cgshcmd_filter(names, n, prefix, NULL, NULL, ret, ret_n);
}

/* ---- paths and the prompt ---- */

/* Append the components of P to BUF (length *LEN, "" meaning "/"). */
static int join_comps(const char *p, char *buf, size_t size, size_t *len)
{
	while (*p) {
		size_t l;

		while (*p == '/')
			p++;
		l = strcspn(p, "/");
		if (l == 0)
			break;
		if (l == 1 && p[0] == '.') {
			/* nothing */
		} else if (l == 2 && p[0] == '.' && p[1] == '.') {
			char *s = memrchr(buf, '/', *len);

			*len = s ? (size_t)(s - buf) : 0;
		} else {
			if (*len + 1 + l + 1 > size)
				return -ENAMETOOLONG;
			buf[(*len)++] = '/';
			memcpy(buf + *len, p, l);
			*len += l;
		}
		p += l;
	}
	return 0;
}

int cgk_cgshcmd_path_join(const char *cwd, const char *arg, char *buf, size_t size)
{
	size_t len = 0;
	int r;

	if (!cwd || cwd[0] != '/' || !arg || strchr(arg, '\n') || strchr(cwd, '\n') || size < 2)
		return -EINVAL;
	if (arg[0] != '/') {
		r = join_comps(cwd, buf, size, &len);
		if (r < 0)
			return r;
	}
	r = join_comps(arg, buf, size, &len);
	if (r < 0)
		return r;
	if (!len)
		buf[len++] = '/';
	buf[len] = '\0';
	return 0;
}

/* Append S[0..N) to BUF at *OFF with unprintable bytes as '?' (snprintf-like accounting). */
static void put_clean(char *buf, size_t size, size_t *off, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, (*off)++) {
		unsigned char c = (unsigned char)s[i];

		if (*off + 1 < size)
			buf[*off] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	if (size)
		buf[*off < size ? *off : size - 1] = '\0';
}

int cgk_cgshcmd_prompt(const char *path, char *buf, size_t size)
{
	char tmp[4096], head[128] = "";
	size_t plen = strlen(path), cut = 0, off = 0;

	/* the deepest prefix of PATH that is a container or a pod */
	for (size_t i = 1; i <= plen && plen < sizeof(tmp); i++) {
		struct cgk_container c;
		char uid[37];

		if (i < plen && path[i] != '/')
			continue;
		memcpy(tmp, path, i);
		tmp[i] = '\0';
		if (cgk_container_parse(tmp, &c) == 1) {
			if (*c.pod_uid)
				snprintf(head, sizeof(head), "pod:%.8s/%s:%.12s", c.pod_uid,
					 cgk_runtime_name(c.runtime), c.id);
			else
				snprintf(head, sizeof(head), "%s:%.12s", cgk_runtime_name(c.runtime),
					 c.id);
			cut = i;
		} else if (cgk_pod_parse(tmp, uid, NULL) == 1) {
			snprintf(head, sizeof(head), "pod:%.8s", uid);
			cut = i;
		}
	}
	if (size)
		buf[0] = '\0';
	put_clean(buf, size, &off, head, strlen(head));
	put_clean(buf, size, &off, path + cut, plen - cut);
	return (int)off;
}
