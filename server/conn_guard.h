/*
 * conn_guard.h - keeps the station server answering the kiosks, the
 * counters and /api/v1/health whatever a stranger on the lobby network
 * sends (issue 15: connection floods, slowloris, held long-polls).
 *
 * libmicrohttpd gives one thread to each connection and no callback while
 * a request's headers arrive, so the guard watches from outside:
 *
 *   - who may connect (conn_guard_admit, MHD's accept policy): at most
 *     per_address connections from one address, and strangers (addresses
 *     that never showed a kiosk, staff or booking credential) together at
 *     most total - reserved, so the rest stays for the station itself
 *     (127.0.0.1, ::1: never refused here) and the addresses of kiosks
 *     and counters;
 *   - how long a request may take: request_timeout seconds from its
 *     request line to its last byte (and as long from a connection's
 *     opening, or its last answer, to the next request line); a small
 *     thread cuts (shutdown(2)) the socket of one past its deadline, so
 *     the connection's thread ends and its place is free.  A request being
 *     answered (a long-poll waiting) has no deadline;
 *   - long-polls (conn_guard_hold): strangers' at most HOLD_PER_ADDRESS
 *     per address and HOLD_PUBLIC in all, everyone's at most HOLD_ALL, all
 *     well below the connection limit; and whether the client of a waiting
 *     long-poll has gone (conn_guard_gone).
 *
 * A connection is a struct conn_guard_conn made by conn_guard_opened()
 * and freed by conn_guard_closed(); between the two the guard may
 * shutdown(2) its socket but never closes it.  Safe from any thread.
 */
#ifndef CONN_GUARD_H
#define CONN_GUARD_H

#include <sys/socket.h>

#define CONN_GUARD_HOLD_PER_ADDRESS 4 /* a stranger's waiting long-polls, per address */
#define CONN_GUARD_HOLD_PUBLIC 32     /* strangers' waiting long-polls in all */
#define CONN_GUARD_HOLD_ALL 128       /* everyone's waiting long-polls */
#define CONN_GUARD_KNOWN 64           /* addresses remembered as a kiosk's or staff's */
#define CONN_GUARD_KNOWN_S 86400      /* ... for a day since their last credential */

struct conn_guard;
struct conn_guard_conn;

struct conn_guard_limits {
	int request_timeout;    /* seconds: a request's first line to its last byte */
	int per_address;        /* connections from one address (not the station's own) */
	int total;              /* connections in all (the server's limit) */
	int reserved;           /* of total, never given to strangers */
};

/* Start the guard (and its thread): K_OK, K_ERR_NOMEM.  Free with
 * conn_guard_free() after the HTTP server stopped (no connection left). */
int conn_guard_new(struct conn_guard **out, const struct conn_guard_limits *lim);
void conn_guard_free(struct conn_guard *g);

/* May a connection from sa be accepted now?  1 = yes, 0 = no. */
int conn_guard_admit(struct conn_guard *g, const struct sockaddr *sa, socklen_t len);

/* A connection accepted on socket fd from sa (its deadline starts now);
 * NULL without memory (the connection then goes unguarded). */
struct conn_guard_conn *conn_guard_opened(struct conn_guard *g, int fd, const struct sockaddr *sa,
					  socklen_t len);
void conn_guard_closed(struct conn_guard *g, struct conn_guard_conn *c);

/* A request's line came: it has request_timeout to arrive whole. */
void conn_guard_request_line(struct conn_guard *g, struct conn_guard_conn *c);
/* ... and extra_s seconds more (a staff upload larger than [server] max_body). */
void conn_guard_extend(struct conn_guard *g, struct conn_guard_conn *c, int extra_s);
/* It arrived whole: no deadline while it is answered. */
void conn_guard_received(struct conn_guard *g, struct conn_guard_conn *c);
/* It was answered: the next request line is due within request_timeout. */
void conn_guard_answered(struct conn_guard *g, struct conn_guard_conn *c);
/* This request showed a valid credential: its address is remembered as a
 * kiosk's or staff's (it may use the reserve) and its long-poll is not a
 * stranger's. */
void conn_guard_trust(struct conn_guard *g, struct conn_guard_conn *c);

/* May this request hold a long-poll now?  0 = yes (give it back with
 * conn_guard_release()); else the seconds to come back after. */
int conn_guard_hold(struct conn_guard_conn *c);
void conn_guard_release(struct conn_guard_conn *c);

/* Has the client hung up (or half-closed: it sends nothing more)?  1 / 0. */
int conn_guard_gone(const struct conn_guard_conn *c);

#endif
