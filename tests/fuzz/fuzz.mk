# SPDX-License-Identifier: MIT
# tests/fuzz/fuzz.mk — the libFuzzer harnesses (tests/fuzz/fuzz_*.c), included by the top-level
# Makefile after UNIT_TESTS is set. Two builds of the same harness sources:
#  - test_fuzz_replay (in UNIT_TESTS, so `make check` runs it): every harness built with $(CC) and the
#    project's flags (ASan+UBSan under SANITIZE=1), each entry point renamed fuzz_one_NAME, replaying
#    the committed corpus tests/fuzz/corpus/NAME/;
#  - `make fuzz [FUZZ_SECONDS=60] [FUZZ=name ...]`: each harness built by clang with
#    -fsanitize=fuzzer,address,undefined into $(BUILD)/fuzz/ (its own objects), run one after the other
#    by tests/fuzz/run.sh on a copy of its corpus, with one summary table at the end;
#  - `make fuzz-merge [FUZZ=name ...]`: minimises the committed corpus with what the last campaigns
#    found ($(BUILD)/fuzz/corpus/NAME), for review and commit.

# Rules below must not become the default goal of the Makefile that includes this file.
FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_HARNESSES := wire_rating wire_receipt wire_session flag_status roster roster_csv config csv script dynsec \
		  chart_text dossier_csv
FUZZ_HARNESSES += webhooks # hailong-notify's webhooks file
FUZZ           ?= $(FUZZ_HARNESSES)
FUZZ_SECONDS   ?= 60
FUZZ_RSS_MB    ?= 2048
FUZZ_CC        ?= clang
FUZZ_DIR       := $(BUILD)/fuzz

# What each harness links besides shared/ (libhlshared) and tests/fuzz/fuzz.c.
FUZZ_DEPS_wire_rating  :=
FUZZ_DEPS_wire_receipt :=
FUZZ_DEPS_wire_session :=
FUZZ_DEPS_flag_status  := results/flag_status.c
FUZZ_DEPS_roster       :=
FUZZ_DEPS_roster_csv   := results/sheet.c
FUZZ_DEPS_config       := terminal/settings.c
FUZZ_DEPS_csv          :=
FUZZ_DEPS_script       := terminal/script.c
FUZZ_DEPS_dynsec       := aggregator/dynsec.c aggregator/dynsec_answer.c aggregator/account.c
FUZZ_DEPS_chart_text   := results/chart_text.c
FUZZ_DEPS_dossier_csv  := results/dossier.c results/period.c
FUZZ_DEPS_webhooks     := notify/hooks.c

# The longest input worth trying: a little past each parser's own limit, where it has one.
FUZZ_MAXLEN_wire_rating  := 4300
FUZZ_MAXLEN_wire_receipt := 12000
FUZZ_MAXLEN_wire_session := 4200
FUZZ_MAXLEN_flag_status  := 4300
FUZZ_MAXLEN_roster       := 16384
FUZZ_MAXLEN_roster_csv   := 8192
FUZZ_MAXLEN_config       := 8192
FUZZ_MAXLEN_csv          := 8192
FUZZ_MAXLEN_script       := 4096
FUZZ_MAXLEN_dynsec       := 8192
FUZZ_MAXLEN_chart_text   := 1024
FUZZ_MAXLEN_dossier_csv  := 8192
FUZZ_MAXLEN_webhooks     := 8192

FUZZ_ALL_DEPS := $(sort $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DEPS_$(h))))

# ---- the corpus replay, part of make check --------------------------------------------------------
UNIT_TESTS += test_fuzz_replay

$(foreach h,$(FUZZ_HARNESSES),$(eval \
$(call obj,tests/fuzz/fuzz_$(h).c): CFLAGS += -DLLVMFuzzerTestOneInput=fuzz_one_$(h)))

$(BUILD)/tests/test_fuzz_replay: $(call obj,tests/fuzz/replay.c tests/fuzz/fuzz.c \
	$(foreach h,$(FUZZ_HARNESSES),tests/fuzz/fuzz_$(h).c) $(FUZZ_ALL_DEPS)) $(LIBSHARED)

# ---- make fuzz: clang + libFuzzer -----------------------------------------------------------------
# Warnings are the project's but not errors here: gcc's -Werror build already holds every file to
# them, and a warning only clang gives must not stop a campaign.
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer $(filter-out -Werror,$(WARN)) $(DEFS) $(FUZZ_SAN) \
	       -fsanitize=fuzzer-no-link -MMD -MP -Ishared -Inet -Iresults -Iaggregator -Iterminal -Inotify $(PKG_CF)
fuzz_obj    = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(1))
FUZZ_BINS   := $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_HARNESSES))

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/libhlshared.a: $(call fuzz_obj,$(SHARED_SRC))
	$(Q)rm -f $@ && ar rcs $@ $^

$(foreach h,$(FUZZ_HARNESSES),$(eval \
$(FUZZ_DIR)/fuzz_$(h): $(call fuzz_obj,tests/fuzz/fuzz_$(h).c tests/fuzz/fuzz.c $(FUZZ_DEPS_$(h))) \
	$(FUZZ_DIR)/libhlshared.a))

$(FUZZ_BINS):
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIB_JSON)

.PHONY: fuzz-build fuzz-merge
fuzz-build: $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ))

fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build FUZZ="$(FUZZ)"
	$(Q)tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_RSS_MB) \
		$(foreach h,$(FUZZ),$(h):$(FUZZ_MAXLEN_$(h)))

fuzz-merge: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build FUZZ="$(FUZZ)"
	$(Q)tests/fuzz/run.sh --merge $(FUZZ_DIR) 0 $(FUZZ_RSS_MB) \
		$(foreach h,$(FUZZ),$(h):$(FUZZ_MAXLEN_$(h)))

-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)

.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
