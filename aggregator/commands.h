/* SPDX-License-Identifier: MIT
 * commands.h — the aggregator's subcommands for people, each in its own file, dispatched by main.c.
 * Each takes the arguments after the subcommand's name (argv[0] is the name), prints its own usage on
 * --help, and returns the exit code: 0 done, 1 failed, 2 bad usage. */
#ifndef HL_COMMANDS_H
#define HL_COMMANDS_H

int cmd_flags(int argc, char **argv);   /* cmd_flags.c: list, show, ack, resolve */
int cmd_roster(int argc, char **argv);  /* cmd_roster.c: import, show, publish */
int cmd_session(int argc, char **argv); /* cmd_session.c: open, close */
int cmd_report(int argc, char **argv);  /* cmd_report.c: officers, procedures, counters, sites, 766 */
int cmd_export(int argc, char **argv);  /* cmd_report.c: sipas */
int cmd_backup(int argc, char **argv);  /* cmd_report.c: a consistent copy of the database */
int cmd_terminal(int argc, char **argv); /* cmd_account.c: terminals' broker logins */
int cmd_account(int argc, char **argv);  /* cmd_account.c: the other broker logins */
int cmd_user(int argc, char **argv);     /* cmd_user.c: the web console's users */
int cmd_token(int argc, char **argv);    /* cmd_token.c: the web console's API tokens */
int cmd_import(int argc, char **argv);   /* cmd_dossier.c: the one-stop system's dossier counts */
int cmd_board(int argc, char **argv);    /* cmd_board.c: the sites' public boards, on or off */

struct cli_common;
struct period_range;
/* cmd_dossier.c: `report 766`, its options parsed by cmd_report (everything borrowed): the whole
 * months of days, site (NULL: all), the format (enum report_format), -o FILE (NULL: stdout) and
 * --max-points as given (NULL: the config's qd766_max_points). Returns the exit code (0 or 1). */
int cmd_report_766(struct cli_common *c, const struct period_range *days, const char *site, int fmt,
		   const char *outpath, const char *max_points);

/* cmd_user_notify.c: `user notify NAME`, the options as given (NULL / -1: unchanged; none at all:
 * show them). Returns the exit code (0 or 1). */
struct store;
struct user_notify_opts {
	const char *email;
	int alerts, reports, sipas; /* enum pref_alerts, enum pref_reports, 0/1 */
};
int user_notify(struct store *s, const char *name, const struct user_notify_opts *o);

#endif
