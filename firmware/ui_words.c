/*
 * ui_words.c - a translation text with the station's own words filled in.
 *
 * The translation files say "Vui lòng hỏi {help}." where the kiosk sends a
 * citizen to ask someone: which someone is the unit's to say ([station]
 * help_vi/help_en in kiosk.conf), since a small ward unit may have no
 * information desk.  An empty setting takes the translation's [help] place.
 * Texts without {help} come back untouched, so callers use ui_tr for every
 * key.  The result lives in one of a few rotating buffers: good until a few
 * more calls, which is as long as a screen's drawing holds it.
 */
#include "ui_private.h"
#include "i18n.h"
#include "kconf.h"

#include <string.h>

#define SLOTS 4
#define SLOT_LEN 800

const char *ui_tr(const struct ui *u, const char *key)
{
	static char buf[SLOTS][SLOT_LEN];
	static unsigned next;
	const char *s = i18n_get(ui_text(u), key), *at = strstr(s, "{help}");

	if (!at)
		return s;
	const char *place = ui_pick(u, u->d.cfg->station.help_vi, u->d.cfg->station.help_en);
	if (!place[0] || (u->lang == 1 && !u->d.cfg->station.help_en[0]))
		place = i18n_get(ui_text(u), "help.place");
	char *out = buf[next++ % SLOTS];
	const char *const names[] = { "{help}" }, *const values[] = { place };
	i18n_fill(s, names, values, 1, out, SLOT_LEN);
	return out;
}
