/* SPDX-License-Identifier: MIT
 * store_users.h — the people's side of the database (schema v8): the console's users with their role
 * and sites, their login sessions, the API tokens of the one-stop software, the audit of every change,
 * and the officers' shifts at counters with the transactions opened there. Secrets are never stored:
 * passwords as argon2id strings (credential.h), session cookies and API tokens as their BLAKE2b
 * hashes. Same store handle and thread rule as store.h; the SQL is in store_users.c (users, logins,
 * failed logins) and store_access.c (tokens, audit, shifts, transactions); users.c names the roles
 * without the database. */
#ifndef HL_STORE_USERS_H
#define HL_STORE_USERS_H

#include "hl.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The four roles (DESIGN §11). Stored as these numbers. */
enum user_role {
	ROLE_ADMIN,    /* quản trị: IT staff — users, roster, terminals, API tokens; sees every site */
	ROLE_HEAD,     /* lãnh đạo: head of their sites — everything of those sites, acts on flags */
	ROLE_OFFICER,  /* cán bộ: their own figures and their counter's console */
	ROLE_PROVINCE, /* tỉnh: every site, read only, SIPAS export */
	ROLE_COUNT
};
/* "quan-tri"|"admin", "lanh-dao"|"head", "can-bo"|"officer", "tinh"|"province" → the role; -1. */
int user_role_parse(const char *name);
const char *user_role_name(int role);   /* "quan-tri" …; NULL for a number that is no role */
const char *user_role_label(int role, bool vi); /* "Quản trị" / "IT admin" …; NULL likewise */

#define USER_NAME_MAX 64   /* [a-z0-9._-]{1,64} */
#define USER_SITES_MAX 16
#define USER_HASH_MAX 128  /* an argon2id string (crypto_pwhash_STRBYTES) */
#define TOKEN_HASH_HEX 64  /* a BLAKE2b-256 hash in hex */

struct store_user {
	int64_t id;
	char name[USER_NAME_MAX + 1];
	int role;                           /* enum user_role */
	char officer[HL_CODE_MAX + 1];      /* an officer's own code ("" for the other roles) */
	char sites[USER_SITES_MAX][HL_CODE_MAX + 1];
	size_t nsites;                      /* 0 for admin and province: every site */
	bool disabled;
	char hash[USER_HASH_MAX];           /* the argon2id string */
	int64_t created;
};
/* True for [a-z0-9._-]{1,64}. */
bool user_name_valid(const char *name);

/* Adds u (id and created are set by the store; a site given twice is kept once). HL_ERR_INVALID for
 * a bad name, role, site or officer code, an officer without an officer code or site, a head without
 * a site, an officer code on another role, a site on an admin or the province, or no hash;
 * HL_ERR_RANGE when the name is taken. store_errmsg says which. */
int store_user_add(struct store *s, const struct store_user *u, int64_t now);
/* HL_ERR_NOTFOUND when there is none. */
int store_user_get(struct store *s, const char *name, struct store_user *out);
int store_user_get_id(struct store *s, int64_t id, struct store_user *out);
typedef int (*store_user_fn)(void *ud, const struct store_user *u);
/* Every user by name. */
int store_user_list(struct store *s, store_user_fn fn, void *ud);
/* A new argon2id string; HL_ERR_NOTFOUND. Ends every login session of the user. */
int store_user_set_hash(struct store *s, const char *name, const char *hash);
/* Disables or enables; disabling ends every login session of the user. */
int store_user_set_disabled(struct store *s, const char *name, bool disabled);

/* ---- login sessions ------------------------------------------------------------------------------ */

#define STORE_LOGIN_KEEP (30 * 86400) /* sessions not seen for this long are dropped, whatever idle says */
#define STORE_LOGINS_PER_USER 32      /* a user's sessions kept at most, the least recently seen dropped */

/* A new login session for user_id under the cookie's hash (hex), started at now. HL_ERR_INVALID
 * for a hash that is not 64 lowercase hex digits. */
int store_login_add(struct store *s, const char *token_hash, int64_t user_id, int64_t now);
/* The user of a live session: one seen at most idle seconds and started at most absolute seconds
 * before now, whose user is not disabled. Its last-seen time becomes now. HL_ERR_NOTFOUND otherwise
 * (an expired session is removed). *started (may be NULL) gets when it began. */
int store_login_get(struct store *s, const char *token_hash, int64_t now, int64_t idle, int64_t absolute,
		    struct store_user *u, int64_t *started);
/* Ends the session (HL_OK also when there is none). */
int store_login_end(struct store *s, const char *token_hash);

/* Failed logins, counted per key ("user:NAME" or "addr:ADDRESS") until a success clears them, so the
 * delay before the next answer grows. Bounded: keys not failed within a day are dropped. */
int store_login_failed(struct store *s, const char *key, int64_t now, int64_t *count);
int store_login_failures(struct store *s, const char *key, int64_t now, int64_t *count);
int store_login_cleared(struct store *s, const char *key);

