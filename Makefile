# SPDX-License-Identifier: MIT
# Hài Lòng — one non-recursive Makefile. Out-of-tree objects in $(BUILD); `make SANITIZE=1 …` builds
# with ASan+UBSan into its own folder; `V=1` shows the commands.

BUILD      ?= build
CC         ?= cc
OPT        ?= -O2 -g
PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
DESTDIR    ?=

ifeq ($(SANITIZE),1)
override BUILD := $(BUILD)/sanitize
OPT      := -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
endif

ifneq ($(V),1)
Q := @
endif

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
DEFS    := -D_GNU_SOURCE
PKGS    := libmosquitto libcjson sqlite3
PKG_CF  := $(shell $(PKG_CONFIG) --cflags $(PKGS) openssl cmocka libsodium 2>/dev/null)
SDL_CF  := $(shell $(PKG_CONFIG) --cflags sdl2 SDL2_ttf SDL2_image 2>/dev/null)
CFLAGS  += $(OPT) $(WARN) $(DEFS) $(SANFLAGS) -MMD -MP -Ishared -Inet -Iresults -Iaggregator -Iterminal -Iweb $(PKG_CF)
# hailong-notify's headers (notify/): last, so that its files' own settings header is found first.
CFLAGS  += -Inotify
LDFLAGS += $(SANFLAGS)
LIB_JSON     := $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null) -lm
LIB_MQTT     := $(shell $(PKG_CONFIG) --libs libmosquitto openssl 2>/dev/null) -lpthread
LIB_SQL      := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null)
LIB_CMOCKA   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
LIB_SDL      := $(shell $(PKG_CONFIG) --libs sdl2 SDL2_ttf SDL2_image 2>/dev/null)
LIB_Z        := -lz
LIB_HTTPD    := $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null)
LIB_SODIUM   ?= $(shell $(PKG_CONFIG) --libs libsodium 2>/dev/null)
LIB_CURL     := $(shell $(PKG_CONFIG) --libs libcurl 2>/dev/null)

