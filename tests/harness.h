/* SPDX-License-Identifier: MIT
 * harness.h — what the integration tests need to run the real programs: a temporary folder, a free
 * port on 127.0.0.1, a real mosquitto with its own config, the project's binaries started and ended
 * by PID (every child is remembered and ended at exit), and bounded waits. */
#ifndef HL_HARNESS_H
#define HL_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

int64_t harness_now_ms(void);
void harness_sleep_ms(int ms);

/* A new folder under /tmp (removed by harness_rmdir unless HL_KEEP_TMP is set, for looking at logs
 * after a failure); aborts the test run on failure. */
void harness_tmpdir(char out[256]);
void harness_rmdir(const char *path);

/* A TCP port on 127.0.0.1 that was free a moment ago. */
int harness_free_port(void);
/* True once something accepts TCP connections on 127.0.0.1:port, within timeout_ms. */
bool harness_port_open(int port, int timeout_ms);

/* The folder holding the project's binaries: the parent of this test binary's folder. */
const char *harness_bindir(void);
/* The path of rel, a file of the source tree (assets/roster/officers.csv, tests/notify/…), found from
 * the folder make check runs in or from the binaries' folder; NULL when it is in neither. The string
 * stays valid until the process ends. */
const char *harness_source(const char *rel);
/* The shipped sample assets/roster/NAME (harness_source); a test whose sample is missing fails. */
const char *harness_sample(const char *name);

/* Starts argv[0] (a path) with stdout and stderr appended to log_path (NULL: /dev/null). The child is
 * remembered and sent SIGKILL at exit if still running. Returns its pid. */
pid_t harness_spawn(const char *log_path, char *const argv[]);
/* Waits up to timeout_ms for pid; returns its exit status as from waitpid, or -1 on timeout. */
int harness_wait(pid_t pid, int timeout_ms);
/* Sends sig, then waits up to timeout_ms (then SIGKILL). Returns the waitpid status. */
int harness_kill(pid_t pid, int sig, int timeout_ms);
/* Runs argv to completion within timeout_ms, output to log_path; returns the exit code, or -1. */
int harness_run(const char *log_path, char *const argv[], int timeout_ms);

struct broker {
	pid_t pid;
	int port;
	char dir[256];
	char url[64];
};
/* Writes a config (127.0.0.1:port, persistence on in dir) and starts mosquitto; waits until it
 * listens. port 0 picks a free one. */
void broker_start(struct broker *b, const char *dir, int port);
void broker_stop(struct broker *b, int sig);

/* Starts `hailong-aggregator serve` on broker url with database db; its log goes to log_path. Waits
 * until the log says it is connected (bounded). */
pid_t aggregator_start(const char *url, const char *db, const char *log_path);
/* The same with `serve -c conf` (a login, TLS), waiting up to 8 s. */
pid_t aggregator_start_conf(const char *conf, const char *log_path);
/* Spawns argv (harness_spawn) and waits up to timeout_ms until log_path has one more "connected to
 * the broker" line than before. Returns the pid either way. */
pid_t harness_spawn_connected(const char *log_path, char *const argv[], int timeout_ms);

/* A temporary folder with a broker and an aggregator serving aggregator.db in it. */
struct stack {
	char dir[256], db[300], agglog[300];
	struct broker broker;
	pid_t agg; /* 0 when not running */
};
void stack_up(struct stack *s);
/* Ends the aggregator (SIGTERM) and the broker if running, and removes the folder. */
void stack_down(struct stack *s);

/* cmocka-shaped setup and teardown for tests whose state is just a struct stack. */
int stack_setup(void **state);
int stack_teardown(void **state);

struct link;
/* An MQTT client connected to 127.0.0.1:port, subscribed to sub (NULL: nothing) with the SUBACK
 * given time to arrive; NULL when it could not connect within 5 s. Stop it with link_stop. */
struct link *harness_client(int port, const char *sub);

/* The first column of the first row of sql on database db, or -1 on error. */
int64_t harness_sql(const char *db, const char *sql);
/* Waits until harness_sql(db, sql) == want, up to timeout_ms; returns the last value seen. */
int64_t harness_sql_wait(const char *db, const char *sql, int64_t want, int timeout_ms);
/* True when file contains text (within its first 64 KiB). */
bool harness_file_has(const char *path, const char *text);

/* Writes path (replacing it) from a printf format; aborts the run when path cannot be written. */
void harness_write_file(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads up to cap - 1 bytes of path into buf, NUL-terminated. False (buf empty) when path cannot be
 * opened. */
bool harness_read_file(const char *path, char *buf, size_t cap);
/* The whole file at path in new memory (free it), NUL-terminated, *len its bytes (len may be NULL);
 * aborts (the case fails) when it cannot be read. */
char *harness_slurp(const char *path, size_t *len);
/* How many lines of path hold text (0 when it cannot be read); the whole file, however long. */
int harness_count_lines(const char *path, const char *text);
/* Waits up to timeout_ms until path has at least want lines holding text; true when it has. */
bool harness_wait_lines(const char *path, const char *text, int want, int timeout_ms);
/* Waits up to timeout_ms until a line of the log at path holds text; true when one does. */
bool harness_log_says(const char *path, const char *text, int timeout_ms);
/* Lets pid end by itself within timeout_ms, then ends it with SIGKILL. Returns its exit code, or -1
 * when it did not exit by itself (killed, or no such child). */
int harness_finish(pid_t pid, int timeout_ms);

#endif
