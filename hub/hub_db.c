/*
 * hub_db.c - libpq connections and their pool (hub_db.h).
 */
#include "hub_db.h"

#include "kerr.h"
#include "klog.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct hub_db {
	PGconn *conn;
	char *conninfo;
	int in_tx;
	int lost;
};

struct hub_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int n, nfree;
	struct hub_db **all, **free;
};

static void notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* "relation already exists, skipping" and the like */
}

/* The connection, opened (again) if it is not up. */
static int ensure(struct hub_db *db)
{
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
		return K_OK;
	if (db->conn) {
		PQreset(db->conn);
		if (PQstatus(db->conn) == CONNECTION_OK) {
			klog(KLOG_INFO, "PostgreSQL is back");
			return K_OK;
		}
		PQfinish(db->conn);
	}
	db->conn = PQconnectdb(db->conninfo);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		char msg[256];
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(db->conn));
		msg[strcspn(msg, "\n")] = '\0';
		klog(KLOG_WARN, "PostgreSQL cannot be reached: %s", msg);
		PQfinish(db->conn);
		db->conn = NULL;
		db->lost = 1;
		return K_ERR_IO;
	}
	PQsetNoticeProcessor(db->conn, notice_quiet, NULL);
	db->lost = 0;
	return K_OK;
}

int hub_db_open(struct hub_db **out, const char *conninfo)
{
	struct hub_db *db = calloc(1, sizeof(*db));
	if (!db || !(db->conninfo = strdup(conninfo))) {
		free(db);
		return K_ERR_NOMEM;
	}
	int r = ensure(db);
	if (r < 0) {
		hub_db_close(db);
		return r;
	}
	*out = db;
	return K_OK;
}

void hub_db_close(struct hub_db *db)
{
	if (!db)
		return;
	if (db->conn)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

PGconn *hub_db_conn(struct hub_db *db)
{
	return db->conn;
}

int hub_db_lost(const struct hub_db *db)
{
	return db->lost;
}

static int failed(struct hub_db *db, const char *what, PGresult *res)
{
	char msg[512];
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	db->lost = PQstatus(db->conn) != CONNECTION_OK ||
		   (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0));
	snprintf(msg, sizeof(msg), "%s", PQerrorMessage(db->conn));
	msg[strcspn(msg, "\n")] = '\0';
	klog(db->lost ? KLOG_WARN : KLOG_ERR, "PostgreSQL: %s: %s", what, msg);
	return K_ERR_DB;
}

/*
 * A connection kept in the pool learns that its server restarted only when
 * it next sends: outside a transaction, a statement that failed because
 * the connection was lost is sent once more on a new one.
 */
static int resend(struct hub_db *db)
{
	return !db->in_tx && db->conn && PQstatus(db->conn) == CONNECTION_BAD &&
	       ensure(db) == K_OK;
}

PGresult *hub_db_query(struct hub_db *db, const char *what, const char *sql, int n,
		       const char *const *params)
{
	if (!db->in_tx && ensure(db) < 0)
		return NULL;
	if (!db->conn)
		return NULL;
	PGresult *res = PQexecParams(db->conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && resend(db)) {
		PQclear(res);
		res = PQexecParams(db->conn, sql, n, NULL, params, NULL, NULL, 0);
		st = PQresultStatus(res);
	}
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		failed(db, what, res);
		PQclear(res);
		return NULL;
	}
	return res;
}

int hub_db_command(struct hub_db *db, const char *what, const char *sql, int n,
		   const char *const *params, long *rows)
{
	PGresult *res = hub_db_query(db, what, sql, n, params);
	if (!res)
		return K_ERR_DB;
	if (rows)
		*rows = atol(PQcmdTuples(res));
	PQclear(res);
	return K_OK;
}

int hub_db_int(struct hub_db *db, const char *what, const char *sql, int n,
	       const char *const *params, int64_t *out)
{
	PGresult *res = hub_db_query(db, what, sql, n, params);
	int r = K_ERR_NOT_FOUND;
	if (!res)
		return K_ERR_DB;
	if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		r = K_OK;
	}
	PQclear(res);
	return r;
}

int hub_db_exec(struct hub_db *db, const char *sql)
{
	if (!db->in_tx && ensure(db) < 0)
		return K_ERR_IO;
	if (!db->conn)
		return K_ERR_IO;
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && resend(db)) {
		PQclear(res);
		res = PQexec(db->conn, sql);
		st = PQresultStatus(res);
	}
	int r = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? K_OK : failed(db, "exec", res);
	PQclear(res);
	return r;
}

int hub_db_begin(struct hub_db *db)
{
	if (ensure(db) < 0)
		return K_ERR_IO;
	int r = hub_db_exec(db, "BEGIN");
	db->in_tx = r == K_OK;
	return r;
}

int hub_db_commit(struct hub_db *db)
{
	int r = hub_db_exec(db, "COMMIT");
	db->in_tx = 0;
	return r;
}

void hub_db_rollback(struct hub_db *db)
{
	if (db->conn && PQtransactionStatus(db->conn) != PQTRANS_IDLE &&
	    PQstatus(db->conn) == CONNECTION_OK) {
		PGresult *res = PQexec(db->conn, "ROLLBACK");
		PQclear(res);
	}
	db->in_tx = 0;
}

int hub_pool_open(struct hub_pool **out, const char *conninfo, int n)
{
	struct hub_pool *p = calloc(1, sizeof(*p));
	int r = K_ERR_NOMEM;

	if (!p)
		return K_ERR_NOMEM;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->all = calloc((size_t)n, sizeof(*p->all));
	p->free = calloc((size_t)n, sizeof(*p->free));
	if (!p->all || !p->free)
		goto fail;
	for (int i = 0; i < n; i++) {
		struct hub_db *db = calloc(1, sizeof(*db));
		if (!db || !(db->conninfo = strdup(conninfo))) {
			free(db);
			goto fail;
		}
		p->all[p->n++] = db;
		p->free[p->nfree++] = db;
	}
	/* The first connection now: a wrong connection string is told at start.
	 * The others open when first taken. */
	r = ensure(p->all[0]);
	if (r < 0)
		goto fail;
	*out = p;
	return K_OK;
fail:
	hub_pool_close(p);
	return r;
}

void hub_pool_close(struct hub_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		hub_db_close(p->all[i]);
	free(p->all);
	free(p->free);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

struct hub_db *hub_pool_get(struct hub_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	struct hub_db *db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	if (ensure(db) < 0) {
		hub_pool_put(p, db);
		return NULL;
	}
	return db;
}

void hub_pool_put(struct hub_pool *p, struct hub_db *db)
{
	if (db->in_tx)
		hub_db_rollback(db);
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}
