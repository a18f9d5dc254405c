/* SPDX-License-Identifier: MIT
 * topic.h — the MQTT topics of wire format v1 (DESIGN §4): building them and taking them apart.
 * All buffers are the caller's; nothing is allocated. */
#ifndef HL_TOPIC_H
#define HL_TOPIC_H

#include <stdbool.h>
#include <stddef.h>

#define TOPIC_PREFIX "hailong/v1/"

/* A site or counter id: [a-z0-9-]{1,32}. */
bool topic_id_valid(const char *id);

/* Writes "hailong/v1/SITE/COUNTER/KIND" into buf. HL_ERR_INVALID for a bad id, HL_ERR_RANGE if cap is
 * too small. */
int topic_counter(char *buf, size_t cap, const char *site, const char *counter, const char *kind);

/* Splits "hailong/v1/SITE/COUNTER/KIND": copies SITE and COUNTER (33 bytes each) and KIND (16 bytes).
 * HL_ERR_INVALID when the topic does not have that shape or an id is not valid. */
int topic_parse_counter(const char *topic, char site[33], char counter[33], char kind[16]);

#endif
