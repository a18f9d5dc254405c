/* SPDX-License-Identifier: MIT
 * pdf.c — headless Chromium's --print-to-pdf (pdf.h). The child gets its own process group, an
 * environment of its own (HOME and the XDG folders inside the temporary folder, so no profile of the
 * daemon's user is read or written) and /dev/null for its streams; only async-signal-safe calls run
 * between fork and exec, since the daemon may have threads. Chromium runs without its own sandbox
 * (--no-sandbox) and without its JavaScript compiler (--js-flags=--jitless): under
 * hailong-notify.service its sandbox cannot be made (no user namespaces, no new privileges) and
 * MemoryDenyWriteExecute= leaves V8 unable to reserve its code space, where it would hang until the
 * timeout (tried: with the kernel's PR_SET_MDWE, the page prints in 0.7 s jitless, never with the
 * JIT). The unit's own confinement holds the browser, which opens nothing but our own page. On
 * timeout the group is killed by the child's id and the child reaped; the group is killed once more
 * after a normal exit (before the child is reaped, so the group's id is still its own), so no helper
 * process stays. The caller must not ignore SIGCHLD. */
#include "pdf.h"

#include "file.h"
#include "hl.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

bool pdf_browser(const char *chromium, char *path, size_t cap)
{
	static const char *const names[] = { "chromium", "chromium-browser" };
	const char *env = getenv("PATH");

	if (chromium && strchr(chromium, '/')) {
		snprintf(path, cap, "%s", chromium);
		return access(path, X_OK) == 0;
	}
	for (size_t i = 0; i < 2; i++) {
		const char *name = chromium && *chromium ? chromium : names[i];
		const char *p = env && *env ? env : "/usr/bin:/bin";
		while (*p) {
			size_t n = strcspn(p, ":");
			if (n > 0 && snprintf(path, cap, "%.*s/%s", (int)n, p, name) < (int)cap && access(path, X_OK) == 0)
				return true;
			p += n + (p[n] == ':');
		}
		if (chromium && *chromium)
			break;
	}
	path[0] = '\0';
	return false;
}

static int pdf_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void pdf_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Runs argv with envp; waits at most timeout_s. HL_OK when it exited 0. */
static int pdf_run(char *const argv[], char *const envp[], int timeout_s, char *why, size_t cap)
{
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC), status = 0;
	pid_t pid, done = 0, reaped;

	if (devnull < 0) {
		snprintf(why, cap, "/dev/null: %s", strerror(errno));
		return HL_ERR_IO;
	}
	if ((pid = fork()) < 0) {
		snprintf(why, cap, "fork: %s", strerror(errno));
		close(devnull);
		return HL_ERR_IO;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: whichever runs first */
	close(devnull);
	/* Seen ended but not reaped (WNOWAIT), so that its id, the group's, cannot be taken by another
	 * process before the group is killed. */
	for (long waited = 0; waited <= (long)timeout_s * 1000; waited += 50) {
		siginfo_t info = { 0 };
		int w = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT);
		if ((w != 0 && errno != EINTR) || info.si_pid == pid) {
			done = pid;
			break;
		}
		pdf_sleep_ms(50);
	}
	kill(-pid, SIGKILL); /* the browser's helpers, and the browser itself after a timeout */
	while ((reaped = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (done == 0) {
		snprintf(why, cap, "the browser took more than %d s", timeout_s);
		return HL_ERR_IO;
	}
	if (reaped != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, cap, "the browser failed (%s %d)", reaped == pid && WIFEXITED(status) ? "exit" : "status",
			 reaped == pid && WIFEXITED(status) ? WEXITSTATUS(status) : status);
		return HL_ERR_IO;
	}
	return HL_OK;
}

int pdf_from_html(const char *chromium, const char *html, size_t len, int timeout_s, unsigned char **pdf,
		  size_t *pdf_len, char *why, size_t cap)
{
	char browser[512], dir[256], in[300], out[300], url[320], profile[300], print[320];
	char home[300], config[300], cache[300];
	const char *tmp = getenv("TMPDIR");
	char *text = NULL;
	int rc = HL_ERR_IO, fd;

	*pdf = NULL;
	*pdf_len = 0;
	why[0] = '\0';
	if (!pdf_browser(chromium, browser, sizeof browser)) {
		snprintf(why, cap, "no chromium installed");
		return HL_ERR_NOTFOUND;
	}
	snprintf(dir, sizeof dir, "%s/hailong-pdf-XXXXXX", tmp && *tmp && strlen(tmp) < 200 ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(why, cap, "%s: %s", dir, strerror(errno));
		return HL_ERR_IO;
	}
	snprintf(in, sizeof in, "%s/report.html", dir);
	snprintf(out, sizeof out, "%s/report.pdf", dir);
	snprintf(url, sizeof url, "file://%s", in);
	snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", dir);
	snprintf(print, sizeof print, "--print-to-pdf=%s", out);
	snprintf(home, sizeof home, "HOME=%s", dir);
	snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/config", dir);
	snprintf(cache, sizeof cache, "XDG_CACHE_HOME=%s/cache", dir);
	if ((fd = open(in, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 || write(fd, html, len) != (ssize_t)len) {
		snprintf(why, cap, "%s: %s", in, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	char *argv[] = { browser, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
			 "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
			 "--disable-component-update", "--disable-sync", "--disable-crash-reporter", "--disable-breakpad",
			 "--no-proxy-server", "--lang=vi", "--no-sandbox", "--js-flags=--jitless", profile,
			 "--no-pdf-header-footer", print, url, NULL };
	char *envp[] = { home, config, cache, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", NULL };
	if ((rc = pdf_run(argv, envp, timeout_s > 0 ? timeout_s : PDF_TIMEOUT_S, why, cap)) != HL_OK)
		goto out;
	size_t n = 0;
	if ((rc = file_read_bounded(out, PDF_MAX_BYTES, &text, &n, why, cap)) != HL_OK)
		goto out;
	if (n > PDF_MAX_BYTES || n < 5 || memcmp(text, "%PDF-", 5) != 0) {
		snprintf(why, cap, n > PDF_MAX_BYTES ? "the PDF is larger than %u bytes" : "the browser made no PDF",
			 PDF_MAX_BYTES);
		free(text);
		rc = HL_ERR_IO;
		goto out;
	}
	*pdf = (unsigned char *)text;
	*pdf_len = n;
	rc = HL_OK;
out:
	nftw(dir, pdf_rm, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
