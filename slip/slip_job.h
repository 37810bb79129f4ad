/*
 * slip_job.h - from a ticket to the bytes a printer gets, in one call:
 * layout (core/slip.c), image (slip_render.c), ESC/POS (drivers/escpos.c).
 * The kiosk's print thread, kioskctl and the benchmark share it.
 */
#ifndef SLIP_JOB_H
#define SLIP_JOB_H

#include "bitmap.h"
#include "i18n.h"
#include "kbuf.h"
#include "slip.h"
#include "slip_render.h"

/*
 * Render the slip for info into img (initialised here) and append its
 * ESC/POS job to job (a kbuf the caller set up).  Returns 0 or K_ERR_*.
 */
int slip_job_make(struct slip_renderer *r, const struct kconf *cfg, struct i18n *const text[2],
		  const struct slip_info *info, struct bitmap *img, struct kbuf *job);

#endif
