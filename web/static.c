/* SPDX-License-Identifier: MIT
 * static.c — /static/NAME: the built-in files of static.h, cacheable for an hour (their names do
 * not change between versions often enough to need fingerprints; a reload takes a new one). */
#include "static.h"

#include "web.h"

#include <string.h>

static int serve_static(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	for (const struct static_file *f = static_files; f->name; f++) {
		if (strcmp(f->name, rq->args[0]) != 0)
			continue;
		rs->status = 200;
		rs->type = f->type;
		buf_put(&rs->body, f->data, f->len);
		http_header_add(rs, "Cache-Control", "public, max-age=3600");
		return 200;
	}
	return web_fail(c, rq, rs, 404, NULL, "Không có tệp này.", "There is no such file.");
}

const struct web_route static_routes[] = {
	{ HTTP_GET, "/static/:name", WEB_PUBLIC, serve_static },
	{ 0 },
};
