/*
 * speech.c - Vietnamese number and ticket reading: the rules (which word
 * where); the words themselves come from the lexicon (speech_lexicon.c).
 */
#include "speech_private.h"

#include <stdio.h>
#include <string.h>

/* Append word (and a space before it if out is not empty). */
static int put(char *out, size_t len, const char *word)
{
	size_t n = strlen(out);
	int w = snprintf(out + n, len - n, "%s%s", n ? " " : "", word);
	return w < 0 || (size_t)w >= len - n ? -1 : 0;
}

/* 0..99 after a hundreds (or alone, when whole = 1): the tens and units. */
static int two(const struct speech_lexicon *lx, int n, int after_hundred, char *out, size_t len)
{
	int t = n / 10, u = n % 10, r = 0;
	if (t == 0) {
		if (u == 0)
			return 0;
		if (after_hundred)
			r |= put(out, len, lx->word[SW_ODD]); /* 105: one hundred "odd" five */
		return r | put(out, len, lx->digit[u]);
	}
	r |= t == 1 ? put(out, len, lx->word[SW_TEN]) :
		      (put(out, len, lx->digit[t]) | put(out, len, lx->word[SW_TENS]));
	if (u == 1 && t >= 2)
		r |= put(out, len, lx->word[SW_ONE]);
	else if (u == 4 && t >= 2)
		r |= put(out, len, lx->word[SW_FOUR]);
	else if (u == 5)
		r |= put(out, len, lx->word[SW_FIVE]);
	else if (u)
		r |= put(out, len, lx->digit[u]);
	return r;
}

/* 0..999; full = say "zero hundred" for a zero hundreds inside a larger number. */
static int three(const struct speech_lexicon *lx, int n, int full, char *out, size_t len)
{
	int h = n / 100, rest = n % 100, r = 0;
	if (h || (full && rest)) {
		r |= put(out, len, lx->digit[h]);
		r |= put(out, len, lx->word[SW_HUNDRED]);
	}
	return r | two(lx, rest, h || full, out, len);
}

int speech_number(const struct speech_lexicon *lx, int n, char *out, size_t len)
{
	if (n < 0 || n > 99999 || len == 0)
		return -1;
	out[0] = '\0';
	if (n == 0)
		return put(out, len, lx->digit[0]);
	int thousands = n / 1000, rest = n % 1000, r = 0;
	if (thousands) {
		r |= three(lx, thousands, 0, out, len);
		r |= put(out, len, lx->word[SW_THOUSAND]);
	}
	if (rest)
		r |= three(lx, rest, thousands > 0, out, len);
	return r;
}

const char *speech_letter(const struct speech_lexicon *lx, char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c >= 'A' && c <= 'Z' ? lx->letter[c - 'A'] : NULL;
}

int speech_ticket(const struct speech_lexicon *lx, const char *number, int digits, char *out,
		  size_t len)
{
	const char *p = number;
	int r = 0;
	if (len == 0)
		return -1;
	out[0] = '\0';
	for (; *p && speech_letter(lx, *p); p++)
		r |= put(out, len, speech_letter(lx, *p));
	if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 5)
		return -1;
	if (digits) {
		for (; *p; p++)
			r |= put(out, len, lx->digit[*p - '0']);
		return r;
	}
	int n = 0;
	for (; *p; p++)
		n = n * 10 + (*p - '0');
	char words[160];
	if (speech_number(lx, n, words, sizeof(words)) < 0)
		return -1;
	return r | put(out, len, words);
}
