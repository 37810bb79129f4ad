/*
 * kioskctl_queue.c - the queue commands of kioskctl, over the core engine.
 */
#include "kioskctl.h"
#include "hours.h"
#include "kerr.h"
#include "queue.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static void print_ticket(const struct ctl *c, const struct queue_ticket *t, int estimate)
{
	if (!c->json) {
		printf("%s\n", t->number);
		return;
	}
	json_t *o = json_pack("{s:b, s:s, s:I, s:s, s:b, s:s, s:s}", "ok", 1, "number",
			      t->number, "id", (json_int_t)t->id, "service", t->service,
			      "priority", t->priority, "source", queue_source_name(t->source),
			      "state", queue_state_name(t->state));
	if (o && t->counter)
		json_object_set_new(o, "counter", json_integer(t->counter));
	if (o && estimate) {
		json_object_set_new(o, "ahead", json_integer(t->ahead));
		json_object_set_new(o, "wait_minutes", json_integer(t->wait_minutes));
	}
	ctl_print_json(o);
}

static int refusal(struct ctl *c, int r, const char *service)
{
	const struct kconf_service *s = kconf_service(&c->cfg, service);
	char when[40] = "never (no opening hours)";

	if (r == K_ERR_CLOSED && s) {
		int64_t at = hours_next_opening(&c->cfg, s, kclock_now(&c->clock));
		if (at) {
			struct klocal lt;
			kclock_local(at, &lt);
			snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d", lt.year, lt.month,
				 lt.day, lt.hour, lt.minute);
		}
		return ctl_fail(c, r, "%s is closed now; it opens %s", service, when);
	}
	if (r == K_ERR_CAP && s)
		return ctl_fail(c, r, "%s has issued its %d tickets for today", service, s->cap);
	if (r == K_ERR_NOT_FOUND)
		return ctl_fail(c, r, "no service %s in %s", service, c->config);
	return ctl_fail(c, r, "%s: %s", service, kerr_text(r));
}

static int cmd_issue(struct ctl *c, struct queue *q)
{
	struct queue_ticket t;
	enum queue_source src = QUEUE_WALKIN;

	if (c->nargs != 2)
		return ctl_fail(c, K_ERR_INVALID, "usage: issue SERVICE [--priority]");
	if (c->source) {
		if (!strcmp(c->source, "staff"))
			src = QUEUE_STAFF;
		else if (strcmp(c->source, "walkin") != 0)
			return ctl_fail(c, K_ERR_INVALID,
					"--source is walkin or staff (bookings come by scan)");
	}
	int r = queue_issue(q, c->args[1], c->priority, src, NULL, &t);
	if (r < 0)
		return refusal(c, r, c->args[1]);
	print_ticket(c, &t, 1);
	return CTL_OK;
}

static int parse_counter(struct ctl *c, const char *s, int *id)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || *end || n < 1 || n > 99 || !kconf_counter(&c->cfg, (int)n))
		return -1;
	*id = (int)n;
	return 0;
}

