#include "law/deadline.h"

#include <gtest/gtest.h>

namespace zhifa::law {
namespace {

Date D(const char* s) { return *Date::parse(s); }

Deadline started(const char* rule_id, const char* start) {
  auto rule = find_deadline_rule(rule_id);
  EXPECT_TRUE(rule.ok()) << rule_id;
  Deadline d(*rule);
  EXPECT_TRUE(d.start(D(start)).ok());
  return d;
}

DeadlineReport report(const Deadline& d, const char* as_of) {
  auto r = d.report(Calendar::official(), D(as_of));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : DeadlineReport{};
}

TEST(DeadlineRules, DomainTableShipsAsDefaults) {
  const auto& rules = default_deadline_rules();
  EXPECT_GE(rules.size(), 12u);
  auto lic = *find_deadline_rule("licence.decision");
  EXPECT_EQ(lic.period, 20);
  EXPECT_EQ(lic.unit, PeriodUnit::kWorkingDays);
  EXPECT_EQ(lic.extension_days, 10);
  EXPECT_EQ(lic.source, "ALL art. 42");
  EXPECT_EQ(find_deadline_rule("penalty.decision")->unit, PeriodUnit::kCalendarDays);
  EXPECT_EQ(find_deadline_rule("penalty.decision")->period, 90);
  EXPECT_EQ(find_deadline_rule("publicity.withdrawal")->period, 3);
  EXPECT_EQ(find_deadline_rule("penalty.hearing_notice")->direction, PeriodDirection::kBefore);
  EXPECT_FALSE(find_deadline_rule("nope").ok());
}

TEST(Deadline, PublishWithinSevenWorkingDaysDomainExample) {
  auto r = report(started("publicity.decision", "2025-09-26"), "2025-09-26");
  ASSERT_TRUE(r.due);
  EXPECT_EQ(r.due->str(), "2025-10-13");
  EXPECT_EQ(*r.days_left, 7);
  EXPECT_FALSE(r.overdue);
  EXPECT_FALSE(r.provisional);
  ASSERT_EQ(r.makeup_days.size(), 2u);
  EXPECT_EQ(r.makeup_days[0].date.str(), "2025-09-28");
  EXPECT_EQ(r.makeup_days[1].date.str(), "2025-10-11");
  ASSERT_EQ(r.holidays.size(), 8u);
  EXPECT_EQ(r.holidays.front().date.str(), "2025-10-01");
  EXPECT_EQ(r.holidays.back().date.str(), "2025-10-08");
  bool mentions = false;
  for (const auto& line : r.explanation) mentions = mentions || line.find("2025-10-01 … 2025-10-08") != std::string::npos;
  EXPECT_TRUE(mentions);
}

TEST(Deadline, LicenceDecisionTwentyWorkingDaysExtendedByTen) {
  Deadline d = started("licence.decision", "2025-09-26");
  EXPECT_EQ(report(d, "2025-10-13").due->str(), "2025-10-30");  // ALL art. 42
  EXPECT_EQ(*report(d, "2025-10-13").days_left, 13);
  auto late = report(d, "2025-10-31");
  EXPECT_TRUE(late.overdue);
  EXPECT_EQ(*late.days_left, -1);
  ASSERT_TRUE(d.extend(D("2025-10-20"), "head of agency, 审批单 2025-17").ok());
  EXPECT_FALSE(d.extend(D("2025-10-21"), "again").ok());  // once only
  auto ext = report(d, "2025-10-31");
  EXPECT_EQ(ext.period, 30);
  EXPECT_EQ(ext.due->str(), "2025-11-13");
  EXPECT_FALSE(ext.overdue);
  ASSERT_TRUE(d.complete(D("2025-11-12")).ok());
  auto done = report(d, "2026-01-01");
  EXPECT_EQ(done.state, DeadlineState::kCompleted);
  EXPECT_FALSE(done.overdue);
  EXPECT_EQ(*done.days_left, 1);
}

TEST(Deadline, HearingTimeIsNotCounted) {
  Deadline d = started("licence.decision", "2025-09-26");
  ASSERT_TRUE(d.suspend(D("2025-10-15"), "hearing (听证)").ok());
  auto during = report(d, "2025-10-16");
  EXPECT_EQ(during.state, DeadlineState::kSuspended);
  EXPECT_FALSE(during.due);
  EXPECT_EQ(*during.days_left, 12);  // 8 counted before 10-15: 9-28 … 10-14
  EXPECT_FALSE(d.complete(D("2025-10-16")).ok());
  EXPECT_FALSE(d.resume(D("2025-10-14")).ok());
  ASSERT_TRUE(d.resume(D("2025-10-17")).ok());  // 10-15 … 10-17 not counted (ALL art. 45)
  auto after = report(d, "2025-10-20");
  EXPECT_EQ(after.due->str(), "2025-11-04");
  EXPECT_EQ(*after.days_left, 11);  // 10-21 … 11-04: 11 working days
  EXPECT_EQ(*report(d, "2025-10-16").days_left, 12);  // 10-17 is not counted, 10-20 is
  EXPECT_FALSE(d.suspend(D("2025-10-17"), "testing").ok());  // overlaps
  EXPECT_FALSE(d.suspend(D("2025-10-20"), "").ok());          // no reason
}

TEST(Deadline, SuspensionAfterTheDueDateChangesNothing) {
  Deadline d = started("publicity.withdrawal", "2025-09-26");
  ASSERT_TRUE(d.suspend(D("2025-11-01"), "expert review").ok());
  ASSERT_TRUE(d.resume(D("2025-11-05")).ok());
  EXPECT_EQ(report(d, "2025-09-26").due->str(), "2025-09-30");  // 9-28, 9-29, 9-30 (APL art. 48)
}

TEST(Deadline, PenaltyDecisionNinetyCalendarDaysRollsPastHoliday) {
  auto r = report(started("penalty.decision", "2025-07-03"), "2025-07-03");
  ASSERT_TRUE(r.rolled_from);
  EXPECT_EQ(r.rolled_from->str(), "2025-10-01");
  EXPECT_EQ(r.due->str(), "2025-10-09");
  EXPECT_EQ(report(started("penalty.decision", "2025-03-01"), "2025-03-01").due->str(), "2025-05-30");
}

TEST(Deadline, FinePaymentFifteenDays) {
  EXPECT_EQ(report(started("penalty.fine_payment", "2025-09-01"), "2025-09-01").due->str(), "2025-09-16");
  EXPECT_EQ(late_payment_surcharge(1000000, 10), 300000);  // APL art. 72: 3 % a day
  EXPECT_EQ(late_payment_surcharge(1000000, 40), 1000000);  // capped at the fine
  EXPECT_EQ(late_payment_surcharge(1000000, 0), 0);
}

TEST(Deadline, HearingNoticeSevenWorkingDaysBefore) {
  // Hearing Monday 2025-10-13: the 7 working days 09-26 … 10-11 must lie between notice and hearing.
  auto r = report(started("penalty.hearing_notice", "2025-10-13"), "2025-09-20");
  EXPECT_EQ(r.due->str(), "2025-09-25");
  EXPECT_EQ(*r.days_left, 4);  // 09-22 … 09-25 are working days
  auto mid = report(started("penalty.hearing_notice", "2025-06-20"), "2025-06-01");
  EXPECT_EQ(mid.due->str(), "2025-06-10");  // 06-11 … 06-19
}

TEST(Deadline, OtherDomainRules) {
  EXPECT_EQ(report(started("licence.materials_notice", "2025-09-30"), "2025-09-30").due->str(), "2025-10-14");
  EXPECT_EQ(report(started("licence.certificate", "2025-04-25"), "2025-04-25").due->str(), "2025-05-13");  // 4-27 调休, 5-1 … 5-5 off
  EXPECT_EQ(report(started("penalty.service", "2025-01-24"), "2025-01-24").due->str(), "2025-02-10");  // 1-26, 2-8 调休
  EXPECT_EQ(report(started("publicity.annual_report", "2025-12-31"), "2025-12-31").due->str(), "2026-01-31");
  EXPECT_EQ(report(started("publicity.other_decision", "2025-09-26"), "2025-09-26").due->str(), "2025-10-30");
}

TEST(Deadline, ProvisionalBeyondTheLastNotice) {
  auto r = report(started("licence.decision", "2026-12-20"), "2026-12-20");
  EXPECT_TRUE(r.provisional);
  bool said = false;
  for (const auto& line : r.explanation) said = said || line.find("Provisional") != std::string::npos;
  EXPECT_TRUE(said);
  EXPECT_FALSE(report(started("licence.decision", "2025-01-02"), "2025-01-02").provisional);
}

TEST(Deadline, StateErrors) {
  Deadline d(*find_deadline_rule("publicity.decision"));
  EXPECT_FALSE(d.suspend(D("2025-01-02"), "x").ok());
  EXPECT_FALSE(d.complete(D("2025-01-02")).ok());
  EXPECT_EQ(report(d, "2025-01-02").state, DeadlineState::kNotStarted);
  ASSERT_TRUE(d.start(D("2025-01-02")).ok());
  EXPECT_FALSE(d.start(D("2025-01-03")).ok());
  EXPECT_FALSE(d.extend(D("2025-01-03"), "boss").ok());  // no extension for this rule
  EXPECT_FALSE(d.complete(D("2025-01-01")).ok());
  Deadline early = started("publicity.decision", "2006-12-01");
  EXPECT_FALSE(early.report(Calendar::official(), D("2007-01-01")).ok());
}

TEST(Deadline, JsonRoundTrip) {
  Deadline d = started("licence.decision", "2025-09-26");
  ASSERT_TRUE(d.suspend(D("2025-10-15"), "hearing").ok());
  ASSERT_TRUE(d.resume(D("2025-10-17")).ok());
  ASSERT_TRUE(d.extend(D("2025-10-20"), "head").ok());
  ASSERT_TRUE(d.complete(D("2025-11-10")).ok());
  const std::string json = d.to_json();
  auto back = Deadline::from_json(json);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->to_json(), json);
  EXPECT_EQ(report(*back, "2025-12-01").due, report(d, "2025-12-01").due);
  EXPECT_FALSE(Deadline::from_json("{").ok());
  EXPECT_FALSE(Deadline::from_json(R"({"rule":{"id":"x","period":3,"unit":"weeks"}})").ok());
  EXPECT_FALSE(Deadline::from_json(R"({"rule":{"id":"x","period":3,"unit":"working_days"},"start":"2025-13-01"})").ok());
  // Events that could not happen live are refused on load too.
  EXPECT_FALSE(Deadline::from_json(R"({"rule":{"id":"x","period":3,"unit":"working_days"},"start":"2025-10-01",
      "suspensions":[{"from":"2025-09-01","to":null,"reason":"r"}]})").ok());
}

}  // namespace
}  // namespace zhifa::law

namespace zhifa::law {
namespace {

// Issue 14 — 行政强制法 第二十五条: seizure at most 30 (calendar) days, +30 with the head's
// approval; the last day is not moved off a holiday. APL arts. 56, 85: preserved evidence is
// decided within 7 working days (over National Day 2025: 10-13).
TEST(Deadline, CompulsionLimits) {
  Deadline d = started("compulsion.seizure", "2025-09-05");
  EXPECT_EQ(report(d, "2025-09-05").due->str(), "2025-10-05");  // a holiday: not moved later
  ASSERT_TRUE(d.extend(D("2025-09-20"), "机关负责人批准").ok());
  EXPECT_EQ(report(d, "2025-09-20").due->str(), "2025-11-04");
  EXPECT_FALSE(d.extend(D("2025-09-21"), "再次").ok());  // once
  EXPECT_EQ(report(started("penalty.preservation", "2025-09-26"), "2025-09-26").due->str(), "2025-10-13");
  EXPECT_EQ(deadline_source_zh(*find_deadline_rule("compulsion.seizure")), "《行政强制法》第二十五条");
}

}  // namespace
}  // namespace zhifa::law