# ---- sources -------------------------------------------------------------------------------------
SHARED_SRC := $(wildcard shared/*.c)
NET_SRC    := net/link.c net/link_inbox.c net/link_why.c net/tls_probe.c
AGG_CORE   := results/period.c results/rollup.c results/ingest.c results/report.c results/report_text.c results/report_html.c results/report_chart.c results/chart_text.c results/sipas.c results/index.c
AGG_STORE  := results/store.c results/store_schema.c results/store_write.c results/store_read.c results/store_roster.c results/store_flags.c
# Publishing a site's roster and its officers' photos: `roster publish` and the console share it.
AGG_STORE  += results/roster_send.c
AGG_SRC    := $(AGG_CORE) $(AGG_STORE) aggregator/settings.c aggregator/serve.c aggregator/cli.c results/report_load.c aggregator/cmd_report.c aggregator/main.c
AGG_SRC    += aggregator/cmd_roster.c aggregator/cmd_session.c aggregator/roster_opts.c results/sheet.c results/sheet_size.c
# Complaint flags: the pure rules (flags.c) are part of the core; store_flags.c uses their names, so
# whatever links the store links them too (make drops the duplicates from $^).
AGG_FLAGS  := results/flags.c results/flag_evidence.c results/flag_status.c results/flag_engine.c results/flag_terminals.c results/flag_window.c results/flag_trend.c results/ingest.c
# A flag's summary in the reader's language, for the CLI, the HTML report, the alerts and the console.
AGG_FLAGS  += results/flag_words.c results/flag_items.c
AGG_CORE   += $(AGG_FLAGS)
AGG_STORE  += $(AGG_FLAGS) results/index.c
AGG_SRC    += $(AGG_FLAGS) aggregator/cmd_flags.c aggregator/flags_out.c
# The one-stop system's dossier counts and the QĐ 766 estimate: the pure reader and maths (dossier.c),
# the report's model and writers, their SQL; `import dossiers` and `report 766` (cmd_dossier.c).
AGG_DOSSIER := results/dossier.c results/report766.c results/report766_html.c results/store_dossier.c
AGG_SRC    += $(AGG_DOSSIER) aggregator/cmd_dossier.c
AGG_SRC    += aggregator/cmd_account.c aggregator/account_files.c aggregator/admin.c aggregator/account.c aggregator/dynsec.c
AGG_SRC    += aggregator/dynsec_answer.c aggregator/account_update.c
# The people's side (users, logins, tokens, audit, counters): its store files go wherever the store
# goes; credential.c (libsodium: password hashes, tokens) only where secrets are made or checked.
RES_STORE_USERS := results/users.c results/store_users.c results/store_access.c results/store_prefs.c
RES_USERS  := $(RES_STORE_USERS) results/credential.c
AGG_STORE  += $(RES_STORE_USERS)
AGG_SRC    += $(RES_USERS) aggregator/cmd_user.c aggregator/cmd_user_notify.c aggregator/cmd_board.c aggregator/cmd_token.c aggregator/people.c

# The scheduled reports of hailong-notify: the due period, the planning, the mail's words, the PDF.
NOTIFY_DIGEST := notify/schedule.c notify/digest.c notify/digest_text.c notify/pdf.c results/message.c
TERM_CORE  := terminal/kiosk.c terminal/ui.c terminal/ui_parts.c terminal/outbox.c terminal/script.c terminal/textfit.c terminal/latency.c terminal/face.c terminal/colour.c terminal/photos.c
TERM_SRC   := $(TERM_CORE) terminal/spool.c terminal/settings.c terminal/view.c terminal/view_text.c terminal/options.c terminal/clocks.c terminal/app_net.c terminal/app_input.c terminal/main.c
TERM_SRC   += terminal/prompt.c terminal/speech.c # spoken prompts: the clips' texts, the SDL audio adapter

# The web console: every web/*.c but the program's main (tests link the rest), and its static files
# (web/static/) built into the program.
WEB_CORE   := $(filter-out web/main.c web/server.c,$(wildcard web/*.c))
WEB_SRC    := $(WEB_CORE) web/server.c web/main.c

# hailong-notify (DESIGN §13): flag alerts by e-mail and webhook, the delivery queue. Pure cores
# (the e-mail's text, the webhook's signature and body, backoff, who gets what, the webhooks file),
# the queue's SQL, and the adapters (libcurl in send.c alone, the loop, main).
NOTIFY_CORE  := results/message.c notify/mime.c notify/hook.c notify/backoff.c notify/alert_plan.c notify/hooks.c
NOTIFY_STORE := results/store_delivery.c results/message.c
# The console's Thư và webhook page reads the queue (and makes a waiting delivery due now).
WEB_SRC      += $(NOTIFY_STORE)
NOTIFY_SRC   := $(NOTIFY_CORE) $(NOTIFY_STORE) $(NOTIFY_DIGEST) results/report_load.c notify/settings.c notify/send.c notify/loop.c notify/main.c

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBSHARED := $(BUILD)/libhlshared.a
AGGREGATOR := $(BUILD)/hailong-aggregator
LOADGEN    := $(BUILD)/hailong-loadgen
BENCHREPORT := $(BUILD)/bench-report
WEBLOAD    := $(BUILD)/hailong-webload
CVD        := $(BUILD)/hailong-cvd
PROMPTS    := $(BUILD)/hailong-prompts

TERMINAL   := $(BUILD)/hailong-terminal
WEB        := $(BUILD)/hailong-web

PROGRAMS := $(AGGREGATOR) $(LOADGEN) $(TERMINAL) $(WEB)
PROGRAMS += $(WEBLOAD)
PROGRAMS += $(CVD)
NOTIFY     := $(BUILD)/hailong-notify
PROGRAMS += $(NOTIFY)

UNIT_TESTS := test_wire test_config test_period test_rollup test_ingest test_report test_store \
	      test_outbox test_spool test_kiosk test_kiosk_txn test_kiosk_turn test_ui test_ui_people test_i18n test_script test_textfit test_view test_roster \
	      test_session
UNIT_TESTS += test_csv test_store_roster test_photos
UNIT_TESTS += test_index
UNIT_TESTS += test_report_chart
UNIT_TESTS += test_flags test_store_flags test_flag_words
UNIT_TESTS += test_numfmt
UNIT_TESTS += test_dynsec test_dynsec_update
UNIT_TESTS += test_secret
UNIT_TESTS += test_latency
UNIT_TESTS += test_colour test_speech
UNIT_TESTS += test_log test_link_clock
UNIT_TESTS += test_store_users test_credential
UNIT_TESTS += test_web_core test_web_cache
UNIT_TESTS += test_web_flags test_events
UNIT_TESTS += test_web_api test_web_counter test_web_roster
UNIT_TESTS += test_web_reports test_web_sites
UNIT_TESTS += test_dossier test_report766 test_store_dossier
UNIT_TESTS += test_sites
UNIT_TESTS += test_store_prefs test_web_board # issue 12: what people chose, the public board
UNIT_TESTS += test_schedule test_digest
UNIT_TESTS += test_mime test_hook test_store_delivery test_alert_plan
UNIT_TESTS += test_web_deliveries # Thư và webhook: the deliveries in the console
IT_TESTS   := it_ingest it_crash it_terminal
IT_TESTS   += it_screens # every terminal screen and state, vi and en, three sizes, into BUILD/screenshots
IT_TESTS   += it_roster
IT_TESTS   += it_sites # sites' names: roster import --sites, and every output a head reads
IT_TESTS   += it_report
IT_TESTS   += it_dossier
IT_TESTS   += it_flags
IT_TESTS   += it_account
IT_TESTS   += it_secure it_tls_harness
IT_TESTS   += it_bridge
IT_TESTS   += it_faults
IT_TESTS   += it_users
IT_TESTS   += it_web
IT_TESTS   += it_notify # hailong-notify with a local SMTP server (aiosmtpd, STARTTLS, AUTH) and a webhook receiver
IT_TESTS   += py_browser py_openapi # tests/web/*.py through Debian's python3: a real browser, the API against openapi.yaml
IT_TESTS   += py_charts # the HTML report's and the console's charts at 390 px, 1366 px and on A4
IT_TESTS   += py_board # the public board at 1920, 1366 and 390 px and on A4; Nhận thông báo at 390 and 1366 px
ifneq ($(SANITIZE),1)
IT_TESTS   += it_valgrind # valgrind and ASan do not mix
endif
# libFuzzer harnesses (make fuzz) and the replay of their corpus, which is part of make check: the
# fragment adds its replay tests to UNIT_TESTS and defines the fuzz target.
-include tests/fuzz/fuzz.mk
TEST_BINS  := $(addprefix $(BUILD)/tests/,$(UNIT_TESTS) $(filter-out py_%,$(IT_TESTS)))

.PHONY: all deps check unit-check it-check bench demo install clean fuzz chaos
all: $(PROGRAMS)

# The spoken prompts, made with Debian's espeak-ng when it is installed: hailong-prompts prints
# FILE<TAB>TEXT per clip and language, each text becomes $(BUILD)/voice/FILE.
ESPEAK ?= $(shell command -v espeak-ng 2>/dev/null)
VOICE  := $(BUILD)/voice/.done
ifneq ($(ESPEAK),)
all: $(VOICE)
endif
$(VOICE): $(PROMPTS)
	@$(if $(Q),echo "  VOICE   $(BUILD)/voice")
	$(Q)rm -rf $(BUILD)/voice.tmp && mkdir -p $(BUILD)/voice.tmp && $(PROMPTS) > $(BUILD)/voice.tmp/prompts.tsv
	$(Q)tab=$$(printf '\t'); while IFS=$$tab read -r f t; do \
		printf '%s' "$$t" | $(ESPEAK) -v $${f%%-*} -s 150 --stdin -w $(BUILD)/voice.tmp/$$f || exit 1; \
	done < $(BUILD)/voice.tmp/prompts.tsv
	$(Q)rm -rf $(BUILD)/voice && mv $(BUILD)/voice.tmp $(BUILD)/voice && touch $@

$(BUILD)/obj/terminal/view.o $(BUILD)/obj/terminal/view_text.o $(BUILD)/obj/terminal/main.o $(BUILD)/obj/terminal/app_net.o $(BUILD)/obj/terminal/app_input.o: CFLAGS += $(SDL_CF)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(LIBSHARED): $(call obj,$(SHARED_SRC))
	$(Q)rm -f $@ && ar rcs $@ $^

$(AGGREGATOR): $(call obj,$(AGG_SRC) $(NET_SRC)) $(LIBSHARED)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_MQTT) $(LIB_SQL) $(LIB_JSON) $(LIB_SODIUM)

$(TERMINAL): $(call obj,$(TERM_SRC) $(NET_SRC)) $(LIBSHARED)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_SDL) $(LIB_MQTT) $(LIB_SQL) $(LIB_JSON)

$(BUILD)/gen/web_static.c: scripts/embed.sh $(wildcard web/static/*)
	@mkdir -p $(dir $@)
	$(Q)scripts/embed.sh web/static > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/web_static.o: $(BUILD)/gen/web_static.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iweb -c -o $@ $<

$(WEB): $(call obj,$(WEB_SRC) $(AGG_CORE) $(AGG_STORE) $(RES_USERS) results/report_load.c results/sheet.c results/sheet_size.c $(NET_SRC)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_HTTPD) $(LIB_SODIUM) $(LIB_MQTT) $(LIB_SQL) $(LIB_JSON)

$(BUILD)/obj/notify/send.o: CFLAGS += $(shell $(PKG_CONFIG) --cflags libcurl 2>/dev/null)
$(NOTIFY): $(call obj,$(NOTIFY_SRC) $(AGG_CORE) $(AGG_STORE) results/rollup.c results/period.c $(NET_SRC)) $(LIBSHARED)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_CURL) $(LIB_SODIUM) $(LIB_MQTT) $(LIB_SQL) $(LIB_JSON)

$(LOADGEN): $(call obj,tools/loadgen.c terminal/outbox.c $(NET_SRC)) $(LIBSHARED)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_MQTT) $(LIB_JSON)

# The spoken prompts' texts for the build (no SDL).
$(PROMPTS): $(call obj,tools/prompts.c terminal/prompt.c) $(LIBSHARED)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^
# speech.c plays them through SDL audio; the terminal finds them in voice_dir (default below).
$(BUILD)/obj/terminal/speech.o $(BUILD)/obj/tests/test_speech.o: CFLAGS += $(SDL_CF)
$(BUILD)/obj/terminal/settings.o: CFLAGS += -DHL_VOICE_DIR='"$(PREFIX)/share/hailong/voice"'

# Screenshots as seen with a colour-vision deficiency (SDL2_image reads and writes the PNGs).
$(BUILD)/obj/tools/cvd.o: CFLAGS += $(SDL_CF)
$(CVD): $(call obj,tools/cvd.c terminal/colour.c)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_SDL) -lm

# The web console's load client: libc and pthread only (bench/web.sh).
$(WEBLOAD): $(call obj,tools/webload.c tools/webload_http.c)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ -lpthread

$(BENCHREPORT): $(call obj,bench/bench_report.c results/report_load.c $(AGG_CORE) $(AGG_STORE)) $(LIBSHARED)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_SQL) $(LIB_JSON)

# ---- tests: one cmocka binary per module, linking only what it tests ----------------------------
$(BUILD)/tests/test_wire:   $(call obj,tests/test_wire.c) $(LIBSHARED)
$(BUILD)/tests/test_config: $(call obj,tests/test_config.c) $(LIBSHARED)
$(BUILD)/tests/test_period: $(call obj,tests/test_period.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_rollup: $(call obj,tests/test_rollup.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_ingest: $(call obj,tests/test_ingest.c results/ingest.c) $(LIBSHARED)
$(BUILD)/tests/test_report: $(call obj,tests/test_report.c results/report.c results/report_text.c results/report_html.c results/report_chart.c results/chart_text.c results/sipas.c results/index.c results/rollup.c results/period.c results/report_load.c $(AGG_STORE)) $(LIBSHARED)
$(BUILD)/tests/test_report_chart: $(call obj,tests/test_report_chart.c results/report.c results/report_text.c results/report_html.c results/report_chart.c results/chart_text.c results/index.c results/rollup.c results/period.c $(AGG_FLAGS)) $(LIBSHARED)
$(BUILD)/tests/test_index:  $(call obj,tests/test_index.c results/index.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_store:  $(call obj,tests/test_store.c tests/raw_db.c $(AGG_STORE) results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_kiosk:  $(call obj,tests/test_kiosk.c tests/kiosk_fixture.c terminal/kiosk.c) $(LIBSHARED)
$(BUILD)/tests/test_kiosk_txn: $(call obj,tests/test_kiosk_txn.c tests/kiosk_fixture.c terminal/kiosk.c) $(LIBSHARED)
$(BUILD)/tests/test_kiosk_turn: $(call obj,tests/test_kiosk_turn.c tests/kiosk_fixture.c terminal/kiosk.c) $(LIBSHARED)
$(BUILD)/tests/test_ui:     $(call obj,tests/test_ui.c tests/ui_fixture.c tests/kiosk_fixture.c terminal/ui.c terminal/ui_parts.c terminal/kiosk.c terminal/prompt.c) $(LIBSHARED)
$(BUILD)/tests/test_ui_people: $(call obj,tests/test_ui_people.c tests/ui_fixture.c tests/kiosk_fixture.c terminal/ui.c terminal/ui_parts.c terminal/kiosk.c terminal/prompt.c) $(LIBSHARED)
$(BUILD)/tests/test_i18n:   $(call obj,tests/test_i18n.c) $(LIBSHARED)
$(BUILD)/tests/test_script: $(call obj,tests/test_script.c terminal/script.c) $(LIBSHARED)
$(BUILD)/tests/test_textfit: $(call obj,tests/test_textfit.c terminal/textfit.c) $(LIBSHARED)
$(BUILD)/tests/test_view: $(call obj,tests/test_view.c terminal/view.c terminal/view_text.c terminal/textfit.c terminal/face.c terminal/colour.c) $(LIBSHARED)
$(BUILD)/tests/test_view: TEST_LIBS = $(LIB_SDL) -lm
$(BUILD)/obj/tests/test_view.o: CFLAGS += $(SDL_CF)
$(BUILD)/tests/test_roster: $(call obj,tests/test_roster.c tests/fake_png.c results/sheet.c results/sheet_size.c) $(LIBSHARED)
$(BUILD)/tests/test_photos: $(call obj,tests/test_photos.c tests/fake_png.c terminal/photos.c) $(LIBSHARED)
$(BUILD)/tests/test_session: $(call obj,tests/test_session.c) $(LIBSHARED)
$(BUILD)/tests/test_csv:    $(call obj,tests/test_csv.c) $(LIBSHARED)
$(BUILD)/tests/test_dossier: $(call obj,tests/test_dossier.c results/dossier.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_report766: $(call obj,tests/test_report766.c results/report766.c results/report766_html.c results/dossier.c results/report.c results/report_text.c results/report_html.c results/report_chart.c results/chart_text.c results/index.c results/rollup.c results/period.c $(AGG_FLAGS)) $(LIBSHARED)
$(BUILD)/tests/test_store_dossier: $(call obj,tests/test_store_dossier.c tests/raw_db.c results/store_dossier.c results/dossier.c $(AGG_STORE) results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_sites: $(call obj,tests/test_sites.c results/sheet.c results/sheet_size.c results/report_load.c results/report766.c results/report766_html.c results/dossier.c $(AGG_CORE) $(AGG_STORE)) $(LIBSHARED)
$(BUILD)/tests/test_schedule: $(call obj,tests/test_schedule.c notify/schedule.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_digest: $(call obj,tests/test_digest.c tests/raw_db.c $(NOTIFY_DIGEST) results/report_load.c $(AGG_CORE) $(AGG_STORE)) $(LIBSHARED)
$(BUILD)/tests/test_secret: $(call obj,tests/test_secret.c) $(LIBSHARED)
$(BUILD)/tests/test_store_roster: $(call obj,tests/test_store_roster.c tests/fake_png.c $(AGG_STORE) results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_outbox: $(call obj,tests/test_outbox.c terminal/outbox.c) $(LIBSHARED)
$(BUILD)/tests/test_spool:  $(call obj,tests/test_spool.c tests/raw_db.c terminal/spool.c) $(LIBSHARED)
$(BUILD)/tests/test_latency: $(call obj,tests/test_latency.c terminal/latency.c) $(LIBSHARED)
$(BUILD)/tests/test_colour: $(call obj,tests/test_colour.c terminal/colour.c terminal/face.c) $(LIBSHARED)
$(BUILD)/tests/test_speech: $(call obj,tests/test_speech.c terminal/speech.c terminal/prompt.c terminal/settings.c) $(LIBSHARED)
$(BUILD)/tests/test_speech: TEST_LIBS = $(LIB_SDL)
$(BUILD)/tests/test_log: $(call obj,tests/test_log.c) $(LIBSHARED)
$(BUILD)/tests/test_link_clock: $(call obj,tests/test_link_clock.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_ingest:   $(call obj,tests/it_ingest.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_report:   $(call obj,tests/it_report.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_roster:   $(call obj,tests/it_roster.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_sites:    $(call obj,tests/it_sites.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_dossier:  $(call obj,tests/it_dossier.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_crash:    $(call obj,tests/it_crash.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_terminal: $(call obj,tests/it_terminal.c tests/terminal_fixture.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_screens: $(call obj,tests/it_screens.c tests/terminal_fixture.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_faults: $(call obj,tests/it_faults.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_valgrind: $(call obj,tests/it_valgrind.c tests/harness.c tests/harness_tls.c tests/harness_http.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/test_flags:  $(call obj,tests/test_flags.c $(AGG_FLAGS) results/index.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_flag_words: $(call obj,tests/test_flag_words.c $(AGG_FLAGS) results/index.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_numfmt: $(call obj,tests/test_numfmt.c) $(LIBSHARED)
$(BUILD)/tests/test_store_flags: $(call obj,tests/test_store_flags.c $(AGG_STORE) results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/it_flags:    $(call obj,tests/it_flags.c tests/harness.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/test_dynsec: $(call obj,tests/test_dynsec.c tests/dynsec_fixture.c aggregator/account.c aggregator/dynsec.c aggregator/dynsec_answer.c) $(LIBSHARED)
$(BUILD)/tests/test_dynsec_update: $(call obj,tests/test_dynsec_update.c tests/dynsec_fixture.c aggregator/account.c aggregator/dynsec.c aggregator/dynsec_answer.c) $(LIBSHARED)
$(BUILD)/tests/it_tls_harness: $(call obj,tests/it_tls_harness.c tests/harness.c tests/harness_tls.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_secure: $(call obj,tests/it_secure.c tests/harness.c tests/harness_tls.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_bridge: $(call obj,tests/it_bridge.c tests/harness.c tests/harness_tls.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_account: $(call obj,tests/it_account.c tests/harness.c tests/harness_tls.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/test_store_users: $(call obj,tests/test_store_users.c tests/raw_db.c $(AGG_STORE) results/credential.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_store_prefs: $(call obj,tests/test_store_prefs.c $(AGG_STORE) results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_credential: $(call obj,tests/test_credential.c results/credential.c) $(LIBSHARED)
$(BUILD)/tests/it_users: $(call obj,tests/it_users.c tests/harness.c results/credential.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/test_store_users $(BUILD)/tests/test_credential $(BUILD)/tests/it_users: TEST_LIBS = $(LIB_SODIUM)
# The web console's unit tests link everything of hailong-web but its socket adapter and main.
WEB_TEST_DEPS := $(WEB_CORE) $(AGG_CORE) $(AGG_STORE) $(RES_USERS) results/report_load.c results/sheet.c results/sheet_size.c $(NET_SRC)
# The fixture they share: the store, accounts, ratings, flags, requests (tests/web_fixture.h).
WEB_TEST_DEPS += tests/web_fixture.c
WEB_TEST_DEPS += $(NOTIFY_STORE) # Thư và webhook: the delivery queue
$(BUILD)/tests/test_web_%: TEST_LIBS = $(LIB_SODIUM)
$(BUILD)/tests/test_events: TEST_LIBS = $(LIB_SODIUM)
$(BUILD)/tests/it_web: $(call obj,tests/it_web.c tests/harness.c tests/harness_http.c tests/harness_tls.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/test_web_cache: $(call obj,tests/test_web_cache.c web/cache.c web/buf.c) $(LIBSHARED)
$(BUILD)/tests/test_web_core: $(call obj,tests/test_web_core.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_flags: $(call obj,tests/test_web_flags.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_api: $(call obj,tests/test_web_api.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_counter: $(call obj,tests/test_web_counter.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_roster: $(call obj,tests/test_web_roster.c tests/fake_png.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_reports: $(call obj,tests/test_web_reports.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_sites: $(call obj,tests/test_web_sites.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_board: $(call obj,tests/test_web_board.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_web_deliveries: $(call obj,tests/test_web_deliveries.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
$(BUILD)/tests/test_events: $(call obj,tests/test_events.c $(WEB_TEST_DEPS)) $(BUILD)/obj/gen/web_static.o $(LIBSHARED)
# hailong-notify's tests
$(BUILD)/tests/test_mime: $(call obj,tests/test_mime.c tests/mail_read.c notify/mime.c results/message.c) $(LIBSHARED)
$(BUILD)/tests/test_hook: $(call obj,tests/test_hook.c notify/hook.c $(AGG_FLAGS) results/index.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_store_delivery: $(call obj,tests/test_store_delivery.c $(NOTIFY_STORE) notify/backoff.c $(AGG_STORE) results/credential.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_alert_plan: $(call obj,tests/test_alert_plan.c $(NOTIFY_CORE) $(AGG_FLAGS) results/index.c results/rollup.c results/period.c) $(LIBSHARED)
$(BUILD)/tests/test_hook $(BUILD)/tests/test_store_delivery $(BUILD)/tests/test_alert_plan: TEST_LIBS = $(LIB_SODIUM)
$(BUILD)/tests/it_notify: $(call obj,tests/it_notify.c tests/mail_read.c tests/harness.c notify/hook.c $(AGG_FLAGS) results/index.c results/rollup.c results/period.c $(NET_SRC)) $(LIBSHARED)
$(BUILD)/tests/it_notify: TEST_LIBS = $(LIB_SODIUM)
$(BUILD)/obj/tests/it_notify.o: CFLAGS += $(if $(filter 1,$(SANITIZE)),-DHL_NO_VALGRIND) # valgrind and ASan do not mix

$(BUILD)/tests/%:
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIB_CMOCKA) $(LIB_MQTT) $(LIB_SQL) $(LIB_JSON) $(LIB_Z) $(TEST_LIBS)

# ---- the README's two commands and friends ------------------------------------------------------
deps:
	$(Q)scripts/deps.sh

unit-check: deps
	$(Q)$(MAKE) --no-print-directory $(addprefix $(BUILD)/tests/,$(UNIT_TESTS))
	$(Q)scripts/run-tests.sh $(BUILD) $(UNIT_TESTS)

check: deps
	$(Q)$(MAKE) --no-print-directory all $(TEST_BINS)
	$(Q)scripts/run-tests.sh $(BUILD) $(UNIT_TESTS) $(IT_TESTS)

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BENCHREPORT)
	$(Q)bench/run.sh $(BUILD)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo.sh $(BUILD)

# Not part of `make check`: the fault campaign (real terminals, kill -9, SIGSTOP, a full spool disk).
chaos: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/chaos.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/hailong
	install -m 755 $(AGGREGATOR) $(TERMINAL) $(WEB) $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(NOTIFY) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 systemd/notify.conf.example systemd/webhooks.csv.example systemd/hailong-notify.service \
		$(DESTDIR)$(PREFIX)/share/hailong/
	install -m 644 systemd/aggregator.conf.example systemd/hailong-aggregator.service \
		systemd/web.conf.example systemd/hailong-web.service web/openapi.yaml \
		systemd/terminal.conf.example systemd/hailong-terminal.service \
		systemd/mosquitto-hailong.conf systemd/mosquitto-bridge.conf.example $(DESTDIR)$(PREFIX)/share/hailong/
	install -m 755 systemd/hailong-make-certs systemd/hailong-broker-init $(DESTDIR)$(PREFIX)/bin/
	if [ -d $(BUILD)/voice ]; then install -d $(DESTDIR)$(PREFIX)/share/hailong/voice && \
		install -m 644 $(BUILD)/voice/*.wav $(DESTDIR)$(PREFIX)/share/hailong/voice/; fi

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
