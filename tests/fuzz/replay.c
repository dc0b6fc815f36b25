/* SPDX-License-Identifier: MIT */
/* replay - run a fuzz target over its corpus without libFuzzer (make check) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/*
 * Linked with one fuzz-<name>.c and the ordinary libcgkit, so every input
 * that libFuzzer kept is checked again by `make check`, with the target's
 * invariants, under whatever the build uses (valgrind, --enable-sanitizers).
 * With no argument it replays the target's committed corpus (CORPUS, set by
 * the build); otherwise each argument is a file or a directory of files,
 * e.g. a crash-* artifact to reproduce under gdb.
 */

#define INPUT_MAX (1 << 20)	/* libFuzzer keeps inputs far below this */

static size_t ninputs;

static int replay_file(const char *path)
{
	unsigned char *buf;
	ssize_t n;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(INPUT_MAX);
	if (!buf) {
		close(fd);
		fprintf(stderr, "replay: %s: %s\n", path, strerror(ENOMEM));
		return -1;
	}
	while (len < INPUT_MAX && (n = read(fd, buf + len, INPUT_MAX - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	if (len == INPUT_MAX) {
		fprintf(stderr, "replay: %s: larger than %d bytes\n", path, INPUT_MAX);
		free(buf);
		return -1;
	}
	/* the target copies what it parses into blocks of the exact size */
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	ninputs++;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file directly in DIR, in name order (a stable replay). */
static int replay_dir(const char *dir)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int r = 0;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **p = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*names));

			if (!p) {
				r = -1;
				break;
			}
			names = p;
		}
		names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
		if (!names[n]) {
			r = -1;
			break;
		}
		sprintf(names[n++], "%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (r == 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (r == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			r = replay_file(names[i]);
		free(names[i]);
	}
	free(names);
	return r;
}

int main(int argc, char **argv)
{
	static char *corpus[] = { CORPUS, NULL };
	char **args = argc > 1 ? argv + 1 : corpus;

	for (; *args; args++) {
		struct stat st;
		int r;

		if (stat(*args, &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", *args, strerror(errno));
			return EXIT_FAILURE;
		}
		r = S_ISDIR(st.st_mode) ? replay_dir(*args) : replay_file(*args);
		if (r < 0)
			return EXIT_FAILURE;
	}
	/* an empty or missing corpus would make this test pass for nothing */
	if (ninputs == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return EXIT_FAILURE;
	}
	printf("%zu inputs replayed\n", ninputs);
	return EXIT_SUCCESS;
}
