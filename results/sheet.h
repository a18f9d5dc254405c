/* SPDX-License-Identifier: MIT
 * sheet.h — one roster CSV file as `roster import` reads it (UTF-8, RFC 4180, first line the header):
 * OFFICERS.csv (site,code,name and, optionally, title and photo, in any order), PROCEDURES.csv
 * (code,name), COUNTERS.csv (site,code,name) or SITES.csv (code,name: each site's display name). An
 * officer's photo names an image file (JPEG or PNG, at most 256 KiB) relative to the CSV file's
 * folder. Every row is checked and every fault noted by
 * line; the good rows come back sorted, the faults are printed for people. */
#ifndef HL_SHEET_H
#define HL_SHEET_H

#include "roster.h"
#include "store_roster.h"

#include <stdbool.h>
#include <stddef.h>

#define SHEET_COLS 5           /* site, code, name, title, photo */
#define SHEET_PHOTOS_BYTES_MAX (128u * 1024 * 1024) /* photos of one officers' file, in all */

/* One row as read: for a procedure or a site, site is "" (a site's code is o.e.code). An officer's title is in info.title, the photo's
 * file name in info.photo_file and, once read from its file, the photo in info.bytes (owned by the
 * sheet, until sheet_free) and its hash in info.photo. */
struct sheet_row {
	struct store_officer o;
	struct store_officer_info info;
	size_t line;
};

struct sheet_fault; /* one fault noted: its line and message */

/* One CSV file being read. Set path and kind, zero the rest; free with sheet_free. */
struct sheet {
	const char *path; /* borrowed */
	int kind; /* ROSTER_OFFICER, ROSTER_PROCEDURE, ROSTER_COUNTER or ROSTER_SITE */
	bool header_done;
	bool read_photos;      /* sheet_read sets it: photos are read from files beside path */
	int col[SHEET_COLS];   /* the field of each column, -1 when absent (from the header) */
	size_t ncols;
	size_t photo_bytes;    /* of the photos read so far */
	struct sheet_row *rows;
	size_t nrows, caprows;
	struct sheet_fault *faults;
	size_t nfaults, capfaults, faults_total;
};

/* Reads and checks the file at sh->path: the valid rows into sh->rows (sorted by site and code), the
 * faults into sh->faults, a file that cannot be read being one more fault. An officer's photo is
 * read from its file (relative to path's folder); one that cannot be read, is empty, larger than
 * ROSTER_PHOTO_MAX or not a JPEG or PNG, and more than ROSTER_PHOTOS_MAX photos in one site, are
 * faults of their lines. Returns HL_OK or HL_ERR_NOMEM; faults are not a failure here. */
int sheet_read(struct sheet *sh);
/* The same for a file's bytes already in memory (an upload to the console): text[0..len), which
 * need not end in NUL; sh->path only names the file in the faults. Photos are not read: a row's
 * photo column is only its info.photo_file (see sheet_keep_photos). */
int sheet_read_text(struct sheet *sh, const char *text, size_t len);
/* For a sheet read by sheet_read_text: each officer whose row names a photo file keeps the photo
 * already stored for it when fn says the stored one came from that file (fn copies its hash into
 * hash and returns true); otherwise the row is a fault saying photos are imported on the server.
 * Returns how many rows were faults. */
typedef bool (*sheet_photo_fn)(void *ud, const char *site, const char *code, const char *file,
			       char hash[ROSTER_PHOTO_HASH_LEN + 1]);
size_t sheet_keep_photos(struct sheet *sh, sheet_photo_fn fn, void *ud);
/* Calls fn for the file's faults in line order (line 0: the file as a whole), at most max of them
 * (0: every one kept); msg is borrowed for the call. Returns how many faults there were in all, as
 * sheet_report does. */
typedef void (*sheet_fault_fn)(void *ud, size_t line, const char *msg);
size_t sheet_faults(struct sheet *sh, size_t max, sheet_fault_fn fn, void *ud);
/* Prints the file's faults to stderr in line order, "PATH:LINE: why", a few at most and then how many
 * more. Returns how many there were: 0 means the file is clean. */
size_t sheet_report(struct sheet *sh);
/* Each site's roster message (roster_pub.h) of the officers' sheet off with the procedures and that
 * site's counters (counters sorted by site, as a counters' sheet's rows or store_roster_counters
 * give them; may be NULL with ncounters 0) must fit what a terminal accepts: fn is called for each
 * site whose message does not (rc HL_ERR_RANGE, len its size, or another HL_ERR_*). Returns how many
 * sites do not fit (1 when out of memory, fn then called with site "" and HL_ERR_NOMEM). In
 * sheet_size.c. */
typedef void (*sheet_size_fn)(void *ud, const char *site, size_t len, int rc);
size_t sheet_check_sizes(const struct sheet *off, const struct roster_entry *procs, size_t nprocs,
			 const struct store_officer *counters, size_t ncounters, sheet_size_fn fn, void *ud);
/* Frees the rows, their photos and the faults (not sh). */
void sheet_free(struct sheet *sh);

#endif
