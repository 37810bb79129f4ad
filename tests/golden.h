/*
 * golden.h - screenshots compared with reference pictures in tests/golden/
 * (shared by test_ui and test_board).  KIOSK_UPDATE_GOLDEN=1 writes the
 * reference from the picture first; KIOSK_SRC names the source tree.
 */
#ifndef GOLDEN_H
#define GOLDEN_H

/*
 * Compare rgb (w x h, 3 bytes a pixel) with tests/golden/<name>.png, which
 * must have the same size (a failed assertion otherwise).  A pixel differs
 * when its channels differ by more than 96 in all.  Returns how many
 * differ; *worst (if not NULL) = the most in any tile x tile square.
 */
long golden_compare(const unsigned char *rgb, int w, int h, const char *name, int tile,
		    long *worst);

#endif
