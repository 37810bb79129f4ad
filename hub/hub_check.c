/*
 * hub_check.c - a station's JSON checked field by field (hub_check.h).
 */
#include "hub_check.h"

#include <stdio.h>
#include <string.h>

static const char *want(const struct hub_field *f)
{
	switch (f->type) {
	case HF_INT:
	case HF_INT_NULL:
		return f->min == 1 ? "a positive integer" : "an integer in range";
	case HF_STR:
		return "a string of the allowed length";
	default:
		return "an array of integers";
	}
}

static int in_range(const json_t *v, const struct hub_field *f)
{
	if (!json_is_integer(v))
		return 0;
	json_int_t i = json_integer_value(v);
	return i >= f->min && i <= f->max;
}

static json_t *value(const json_t *v, const struct hub_field *f)
{
	if (!v) {
		if (!f->optional)
			return NULL;
		return f->type == HF_STR ? json_string("") : f->type == HF_INTS ? json_array() :
		       f->type == HF_INT_NULL ? json_null() : json_integer(0);
	}
	switch (f->type) {
	case HF_INT_NULL:
		if (json_is_null(v))
			return json_null();
		/* fall through */
	case HF_INT:
		return in_range(v, f) ? json_integer(json_integer_value(v)) : NULL;
	case HF_STR: {
		size_t l = json_is_string(v) ? json_string_length(v) : 0;
		if (!json_is_string(v) || (long long)l < f->min || (long long)l > f->max ||
		    strlen(json_string_value(v)) != l)   /* no NUL inside */
			return NULL;
		return json_stringn(json_string_value(v), l);
	}
	case HF_INTS: {
		size_t i;
		json_t *e, *out;
		if (!json_is_array(v) || json_array_size(v) > 100000)
			return NULL;
		out = json_array();
		json_array_foreach(v, i, e) {
			if (!in_range(e, f)) {
				json_decref(out);
				return NULL;
			}
			json_array_append_new(out, json_integer(json_integer_value(e)));
		}
		return out;
	}
	}
	return NULL;
}

json_t *hub_check(const json_t *obj, const char *what, const struct hub_field *f, size_t n,
		  char *msg, size_t len)
{
	json_t *out;
	const char *key;
	json_t *v;

	if (!json_is_object(obj)) {
		snprintf(msg, len, "%s must be an object", what);
		return NULL;
	}
	json_object_foreach((json_t *)obj, key, v) {
		size_t i = 0;
		while (i < n && strcmp(f[i].name, key))
			i++;
		if (i == n) {
			snprintf(msg, len, "%s has an unknown field \"%.40s\"", what, key);
			return NULL;
		}
	}
	out = json_object();
	for (size_t i = 0; i < n; i++) {
		json_t *c = value(json_object_get(obj, f[i].name), &f[i]);
		if (!c) {
			snprintf(msg, len, "%s.%s must be %s", what, f[i].name, want(&f[i]));
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, f[i].name, c);
	}
	return out;
}

json_t *hub_check_all(const json_t *arr, const char *what, const struct hub_field *f, size_t n,
		      size_t max, char *msg, size_t len)
{
	json_t *out, *e;
	size_t i;

	if (arr && !json_is_array(arr)) {
		snprintf(msg, len, "%s must be an array", what);
		return NULL;
	}
	if (arr && json_array_size(arr) > max) {
		snprintf(msg, len, "%s has more than %zu elements", what, max);
		return NULL;
	}
	out = json_array();
	json_array_foreach(arr, i, e) {
		char name[64];
		snprintf(name, sizeof(name), "%s[%zu]", what, i);
		json_t *c = hub_check(e, name, f, n, msg, len);
		if (!c) {
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, c);
	}
	return out;
}
