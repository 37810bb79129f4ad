/*
 * scan_wedge.h - telling a keyboard-wedge scan from a person at the keys.
 *
 * A 2D scanner in wedge mode "types" its code: a burst of keystrokes a few
 * milliseconds apart, usually ended by Enter or Tab.  A person presses a
 * key every few hundred milliseconds.  Keys go through here first: a
 * burst of at least WEDGE_MIN_BURST keys, each within WEDGE_GAP_MS of the
 * last, is a scan; anything slower is given back as the person's keys.
 *
 * Keys are read by position (USB HID usage = SDL scancode) with a US
 * layout, so the board's keyboard layout or input method never garbles a
 * code; Shift gives ':' and the other shifted signs, and Caps Lock does not
 * matter (the booking parser folds case).  Input is capped at WEDGE_MAX
 * bytes; a longer burst is still one scan, cut there and so refused.
 */
#ifndef SCAN_WEDGE_H
#define SCAN_WEDGE_H

#include <stddef.h>
#include <stdint.h>

#define WEDGE_MAX 256        /* bytes kept of one scan */
#define WEDGE_GAP_MS 40      /* a scanner types faster than this between keys */
#define WEDGE_MIN_BURST 6    /* keys in a row, that fast, before it counts as a scan */
#define WEDGE_END_MS 120     /* a burst with no Enter ends after this silence */

/* The character of HID usage `usage` with Shift held or not; 0 = none. */
char wedge_usage_char(int usage, int shift);

struct wedge {
	char text[WEDGE_MAX + 1];
	int keys[WEDGE_MAX];     /* the caller's key codes, to give back */
	size_t len;              /* characters held */
	size_t nkeys;            /* of which keys kept (the first WEDGE_MAX) */
	uint32_t last_ms;
	int burst;               /* already known to be a scan */
};

enum wedge_result {
	WEDGE_HOLD,    /* nothing yet: keep feeding, call wedge_tick() at wedge_deadline() */
	WEDGE_SCAN,    /* a complete scan: wedge_text() */
	WEDGE_KEYS,    /* a person's keys: give back wedge_key(0 .. n-1), in order */
};

void wedge_reset(struct wedge *w);
/* A key that types c (from wedge_usage_char()); key is the caller's code for it. */
int wedge_char(struct wedge *w, char c, int key, uint32_t ms);
/* Enter or Tab: ends a scan; with nothing held it is just a key (WEDGE_KEYS, n = 0). */
int wedge_end(struct wedge *w, uint32_t ms);
/* Time has passed: a person's keys are given back, a burst without Enter ends. */
int wedge_tick(struct wedge *w, uint32_t ms);
/* When wedge_tick() has something to do, or 0 for nothing held. */
uint32_t wedge_deadline(const struct wedge *w);

/* After WEDGE_SCAN: the code (NUL-terminated, no NUL inside) and its length. */
const char *wedge_text(const struct wedge *w, size_t *len);
/* After WEDGE_KEYS: how many keys to give back, and each; then wedge_reset(). */
size_t wedge_nkeys(const struct wedge *w);
int wedge_key(const struct wedge *w, size_t i);

#endif
