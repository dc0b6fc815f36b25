/* SPDX-License-Identifier: MIT */
/* fuzz-cmdline - cgk_cmdline_format: printable, cut, never past its buffer */
#include "fuzz.h"
#include "proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bufsize = fuzz_take_u8(&data, &size), len = size, want, n, nbig;
	char *in, *buf, *big;

	if (bufsize > 250)	/* mostly cuts, sometimes room to spare */
		bufsize *= 16;
	in = fuzz_dup(data, size);
	buf = fuzz_xmalloc(bufsize);
	big = fuzz_xmalloc(size + 1);
	while (len && data[len - 1] == '\0')
		len--;
	n = cgk_cmdline_format(in, size, buf, bufsize);
	nbig = cgk_cmdline_format(in, size, big, size + 1);
	want = bufsize == 0 ? 0 : len < bufsize - 1 ? len : bufsize - 1;
	FUZZ_ASSERT(n == want && nbig == len);
	FUZZ_ASSERT(bufsize == 0 || buf[n] == '\0');
	FUZZ_ASSERT(big[nbig] == '\0');
	for (size_t i = 0; i < nbig; i++) {
		unsigned char c = (unsigned char)data[i], o = (unsigned char)big[i];

		/* NUL separators are spaces, other control characters '?' */
		FUZZ_ASSERT(o >= 0x20 && o != 0x7f);
		FUZZ_ASSERT(o == (c == 0 ? ' ' : c < 0x20 || c == 0x7f ? '?' : c));
		if (i < n)
			FUZZ_ASSERT(buf[i] == big[i]);
	}
	FUZZ_ASSERT(cgk_cmdline_format(in, size, NULL, 0) == 0);
	free(big);
	free(buf);
	free(in);
	return 0;
}
