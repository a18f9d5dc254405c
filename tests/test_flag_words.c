/* SPDX-License-Identifier: MIT
 * test_flag_words.c — a flag told in words, the one wording the command line, the HTML report, the
 * alerts and the console share (flag_words.h), and its evidence as labelled items (flag_items.h):
 * every kind in Vietnamese and in English, with the roster's names and the reasons by their names
 * (never a reason's code, never the engine's English line when the table can tell the kind), the
 * trend's percentages with the reader's decimal separator, old "integrity" flags told by their
 * rule, the stored line only for what the table cannot tell; a serious flag fed through the real
 * engine; a summary cut at a character boundary; and items that count the ratings concerned, never
 * list their ids, say a terminal's "since" as its day and a time of an unknown key as a day too. */
#include "flag_items.h"
#include "flag_words.h"
#include "flags.h"
#include "i18n.h"
#include "roster.h"
#include "survey.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VN (7 * 3600)
#define RATING_ID "0b1c9e2e-3a3f-4a55-9a55-0123456789ab"

static struct roster *names(void)
{
	static const char json[] = "{\"officers\":[{\"code\":\"cb002\",\"name\":\"Nguyễn Thị Ấu\"}],"
				   "\"procedures\":[{\"code\":\"1.001234\",\"name\":\"Đăng ký thực hiện khuyến mại\"}]}";
	struct roster *r = NULL;

	assert_int_equal(roster_decode(json, strlen(json), &r), HL_OK);
	return r;
}

/* The summary of (kind, type, subject, evidence) in lang, with the roster. */
static const char *say(int lang, int kind, int type, const char *subject, const char *evidence)
{
	static char out[FLAG_WORDS_MAX];
	struct roster *r = names();
	struct flag_words_flag f = { kind, type, subject, "engine line NHUNG_NHIEU", evidence };

	flag_words_summary(lang, &f, r, out, sizeof out);
	roster_free(r);
	return out;
}

static void both(int kind, int type, const char *subject, const char *evidence, const char *vi, const char *en)
{
	assert_string_equal(say(I18N_VI, kind, type, subject, evidence), vi);
	assert_string_equal(say(I18N_EN, kind, type, subject, evidence), en);
}

static const char serious_ev[] = "{\"rule\":\"serious\",\"counter\":\"q05\",\"officer\":\"cb002\",\"procedure\":"
				 "\"1.001234\",\"reasons\":[\"NHUNG_NHIEU\",\"CHO_LAU\"],\"rating_ids\":[\"" RATING_ID "\"]}";

