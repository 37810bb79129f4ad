/*
 * www_files.h - plain files served as they are, for the station server's
 * pages (www.c) and the hub's dashboard (hub/hub_web.c): only flat names of
 * [A-Za-z0-9._-] (no "..", no folders), of a known type, up to WWW_MAX.
 */
#ifndef WWW_FILES_H
#define WWW_FILES_H

#include "http.h"

#define WWW_MAX (4 * 1024 * 1024) /* the largest file served */

/* The file name in folder dir, or 404 written to out. */
void www_serve(const char *dir, const char *name, struct http_reply *out);

/* The file at path as it is, of content type type, or 404. */
void www_serve_path(const char *path, const char *type, struct http_reply *out);

#endif
