/*
 * fuzz_server.h - the station server's handlers' state for fuzz targets.
 */
#ifndef FUZZ_SERVER_H
#define FUZZ_SERVER_H

#include "api.h"

/* The API's state over the fuzz station's queue database, with staff,
 * bookings and dossiers (no voice); the same one every call. */
struct api *fuzz_server(void);

#endif
