/*
 * slip_job.c - see slip_job.h.
 */
#include "slip_job.h"
#include "escpos.h"
#include "kerr.h"

int slip_job_make(struct slip_renderer *r, const struct kconf *cfg, struct i18n *const text[2],
		  const struct slip_info *info, struct bitmap *img, struct kbuf *job)
{
	struct slip_layout layout;
	struct escpos_opts o = { cfg->printer.band_rows, cfg->printer.feed_lines, cfg->printer.cut,
				 cfg->printer.buzzer };
	int rc = slip_layout(cfg, text, info, &layout);

	if (rc < 0)
		return rc;
	rc = slip_render(r, &layout, img);
	if (rc < 0)
		return rc;
	rc = escpos_encode(img, &o, job);
	if (rc < 0)
		bitmap_free(img);
	return rc;
}
