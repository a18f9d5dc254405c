/* SPDX-License-Identifier: MIT
 * web_fixture.h — what the web console's unit tests (test_web_*.c, test_events.c) set up over a real
 * store, written once: the store and the console's settings and request context, users with a login
 * session (cookie and CSRF token) and API tokens, ratings saved through store_save, flags opened
 * through store_flags_open and terminals' status, a fake publisher that records what it is given, a
 * request built from method, path?query, form or body, cookie or bearer and run through web_dispatch,
 * the newest audit entry, a temporary database file, and the readers the assertions use (a header,
 * text in the body, JSON fields). Every helper asserts with cmocka, so a setup that fails fails the
 * case. What each test checks, and the data particular to it, stay in the test. */
#ifndef HL_WEB_FIXTURE_H
#define HL_WEB_FIXTURE_H

#include "conf.h"
#include "credential.h"
#include "hl.h"
#include "http.h"
#include "store.h"
#include "store_users.h"
#include "web.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the fake publisher was given; payload is owned by the fixture (NUL-terminated, len bytes). */
struct web_fixture_sent {
	char topic[HL_TOPIC_MAX];
	char *payload;
	size_t len;
	bool retain;
};

#define WEB_FIXTURE_SENT_MAX 16

/* The members every web test's fixture holds. */
#define WEB_FIXTURE_MEMBERS                                                                             \
	struct store *s;        /* the store, open from web_fixture_new to web_fixture_free */          \
	struct web_conf conf;   /* the console's defaults (web_conf_defaults) */                        \
	struct web_ctx c;       /* the context of the last request, made anew by web_fixture_ctx */     \
	int utc_offset;         /* the store's and the pages' offset from UTC, in seconds */            \
	int64_t now;            /* the clock of the requests (struct http_request.now) */               \
	struct web_fixture_sent sent[WEB_FIXTURE_SENT_MAX]; /* what was published, in order */          \
	int nsent;                                                                                      \
	int publish_rc;  /* the fake publisher's answer; not HL_OK: it fails, "connection refused" */   \
	bool no_broker;  /* true: the context has no publisher (the pages say no broker is configured) */

struct web_fixture {
	WEB_FIXTURE_MEMBERS
};

/* A test's own fixture begins with WEB_FIXTURE: the members above, named as they are (f->s, f->now,
 * f->sent …), and the same bytes as f->wf, the struct web_fixture the functions below take (the
 * "struct group" of Linux's stddef.h: a union of an anonymous struct and a tagged one with the same
 * members). It must be the first member: web_fixture_new and web_fixture_free work on the whole. */
#define WEB_FIXTURE                                                                                     \
	union {                                                                                         \
		struct web_fixture wf;                                                                  \
		struct {                                                                                \
			WEB_FIXTURE_MEMBERS                                                             \
		};                                                                                      \
	}

/* A zeroed fixture of size bytes (sizeof a test's struct fixture, which begins with WEB_FIXTURE) over
 * a store opened at db (NULL: ":memory:") in utc_offset, with the console's default settings and the
 * fake publisher answering HL_OK. NULL when the store does not open (what setup returns -1 for). The
 * caller frees it with web_fixture_free. */
void *web_fixture_new(size_t size, const char *db, int utc_offset);
/* Closes the store and frees what was published and the fixture itself; NULL is a no-op. */
void web_fixture_free(void *fixture);
/* cmocka's teardown for a fixture from web_fixture_new in *state. */
int web_fixture_teardown(void **state);

/* The request context as the server makes it: wf's store, settings and offset, and the fake
 * publisher (none when wf->no_broker). Clears wf->c first. */
void web_fixture_ctx(struct web_fixture *wf);

/* A login session and what a browser holds of it. */
struct who {
	char cookie[96];                     /* "hl_session=TOKEN", the Cookie header */
	char csrf[CREDENTIAL_HASH_HEX + 1];  /* the session's CSRF token (credential_csrf) */
	int64_t id;                          /* the user's id */
	char name[USER_NAME_MAX + 1];        /* the user's name */
};

/* Adds user name with role, one site (NULL: none) and an officer code (NULL: none) and a password
 * no one can type, as of added; when w is not NULL, logs them in at added (web_fixture_login). */
