/*
 * speech.h - how a call is read aloud: numbers by
 * Vietnamese rules (mốt, tư, lăm, lẻ where they apply), the letters of a
 * ticket, a ticket number digit by digit or as a number.  Words only, UTF-8,
 * separated by single spaces; which recorded clip says each word is the
 * player's business.
 *
 * The rules are code; the words are data: a lexicon file beside the clips
 * (assets/voice/lexicon.txt, docs/voice.md) gives the digits, the number
 * words and the letters' names, so a station can say "ngàn" for "nghìn" or
 * give B a name that no other letter rhymes with, and no Vietnamese is
 * typed into C.
 */
#ifndef SPEECH_H
#define SPEECH_H

#include <stddef.h>

#define SPEECH_LEXICON_FILE "lexicon.txt" /* in [voice] clips */

struct speech_lexicon;

/*
 * Read a lexicon: `key = words` lines, # comments; every key of
 * docs/voice.md once (phrase, digit.0-9, ten, tens, one, four, five, odd,
 * hundred, thousand, letter.A-Z).  0, K_ERR_IO (cannot be read), K_ERR_INVALID (a
 * key missing, unknown or twice, a word too long), K_ERR_NOMEM; the reason,
 * with file and line, in err.  Free with speech_lexicon_free().
 */
int speech_lexicon_load(struct speech_lexicon **out, const char *path, char *err,
			size_t errlen);
void speech_lexicon_free(struct speech_lexicon *lx);

/*
 * Give letters other names: "B: bê bò, G: giê gà" ([voice] letters), one
 * letter A-Z, ':' and its words per entry, entries apart by ','.  0, or -1
 * with the reason in why (nothing changed).  lx NULL: only check the text.
 */
int speech_letters_set(struct speech_lexicon *lx, const char *text, char *why, size_t whylen);

/* The call's phrase when kiosk.conf sets none, with {number} and {counter}. */
const char *speech_phrase(const struct speech_lexicon *lx);

/* n (0..99999) in words: 21 -> "hai mươi mốt", 105 -> "một trăm lẻ năm".
 * 0, or -1 if n is out of range or out is too small. */
int speech_number(const struct speech_lexicon *lx, int n, char *out, size_t len);

/* A letter as said aloud ('B' -> "bê"); NULL for a non-letter. */
const char *speech_letter(const struct speech_lexicon *lx, char c);

/* A ticket number: "A012" -> "a không một hai" (digits = 1) or "a mười hai"
 * (digits = 0); the letters by speech_letter().  0 or -1. */
int speech_ticket(const struct speech_lexicon *lx, const char *number, int digits, char *out,
		  size_t len);

#endif
