/*
 * speech_private.h - the lexicon's body, shared by speech.c (the rules)
 * and speech_lexicon.c (the file); nobody else looks inside.
 */
#ifndef SPEECH_PRIVATE_H
#define SPEECH_PRIVATE_H

#include "speech.h"

#define SPEECH_WORD 32   /* one word of a number, its NUL included */
#define SPEECH_NAME 48   /* a letter's name, a word or a few */
#define SPEECH_PHRASE 160 /* the default phrase, as KCONF_NAME */

/* The number words, by what they stand for. */
enum speech_word {
	SW_TEN,      /* 10-19: "mười" */
	SW_TENS,     /* after 2-9 tens: "hai mươi" */
	SW_ONE,      /* a final 1 after 20 and more: "hai mươi mốt" */
	SW_FOUR,     /* a final 4 after 20 and more: "hai mươi tư" */
	SW_FIVE,     /* a final 5 after 10 and more: "mười lăm" */
	SW_ODD,      /* no tens after hundreds: "một trăm lẻ năm" */
	SW_HUNDRED,  /* "trăm" */
	SW_THOUSAND, /* "nghìn" */
	SW_COUNT
};

struct speech_lexicon {
	char digit[10][SPEECH_WORD];
	char word[SW_COUNT][SPEECH_WORD];
	char letter[26][SPEECH_NAME];
	char phrase[SPEECH_PHRASE]; /* the call when [voice] phrase is empty */
};

#endif
