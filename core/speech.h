/*
 * speech.h - how a call is read aloud in Vietnamese (issue 7's voice): numbers
 * by Vietnamese rules (mốt, tư, lăm, lẻ where they apply), the letters of a
 * ticket as Vietnamese speakers say them, a ticket number digit by digit or
 * as a number.  Words only, UTF-8, separated by single spaces; which
 * recorded clip says each word is the player's business.
 */
#ifndef SPEECH_H
#define SPEECH_H

#include <stddef.h>

/* n (0..99999) in words: 21 -> "hai mươi mốt", 105 -> "một trăm lẻ năm".
 * 0, or -1 if n is out of range or out is too small. */
int speech_number(int n, char *out, size_t len);

/* A letter as said aloud: 'B' -> "bê", 'L' -> "e-lờ"; NULL for a non-letter. */
const char *speech_letter(char c);

/* A ticket number: "A012" -> "A không một hai" (digits = 1) or "A mười hai"
 * (digits = 0); the letters by speech_letter().  0 or -1. */
int speech_ticket(const char *number, int digits, char *out, size_t len);

#endif
