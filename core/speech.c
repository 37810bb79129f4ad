/*
 * speech.c - Vietnamese number and ticket reading.
 */
#include "speech.h"

#include <stdio.h>
#include <string.h>

static const char *const digit[] = { "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy",
				     "tám", "chín" };

/* Append word (and a space before it if out is not empty). */
static int put(char *out, size_t len, const char *word)
{
	size_t n = strlen(out);
	int w = snprintf(out + n, len - n, "%s%s", n ? " " : "", word);
	return w < 0 || (size_t)w >= len - n ? -1 : 0;
}

/* 0..99 after a hundreds (or alone, when whole = 1): the tens and units. */
static int two(int n, int after_hundred, char *out, size_t len)
{
	int t = n / 10, u = n % 10, r = 0;
	if (t == 0) {
		if (u == 0)
			return 0;
		if (after_hundred)
			r |= put(out, len, "lẻ"); /* 105: một trăm lẻ năm */
		return r | put(out, len, digit[u]);
	}
	r |= t == 1 ? put(out, len, "mười") : (put(out, len, digit[t]) | put(out, len, "mươi"));
	if (u == 1 && t >= 2)
		r |= put(out, len, "mốt");
	else if (u == 4 && t >= 2)
		r |= put(out, len, "tư");
	else if (u == 5)
		r |= put(out, len, "lăm");
	else if (u)
		r |= put(out, len, digit[u]);
	return r;
}

/* 0..999; full = say "không trăm" for a zero hundreds inside a larger number. */
static int three(int n, int full, char *out, size_t len)
{
	int h = n / 100, rest = n % 100, r = 0;
	if (h || (full && rest)) {
		r |= put(out, len, digit[h]);
		r |= put(out, len, "trăm");
	}
	return r | two(rest, h || full, out, len);
}

int speech_number(int n, char *out, size_t len)
{
	if (n < 0 || n > 99999 || len == 0)
		return -1;
	out[0] = '\0';
	if (n == 0)
		return put(out, len, digit[0]);
	int thousands = n / 1000, rest = n % 1000, r = 0;
	if (thousands) {
		r |= three(thousands, 0, out, len);
		r |= put(out, len, "nghìn");
	}
	if (rest)
		r |= three(rest, thousands > 0, out, len);
	return r;
}

const char *speech_letter(char c)
{
	/* as the letters are said in Vietnamese schools and offices */
	static const char *const names[26] = {
		"a", "bê", "xê", "dê", "e", "ép", "giê", "hát", "i", "gi", "ca", "e-lờ", "em-mờ",
		"en-nờ", "o", "pê", "quy", "e-rờ", "ét-xì", "tê", "u", "vê", "vê kép", "ích-xì",
		"i dài", "dét",
	};
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c >= 'A' && c <= 'Z' ? names[c - 'A'] : NULL;
}

int speech_ticket(const char *number, int digits, char *out, size_t len)
{
	const char *p = number;
	int r = 0;
	if (len == 0)
		return -1;
	out[0] = '\0';
	for (; *p && speech_letter(*p); p++)
		r |= put(out, len, speech_letter(*p));
	if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 5)
		return -1;
	if (digits) {
		for (; *p; p++)
			r |= put(out, len, digit[*p - '0']);
		return r;
	}
	int n = 0;
	for (; *p; p++)
		n = n * 10 + (*p - '0');
	char words[160];
	if (speech_number(n, words, sizeof(words)) < 0)
		return -1;
	return r | put(out, len, words);
}
