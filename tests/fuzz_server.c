/*
 * fuzz_server.c - the station server's state for the fuzz targets that
 * reach its handlers (tests/fuzz_api.c, tests/fuzz_http.c): set up as
 * server/main.c does, over the fuzz station's temporary queue database.
 */
#include "fuzz_server.h"
#include "bookings.h"
#include "dossiers.h"
#include "fuzz_station.h"
#include "kclock.h"
#include "kerr.h"
#include "klog.h"

struct api *fuzz_server(void)
{
	static struct api app;
	static struct queue *q;
	static struct staff *staff;
	char db[256];
	if (q)
		return &app;
	klog_init("fuzz-server", KLOG_ERR); /* a refusal is logged as it would be: not here */
	const struct kconf *cfg = fuzz_station();
	fuzz_station_path("q.db", db);
	FUZZ_CHECK(queue_open(&q, db, cfg, &kclock_system) == K_OK);
	FUZZ_CHECK(staff_open(&staff, db) == K_OK);
	FUZZ_CHECK(api_init(&app, cfg, &kclock_system, q, staff) == K_OK);
	FUZZ_CHECK(dossiers_open(&app.dossiers, db, cfg) == K_OK);
	FUZZ_CHECK(bookings_open(&app.bookings, db, cfg) == K_OK);
	return &app;
}
