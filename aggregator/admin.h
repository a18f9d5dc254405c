/* SPDX-License-Identifier: MIT
 * admin.h — the dynamic security plugin's admin connection, for the account commands: log in as the
 * admin named in the config, send one message that dynsec.h builds and wait for the plugin's answer
 * to it, told from other admins' answers by its correlation data. An adapter: it prints why things
 * fail, for people, and owns the MQTT link. */
#ifndef HL_ADMIN_H
#define HL_ADMIN_H

#include "dynsec.h"

struct settings;
struct admin; /* opaque: one logged-in admin connection */

/* Logs in to st's broker as the plugin's admin (admin_username, admin_password_file) within
 * timeout_s and checks that the plugin answers, warning when the broker's default access lets
 * anyone publish or subscribe. timeout_s also bounds each later answer. Returns 0 with *out the new
 * connection (close it with admin_close), or 1 after printing why not (*out NULL). st is read only
 * during the call. */
int admin_connect(const struct settings *st, int timeout_s, struct admin **out);

/* Builds the message of op for a (NULL for list and probe; password for add and passwd, else NULL),
 * sends it and judges the answer. Returns the judgement: HL_OK with out filled (free it with
 * dynsec_outcome_free); HL_ERR_INVALID or HL_ERR_RANGE with the refusal printed; HL_ERR_NET after
 * printing that no answer came. out is zeroed on every path but HL_OK. */
int admin_do(struct admin *ad, enum dynsec_op op, const struct account *a, const char *password,
	     struct dynsec_outcome *out);

/* Disconnects and frees ad. NULL is safe. */
void admin_close(struct admin *ad);

#endif
