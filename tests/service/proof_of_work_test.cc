// The sign-up proof-of-work: solving, verifying, expiry, forgery and single use.
#include "service/proof_of_work.h"

#include <gtest/gtest.h>

#include <string>

namespace cw {
namespace {

std::string Solve(const std::string& challenge, int bits) {
  for (uint64_t n = 0;; ++n) {
    std::string nonce = std::to_string(n);
    if (LeadingZeroBits(challenge, nonce) >= bits) return nonce;
  }
}

std::string Key(char fill = 'k') { return std::string(ProofOfWork::kKeyBytes, fill); }

TEST(LeadingZeroBitsTest, CountsBitsOfTheSha256OfChallengeColonNonce) {
  EXPECT_EQ(LeadingZeroBits("abc", "0"), 1);       // SHA-256("abc:0") = 5f36efce…
  EXPECT_EQ(LeadingZeroBits("", ""), 0);           // SHA-256(":") = e7ac0786…
  EXPECT_EQ(LeadingZeroBits("abc", "22421"), 18);  // SHA-256("abc:22421") = 00002ae1…
}

class ProofOfWorkTest : public ::testing::Test {
 protected:
  ManualClock clock_{1'700'000'000'000};
  ProofOfWork pow_{&clock_, Key(), 8};
};

TEST_F(ProofOfWorkTest, ASolvedChallengeIsAcceptedOnce) {
  Challenge c = pow_.Issue();
  EXPECT_EQ(c.difficulty, 8);
  EXPECT_EQ(c.expires_at, clock_.NowMs() + ProofOfWork::kDefaultTtlMs);
  EXPECT_EQ(c.token.find(':'), std::string::npos);
  std::string nonce = Solve(c.token, 8);
  EXPECT_TRUE(pow_.Redeem(c.token, nonce).ok());
  Status again = pow_.Redeem(c.token, nonce);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(again.error().message().find("used"), std::string::npos);
}

TEST_F(ProofOfWorkTest, AReleasedChallengeCanBeUsedAgain) {
  Challenge c = pow_.Issue();
  std::string nonce = Solve(c.token, 8);
  ASSERT_TRUE(pow_.Redeem(c.token, nonce).ok());
  pow_.Release(c.token);
  EXPECT_TRUE(pow_.Redeem(c.token, nonce).ok());
}

TEST_F(ProofOfWorkTest, AnUnsolvedNonceIsRefused) {
  Challenge c = pow_.Issue();
  std::string nonce;
  for (uint64_t n = 0;; ++n) {
    if (LeadingZeroBits(c.token, std::to_string(n)) < 8) {
      nonce = std::to_string(n);
      break;
    }
  }
  Status st = pow_.Redeem(c.token, nonce);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
  // A failed attempt does not burn the challenge.
  EXPECT_TRUE(pow_.Redeem(c.token, Solve(c.token, 8)).ok());
}

TEST_F(ProofOfWorkTest, ExpiredChallengesAreRefused) {
  Challenge c = pow_.Issue();
  std::string nonce = Solve(c.token, 8);
  clock_.Advance(ProofOfWork::kDefaultTtlMs);
  Status st = pow_.Redeem(c.token, nonce);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("expired"), std::string::npos);
}

TEST_F(ProofOfWorkTest, ForgedOrForeignChallengesAreRefused) {
  ProofOfWork other(&clock_, Key('x'), 8);
  Challenge foreign = other.Issue();
  EXPECT_EQ(pow_.Redeem(foreign.token, Solve(foreign.token, 8)).error().code(),
            ErrorCode::kInvalidArgument);
  Challenge c = pow_.Issue();
  std::string tampered = c.token;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(pow_.Redeem(tampered, Solve(tampered, 8)).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(pow_.Redeem("not a challenge", "1").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(pow_.Redeem("", "1").error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(ProofOfWorkTest, AnEasierChallengeThanTheServerAsksIsRefused) {
  ProofOfWork easy(&clock_, Key(), 1);
  Challenge c = easy.Issue();
  EXPECT_EQ(pow_.Redeem(c.token, Solve(c.token, 1)).error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(ProofOfWorkTest, NoncesMustBeDecimal) {
  Challenge c = pow_.Issue();
  for (const char* bad : {"", "-1", "1.5", "0x10", "12a", "123456789012345678901"}) {
    Status st = pow_.Redeem(c.token, bad);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().code(), ErrorCode::kMalformed) << bad;
  }
}

}  // namespace
}  // namespace cw
