/* SPDX-License-Identifier: MIT
 * secret.c — the permission rule follows ssh's for private keys, loosened for group read so that a
 * root-owned file can be given to a daemon's group (root:hailong 0640): others must not read it, and
 * nobody but the owner may change it. */
#include "secret.h"

#include "hl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

void secret_wipe(void *buf, size_t len)
{
	volatile unsigned char *p = buf;

	while (len--)
		*p++ = 0;
}

int secret_read(const char *path, char *out, size_t cap, char *why, size_t why_cap)
{
	char buf[SECRET_MAX + 3];
	struct stat sb;
	ssize_t n;
	int fd;

	if (cap)
		out[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(why, why_cap, "password file %s: %s", path, strerror(errno));
		return HL_ERR_IO;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		snprintf(why, why_cap, "password file %s is not a regular file", path);
		return HL_ERR_INVALID;
	}
	if (sb.st_mode & (S_IROTH | S_IWOTH | S_IWGRP)) {
		close(fd);
		snprintf(why, why_cap, "password file %s can be %s by others (mode %04o); chmod 600 %s", path,
			 sb.st_mode & S_IROTH ? "read" : "changed", (unsigned)(sb.st_mode & 07777), path);
		return HL_ERR_INVALID;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0) {
		snprintf(why, why_cap, "password file %s: %s", path, strerror(errno));
		return HL_ERR_IO;
	}
	buf[n] = '\0';
	size_t len = (size_t)n;
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len && buf[len - 1] == '\r')
		buf[--len] = '\0';
	int rc = HL_OK;
	if (len == 0)
		snprintf(why, why_cap, "password file %s is empty", path), rc = HL_ERR_INVALID;
	else if (len > SECRET_MAX || len >= cap)
		snprintf(why, why_cap, "password file %s is longer than %d bytes", path, SECRET_MAX), rc = HL_ERR_INVALID;
	else if (memchr(buf, '\0', len) || memchr(buf, '\n', len) || memchr(buf, '\r', len))
		snprintf(why, why_cap, "password file %s must hold the password alone on one line", path),
			rc = HL_ERR_INVALID;
	else
		memcpy(out, buf, len + 1);
	secret_wipe(buf, sizeof buf);
	return rc;
}

int secret_write(const char *path, const char *text)
{
	char tmp[4096];
	int fd, rc = HL_ERR_IO;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return HL_ERR_IO;
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return HL_ERR_IO;
	size_t len = strlen(text);
	if (write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1 && fsync(fd) == 0)
		rc = HL_OK;
	if (close(fd) != 0)
		rc = HL_ERR_IO;
	if (rc == HL_OK && rename(tmp, path) != 0)
		rc = HL_ERR_IO;
	if (rc != HL_OK)
		unlink(tmp);
	return rc;
}

int secret_random(char *out, size_t cap, size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char b[SECRET_MAX];

	if (len >= cap || len > sizeof b || getrandom(b, len, 0) != (ssize_t)len)
		return HL_ERR_IO;
	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[b[i] & 63]; /* 64 symbols: no modulo bias */
	out[len] = '\0';
	secret_wipe(b, sizeof b);
	return HL_OK;
}
