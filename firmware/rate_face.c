/*
 * rate_face.c - the faces of the rating panel, drawn with the renderer's
 * lines only (no image files: any number of levels, any size).
 *
 * A choice's place on the scale, 0 for the best to 1 for the worst, gives
 * both its colour (green, through amber, to red) and its mouth: a curve
 * y = bend * (1 - x^2) over the mouth's width, bend from a full smile (+1)
 * through a straight line (0) to a frown (-1).  Colour is never the only
 * sign: the mouth and the words say it too.  Discs are filled row by row
 * with integer arithmetic, so a picture is the same on every machine.
 */
#include "rate_private.h"

static const SDL_Color outline = { 0x30, 0x30, 0x30, 0xff };
static const SDL_Color features = { 0x20, 0x20, 0x20, 0xff };

/* The largest d with d * d <= n. */
static int isqrt(int n)
{
	int d = 0;
	while ((d + 1) * (d + 1) <= n)
		d++;
	return d;
}

static void disc(SDL_Renderer *r, int cx, int cy, int radius, SDL_Color c)
{
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
	for (int dy = -radius; dy <= radius; dy++) {
		int dx = isqrt(radius * radius - dy * dy);
		SDL_RenderDrawLine(r, cx - dx, cy + dy, cx + dx, cy + dy);
	}
}

/* Between a and b by t / 1000. */
static Uint8 mix(Uint8 a, Uint8 b, int t)
{
	return (Uint8)(a + (b - a) * t / 1000);
}

/* The colour at t (0 the best .. 1000 the worst). */
static SDL_Color shade(int t)
{
	static const SDL_Color green = { 0x2e, 0xa0, 0x43, 0xff }, amber = { 0xf5, 0xb7, 0x00, 0xff },
			       red = { 0xd3, 0x2f, 0x2f, 0xff };
	const SDL_Color *a = t < 500 ? &green : &amber, *b = t < 500 ? &amber : &red;
	int u = t < 500 ? t * 2 : (t - 500) * 2;
	return (SDL_Color){ mix(a->r, b->r, u), mix(a->g, b->g, u), mix(a->b, b->b, u), 0xff };
}

void rate_face(SDL_Renderer *r, int cx, int cy, int radius, int i, int n)
{
	int t = n > 1 ? i * 1000 / (n - 1) : 0;  /* the place on the scale, in thousandths */
	int bend = 1000 - 2 * t;                  /* +1000 smile .. -1000 frown */
	int line = radius / 14 + 1;

	if (radius < 8)
		return;
	disc(r, cx, cy, radius, outline);
	disc(r, cx, cy, radius - line, shade(t));
	/* eyes */
	int ex = radius * 35 / 100, ey = cy - radius * 22 / 100, er = radius * 11 / 100 + 1;
	disc(r, cx - ex, ey, er, features);
	disc(r, cx + ex, ey, er, features);
	/* the mouth: a thick curve, its middle at my; deepest for a full smile or frown */
	int hw = radius * 48 / 100, depth = radius * 24 / 100, my = cy + radius * 38 / 100;
	int thick = radius * 7 / 100 + 1;
	for (int x = -hw; x <= hw; x++) {
		/* (1 - (x/hw)^2) in thousandths, times the bend */
		long curve = 1000L - 1000L * x * x / ((long)hw * hw);
		int y = my + (int)((long)depth * bend / 1000 * curve / 1000) - depth * bend / 2000;
		disc(r, cx + x, y, thick, features);
	}
}
