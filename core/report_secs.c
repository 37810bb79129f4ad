/*
 * report_secs.c - a list of seconds (waits, service times) and its figures
 * (core/report_private.h): the mean rounded to the second, the max, and
 * the median and p90 by nearest rank - the smallest value with at least
 * p % of the values at or under it, always one of the values
 * (docs/reports.md) - found by quickselect, without sorting the list.
 * Shared by the report's rows (core/report.c) and its ratings
 * (core/report_rating.c).
 */
#include "report_private.h"
#include "kerr.h"

#include <stdlib.h>
#include <string.h>

int64_t report_percentile(const int64_t *sorted, int n, int p)
{
	if (n <= 0)
		return REPORT_NONE;
	int rank = (int)(((int64_t)n * p + 99) / 100); /* ceil(n * p / 100) */
	return sorted[rank < 1 ? 0 : rank - 1];
}

int report_secs_add(struct report_secs *t, const int32_t *v, int n)
{
	if (n <= 0)
		return K_OK;
	if (t->n + n > t->cap) {
		int cap = t->cap ? t->cap : 16;
		while (cap < t->n + n)
			cap *= 2;
		int32_t *nv = realloc(t->v, (size_t)cap * sizeof(*nv));
		if (!nv)
			return K_ERR_NOMEM;
		t->v = nv;
		t->cap = cap;
	}
	memcpy(t->v + t->n, v, (size_t)n * sizeof(*v));
	t->n += n;
	return K_OK;
}

static void swap32(int32_t *a, int32_t *b)
{
	int32_t t = *a;
	*a = *b;
	*b = t;
}

/* The k-th smallest of v[0..n) (k from 0), reordering v: quickselect. */
static int32_t select_kth(int32_t *v, int n, int k)
{
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		int32_t pivot = v[lo + (hi - lo) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j)
				swap32(&v[i++], &v[j--]);
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

static int64_t nearest_rank(int32_t *v, int n, int p)
{
	int rank = (int)(((int64_t)n * p + 99) / 100);
	return select_kth(v, n, rank < 1 ? 0 : rank - 1);
}

int64_t report_secs_rank(struct report_secs *t, int p)
{
	return t->n ? nearest_rank(t->v, t->n, p) : REPORT_NONE;
}

void report_secs_sum_up(struct report_secs *t, struct report_times *out)
{
	int64_t sum = 0, max = 0;
	out->n = t->n;
	if (!t->n) {
		out->mean = out->median = out->p90 = out->max = REPORT_NONE;
		return;
	}
	for (int i = 0; i < t->n; i++) {
		sum += t->v[i];
		max = t->v[i] > max ? t->v[i] : max;
	}
	out->mean = (sum + t->n / 2) / t->n;
	out->max = max;
	out->median = nearest_rank(t->v, t->n, 50);
	out->p90 = nearest_rank(t->v, t->n, 90);
}
