/*
 * scan_wedge.c - the burst detector and the US-layout key map.
 */
#include "scan_wedge.h"

#include <string.h>

char wedge_usage_char(int usage, int shift)
{
	static const char digits[] = "1234567890", shifted[] = "!@#$%^&*()";
	/* HID usages 0x2d..0x38: - = [ ] \ (non-US #) ; ' ` , . / */
	static const char signs[] = "-=[]\\#;'`,./", signs_up[] = "_+{}|~:\"~<>?";

	if (usage >= 0x04 && usage <= 0x1d)
		return (char)((shift ? 'A' : 'a') + usage - 0x04);
	if (usage >= 0x1e && usage <= 0x27)
		return shift ? shifted[usage - 0x1e] : digits[usage - 0x1e];
	if (usage >= 0x2d && usage <= 0x38)
		return shift ? signs_up[usage - 0x2d] : signs[usage - 0x2d];
	if (usage == 0x2c)
		return ' ';
	return 0;
}

void wedge_reset(struct wedge *w)
{
	memset(w, 0, sizeof(*w));
}

int wedge_char(struct wedge *w, char c, int key, uint32_t ms)
{
	if (w->len > 0 && ms - w->last_ms > WEDGE_GAP_MS && !w->burst)
		return WEDGE_KEYS; /* too slow: what is held was a person; c is not taken */
	if (w->len < WEDGE_MAX)
		w->text[w->len] = c > 0x20 && c < 0x7f ? c : '?'; /* never a NUL passed on */
	if (w->nkeys < WEDGE_MAX)
		w->keys[w->nkeys++] = key;
	w->len++;
	w->last_ms = ms;
	if (w->len >= WEDGE_MIN_BURST)
		w->burst = 1;
	return WEDGE_HOLD;
}

int wedge_end(struct wedge *w, uint32_t ms)
{
	if (w->len == 0)
		return WEDGE_KEYS;
	if (w->burst || (ms - w->last_ms <= WEDGE_GAP_MS && w->len >= WEDGE_MIN_BURST))
		return WEDGE_SCAN;
	return WEDGE_KEYS;
}

int wedge_tick(struct wedge *w, uint32_t ms)
{
	if (w->len == 0)
		return WEDGE_HOLD;
	if (w->burst)
		return ms - w->last_ms >= WEDGE_END_MS ? WEDGE_SCAN : WEDGE_HOLD;
	return ms - w->last_ms > WEDGE_GAP_MS ? WEDGE_KEYS : WEDGE_HOLD;
}

uint32_t wedge_deadline(const struct wedge *w)
{
	if (w->len == 0)
		return 0;
	return w->last_ms + (w->burst ? WEDGE_END_MS : WEDGE_GAP_MS + 1);
}

const char *wedge_text(const struct wedge *w, size_t *len)
{
	*len = w->len < WEDGE_MAX ? w->len : WEDGE_MAX;
	return w->text;
}

size_t wedge_nkeys(const struct wedge *w)
{
	return w->nkeys;
}

int wedge_key(const struct wedge *w, size_t i)
{
	return i < w->nkeys ? w->keys[i] : 0;
}
