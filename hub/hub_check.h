/*
 * hub_check.h - checking a JSON object a station sent against a table of
 * its fields (name, type, range), so that ingest stores nothing unless
 * every part of a request is well formed, and says which field is not.
 */
#ifndef HUB_CHECK_H
#define HUB_CHECK_H

#include <jansson.h>
#include <stddef.h>

enum hub_ftype { HF_INT, HF_STR, HF_INTS, HF_INT_NULL };

struct hub_field {
	const char *name;
	enum hub_ftype type;
	long long min, max;   /* HF_INT*: the value's range; HF_STR: its length's */
	int optional;         /* may be absent (HF_INT: 0, HF_STR: "", HF_INTS: []) */
};

/*
 * Check obj (named what, e.g. "events[3]") against n fields: an object, each
 * field of its type and range, and no other key.  Returns a new object with
 * every field (absent optional ones filled in), or NULL with a sentence in
 * msg ("events[3].seq must be a positive integer").
 */
json_t *hub_check(const json_t *obj, const char *what, const struct hub_field *f, size_t n,
		  char *msg, size_t len);

/* Each element of arr (may be NULL: an empty array) checked; a new array,
 * or NULL with msg.  max: the most elements allowed. */
json_t *hub_check_all(const json_t *arr, const char *what, const struct hub_field *f, size_t n,
		      size_t max, char *msg, size_t len);

#endif