static void serious_in_both_languages(void **state)
{
	(void)state;
	both(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb002", serious_ev,
	     "Phản ánh nghiêm trọng về cán bộ Nguyễn Thị Ấu (cb002) tại quầy q05: Sách nhiễu, gây phiền hà",
	     "Serious complaint about officer Nguyễn Thị Ấu (cb002) at counter q05: Harassment, made things difficult");
	/* An officer the roster does not know: the code alone. */
	both(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb999", serious_ev,
	     "Phản ánh nghiêm trọng về cán bộ cb999 tại quầy q05: Sách nhiễu, gây phiền hà",
	     "Serious complaint about officer cb999 at counter q05: Harassment, made things difficult");
	both(FLAG_SERIOUS, FLAG_SUBJ_PROCEDURE, "1.001234", "{\"reasons\":[\"GIAY_TO_NGOAI_QD\"]}",
	     "Phản ánh nghiêm trọng về thủ tục Đăng ký thực hiện khuyến mại (1.001234): Yêu cầu giấy tờ ngoài quy định",
	     "Serious complaint about procedure Đăng ký thực hiện khuyến mại (1.001234): Papers asked beyond the rules");
	both(FLAG_SERIOUS, FLAG_SUBJ_COUNTER, "q05", "{\"counter\":\"q05\",\"reasons\":[\"THU_TIEN_KHONG_PHIEU\"]}",
	     "Phản ánh nghiêm trọng tại quầy q05 (không rõ cán bộ): Thu tiền ngoài quy định, không biên lai",
	     "Serious complaint at counter q05 (officer unknown): Fees outside the rules, no receipt");
	/* No evidence at all: still the kind and subject in words, never the engine's line. */
	both(FLAG_SERIOUS, FLAG_SUBJ_COUNTER, "q07", NULL, "Phản ánh nghiêm trọng tại quầy q07 (không rõ cán bộ)",
	     "Serious complaint at counter q07 (officer unknown)");
	/* Only ordinary reasons (an older rule): they are said. */
	assert_string_equal(say(I18N_VI, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb002", "{\"reasons\":[\"CHO_LAU\"]}"),
			    "Phản ánh nghiêm trọng về cán bộ Nguyễn Thị Ấu (cb002): Chờ lâu");
}

static void every_other_kind_in_both_languages(void **state)
{
	(void)state;
	both(FLAG_BURST, FLAG_SUBJ_COUNTER, "q07", "{\"rule\":\"burst\",\"window_s\":900,\"ratings\":6,\"dissatisfied\":4}",
	     "Quầy q07: 4/6 đánh giá không hài lòng trong 15 phút",
	     "Counter q07: 4 of 6 ratings dissatisfied within 15 min");
	both(FLAG_BURST, FLAG_SUBJ_COUNTER, "q07", "{}", "Quầy q07: nhiều đánh giá không hài lòng trong thời gian ngắn",
	     "Counter q07: many dissatisfied ratings in a short time");
	both(FLAG_TREND, FLAG_SUBJ_OFFICER, "cb002",
	     "{\"rule\":\"trend\",\"days\":30,\"officer\":{\"answers\":40,\"dissatisfied\":12,\"pct\":30.04},"
	     "\"site\":{\"answers\":400,\"dissatisfied\":40,\"pct\":10}}",
	     "Cán bộ Nguyễn Thị Ấu (cb002): tỷ lệ không hài lòng 30 ngày qua cao hơn rõ rệt so với toàn đơn vị (30,0 % so "
	     "với 10,0 %)",
	     "Officer Nguyễn Thị Ấu (cb002): dissatisfied share over the last 30 days clearly above the whole site's "
	     "(30.0 % against 10.0 %)");
	both(FLAG_STUFFING, FLAG_SUBJ_TERMINAL, "q07", "{\"rule\":\"stuffing\",\"window_s\":20,\"ratings\":6}",
	     "Thiết bị quầy q07 gửi đánh giá nhanh hơn người có thể bấm (6 trong 20 giây)",
	     "The terminal at counter q07 sent ratings faster than people can give them (6 within 20 s)");
	both(FLAG_CLOCK, FLAG_SUBJ_TERMINAL, "q30", "{\"rule\":\"clock\",\"clock\":\"too_old\",\"clock_skew_s\":-8640000}",
	     "Thiết bị quầy q30 gửi đánh giá ghi ngày sớm hơn lúc nhận 100 ngày; đánh giá được tính vào ngày nhận",
	     "The terminal at counter q30 sent a rating dated 100 days before it arrived; it is counted on the day received");
	both(FLAG_CLOCK, FLAG_SUBJ_TERMINAL, "q31", "{\"rule\":\"clock\",\"clock\":\"ahead\",\"clock_skew_s\":7200}",
	     "Thiết bị quầy q31 gửi đánh giá ghi ngày muộn hơn lúc nhận 2 giờ; đánh giá được tính vào ngày nhận",
	     "The terminal at counter q31 sent a rating dated 2 h after it arrived; it is counted on the day received");
	both(FLAG_CLOCK, FLAG_SUBJ_TERMINAL, "q32", "{\"rule\":\"clock\",\"clock\":\"not_synchronised\"}",
	     "Đồng hồ thiết bị quầy q32 chưa đồng bộ", "The clock of the terminal at counter q32 is not synchronised");
	both(FLAG_OFFLINE, FLAG_SUBJ_TERMINAL, "q09", "{\"rule\":\"offline\",\"limit_s\":1800}",
	     "Thiết bị quầy q09 mất kết nối hơn 30 phút", "The terminal at counter q09 was offline for more than 30 min");
	both(FLAG_OFFLINE, FLAG_SUBJ_TERMINAL, "q09", "{\"rule\":\"no_status\",\"limit_s\":1800}",
	     "Thiết bị quầy q09 đã gửi đánh giá nhưng không gửi trạng thái hơn 30 phút",
	     "The terminal at counter q09 has sent ratings but no status for more than 30 min");
	both(FLAG_FAULT, FLAG_SUBJ_TERMINAL, "q33", "{\"rule\":\"fault\",\"fault\":\"spool\"}",
	     "Thiết bị quầy q33 không ghi được đánh giá (lỗi bộ nhớ)",
	     "The terminal at counter q33 could not record ratings (storage fault)");
	both(FLAG_FAULT, FLAG_SUBJ_TERMINAL, "q33", "{\"rule\":\"fault\",\"fault\":\"camera\"}",
	     "Thiết bị quầy q33 báo lỗi: camera", "The terminal at counter q33 reports a fault: camera");
	/* An "integrity" flag from before schema 7 is told by the rule its evidence names. */
	both(FLAG_INTEGRITY, FLAG_SUBJ_TERMINAL, "q07", "{\"rule\":\"stuffing\"}",
	     "Thiết bị quầy q07 gửi đánh giá nhanh hơn người có thể bấm",
	     "The terminal at counter q07 sent ratings faster than people can give them");
	/* One the table cannot tell keeps the stored line; without one, the kind's label. */
	assert_string_equal(say(I18N_VI, FLAG_INTEGRITY, FLAG_SUBJ_TERMINAL, "q07", "{}"), "engine line NHUNG_NHIEU");
	struct flag_words_flag bare = { FLAG_INTEGRITY, FLAG_SUBJ_TERMINAL, "q07", "", "{}" };
	char out[64];
	flag_words_summary(I18N_VI, &bare, NULL, out, sizeof out);
	assert_string_equal(out, "Bất thường thiết bị");
}

/* Every kind the rules open is told in words in both languages, never by the engine's line, and
 * never with a reason's code or a rating's id. */
static void no_kind_falls_back_to_the_engine_line(void **state)
{
	static const int kinds[] = { FLAG_SERIOUS, FLAG_BURST, FLAG_TREND, FLAG_STUFFING, FLAG_CLOCK, FLAG_OFFLINE,
				     FLAG_FAULT };

	(void)state;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
			const char *s = say(lang, kinds[i], FLAG_SUBJ_COUNTER, "q01", serious_ev);
			assert_true(s[0]);
			assert_null(strstr(s, "engine line"));
			assert_null(strstr(s, "NHUNG_NHIEU"));
			assert_null(strstr(s, RATING_ID));
		}
}

