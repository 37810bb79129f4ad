/*
 * hub_schema.h - the steps of the hub's PostgreSQL schema, each in the
 * file of the part that owns its tables; hub_schema.c lists them in order.
 */
#ifndef HUB_SCHEMA_H
#define HUB_SCHEMA_H

extern const char hub_schema_v1[]; /* hub_schema.c: stations, events, status, devices */
extern const char hub_schema_v2[]; /* hub_schema.c: days' figures, ratings */
extern const char hub_schema_v3[]; /* hub_config_schema.c: config fragments, dossier shares */
extern const char hub_schema_v4[]; /* hub_accounts_schema.c: dashboard accounts, sessions */

struct hub_step {
	int version;
	const char *sql;
};

extern const struct hub_step hub_steps[];
extern const int hub_nsteps;

#endif
