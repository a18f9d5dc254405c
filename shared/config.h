/* SPDX-License-Identifier: MIT
 * config.h — "key = value" files, one table of options per program (the Redis way): each option names
 * its key, type, bounds and where it lands in the program's settings struct. Parsing a text is
 * separate from reading a file, and a command-line override goes through the same setter, so every
 * error names its source, line and key. */
#ifndef HL_CONFIG_H
#define HL_CONFIG_H

#include <stddef.h>

enum config_type {
	CONFIG_STRING, /* char array of .size bytes inside the target */
	CONFIG_INT,    /* int, within [.min, .max] */
	CONFIG_BOOL,   /* int 0/1 from yes/no, true/false, on/off, 1/0 */
	CONFIG_URL,    /* char array; must parse as mqtt[s]://HOST[:PORT] */
	CONFIG_PATH,   /* char array; a file, relative paths taken from the config file's folder */
	CONFIG_ID,     /* char array; a site or counter id [a-z0-9-]{1,32} */
	CONFIG_CODE,   /* char array; an officer or procedure code, may be empty */
};

struct config_option {
	const char *key;
	enum config_type type;
	size_t offset; /* offsetof(settings struct, field) */
	size_t size;   /* sizeof the field */
	long min, max; /* CONFIG_INT bounds */
	const char *help;
	/* A string option's own rule, checked as the value is set, so its error names file, line and
	 * key like the others: NULL when value is good, else why (a static string). NULL: no rule. */
	const char *(*check)(const char *value);
};

/* The login keys every program has (url.h's struct broker_security at field f of T). */
#define CONFIG_OPT_SECURITY(T, f)                                                                          \
	CONFIG_OPT_STR(T, "cafile", f.cafile, CONFIG_PATH, "mqtts: CA certificate that signed the broker's"), \
	CONFIG_OPT_STR(T, "certfile", f.certfile, CONFIG_PATH, "mqtts: optional client certificate (PEM)"),   \
	CONFIG_OPT_STR(T, "keyfile", f.keyfile, CONFIG_PATH, "mqtts: the client certificate's key (PEM)"),    \
	CONFIG_OPT_STR(T, "username", f.username, CONFIG_STRING, "broker login name"),                        \
	CONFIG_OPT_STR(T, "password_file", f.password_file, CONFIG_PATH,                                       \
		       "file holding the broker password alone (mode 600)")

/* Table entries for a string-like field f (type t) and an int field f of settings struct T. */
#define CONFIG_OPT_STR(T, k, f, t, h) { k, t, offsetof(T, f), sizeof(((T *)0)->f), 0, 0, h, NULL }
#define CONFIG_OPT_INT(T, k, f, lo, hi, h) { k, CONFIG_INT, offsetof(T, f), sizeof(int), lo, hi, h, NULL }
/* A CONFIG_STRING field f with its rule (see .check). */
#define CONFIG_OPT_CHECKED(T, k, f, c, h) { k, CONFIG_STRING, offsetof(T, f), sizeof(((T *)0)->f), 0, 0, h, c }

/* Where and why loading failed. file is "" for the command line, line 0 when no line applies. */
struct config_error {
	char file[256];
	int line;
	char key[64];
	char msg[192];
};

/* Sets one option of target from its text value. HL_ERR_INVALID with err filled (file "", line 0) for
 * an unknown key or a bad value. opts ends with an entry whose key is NULL. */
int config_set(const struct config_option *opts, void *target, const char *key, const char *value,
	       struct config_error *err);

/* Applies every "key = value" line of text. Blank lines and lines starting with '#' are skipped; the
 * value is everything after '=' with surrounding blanks removed. name is used in errors, and a
 * relative CONFIG_PATH value is taken from name's folder (so a folder of files can be moved whole).
 * Stops at the first error. */
int config_parse(const struct config_option *opts, void *target, const char *text, const char *name,
		 struct config_error *err);

/* Reads path (at most 64 KiB) and parses it. HL_ERR_IO with err->msg from errno when unreadable. */
int config_load_file(const struct config_option *opts, void *target, const char *path,
		     struct config_error *err);

/* "FILE:LINE: key 'K': MSG", or "option --K: MSG" for the command line, into buf. */
void config_error_format(const struct config_error *err, char *buf, size_t cap);

#endif