static int cmd_counter(struct ctl *c, struct queue *q, const char *cmd)
{
	static const struct {
		const char *name;
		int (*fn)(struct queue *, int, struct queue_ticket *);
	} ops[] = {
		{ "call-next", queue_call_next }, { "recall", queue_recall },
		{ "start", queue_start }, { "finish", queue_finish }, { "noshow", queue_noshow },
	};
	struct queue_ticket t;
	int id, r;
	int want = !strcmp(cmd, "transfer") ? 3 : 2;

	if (c->nargs != want)
		return ctl_fail(c, K_ERR_INVALID, "usage: %s COUNTER%s", cmd,
				want == 3 ? " SERVICE" : "");
	if (parse_counter(c, c->args[1], &id) < 0)
		return ctl_fail(c, K_ERR_NOT_FOUND, "no [counter.%s] in %s", c->args[1],
				c->config);
	if (!strcmp(cmd, "transfer")) {
		r = queue_transfer(q, id, c->args[2], &t);
	} else if (!strcmp(cmd, "close")) {
		r = queue_counter_close(q, id);
		if (r == K_OK) {
			if (c->json)
				ctl_print_json(json_pack("{s:b, s:i}", "ok", 1, "closed", id));
			else
				printf("counter %d closed\n", id);
			return CTL_OK;
		}
	} else {
		r = K_ERR_INVALID;
		for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (!strcmp(cmd, ops[i].name))
				r = ops[i].fn(q, id, &t);
	}
	if (r == K_ERR_EMPTY)
		return ctl_fail(c, r, "nobody is waiting for counter %d", id);
	if (r == K_ERR_STATE)
		return ctl_fail(c, r, "counter %d has no citizen it can %s", id, cmd);
	if (r == K_ERR_NOT_FOUND || r == K_ERR_DISABLED || r == K_ERR_INVALID)
		return ctl_fail(c, r, "cannot %s to '%s': %s", cmd, c->nargs > 2 ? c->args[2] : "",
				kerr_text(r));
	if (r < 0)
		return ctl_fail(c, r, "%s: %s", cmd, kerr_text(r));
	print_ticket(c, &t, 0);
	return CTL_OK;
}

static int cmd_status(struct ctl *c, struct queue *q)
{
	struct queue_status st;
	char day[16];
	int r = queue_status(q, &st);

	if (r < 0)
		return ctl_fail(c, r, "status: %s", kerr_text(r));
	kclock_day_str(st.day, day, sizeof(day));
	if (c->json) {
		json_t *o = json_pack("{s:b, s:s, s:o, s:o}", "ok", 1, "day", day, "services",
				      json_array(), "counters", json_array());
		for (int i = 0; o && i < st.nservices; i++)
			json_array_append_new(json_object_get(o, "services"),
				json_pack("{s:s, s:i, s:i, s:i, s:i}", "code", st.services[i].code,
					  "waiting", st.services[i].waiting, "priority",
					  st.services[i].waiting_priority, "issued",
					  st.services[i].issued, "served", st.services[i].served));
		for (int i = 0; o && i < st.ncounters; i++)
			json_array_append_new(json_object_get(o, "counters"),
				json_pack("{s:i, s:b, s:s, s:s}", "id", st.counters[i].id, "open",
					  st.counters[i].open, "number", st.counters[i].number,
					  "state", st.counters[i].number[0] ?
					  queue_state_name(st.counters[i].state) : ""));
		ctl_print_json(o);
		return CTL_OK;
	}
	printf("%s waiting:", day);
	for (int i = 0; i < st.nservices; i++)
		printf(" %s=%d", st.services[i].code, st.services[i].waiting);
	printf(" | serving:");
	for (int i = 0; i < st.ncounters; i++)
		printf(" %d=%s", st.counters[i].id,
		       st.counters[i].number[0] ? st.counters[i].number :
		       st.counters[i].open ? "-" : "closed");
	putchar('\n');
	return CTL_OK;
}

int ctl_queue_command(struct ctl *c, const char *cmd)
{
	static const char *counter_cmds[] = {
		"call-next", "recall", "start", "finish", "noshow", "transfer", "close",
	};
	struct queue *q = NULL;
	int known = !strcmp(cmd, "issue") || !strcmp(cmd, "status");
	int r;

	for (unsigned i = 0; i < sizeof(counter_cmds) / sizeof(counter_cmds[0]); i++)
		known |= !strcmp(cmd, counter_cmds[i]);
	if (!known) {
		fprintf(stderr, "kioskctl: unknown command '%s' (see kioskctl --help)\n", cmd);
		return CTL_USAGE;
	}
	r = queue_open(&q, c->db, &c->cfg, &c->clock);
	if (r < 0)
		return ctl_fail(c, r, "cannot open the queue database %s: %s", c->db,
				kerr_text(r));
	if (!strcmp(cmd, "issue"))
		r = cmd_issue(c, q);
	else if (!strcmp(cmd, "status"))
		r = cmd_status(c, q);
	else
		r = cmd_counter(c, q, cmd);
	queue_close(q);
	return r;
}
