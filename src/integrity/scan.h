// The offline integrity scan: runs FRAUDAR (zombie farms), lockstep detection (water armies) and
// the spam replay (spam bots) over one snapshot and combines them with per-account signals into
// per-account scores, labels and credibility, plus groups for moderator cases. Results are
// evidence for people to review, never silent bans. Pure function; uses two threads.
#pragma once

#include <string>
#include <vector>

#include "integrity/fraudar.h"
#include "integrity/lockstep.h"
#include "integrity/snapshot.h"
#include "integrity/spam.h"

namespace cw::integrity {

// That sparse graph has no organic core to stand out from, so blocks are kept by their shape
// (customers dominated by the block's fans) rather than by density against the background.
inline FraudarOptions SuspiciousFraudarOptions() {
  FraudarOptions o;
  o.min_density_ratio = 0.25;
  o.stop_density_ratio = 0.1;
  o.min_row_coverage = 0.3;
  o.min_customer_share = 0.1;
  o.row_fraction = 0.34;
  // One followee whose fans are mostly idle accounts is common and innocent (a small account
  // followed by lurkers); a farm sells to several customers at once.
  o.min_cols = 2;
  o.max_blocks = 200;
  o.max_peels = 40;
  return o;
}

struct ScanOptions {
  double label_threshold = 0.5;  // a label when its score reaches this
  double crew_spam_threshold = 0.8;  // the spam_bot line for an account already in a crew
  // Zombie = FRAUDAR fan membership alone (the baseline reported beside the combined detector).
  bool fraudar_only = false;
  FraudarOptions fraudar;
  // The combined detector's second FRAUDAR run, over the follows of suspicious accounts only
  // (zombie signals at least zombie_prefilter). Its background is that sparse graph's.
  double zombie_prefilter = 0.25;
  FraudarOptions suspicious_fraudar = SuspiciousFraudarOptions();
  LockstepOptions lockstep;
  SpamOptions spam;
  // Creation bursts: an account is in one when at least max(burst_min_accounts, burst_ratio ×
  // the average) accounts were created within burst_window_ms around it.
  TimeMs burst_window_ms = 10 * 60 * 1000;
  double burst_ratio = 10;
  uint32_t burst_min_accounts = 20;
  // Sign-up addresses: a /24 shared by this many accounts is a signal (never required: worlds
  // from other programs may have no addresses).
  uint32_t ip_cluster_min_accounts = 20;
};

// The per-account zombie signals in [0, 1] that Scan combines with block membership: no activity,
// incomplete profile, follows many but has few fans, created in a burst, shared /24, young.
struct ZombieSignals {
  double inactive = 0;
  double empty_profile = 0;
  double follow_ratio = 0;
  double creation_burst = 0;
  double shared_network = 0;
  double young = 0;
  double Combined() const;
};

struct AccountVerdict {
  double zombie = 0;      // in [0, 1]
  double water_army = 0;
  double spam_bot = 0;
  std::vector<std::string> labels;  // "zombie", "water_army", "spam_bot"; empty: organic
  double credibility = 1;           // 1 = fully credible
  std::string evidence;
};

struct ScanGroup {
  std::string kind;  // "zombie_farm" or "water_army"
  std::vector<Index> members;          // account indexes
  std::vector<Index> target_accounts;  // zombie_farm: the customers
  std::vector<Index> target_posts;     // water_army: the posts acted on
  std::string evidence;
  double score = 0;
  // The detector's figures, for the moderators' case page.
  double density = 0, density_ratio = 0;  // zombie_farm
  uint64_t edges = 0;                     // zombie_farm: follows inside the block
  std::vector<LockstepWindow> windows;    // water_army: one per target post
  double duplicate_text_share = 0;        // water_army
  double tightness = 0;                   // water_army
  std::vector<std::string> example_texts; // water_army
};

struct StageTiming {
  std::string stage;
  double seconds = 0;
};

struct ScanResult {
  std::vector<AccountVerdict> accounts;  // indexed like snapshot.accounts
  std::vector<ScanGroup> groups;
  std::vector<StageTiming> timings;
  std::vector<ZombieSignals> signals;  // indexed like snapshot.accounts
};

ScanResult Scan(const Snapshot& snapshot, const ScanOptions& options);

std::vector<ZombieSignals> ComputeZombieSignals(const Snapshot& snapshot,
                                                const ScanOptions& options);

}  // namespace cw::integrity
