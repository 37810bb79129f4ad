/*
 * queue_policy.h - which waiting ticket a counter calls next.
 *
 * A pure function over the oldest waiting regular ticket and the oldest
 * waiting priority ticket (within each class the queue is FIFO, so only the
 * heads can be chosen).  It knows nothing of sqlite, so every policy can be
 * tested directly, starvation included.
 */
#ifndef QUEUE_POLICY_H
#define QUEUE_POLICY_H

#include <stdint.h>

#include "kconf.h"

struct queue_head {
	int present;
	int64_t id;
	int64_t queued_at;
};

enum { QUEUE_PICK_NONE = -1, QUEUE_PICK_REGULAR = 0, QUEUE_PICK_PRIORITY = 1 };

/*
 * Choose between the heads at time now.  *streak counts priority calls made
 * in a row at this counter while a regular ticket waited; it is updated.
 * Whatever the policy, a head that has waited [queue] max_wait minutes or
 * more is called first (the older of two such heads first): no ticket starves.
 */
int queue_policy_pick(const struct kconf *cfg, int64_t now, const struct queue_head *regular,
		      const struct queue_head *priority, int *streak);

#endif
