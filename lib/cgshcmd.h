/* SPDX-License-Identifier: MIT */
/* cgshcmd - cgsh's command language: lexer, command table, the pure parts of completion */
#ifndef CGK_CGSHCMD_H
#define CGK_CGSHCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "knob.h"

/*
 * The command line of cgsh, as sh(1) splits words, without expansions:
 *   - words are separated by blanks (space, tab, CR); ';' and newline end a
 *     command; empty commands are skipped;
 *   - '...' keeps every byte up to the next '; "..." too, except that a
 *     backslash escapes '"', '\' and a newline (removed) there;
 *   - outside quotes a backslash takes the next byte literally, and
 *     backslash-newline joins lines;
 *   - '#' at the start of a word begins a comment up to the end of the line;
 *   - unquoted '|', '&', '<', '>' and '`' are refused (cgsh has no pipes nor
 *     redirections; quote them to mean them).
 */
#define CGK_CGSHCMD_LEN_MAX (1u << 20)	/* bytes of one input */
#define CGK_CGSHCMD_WORDS_MAX 4096	/* words of one command */

/* One command: its words, quotes removed. */
struct cgk_cgshcmd {
	char **argv;		/* argc words, then NULL */
	size_t argc;
	size_t line;		/* 1-based line of the input where it starts */
	char *text_;		/* private: the words' storage */
};

/*
 * Split BUF[0..LEN) into commands. 0 with a malloc'd array *RET of *RET_N
 * commands (free with cgk_cgshcmd_free; NULL when *RET_N is 0); on error
 * *RET_ERRPOS (when not NULL) gets the offset of the fault and:
 * -EAGAIN the input ends inside quotes or after a backslash (read another
 * line and try again), -EINVAL a NUL byte or an unquoted | & < > `,
 * -E2BIG past CGK_CGSHCMD_LEN_MAX bytes or CGK_CGSHCMD_WORDS_MAX words,
 * -ENOMEM. Outputs untouched on error.
 */
int cgk_cgshcmd_parse(const char *buf, size_t len, struct cgk_cgshcmd **ret, size_t *ret_n,
		      size_t *ret_errpos);
/* Free an array from cgk_cgshcmd_parse. NULL is fine. */
void cgk_cgshcmd_free(struct cgk_cgshcmd *v, size_t n);

/*
 * Reason for error ERR of cgk_cgshcmd_parse at ERRPOS of BUF[0..LEN), in
 * words ("unterminated ' quote"), written to OUT (SIZE bytes). Returns OUT.
 */
const char *cgk_cgshcmd_strerror(int err, const char *buf, size_t len, size_t errpos,
				 char *out, size_t size);

/* ---- the commands ---- */

/* What an argument of a command is, for completion. */
enum cgk_cgsh_arg {
	CGK_CGSH_ARG_NONE = 0,	/* nothing to offer */
	CGK_CGSH_ARG_CMD,	/* a command name */
	CGK_CGSH_ARG_CGROUP,	/* a cgroup: path, child name, container id, pod uid */
	CGK_CGSH_ARG_CHILD,	/* an existing child of the current cgroup (rmdir) */
	CGK_CGSH_ARG_KNOB,	/* a control file of the current cgroup (or a human knob name) */
	CGK_CGSH_ARG_SET,	/* KNOB=VALUE: a knob and '=', then its finite values */
	CGK_CGSH_ARG_VALUE,	/* a value of the knob the command itself is (cpus, memory) */
	CGK_CGSH_ARG_PID,	/* a process id */
	CGK_CGSH_ARG_PROGRAM,	/* a program and its arguments (exec, enter) */
};

struct cgk_cgshcmd_def {
	const char *name;
	const char *synopsis;	/* the arguments: "[CGROUP]" */
	const char *summary;	/* one line */
	enum cgk_cgsh_arg first;	/* what the first argument is */
	enum cgk_cgsh_arg rest;		/* and the ones after it */
	const char *optargs;	/* its short options that take a value ("g" for -g CTRLS) */
	bool human;		/* a human knob (cgk_apply_human_names) used as a command */
};

/* The commands, sorted by name; *RET_N entries. Static storage. */
const struct cgk_cgshcmd_def *cgk_cgshcmd_defs(size_t *ret_n);
/* The command NAME exactly, or NULL. */
const struct cgk_cgshcmd_def *cgk_cgshcmd_find(const char *name);

