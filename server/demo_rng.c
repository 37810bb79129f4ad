/*
 * demo_rng.c - the demo day's random draws (server/demo_rng.h):
 * xoshiro256** seeded by splitmix64, integer arithmetic only (no floating
 * point, no libm), so the same seed gives the same day on every machine.
 */
#include "demo_rng.h"

/* exp(0.45 z - 0.45²/2) at the midpoints of 32 equal slices of the normal
 * distribution, in percent: a lognormal of mean 100 %. */
static const int lognormal_pct[32] = {
	34, 43, 48, 52, 56, 59, 62, 65, 68, 71, 74, 77, 80, 83, 86, 89,
	92, 95, 99, 102, 106, 110, 115, 120, 125, 131, 138, 147, 157, 171, 192, 238,
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* 0 .. n-1 (n >= 1) */
int64_t rng_below(struct rng *r, int64_t n)
{
	return (int64_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int64_t rng_between(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* true with probability per_mille / 1000 */
int rng_chance(struct rng *r, int per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

/* A lognormal-ish value of mean `mean`, between two neighbouring slices. */
int64_t rng_lognormal(struct rng *r, int64_t mean)
{
	int i = (int)rng_below(r, 32);
	int lo = lognormal_pct[i], hi = i < 31 ? lognormal_pct[i + 1] : 2 * lognormal_pct[31] -
									    lognormal_pct[30];
	return mean * (lo * 64 + rng_below(r, (hi - lo) * 64 + 1)) / 6400;
}

static uint64_t isqrt(uint64_t v)
{
	uint64_t x = 0, bit = 1ULL << 62;
	while (bit > v)
		bit >>= 2;
	while (bit) {
		if (v >= x + bit) {
			v -= x + bit;
			x = (x >> 1) + bit;
		} else {
			x >>= 1;
		}
		bit >>= 2;
	}
	return x;
}

/* 0 .. len-1 seconds, triangular with its mode at 30 % of len: a peak
 * early in a range of opening hours. */
int64_t rng_peak(struct rng *r, int64_t len)
{
	const uint64_t one = 1u << 20, mode = one * 3 / 10;
	uint64_t u = (uint64_t)rng_below(r, (int64_t)one);
	uint64_t x = u < mode ? isqrt(u * mode) : one - isqrt((one - u) * (one - mode));
	return (int64_t)((uint64_t)len * x / one);
}


void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++) /* splitmix64 spreads any seed (0 too) over the state */
		r->s[i] = splitmix64(&seed);
}