/* A serious rating through the real engine: the candidate's evidence is what the wording reads. */
static void serious_from_the_engine(void **state)
{
	struct flag_params p;
	struct flag_engine *e;
	struct flag_list out = { 0 };
	struct rating r;
	char s[FLAG_WORDS_MAX];
	struct roster *ros = names();

	(void)state;
	flag_params_default(&p);
	assert_int_equal(flag_engine_new(&p, &e), HL_OK);
	memset(&r, 0, sizeof r);
	strcpy(r.id, RATING_ID);
	strcpy(r.site, "sct-bentre");
	strcpy(r.counter, "q05");
	strcpy(r.officer, "cb002");
	strcpy(r.procedure, "1.001234");
	r.scale = 5;
	r.answers[SURVEY_Q_OFFICER] = 1;
	r.reasons = 1u << SURVEY_R_THU_TIEN_KHONG_PHIEU | 1u << SURVEY_R_CHO_LAU;
	r.ts = 1780000000;
	r.clock_ok = true;
	assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
	assert_int_equal(out.n, 1);
	struct flag_words_flag f = { out.v[0].kind, out.v[0].subject_type, out.v[0].subject, out.v[0].summary,
				     out.v[0].evidence };
	assert_non_null(strstr(out.v[0].summary, "THU_TIEN_KHONG_PHIEU")); /* the engine's line has the code */
	flag_words_summary(I18N_VI, &f, ros, s, sizeof s);
	assert_string_equal(s, "Phản ánh nghiêm trọng về cán bộ Nguyễn Thị Ấu (cb002) tại quầy q05: Thu tiền ngoài "
			       "quy định, không biên lai");
	flag_list_free(&out);
	flag_engine_free(e);
	roster_free(ros);
}

