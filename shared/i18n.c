/* SPDX-License-Identifier: MIT
 * i18n.c — the wording follows what one-stop centres print on their paper forms: the 5 SIPAS levels,
 * the 3-level per-case scale, and "Ông/Bà" to address the citizen. Keep every string precomposed
 * (NFC); tests/test_i18n.c checks it. */
#include "i18n.h"

#include "survey.h"

#include <string.h>

static const char *const i18n_texts[I18N_LANG_COUNT][I18N_KEY_COUNT] = {
	[I18N_VI] = {
		[I18N_BRAND] = "Bộ phận Một cửa",
		[I18N_COUNTER] = "Quầy",
		[I18N_OFFICER] = "Công chức",
		[I18N_PROCEDURE] = "Thủ tục",
		[I18N_INVITE] = "Mời Ông/Bà đánh giá mức độ hài lòng",
		[I18N_QUESTION_OF] = "Câu %d/%d",
		[I18N_REASONS_TITLE] = "Vì sao?",
		[I18N_REASONS_HINT] = "Ông/Bà chưa hài lòng điều gì? Chọn một hoặc nhiều ý.",
		[I18N_SEND] = "Gửi đánh giá",
		[I18N_BACK] = "Quay lại",
		[I18N_SKIP] = "Bỏ qua",
		[I18N_THANKS] = "Cảm ơn Ông/Bà!",
		[I18N_THANKS_NOTE] = "Ý kiến của Ông/Bà đã được ghi nhận.",
		[I18N_NOT_RECORDED] = "Chưa ghi nhận được đánh giá",
		[I18N_NOT_RECORDED_NOTE] = "Thiết bị đang gặp sự cố. Xin Ông/Bà vui lòng báo cán bộ tại quầy.",
		[I18N_WAIT] = "Vui lòng chờ giây lát…",
		[I18N_ANONYMOUS] = "Đánh giá ẩn danh — không ghi thông tin cá nhân",
		[I18N_OTHER_LANG] = "English",
		[I18N_SERIOUS_TITLE] = "Phản ánh nghiêm trọng",
		[I18N_OTHER_REASONS] = "Lý do khác",
		[I18N_CONFIRM_Q] = "Ông/Bà xác nhận phản ánh: “%s”?",
		[I18N_CONFIRM_NOTE] = "Phản ánh này được chuyển ngay đến lãnh đạo đơn vị.",
		[I18N_CONFIRM_YES] = "Xác nhận",
		[I18N_CONFIRM_NO] = "Không",
		[I18N_COMPLAINT_THANKS] = "Cảm ơn Ông/Bà đã phản ánh",
		[I18N_COMPLAINT_NEXT] = "Phản ánh được chuyển đến lãnh đạo đơn vị để xem xét, xử lý.",
		[I18N_HOTLINE] = "Đường dây nóng: %s",
		[I18N_FOLLOW_UP] = "Theo dõi kết quả: %s",
		[I18N_NO_TXN] = "Mời Ông/Bà đánh giá sau khi được phục vụ",
		[I18N_SPEAK] = "Đọc to",
		[I18N_LARGE_TEXT] = "Chữ lớn",
		[I18N_SERVED_BY] = "Công chức phục vụ",
		[I18N_NO_OFFICER] = "Quầy chưa có công chức tiếp nhận",
	},
	[I18N_EN] = {
		[I18N_BRAND] = "One-stop service",
		[I18N_COUNTER] = "Counter",
		[I18N_OFFICER] = "Officer",
		[I18N_PROCEDURE] = "Procedure",
		[I18N_INVITE] = "Please rate how satisfied you are",
		[I18N_QUESTION_OF] = "Question %d of %d",
		[I18N_REASONS_TITLE] = "Why?",
		[I18N_REASONS_HINT] = "What were you not satisfied with? Choose one or more.",
		[I18N_SEND] = "Send",
		[I18N_BACK] = "Back",
		[I18N_SKIP] = "Skip",
		[I18N_THANKS] = "Thank you!",
		[I18N_THANKS_NOTE] = "Your opinion has been recorded.",
		[I18N_NOT_RECORDED] = "Your rating could not be recorded",
		[I18N_NOT_RECORDED_NOTE] = "This terminal has a fault. Please tell the staff at the counter.",
		[I18N_WAIT] = "Please wait a moment…",
		[I18N_ANONYMOUS] = "Anonymous — no personal data is recorded",
		[I18N_OTHER_LANG] = "Tiếng Việt",
		[I18N_SERIOUS_TITLE] = "Serious complaints",
		[I18N_OTHER_REASONS] = "Other reasons",
		[I18N_CONFIRM_Q] = "Do you confirm this complaint: “%s”?",
		[I18N_CONFIRM_NOTE] = "It goes straight to the head of the department.",
		[I18N_CONFIRM_YES] = "Confirm",
		[I18N_CONFIRM_NO] = "No",
		[I18N_COMPLAINT_THANKS] = "Thank you for telling us",
		[I18N_COMPLAINT_NEXT] = "Your complaint goes to the head of the department, who will look into it.",
		[I18N_HOTLINE] = "Hotline: %s",
		[I18N_FOLLOW_UP] = "Follow it up: %s",
		[I18N_NO_TXN] = "You can rate once you have been served",
		[I18N_SPEAK] = "Read aloud",
		[I18N_LARGE_TEXT] = "Large text",
		[I18N_SERVED_BY] = "Served by",
		[I18N_NO_OFFICER] = "No officer at this counter yet",
	},
};