/* ---- API tokens ------------------------------------------------------------------------------------ */

struct store_token {
	int64_t id;
	char name[USER_NAME_MAX + 1];
	char sites[USER_SITES_MAX][HL_CODE_MAX + 1];
	size_t nsites;       /* at least 1 */
	int64_t created, revoked; /* revoked 0 while valid */
	int64_t last_used;   /* 0: never */
};
/* Adds t (id, created, revoked and last_used set by the store) kept by token_hash (hex). HL_ERR_RANGE
 * when a valid token has that name already; HL_ERR_INVALID for a bad name, site or hash, or not 1 to
 * USER_SITES_MAX sites. */
int store_token_add(struct store *s, const struct store_token *t, const char *token_hash, int64_t now);
/* The valid token with that hash; its last_used becomes now. HL_ERR_NOTFOUND. */
int store_token_find(struct store *s, const char *token_hash, int64_t now, struct store_token *out);
typedef int (*store_token_fn)(void *ud, const struct store_token *t);
/* Every token, revoked ones too, by name. */
int store_token_list(struct store *s, store_token_fn fn, void *ud);
/* Revokes the valid token of that name; HL_ERR_NOTFOUND. */
int store_token_revoke(struct store *s, const char *name, int64_t now);

/* ---- audit ------------------------------------------------------------------------------------------ */

struct store_audit {
	int64_t id, at;
	const char *who;    /* a user's name, "token:NAME", or "cli:USER" */
	const char *action; /* "flag.ack", "flag.resolve", "roster.import", "user.add", "session.open" … */
	const char *site;   /* "" when none */
	const char *detail; /* what, in words: the flag's id and note, the file's counts … */
};
/* One entry at now; site NULL or "" when none, detail NULL or one line of text. HL_ERR_INVALID for
 * an empty who or action, a bad site, or text that is not one line (store_errmsg says which). */
int store_audit_add(struct store *s, int64_t now, const char *who, const char *action, const char *site,
		    const char *detail);
typedef int (*store_audit_fn)(void *ud, const struct store_audit *a);
/* The newest limit entries (newest first; limit 0: all), of one site or all (NULL), before id
 * `before` (0: from the newest). Every pointer is borrowed for the call. */
int store_audit_list(struct store *s, const char *site, int64_t before, int limit, store_audit_fn fn, void *ud);

/* ---- shifts and transactions at counters ------------------------------------------------------------ */

struct store_shift {
	int64_t id;
	int64_t user_id;
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1];
	int64_t started, ended; /* ended 0 while on shift */
};
/* Starts user's shift at a counter (ending any shift of theirs still open). */
int store_shift_start(struct store *s, int64_t user_id, const char *site, const char *counter, int64_t now);
/* Ends the user's open shift at now (HL_OK also when off shift). */
int store_shift_end(struct store *s, int64_t user_id, int64_t now);
/* The user's open shift; HL_ERR_NOTFOUND when off shift. */
int store_shift_current(struct store *s, int64_t user_id, struct store_shift *out);
/* The officer on duty at a counter: the code of the user (enabled, with an officer code) whose open
 * shift there started last, into officer; "" and HL_ERR_NOTFOUND when nobody is. */
int store_shift_officer_at(struct store *s, const char *site, const char *counter, char officer[HL_CODE_MAX + 1]);

/* A transaction opened at a counter ("Mời đánh giá", the API or `session open`). */
struct store_txn {
	int64_t id;
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1];
	char officer[HL_CODE_MAX + 1], procedure[HL_CODE_MAX + 1];
	int64_t opened, expires; /* expires 0: until closed */
	int64_t closed;          /* 0 while open */
	char by[USER_NAME_MAX + 8];
};
/* Stores t (its closed is ignored: a new transaction is open), first closing at t->opened any
 * transaction still open at that counter; *id gets the new one's id (0 on error). HL_ERR_INVALID for
 * a bad site, counter, officer or procedure code ("" allowed for the last two) or no `by`. */
int store_txn_open(struct store *s, const struct store_txn *t, int64_t *id);
/* Takes back transaction id, just opened from t, that its terminal never got: removes it (if still
 * open) and reopens the counter's transaction before it if this opening had closed it. */
int store_txn_withdraw(struct store *s, const struct store_txn *t, int64_t id);
/* Closes the counter's open transactions at now. */
int store_txn_close(struct store *s, const char *site, const char *counter, int64_t now);
/* The counter's newest transaction; HL_ERR_NOTFOUND. */
int store_txn_latest(struct store *s, const char *site, const char *counter, struct store_txn *out);
/* The procedures an officer opened transactions for, the most recent first, at most limit (0: all);
 * the code is borrowed for the call. */
typedef int (*store_code_fn)(void *ud, const char *code);
int store_txn_recent_procedures(struct store *s, const char *officer, int limit, store_code_fn fn, void *ud);

#endif
