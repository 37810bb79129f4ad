/*
 * bare_sdl.c - the anchor of bench/bench_kiosk.sh: the least a kiosk can
 * be.  A window of the kiosk's size through the same software renderer,
 * SDL_ttf, one line of Vietnamese in the project's font, one
 * SDL_RenderPresent; then it waits to be stopped (SIGTERM arrives as
 * SDL_QUIT), so its memory can be read as the kiosk's is.
 *
 * It prints "bench: first-frame NS" (CLOCK_REALTIME) to stderr after the
 * present, the line the kiosk prints under KIOSK_BENCH.  Built by the bench
 * itself, not by the project's build:
 *   cc -O2 bench/bare_sdl.c $(pkg-config --cflags --libs sdl2 SDL2_ttf)
 *   bare_sdl FONT.ttf [WIDTH HEIGHT]
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	int w = argc > 3 ? atoi(argv[2]) : 1080, h = argc > 3 ? atoi(argv[3]) : 1920;
	SDL_Event ev;
	struct timespec ts;

	if (argc < 2) {
		fputs("usage: bare_sdl FONT.ttf [WIDTH HEIGHT]\n", stderr);
		return 2;
	}
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software"); /* as the kiosk (firmware/main.c) */
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0 || TTF_Init() < 0) {
		fprintf(stderr, "bare_sdl: %s\n", SDL_GetError());
		return 1;
	}
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_Window *win = SDL_CreateWindow("bare", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
					   w, h, 0);
	SDL_Renderer *r = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
	TTF_Font *font = TTF_OpenFont(argv[1], w / 26);
	if (!r || !font) {
		fprintf(stderr, "bare_sdl: %s\n", SDL_GetError());
		return 1;
	}
	SDL_Color ink = { 0x10, 0x10, 0x10, 0xff };
	SDL_Surface *s = TTF_RenderUTF8_Blended(font, "Cấp mới căn cước — xin mời lấy số", ink);
	SDL_Texture *t = s ? SDL_CreateTextureFromSurface(r, s) : NULL;
	SDL_SetRenderDrawColor(r, 0xff, 0xff, 0xff, 0xff);
	SDL_RenderClear(r);
	if (t) {
		SDL_Rect dst = { (w - s->w) / 2, h / 2, s->w, s->h };
		SDL_RenderCopy(r, t, NULL, &dst);
	}
	SDL_RenderPresent(r);
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "bench: first-frame %lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	while (SDL_WaitEvent(&ev) && ev.type != SDL_QUIT)
		;
	SDL_DestroyTexture(t);
	SDL_FreeSurface(s);
	TTF_CloseFont(font);
	SDL_DestroyRenderer(r);
	SDL_DestroyWindow(win);
	TTF_Quit();
	SDL_Quit();
	return 0;
}
