/*
 * ui_text.c - wrapped, aligned text through SDL2_ttf.
 */
#include "ui_text.h"
#include "klog.h"

int ui_text_draw(SDL_Renderer *r, TTF_Font *font, const char *text, SDL_Color color,
		 int x, int y, int w, enum ui_align align)
{
	SDL_Surface *s;
	SDL_Texture *t;
	SDL_Rect dst;

	if (!font || !text || !*text || w <= 0)
		return 0;
	TTF_SetFontWrappedAlign(font, align == UI_CENTER ? TTF_WRAPPED_ALIGN_CENTER :
							    TTF_WRAPPED_ALIGN_LEFT);
	s = TTF_RenderUTF8_Blended_Wrapped(font, text, color, (Uint32)w);
	if (!s) {
		klog(KLOG_ERR, "ui: cannot render text: %s", TTF_GetError());
		return 0;
	}
	t = SDL_CreateTextureFromSurface(r, s);
	dst.w = s->w;
	dst.h = s->h;
	dst.x = align == UI_CENTER ? x + (w - s->w) / 2 : x;
	dst.y = y;
	SDL_FreeSurface(s);
	if (!t) {
		klog(KLOG_ERR, "ui: cannot make a texture: %s", SDL_GetError());
		return 0;
	}
	SDL_RenderCopy(r, t, NULL, &dst);
	SDL_DestroyTexture(t);
	return dst.h;
}

int ui_text_height(TTF_Font *font, const char *text, int w)
{
	if (!font || !text || !*text || w <= 0)
		return 0;
	SDL_Color ink = { 0, 0, 0, 0xff };
	SDL_Surface *s = TTF_RenderUTF8_Blended_Wrapped(font, text, ink, (Uint32)w);
	int h = s ? s->h : 0;
	SDL_FreeSurface(s);
	return h;
}
