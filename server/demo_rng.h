/*
 * demo_rng.h - random draws for the demo day (server/demo.c): xoshiro256**
 * seeded by splitmix64, integers only, the same on every machine.
 */
#ifndef DEMO_RNG_H
#define DEMO_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Any seed, 0 too. */
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* 0 .. n-1 (n >= 1) */
int64_t rng_below(struct rng *r, int64_t n);
/* lo .. hi, both included */
int64_t rng_between(struct rng *r, int64_t lo, int64_t hi);
/* true with probability per_mille / 1000 */
int rng_chance(struct rng *r, int per_mille);
/* A lognormal-ish value of mean `mean` (sigma 0.45). */
int64_t rng_lognormal(struct rng *r, int64_t mean);
/* 0 .. len-1, triangular with its mode at 30 % of len: a peak early in a
 * range of opening hours. */
int64_t rng_peak(struct rng *r, int64_t len);

#endif
