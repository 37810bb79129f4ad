/*
 * dossier_code.h - a receipt code (mã hồ sơ / số giấy hẹn) as the kiosk and
 * the station server both read it: one rule, so a code typed at
 * the kiosk finds the row a spreadsheet imported.
 */
#ifndef DOSSIER_CODE_H
#define DOSSIER_CODE_H

#include <stddef.h>

#define DOSSIER_CODE_MIN 4
#define DOSSIER_CODE_MAX 32

/*
 * Normalise in[0..len): blanks (space, tab, CR, LF) and '-' dropped
 * wherever they are, letters upper-cased; then it must be 4 to 32 of A-Z
 * 0-9.  0 with out filled, or K_ERR_INVALID with out wiped.
 */
int dossier_code_norm(const char *in, size_t len, char out[DOSSIER_CODE_MAX + 1]);

#endif