void web_fixture_user(struct web_fixture *wf, const char *name, int role, const char *site, const char *officer,
		      int64_t added, struct who *w);
/* A new login session of user name made at `at`, as the login page makes one, into w. */
void web_fixture_login(struct web_fixture *wf, const char *name, int64_t at, struct who *w);
/* Adds the API token secret (only its hash is stored) named name for one site, as of at. */
void web_fixture_token(struct web_fixture *wf, const char *name, const char *site, const char *secret, int64_t at);

/* Saves one rating through store_save, received at `received` and given at ts, with a new id, scale
 * 5, a synchronised clock and the two answers (0: none); officer and procedure may be "". */
void web_fixture_rating(struct web_fixture *wf, const char *site, const char *counter, const char *officer,
			const char *procedure, int officer_answer, int procedure_answer, int64_t ts, int64_t received);
/* Opens one flag through store_flags_open at `at` and returns its id; the summary is printf's. */
int64_t web_fixture_flag(struct store *s, int kind, int type, const char *site, const char *subject,
			 const char *evidence, int64_t at, const char *summary_fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* Stores one terminal's status (version "0.1.0", fault "" or what it reports) as of at. */
void web_fixture_status(struct web_fixture *wf, const char *site, const char *counter, bool online, int64_t spooled,
			const char *fault, int64_t at);

/* One request; what is NULL (or false) is not sent. */
struct web_fixture_req {
	int method;                /* enum http_method */
	const char *path;          /* the path, with its query after '?' */
	const struct who *who;     /* whose Cookie header, or NULL */
	const char *cookie;        /* a Cookie header of its own, when who is NULL */
	const char *form;          /* a POST's urlencoded form fields ("": none) */
	bool csrf;                 /* adds who's CSRF token to a POST's form */
	const char *body;          /* a body of its own (JSON, multipart) */
	const char *content_type;  /* the body's */
	const char *bearer;        /* Authorization: Bearer TOKEN */
	const char *remote;        /* the client's address ("10.0.0.7" when NULL) */
};
/* Runs rq through web_dispatch at wf->now, from host 127.0.0.1:8080, in a context made by
 * web_fixture_ctx, into rs (cleared first; the caller frees it with http_response_free). A status
 * left 0 is 200 and a body left empty is "", as the server sends them. */
void web_fixture_run(struct web_fixture *wf, const struct web_fixture_req *rq, struct http_response *rs);
/* POSTs the Danh mục upload as admin: one multipart/form-data field per non-NULL text, named
 * names[i] with the file name names[i].csv (officers, procedures, and counters or sites). */
void web_fixture_roster_upload(struct web_fixture *wf, const struct who *admin, const char *const names[3],
			       const char *const texts[3], struct http_response *rs);

/* One audit entry, copied. n: how many entries the search passed (1 when one was found). */
struct web_fixture_audit {
	char who[80], action[40], site[40], detail[400];
	int n;
};
/* The newest audit entry (action ""), or the newest with that action (asserted to exist). */
struct web_fixture_audit web_fixture_audit(struct web_fixture *wf, const char *action);

/* A new folder /tmp/hailong-test-NAME-XXXXXX into dir, and dir/hl.db into db. */
void web_fixture_tmpdb(const char *name, char *dir, size_t dir_cap, char *db, size_t db_cap);
/* Removes the database db with its -wal and -shm files, then the folder dir (NULL: none). */
void web_fixture_rmdb(const char *dir, const char *db);

/* The readers the assertions use, under the short names the tests have always used. */
/* The value of response header name, or NULL. Borrowed from rs. */
const char *header(const struct http_response *rs, const char *name);
/* True when the body holds text. */
bool has(const struct http_response *rs, const char *text);
/* The body parsed as JSON (asserted to parse); the caller frees it with cJSON_Delete. */
cJSON *json_of(const struct http_response *rs);
/* Object o's string key, or NULL when it is not a string. Borrowed from o. */
const char *jstr(const cJSON *o, const char *key);
/* Object o's number key (asserted to be a number). */
double jnum(const cJSON *o, const char *key);

#endif
