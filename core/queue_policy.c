/*
 * queue_policy.c - strict, interleave and weighted priority, with a
 * starvation cap shared by all three.
 */
#include "queue_policy.h"

static int older(const struct queue_head *a, const struct queue_head *b)
{
	return a->queued_at < b->queued_at || (a->queued_at == b->queued_at && a->id < b->id);
}

static int choose(const struct kconf *cfg, int64_t now, const struct queue_head *r,
		  const struct queue_head *p, int streak)
{
	int64_t cap = (int64_t)cfg->queue.max_wait * 60;
	int r_over = now - r->queued_at >= cap;
	int p_over = now - p->queued_at >= cap;

	if (r_over || p_over) {
		if (r_over && p_over)
			return older(r, p) ? QUEUE_PICK_REGULAR : QUEUE_PICK_PRIORITY;
		return r_over ? QUEUE_PICK_REGULAR : QUEUE_PICK_PRIORITY;
	}
	switch (cfg->queue.policy) {
	case KCONF_POLICY_INTERLEAVE:
		return streak < cfg->queue.priority_burst ? QUEUE_PICK_PRIORITY :
							    QUEUE_PICK_REGULAR;
	case KCONF_POLICY_WEIGHTED: {
		int64_t rs = now - r->queued_at;
		int64_t ps = now - p->queued_at + (int64_t)cfg->queue.priority_bonus * 60;
		if (ps != rs)
			return ps > rs ? QUEUE_PICK_PRIORITY : QUEUE_PICK_REGULAR;
		return older(r, p) ? QUEUE_PICK_REGULAR : QUEUE_PICK_PRIORITY;
	}
	case KCONF_POLICY_STRICT:
	default:
		return QUEUE_PICK_PRIORITY;
	}
}

int queue_policy_pick(const struct kconf *cfg, int64_t now, const struct queue_head *regular,
		      const struct queue_head *priority, int *streak)
{
	int pick;

	if (!regular->present && !priority->present)
		return QUEUE_PICK_NONE;
	if (!regular->present) {
		*streak = 0; /* nobody else waited: not part of a streak */
		return QUEUE_PICK_PRIORITY;
	}
	if (!priority->present) {
		*streak = 0;
		return QUEUE_PICK_REGULAR;
	}
	pick = choose(cfg, now, regular, priority, *streak);
	*streak = pick == QUEUE_PICK_PRIORITY ? *streak + 1 : 0;
	return pick;
}
