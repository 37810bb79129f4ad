/*
 * rotate.h - the picture turned on the panel ([kiosk] rotate).
 *
 * On KMS/DRM there is no xrandr and SDL's kmsdrm driver does not turn, so
 * a landscape panel mounted upright shows the portrait kiosk only if the
 * program turns it.  With a turn, every frame is drawn into a texture of
 * the picture's own size (ui_draw() and board_draw() begin with
 * rotate_begin()) and copied to the window turned, letterboxed to the window's size; a tap on the
 * panel is turned back into the picture's pixels.  No turn: no rotate
 * object (NULL), and every function here does what the renderer alone did.
 */
#ifndef ROTATE_H
#define ROTATE_H

#include <SDL.h>

struct rotate;

/*
 * turns: quarter turns clockwise, 0-3 ([kiosk] rotate / 90).  w x h: the
 * picture as drawn; 0 x 0 = the window's size turned (the board lays out on
 * the panel as its viewer sees it).  turns 0: *out = NULL and nothing
 * changes.  Returns 0 or K_ERR_IO (no texture: SDL's error is logged).
 */
int rotate_open(struct rotate **out, SDL_Renderer *ren, int w, int h, int turns);
void rotate_close(struct rotate *r);

/* The picture's size (what the UI lays out on). */
void rotate_size(const struct rotate *r, int *w, int *h);

/* Draws go to the picture (NULL: nothing, they go to the window). */
void rotate_begin(struct rotate *r);

/*
 * Put the frame on the window as the panel shows it: turned, centred, the
 * rest black.  Draws go to the window until the next rotate_begin(): a
 * caller may read back what the panel shows.  NULL: nothing.
 */
void rotate_show(struct rotate *r);

/* rotate_show() and SDL_RenderPresent(); NULL: SDL_RenderPresent(ren) alone. */
void rotate_present(struct rotate *r, SDL_Renderer *ren);

/* A point on the window (pixels; a finger: 0..1 of the window) turned back
 * into the picture's pixels; outside the picture when in the black bands. */
void rotate_point(const struct rotate *r, int wx, int wy, int *x, int *y);
void rotate_touch(const struct rotate *r, float nx, float ny, int *x, int *y);

/* Where a mouse button or finger event is on the picture of w x h (what the
 * UI laid out on): the window's pixels (SDL's logical size already scaled
 * a mouse), a finger's 0..1 of it, turned back when r turns (r may be NULL).
 * The one place input gets its coordinates. */
void rotate_tap(const struct rotate *r, const SDL_Event *ev, int w, int h, int *x, int *y);

#endif