/* ---- completion ---- */

/* Where the cursor is, in the command it is in. */
struct cgk_cgshcmd_ctx {
	char **argv;		/* the words of that command before the cursor's word, then NULL */
	size_t argc;
	char *word;		/* the word at the cursor up to it, quotes removed ("" between words) */
	size_t start;		/* offset where that word starts (its opening quote, if any) */
	char quote;		/* '\'' or '"' when the cursor is inside that quote, else 0 */
	bool comment;		/* the cursor is in a comment */
};

/*
 * The completion context of a line whose cursor is at LEN (BUF[0..LEN)),
 * lexed as cgk_cgshcmd_parse does but tolerant of an open quote, a
 * trailing backslash and refused characters (taken as word breaks). 0 and
 * *RET (free with cgk_cgshcmd_ctx_done), -E2BIG, -ENOMEM.
 */
int cgk_cgshcmd_context(const char *buf, size_t len, struct cgk_cgshcmd_ctx *ret);
void cgk_cgshcmd_ctx_done(struct cgk_cgshcmd_ctx *c);

/* What to offer at the cursor. */
struct cgk_cgshcmd_want {
	enum cgk_cgsh_arg kind;	/* CGK_CGSH_ARG_SET is split into KNOB (before '=') and VALUE */
	char knob[128];		/* VALUE: the knob (a control file or a human knob name) */
	const char *prefix;	/* what the candidates must start with (points into the context) */
	size_t dirlen;		/* CGROUP, CHILD: length of the directory part of prefix ("a/b/") */
	bool after_eq;		/* the word is KNOB=... and prefix is the part after '=' */
};

/*
 * Decide what to complete in context C: the command name (first word), an
 * option (a word starting with '-': NONE), or the command's argument kind
 * from the table. For "set KNOB=VAL" the value part; for a human knob
 * command ("memory 5") its values. Pointers borrow C. 0, or -ENOENT for an
 * unknown command (kind NONE).
 */
int cgk_cgshcmd_want(const struct cgk_cgshcmd_ctx *c, struct cgk_cgshcmd_want *ret);

/*
 * Candidates: HEAD + NAMES[i] + TAIL for every NAMES[i] (N of them) that
 * starts with PREFIX, sorted, each once. 0 with a malloc'd NULL-terminated
 * *RET (free with cgk_strv_free) and *RET_N, or -ENOMEM.
 */
int cgk_cgshcmd_filter(const char *const *names, size_t n, const char *prefix, const char *head,
		       const char *tail, char ***ret, size_t *ret_n);

/*
 * The finite values knob K takes, for completion: its enum values
 * ("FROZEN THAWED"), "0" and "1" for a flag, "max" where no limit is
 * allowed; those that start with PREFIX, sorted. A read-only knob has
 * none. 0 with *RET (NULL-terminated, free with cgk_strv_free), *RET_N, or -ENOMEM.
 */
int cgk_cgshcmd_knob_values(const struct cgk_knob *k, const char *prefix, char ***ret,
			    size_t *ret_n);

/* ---- paths and the prompt ---- */

/*
 * The cgroup path ARG names from the current cgroup CWD ("/a/b"): ARG
 * absolute ("/x") or relative ("x/y", "../z"), "." and empty components
 * dropped, ".." going up (never above "/"). The result is "/" or "/x/y"
 * in BUF. 0, -EINVAL (a newline in ARG, CWD not absolute), -ENAMETOOLONG.
 */
int cgk_cgshcmd_path_join(const char *cwd, const char *arg, char *buf, size_t size);

/*
 * The prompt's name for cgroup PATH ("/a/b", user-visible): the deepest
 * container in it as "RUNTIME:ID12" ("docker:4c46475c05c0"), a pod as
 * "pod:UID8", a container of a pod as "pod:UID8/RUNTIME:ID12", followed by
 * the components below it ("docker:4c46475c05c0/sub"); else PATH itself.
 * Bytes that are not printable ASCII become '?'. Returns the length
 * (snprintf semantics).
 */
int cgk_cgshcmd_prompt(const char *path, char *buf, size_t size);

#endif
