#include "common/result.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace cw {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgument("odd");
  return n / 2;
}

Status CheckPositive(int n) {
  if (n <= 0) return InvalidArgument("not positive");
  return OkStatus();
}

// Halves twice; each failure returns at once.
Result<int> Quarter(int n, int* steps) {
  CW_ASSIGN_OR_RETURN(int h, Half(n));
  ++*steps;
  CW_ASSIGN_OR_RETURN(int q, Half(h));
  ++*steps;
  return q;
}

Status QuarterIntoStatus(int n, int* out) {
  CW_ASSIGN_OR_RETURN(*out, Half(n));
  CW_ASSIGN_OR_RETURN(*out, Half(*out));
  return OkStatus();
}

Status Validate(int n, int* reached) {
  CW_RETURN_IF_ERROR(CheckPositive(n));
  ++*reached;
  CW_RETURN_IF_ERROR(Half(n));  // a Result works too
  ++*reached;
  return OkStatus();
}

Result<std::string> ValidateThenName(int n) {
  CW_RETURN_IF_ERROR(CheckPositive(n));
  return std::to_string(n);
}

int g_calls = 0;
Status CountedFailure() {
  ++g_calls;
  return NotFound("nothing");
}
Status CallsOnce() {
  CW_RETURN_IF_ERROR(CountedFailure());
  return OkStatus();
}
Result<int> CountedResult() {
  ++g_calls;
  return 4;
}
Result<int> AssignsOnce() {
  CW_ASSIGN_OR_RETURN(int v, CountedResult());
  return v;
}

Result<std::unique_ptr<int>> MakeBox(int v) { return std::make_unique<int>(v); }
Result<int> Unbox(int v) {
  CW_ASSIGN_OR_RETURN(std::unique_ptr<int> box, MakeBox(v));  // move-only values move through
  return *box;
}

TEST(ResultTest, DefaultStatusIsOk) {
  Status st;
  EXPECT_TRUE(st.ok());
  EXPECT_TRUE(OkStatus().ok());
}

TEST(ResultTest, AnErrorKeepsItsCodeAndMessage) {
  Status st = NotFound("no such post");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(st.error().message(), "no such post");
}

TEST(ResultTest, EachHelperMakesItsCode) {
  EXPECT_EQ(InvalidArgument("").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Malformed("").code(), ErrorCode::kMalformed);
  EXPECT_EQ(Unauthenticated("").code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(PermissionDenied("").code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(NotFound("").code(), ErrorCode::kNotFound);
  EXPECT_EQ(AlreadyExists("").code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(TooLarge("").code(), ErrorCode::kTooLarge);
  EXPECT_EQ(Unavailable("").code(), ErrorCode::kUnavailable);
  EXPECT_EQ(Internal("").code(), ErrorCode::kInternal);
}

TEST(ResultTest, EveryCodeHasADistinctName) {
  std::vector<std::string> names;
  for (ErrorCode c : {ErrorCode::kInvalidArgument, ErrorCode::kMalformed,
                      ErrorCode::kUnauthenticated, ErrorCode::kPermissionDenied,
                      ErrorCode::kNotFound, ErrorCode::kAlreadyExists, ErrorCode::kTooLarge,
                      ErrorCode::kRateLimited, ErrorCode::kUnavailable, ErrorCode::kInternal}) {
    names.emplace_back(ErrorCodeName(c));
  }
  EXPECT_EQ(names[4], "not_found");
  EXPECT_EQ(names[5], "already_exists");
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()), names.end());
}

TEST(ResultTest, AResultHoldsAValueOrAnError) {
  Result<int> ok = Half(8);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(static_cast<bool>(ok));
  EXPECT_EQ(*ok, 4);
  EXPECT_EQ(ok.value(), 4);
  EXPECT_TRUE(ok.status().ok());

  Result<int> bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.status().error().message(), "odd");
}

TEST(ResultTest, ArrowReachesTheValue) {
  Result<std::string> r = std::string("hello");
  EXPECT_EQ(r->size(), 5u);
}

TEST(ResultTest, AResultCanBeMadeFromAFailedStatus) {
  Status st = PermissionDenied("no");
  Result<int> r = st;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
}

TEST(ResultDeathTest, AResultMadeFromAnOkStatusAborts) {
  EXPECT_DEATH(
      {
        Result<int> r = OkStatus();
        (void)r;
      },
      "");
}

TEST(ResultDeathTest, CwCheckAbortsWithTheCondition) {
  EXPECT_DEATH(CW_CHECK(1 + 1 == 3), "1 \\+ 1 == 3");
}

TEST(ResultTest, CwCheckPassesWhenTheConditionHolds) {
  CW_CHECK(1 + 1 == 2);
  SUCCEED();
}

TEST(ResultTest, AssignOrReturnBindsValuesInTurn) {
  int steps = 0;
  Result<int> r = Quarter(12, &steps);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 3);
  EXPECT_EQ(steps, 2);
}

TEST(ResultTest, AssignOrReturnStopsAtTheFirstError) {
  int steps = 0;
  Result<int> r = Quarter(7, &steps);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "odd");
  EXPECT_EQ(steps, 0);

  steps = 0;
  r = Quarter(6, &steps);  // 6 -> 3, then 3 is odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(steps, 1);
}

TEST(ResultTest, AssignOrReturnWorksInAFunctionReturningStatus) {
  int out = 0;
  EXPECT_TRUE(QuarterIntoStatus(20, &out).ok());
  EXPECT_EQ(out, 5);
  Status st = QuarterIntoStatus(10, &out);  // 10 -> 5, then 5 is odd
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(out, 5);  // the first assignment happened, the second did not
}

TEST(ResultTest, AssignOrReturnMovesMoveOnlyValues) {
  Result<int> r = Unbox(9);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 9);
}

TEST(ResultTest, ReturnIfErrorPassesOkThrough) {
  int reached = 0;
  EXPECT_TRUE(Validate(4, &reached).ok());
  EXPECT_EQ(reached, 2);
}

TEST(ResultTest, ReturnIfErrorReturnsTheFirstError) {
  int reached = 0;
  Status st = Validate(-2, &reached);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message(), "not positive");
  EXPECT_EQ(reached, 0);

  reached = 0;
  st = Validate(3, &reached);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message(), "odd");
  EXPECT_EQ(reached, 1);
}

TEST(ResultTest, ReturnIfErrorWorksInAFunctionReturningResult) {
  Result<std::string> ok = ValidateThenName(5);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "5");
  Result<std::string> bad = ValidateThenName(0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

TEST(ResultTest, TheMacrosEvaluateTheirExpressionOnce) {
  g_calls = 0;
  EXPECT_FALSE(CallsOnce().ok());
  EXPECT_EQ(g_calls, 1);
  g_calls = 0;
  EXPECT_EQ(*AssignsOnce(), 4);
  EXPECT_EQ(g_calls, 1);
}

TEST(ResultTest, ReturnIfErrorIsOneStatementUnderAnIf) {
  // The macro expands to a do/while, so it nests under an unbraced if/else.
  auto f = [](bool check) -> Status {
    if (check)
      CW_RETURN_IF_ERROR(CheckPositive(-1));
    else
      return AlreadyExists("else branch");
    return OkStatus();
  };
  EXPECT_EQ(f(true).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(f(false).error().code(), ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace cw
