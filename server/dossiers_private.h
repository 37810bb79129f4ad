/*
 * dossiers_private.h - what dossiers.c and dossiers_import.c share; not for
 * other files.
 */
#ifndef DOSSIERS_PRIVATE_H
#define DOSSIERS_PRIVATE_H

#include "dossiers.h"

/*
 * Keep the DOSSIER_MAX_ERRORS faults with the lowest lines, in line order.
 * column: the file's column (1 = the first) the fault is in, 0 = the row or
 * the file as a whole.  A message says where and why, never what the cell
 * holds: any cell may hold someone's name or number.
 */
void dossiers_fault(struct dossier_report *rep, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define fault(rep, line, ...) dossiers_fault(rep, line, 0, __VA_ARGS__)

#endif
