/* SPDX-License-Identifier: MIT
 * dynsec_fixture.h — for test_dynsec and test_dynsec_update: broker accounts made in one line, their
 * rules as text, a plugin answer judged into a shared outcome and message, the commands of a message. */
#ifndef HL_DYNSEC_FIXTURE_H
#define HL_DYNSEC_FIXTURE_H

#include "account.h"
#include "dynsec.h"

#include <cjson/cJSON.h>

#define ID32 "abcdefghijklmnopqrstuvwxyz012345"
#define CORR "hl-test-1"

/* A plugin answer: one response R(command, extra fields), or two. */
#define R(cmd, extra) "{\"command\":\"" cmd "\"" extra ",\"correlationData\":\"" CORR "\"}"
#define ANSWER(x) "{\"responses\":[" x "]}"
#define ANSWER2(x, y) "{\"responses\":[" x "," y "]}"

struct account terminal(const char *site, const char *counter);
struct account named(enum account_kind kind, const char *name);
struct account bridge(const char *site);
void add_site(struct account *a, const char *site);
/* a's username (static buffer, until the next call). */
const char *username(const struct account *a);
/* The rules of a as "TYPE TOPIC\n" lines (static buffer). */
const char *acl_text(const struct account *a);

/* judge() leaves the message and the outcome here; teardown frees the outcome. */
extern char msg[512];
extern struct dynsec_outcome outcome;
/* Judges body as the answer to op for a; returns the code. */
int judge(enum dynsec_op op, const struct account *a, const char *body);
int teardown(void **state);

/* The commands of a message, checked to carry our correlationData; want of them. Free with cJSON_Delete. */
cJSON *commands_of(const char *json, int want);
/* The string key of command cmd. */
const char *str_at(cJSON *root, int cmd, const char *key);

#endif
