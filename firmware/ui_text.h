/*
 * ui_text.h - drawing UTF-8 text with SDL2_ttf.
 *
 * Text is placed by its box and wrapped to a width, never clipped: a long
 * Vietnamese service name takes two lines rather than losing its end.
 */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <SDL.h>
#include <SDL_ttf.h>

enum ui_align { UI_LEFT, UI_CENTER };

/*
 * Draw text inside the width w starting at (x, y); returns the height used,
 * or 0 when there was nothing to draw or it failed (logged).
 */
int ui_text_draw(SDL_Renderer *r, TTF_Font *font, const char *text, SDL_Color color,
		 int x, int y, int w, enum ui_align align);

/* The height text takes wrapped to the width w (0 for nothing), not drawn. */
int ui_text_height(TTF_Font *font, const char *text, int w);

#endif
