/*
 * slip_render.h - a slip layout drawn as a 1-bit image at the paper's width.
 *
 * Vietnamese code pages are unreliable across printer brands, so the whole
 * slip is an image drawn with the project's font: every tone mark prints on
 * every printer.  Text is drawn without anti-aliasing (SDL_ttf "solid" with
 * monochrome hinting) so it is crisp at 203 dpi with no dithering; the QR
 * code is drawn with whole-dot modules and its quiet zone.
 */
#ifndef SLIP_RENDER_H
#define SLIP_RENDER_H

#include "bitmap.h"
#include "kconf.h"
#include "slip.h"

struct slip_renderer;

/*
 * Open the fonts for cfg's paper width (call from the thread that opens
 * fonts for the UI too: FreeType faces are opened one at a time).
 * Returns 0 or K_ERR_IO (a font is missing: logged).
 */
int slip_renderer_open(struct slip_renderer **out, const struct kconf *cfg);
void slip_renderer_close(struct slip_renderer *r);

/* Draw the layout into out (initialised here; free with bitmap_free()). */
int slip_render(struct slip_renderer *r, const struct slip_layout *l, struct bitmap *out);

/* Length of an image on paper, in tenths of a millimetre. */
int slip_length_tenth_mm(const struct bitmap *b);

#endif
