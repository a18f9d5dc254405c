/* SPDX-License-Identifier: MIT
 * raw_db.h — for tests that look at a database file directly, outside the module under test (a
 * migration's tables, what a spool or a store wrote to disk): open it, run SQL, read one number.
 * Each call asserts (cmocka) that SQLite accepted it. */
#ifndef HL_RAW_DB_H
#define HL_RAW_DB_H

#include <sqlite3.h>
#include <stdint.h>

/* The caller closes it with sqlite3_close. */
sqlite3 *open_raw(const char *path);
void exec_raw(sqlite3 *db, const char *sql);
/* The first column of the first row of sql. */
int64_t int_raw(sqlite3 *db, const char *sql);

#endif
