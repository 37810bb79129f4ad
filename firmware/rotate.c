/*
 * rotate.c - the picture turned on the panel (rotate.h).
 *
 * One texture of the picture's size is the renderer's target while a frame
 * is drawn, and only then: between frames the window is, because SDL's own
 * event watch re-normalises a finger against the target's size (a finger
 * at 0.6 of a 1920-wide window would arrive as 0.34).  rotate_show() copies it to the window with SDL_RenderCopyEx,
 * turned about its centre and scaled (nearest pixel, as the kiosk's logical
 * size was) to fit the window.  Where it lands is kept, so a tap is turned
 * back through the same box the citizen saw.  The copy costs one frame's
 * worth of pixels, and only when a frame changes: an idle kiosk draws
 * nothing.
 */
#include "rotate.h"
#include "kerr.h"
#include "klog.h"

#include <stdlib.h>

struct rotate {
	SDL_Renderer *ren;
	SDL_Texture *pic;
	int turns, w, h;           /* the picture: w x h, shown turns x 90 degrees */
	int outw, outh;            /* the window when last shown */
	float scale;
	float bx, by;              /* the turned picture's top-left on the window */
};

/* Where the turned picture goes on a window of outw x outh. */
static void fit(struct rotate *r, int outw, int outh)
{
	int tw = r->turns % 2 ? r->h : r->w, th = r->turns % 2 ? r->w : r->h;
	float sx = (float)outw / (float)tw, sy = (float)outh / (float)th;

	r->outw = outw;
	r->outh = outh;
	r->scale = sx < sy ? sx : sy;
	r->bx = (float)(int)(((float)outw - (float)tw * r->scale) / 2);
	r->by = (float)(int)(((float)outh - (float)th * r->scale) / 2);
}

int rotate_open(struct rotate **out, SDL_Renderer *ren, int w, int h, int turns)
{
	struct rotate *r = NULL;
	int outw, outh, rc = K_ERR_IO;

	*out = NULL;
	turns &= 3;
	if (turns == 0)
		return 0;
	if (SDL_GetRendererOutputSize(ren, &outw, &outh) < 0 || outw <= 0 || outh <= 0)
		goto out;
	if (w <= 0 || h <= 0) { /* the window as its viewer sees it */
		w = turns % 2 ? outh : outw;
		h = turns % 2 ? outw : outh;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		goto out;
	r->ren = ren;
	r->turns = turns;
	r->w = w;
	r->h = h;
	fit(r, outw, outh);
	r->pic = SDL_CreateTexture(ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
	if (!r->pic || SDL_SetRenderTarget(ren, r->pic) < 0 || SDL_SetRenderTarget(ren, NULL) < 0)
		goto out;
	klog(KLOG_INFO, "the picture %dx%d is turned %d degrees on the %dx%d window", w, h,
	     turns * 90, outw, outh);
	*out = r;
	r = NULL;
	rc = 0;
out:
	if (rc < 0)
		klog(KLOG_ERR, "cannot turn the picture: %s", SDL_GetError());
	rotate_close(r);
	return rc;
}

void rotate_close(struct rotate *r)
{
	if (!r)
		return;
	SDL_SetRenderTarget(r->ren, NULL);
	if (r->pic)
		SDL_DestroyTexture(r->pic);
	free(r);
}

void rotate_size(const struct rotate *r, int *w, int *h)
{
	*w = r->w;
	*h = r->h;
}

void rotate_begin(struct rotate *r)
{
	if (r)
		SDL_SetRenderTarget(r->ren, r->pic);
}

void rotate_show(struct rotate *r)
{
	int outw, outh;

	if (!r)
		return;
	SDL_SetRenderTarget(r->ren, NULL);
	if (SDL_GetRendererOutputSize(r->ren, &outw, &outh) == 0 &&
	    (outw != r->outw || outh != r->outh))
		fit(r, outw, outh);
	/* SDL turns about the centre of the box the unturned picture would fill */
	float pw = (float)r->w * r->scale, ph = (float)r->h * r->scale;
	float tw = r->turns % 2 ? ph : pw, th = r->turns % 2 ? pw : ph;
	SDL_FRect dst = { r->bx + (tw - pw) / 2, r->by + (th - ph) / 2, pw, ph };
	SDL_SetRenderDrawColor(r->ren, 0, 0, 0, 0xff);
	SDL_RenderClear(r->ren);
	SDL_RenderCopyExF(r->ren, r->pic, NULL, &dst, r->turns * 90.0, NULL, SDL_FLIP_NONE);
}

void rotate_present(struct rotate *r, SDL_Renderer *ren)
{
	rotate_show(r);
	SDL_RenderPresent(ren);
}

/* (px, py) on the window, continuous, back into the picture. */
static void back(const struct rotate *r, float px, float py, int *x, int *y)
{
	float u = (px - r->bx) / r->scale, v = (py - r->by) / r->scale, fx, fy;

	switch (r->turns) {
	case 1:
		fx = v;
		fy = (float)r->h - u;
		break;
	case 2:
		fx = (float)r->w - u;
		fy = (float)r->h - v;
		break;
	default:
		fx = (float)r->w - v;
		fy = u;
		break;
	}
	*x = fx < 0 ? -1 : (int)fx; /* in the band left or above: outside too */
	*y = fy < 0 ? -1 : (int)fy;
}

void rotate_point(const struct rotate *r, int wx, int wy, int *x, int *y)
{
	back(r, (float)wx + 0.5f, (float)wy + 0.5f, x, y);
}

void rotate_touch(const struct rotate *r, float nx, float ny, int *x, int *y)
{
	back(r, nx * (float)r->outw, ny * (float)r->outh, x, y);
}