static const char *const i18n_questions[I18N_LANG_COUNT][SURVEY_Q_COUNT] = {
	[I18N_VI] = { "Thái độ, hướng dẫn của công chức", "Thủ tục và kết quả giải quyết", "Kết quả giải quyết" },
	[I18N_EN] = { "The officer's attitude and guidance", "The procedure and its result", "The result of your case" },
};

/* The procedure question beside the result question: the procedure alone. */
static const char *const i18n_procedure_alone[I18N_LANG_COUNT] = {
	[I18N_VI] = "Thủ tục hành chính",
	[I18N_EN] = "The administrative procedure",
};

/* Levels 1..5 of each scale, index [scale - 3][level - 1]. */
static const char *const i18n_levels[I18N_LANG_COUNT][3][5] = {
	[I18N_VI] = {
		{ "Không hài lòng", "Hài lòng", "Rất hài lòng" },
		{ "Rất không hài lòng", "Không hài lòng", "Hài lòng", "Rất hài lòng" },
		{ "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng" },
	},
	[I18N_EN] = {
		{ "Not satisfied", "Satisfied", "Very satisfied" },
		{ "Very dissatisfied", "Dissatisfied", "Satisfied", "Very satisfied" },
		{ "Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied" },
	},
};

static const char *const i18n_reasons[I18N_LANG_COUNT][SURVEY_R_COUNT] = {
	[I18N_VI] = {
		"Sách nhiễu, gây phiền hà",
		"Thu tiền ngoài quy định, không biên lai",
		"Yêu cầu giấy tờ ngoài quy định",
		"Thái độ không đúng mực",
		"Hướng dẫn không rõ, phải đi lại nhiều lần",
		"Trễ hẹn trả kết quả",
		"Hẹn đi hẹn lại",
		"Chờ lâu",
		"Nơi chờ, chỗ ngồi chưa tốt",
	},
	[I18N_EN] = {
		"Harassment, made things difficult",
		"Fees outside the rules, no receipt",
		"Papers asked beyond the rules",
		"Improper attitude",
		"Unclear guidance, had to come back",
		"Result later than promised",
		"Appointment put off again and again",
		"Long wait",
		"Poor waiting area or seating",
	},
};

static int i18n_lang_ok(int lang)
{
	return lang >= 0 && lang < I18N_LANG_COUNT ? lang : I18N_VI;
}

int i18n_lang_parse(const char *code)
{
	if (strcmp(code, "vi") == 0)
		return I18N_VI;
	if (strcmp(code, "en") == 0)
		return I18N_EN;
	return -1;
}

const char *i18n_text(int lang, int key)
{
	if (key < 0 || key >= I18N_KEY_COUNT)
		return "";
	return i18n_texts[i18n_lang_ok(lang)][key];
}

const char *i18n_question(int lang, int q)
{
	return q >= 0 && q < SURVEY_Q_COUNT ? i18n_questions[i18n_lang_ok(lang)][q] : "";
}

const char *i18n_question_asked(int lang, int q, const bool asked[])
{
	if (q == SURVEY_Q_PROCEDURE && asked && asked[SURVEY_Q_RESULT])
		return i18n_procedure_alone[i18n_lang_ok(lang)];
	return i18n_question(lang, q);
}

const char *i18n_level(int lang, int scale, int level)
{
	if (!survey_scale_valid(scale) || level < 1 || level > scale)
		return "";
	return i18n_levels[i18n_lang_ok(lang)][scale - SURVEY_SCALE_MIN][level - 1];
}

const char *i18n_reason(int lang, int reason)
{
	return reason >= 0 && reason < SURVEY_R_COUNT ? i18n_reasons[i18n_lang_ok(lang)][reason] : "";
}
