/*
 * rotate.c - the picture turned on the panel (rotate.h).
 *
 * One texture of the picture's size is the renderer's target while a frame
 * is drawn, and only then: between frames the window is, because SDL's own
 * event watch re-normalises a finger against the target's size (a finger
 * at 0.6 of a 1920-wide window would arrive as 0.34).  rotate_show() reads
 * the frame back a band of rows at a time, turns each band into a streaming
 * texture of the turned size, and copies that onto the window, scaled
 * (nearest pixel, as the kiosk's logical size was) to fit.  SDL's own
 * SDL_RenderCopyEx turns too, but the software renderer takes 70-110 ms for
 * a 1080 x 1920 frame that way.  Where the picture lands is kept, so a tap
 * is turned back through the same box the citizen saw.  Only a changed
 * frame is turned: an idle kiosk draws nothing.
 */
#include "rotate.h"
#include "kerr.h"
#include "klog.h"

#include <stdlib.h>

#define BAND 64                    /* rows read back at a time (276 KB at 1080 wide) */

struct rotate {
	SDL_Renderer *ren;
	SDL_Texture *pic;          /* the picture as drawn, w x h */
	SDL_Texture *turned;       /* the picture turned, h x w or w x h */
	Uint32 *band;              /* BAND rows of the picture */
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
	r->turned = SDL_CreateTexture(ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
				      turns % 2 ? h : w, turns % 2 ? w : h);
	r->band = malloc((size_t)w * BAND * sizeof(*r->band));
	if (!r->pic || !r->turned || !r->band || SDL_SetRenderTarget(ren, r->pic) < 0 ||
	    SDL_SetRenderTarget(ren, NULL) < 0)
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
	if (r->turned)
		SDL_DestroyTexture(r->turned);
	free(r->band);
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

/* Rows y0 .. y0 + n - 1 of the picture (in r->band) into the turned
 * texture's pixels. */
static void turn_band(const struct rotate *r, int y0, int n, Uint8 *to, int pitch)
{
	const Uint32 *src = r->band;
	int w = r->w, h = r->h;

	switch (r->turns) {
	case 1: /* (x, y) -> (h - 1 - y, x) */
		for (int x = 0; x < w; x++) {
			Uint32 *row = (Uint32 *)(to + (size_t)x * (size_t)pitch) + (h - y0 - n);
			for (int k = 0; k < n; k++)
				row[n - 1 - k] = src[k * w + x];
		}
		break;
	case 2: /* (x, y) -> (w - 1 - x, h - 1 - y) */
		for (int k = 0; k < n; k++) {
			Uint32 *row = (Uint32 *)(to + (size_t)(h - 1 - y0 - k) * (size_t)pitch);
			for (int x = 0; x < w; x++)
				row[w - 1 - x] = src[k * w + x];
		}
		break;
	default: /* (x, y) -> (y, w - 1 - x) */
		for (int x = 0; x < w; x++) {
			Uint32 *row = (Uint32 *)(to + (size_t)(w - 1 - x) * (size_t)pitch) + y0;
			for (int k = 0; k < n; k++)
				row[k] = src[k * w + x];
		}
		break;
	}
}

/* The frame just drawn (the picture is the target) into r->turned. */
static void turn(struct rotate *r)
{
	void *to;
	int pitch;

	if (SDL_LockTexture(r->turned, NULL, &to, &pitch) < 0)
		return;
	for (int y0 = 0; y0 < r->h; y0 += BAND) {
		int n = r->h - y0 < BAND ? r->h - y0 : BAND;
		SDL_Rect rows = { 0, y0, r->w, n };
		if (SDL_RenderReadPixels(r->ren, &rows, SDL_PIXELFORMAT_ARGB8888, r->band,
					 r->w * (int)sizeof(*r->band)) < 0)
			break;
		turn_band(r, y0, n, to, pitch);
	}
	SDL_UnlockTexture(r->turned);
}

void rotate_show(struct rotate *r)
{
	int outw, outh;

	if (!r)
		return;
	if (SDL_GetRenderTarget(r->ren) == r->pic) /* a new frame: else the last one again */
		turn(r);
	SDL_SetRenderTarget(r->ren, NULL);
	if (SDL_GetRendererOutputSize(r->ren, &outw, &outh) == 0 &&
	    (outw != r->outw || outh != r->outh))
		fit(r, outw, outh);
	int tw = r->turns % 2 ? r->h : r->w, th = r->turns % 2 ? r->w : r->h;
	SDL_Rect box = { (int)r->bx, (int)r->by, (int)((float)tw * r->scale + 0.5f),
			 (int)((float)th * r->scale + 0.5f) };
	SDL_SetRenderDrawColor(r->ren, 0, 0, 0, 0xff);
	SDL_RenderClear(r->ren);
	SDL_RenderCopy(r->ren, r->turned, NULL, &box);
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

void rotate_tap(const struct rotate *r, const SDL_Event *ev, int w, int h, int *x, int *y)
{
	int finger = ev->type == SDL_FINGERDOWN || ev->type == SDL_FINGERUP ||
		     ev->type == SDL_FINGERMOTION;

	if (r && finger)
		rotate_touch(r, ev->tfinger.x, ev->tfinger.y, x, y);
	else if (r)
		rotate_point(r, ev->button.x, ev->button.y, x, y);
	else if (finger) {
		*x = (int)(ev->tfinger.x * (float)w);
		*y = (int)(ev->tfinger.y * (float)h);
	} else {
		*x = ev->button.x;
		*y = ev->button.y;
	}
}
