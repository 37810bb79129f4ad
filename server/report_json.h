/*
 * report_json.h - a report (core/report.h) as the JSON of GET
 * /api/v1/reports and `station-server report --format json`
 * (docs/reports.md names every field).
 */
#ifndef REPORT_JSON_H
#define REPORT_JSON_H

#include <jansson.h>

#include "kconf.h"
#include "report.h"

json_t *report_json(const struct report *r, const struct kconf *cfg);

#endif
