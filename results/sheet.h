/* SPDX-License-Identifier: MIT
 * sheet.h — one roster CSV file as `roster import` reads it (UTF-8, RFC 4180, first line the header):
 * OFFICERS.csv (site,code,name) or PROCEDURES.csv (code,name). Every row is checked and every fault
 * noted by line; the good rows come back sorted, the faults are printed for people. */
#ifndef HL_SHEET_H
#define HL_SHEET_H

#include "roster.h"
#include "store_roster.h"

#include <stdbool.h>
#include <stddef.h>

/* One row as read: for a procedure, site is "". */
struct sheet_row {
	struct store_officer o;
	size_t line;
};

struct sheet_fault; /* one fault noted: its line and message */

/* One CSV file being read. Set path and kind, zero the rest; free with sheet_free. */
struct sheet {
	const char *path; /* borrowed */
	int kind; /* ROSTER_OFFICER or ROSTER_PROCEDURE */
	bool header_done;
	struct sheet_row *rows;
	size_t nrows, caprows;
	struct sheet_fault *faults;
	size_t nfaults, capfaults, faults_total;
};

/* Reads and checks the file at sh->path: the valid rows into sh->rows (sorted by site and code), the
 * faults into sh->faults, a file that cannot be read being one more fault. Returns HL_OK or
 * HL_ERR_NOMEM; faults are not a failure here. */
int sheet_read(struct sheet *sh);
/* The same for a file's bytes already in memory (an upload to the console): text[0..len), which
 * need not end in NUL; sh->path only names the file in the faults. */
int sheet_read_text(struct sheet *sh, const char *text, size_t len);
/* Calls fn for the file's faults in line order (line 0: the file as a whole), at most max of them
 * (0: every one kept); msg is borrowed for the call. Returns how many faults there were in all, as
 * sheet_report does. */
typedef void (*sheet_fault_fn)(void *ud, size_t line, const char *msg);
size_t sheet_faults(struct sheet *sh, size_t max, sheet_fault_fn fn, void *ud);
/* Prints the file's faults to stderr in line order, "PATH:LINE: why", a few at most and then how many
 * more. Returns how many there were: 0 means the file is clean. */
size_t sheet_report(struct sheet *sh);
/* Frees the rows and faults (not sh). */
/* Each site's roster message (roster_pub.h) of the officers' sheet off with the procedures must fit
 * what a terminal accepts: fn is called for each site whose message does not (rc HL_ERR_RANGE, len
 * its size, or another HL_ERR_*). Returns how many sites do not fit (1 when out of memory, fn then
 * called with site "" and HL_ERR_NOMEM). */
typedef void (*sheet_size_fn)(void *ud, const char *site, size_t len, int rc);
size_t sheet_check_sizes(const struct sheet *off, const struct roster_entry *procs, size_t nprocs, sheet_size_fn fn,
			 void *ud);
void sheet_free(struct sheet *sh);

#endif