static void cut_at_a_character_boundary(void **state)
{
	char s[24];
	struct flag_words_flag f = { FLAG_SERIOUS, FLAG_SUBJ_COUNTER, "q05", NULL, NULL };

	(void)state;
	/* "Phản ánh nghiêm trọng t…": byte 23 would fall inside "ọ" (3 bytes). */
	size_t n = flag_words_summary(I18N_VI, &f, NULL, s, sizeof s);
	assert_int_equal(n, strlen(s));
	assert_true(n < sizeof s);
	assert_true(wire_text_valid(s, sizeof s));
	assert_int_equal(strncmp(s, "Phản ánh", strlen("Phản ánh")), 0);
	assert_int_equal(flag_words_summary(I18N_VI, &f, NULL, s, 1), 0);
	assert_string_equal(s, "");
}

/* ---- evidence items ------------------------------------------------------------------------------ */

struct seen {
	char text[2048];
	int n;
};

static void seen_item(void *ud, const char *label, const char *value)
{
	struct seen *s = ud;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s%s: %s", s->n++ ? " · " : "", label, value);
}

static const char *items(int lang, int kind, const char *evidence)
{
	static struct seen s;
	struct roster *r = names();
	struct flag_words_flag f = { kind, FLAG_SUBJ_OFFICER, "cb002", NULL, evidence };

	memset(&s, 0, sizeof s);
	int n = flag_items(lang, &f, r, VN, seen_item, &s);
	assert_int_equal(n, s.n);
	roster_free(r);
	return s.text;
}

static void evidence_items_count_ratings_and_say_days(void **state)
{
	(void)state;
	assert_string_equal(items(I18N_VI, FLAG_SERIOUS, serious_ev),
			    "Quầy: q05 · Cán bộ: Nguyễn Thị Ấu (cb002) · Thủ tục: Đăng ký thực hiện khuyến mại (1.001234) · "
			    "Lý do: Sách nhiễu, gây phiền hà, Chờ lâu · Số đánh giá liên quan: 1");
	assert_string_equal(items(I18N_EN, FLAG_SERIOUS, serious_ev),
			    "Counter: q05 · Officer: Nguyễn Thị Ấu (cb002) · Procedure: Đăng ký thực hiện khuyến mại "
			    "(1.001234) · Reasons: Harassment, made things difficult, Long wait · Ratings concerned: 1");
	/* 1764612369 is 01:06 on 2 December 2025 at +07: said as the day. */
	assert_string_equal(items(I18N_VI, FLAG_OFFLINE,
				  "{\"rule\":\"offline\",\"state\":\"offline\",\"since\":1764612369,\"away_s\":7200}"),
			    "Trạng thái: mất kết nối · Từ ngày: 02/12/2025 · Mất kết nối trong: 2 giờ");
	assert_string_equal(items(I18N_EN, FLAG_OFFLINE, "{\"since\":1764612369}"), "Since: 2025-12-02");
	/* A key no rule writes: a time is a day, a time written as text is dropped, others as they are. */
	assert_string_equal(items(I18N_VI, FLAG_BURST,
				  "{\"received_at\":1764612369,\"opened_text\":\"01:06\",\"share_pct\":50,\"extra\":2.5}"),
			    "Ngưỡng tỷ lệ không hài lòng: 50 % · received_at: 02/12/2025 · extra: 2,5");
	/* Many ratings: their count, the ones not listed included; no id ever. */
	const char *t = items(I18N_VI, FLAG_BURST,
			      "{\"rating_ids\":[\"" RATING_ID "\",\"" RATING_ID "\"],\"rating_ids_not_listed\":3}");
	assert_string_equal(t, "Số đánh giá liên quan: 5");
	assert_null(strstr(t, RATING_ID));
	/* The trend's groups, with the decimal comma. */
	assert_string_equal(items(I18N_VI, FLAG_TREND, "{\"officer\":{\"answers\":40,\"dissatisfied\":12,\"pct\":30,"
						     "\"lo_pct\":18,\"hi_pct\":45.04}}"),
			    "Cán bộ: 12/40 không hài lòng (30,0 %, khoảng tin cậy 95 %: 18,0–45,0 %)");
	assert_string_equal(items(I18N_VI, FLAG_TREND, "not json"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serious_in_both_languages),
		cmocka_unit_test(every_other_kind_in_both_languages),
		cmocka_unit_test(no_kind_falls_back_to_the_engine_line),
		cmocka_unit_test(serious_from_the_engine),
		cmocka_unit_test(cut_at_a_character_boundary),
		cmocka_unit_test(evidence_items_count_ratings_and_say_days),
	};
	return cmocka_run_group_tests_name("test_flag_words", tests, NULL, NULL);
}
