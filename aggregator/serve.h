/* SPDX-License-Identifier: MIT
 * serve.h — `hailong-aggregator serve`: the daemon loop joining the link, the ingest core and the
 * store. Commit first, receipt second (DESIGN §3). */
#ifndef HL_SERVE_H
#define HL_SERVE_H

#include "settings.h"

/* Runs until SIGTERM/SIGINT (returns 0 after draining) or until the link or the database fails for
 * good (returns 1). config_path and the overrides are kept for SIGHUP reloads; all borrowed. */
/* Installs the handlers of SIGTERM, SIGINT and SIGHUP (which only set flags) and unblocks them: the
 * first thing `serve` does, so a SIGTERM in its first moments still drains and exits 0. */
void serve_signals(void);

int serve_run(const struct settings *st, const char *config_path, const struct settings_override *ov,
	      size_t nov);

#endif
