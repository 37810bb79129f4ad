/*
 * dossier_code.c - the one rule for a receipt code (see dossier_code.h).
 */
#include "dossier_code.h"
#include "kerr.h"

#include <sodium.h>

int dossier_code_norm(const char *in, size_t len, char out[DOSSIER_CODE_MAX + 1])
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || n >= DOSSIER_CODE_MAX)
			goto bad;
		out[n++] = c;
	}
	if (n < DOSSIER_CODE_MIN)
		goto bad;
	out[n] = '\0';
	return K_OK;
bad:
	sodium_memzero(out, DOSSIER_CODE_MAX + 1);
	return K_ERR_INVALID;
}
