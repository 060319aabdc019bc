// The design is simple: every signal adds a fixed amount to a logit that starts well below zero,
// so a post needs several independent signs (a repeated template and a link, or a flood of
// mentions) to cross 0.5. The aggregate replays history in time order through one
// RecentTextIndex, exactly as posts would have met it online.
#include "integrity/spam.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "common/text/utf8.h"

namespace cw::integrity {
namespace {

constexpr TimeMs kHourMs = 3600 * 1000;
constexpr TimeMs kDayMs = 24 * kHourMs;

struct Contribution {
  double weight;
  std::string reason;
};

void Add(std::vector<Contribution>* out, double weight, std::string reason) {
  if (weight != 0) out->push_back({weight, std::move(reason)});
}

// Copies of one's own recent text are the strongest sign of a bot; copies by others are weaker,
// since memes and campaigns are copied by people too.
void DuplicateSignals(const SpamSignals& s, std::vector<Contribution>* out) {
  if (s.own_duplicates > 0) {
    double w = s.own_duplicates >= 3 ? 3.5 : s.own_duplicates == 2 ? 2.5 : 1.5;
    Add(out, w, std::to_string(s.own_duplicates) + " near-duplicates of own recent posts");
  }
  if (s.other_duplicate_authors >= 3) {
    double w = s.other_duplicate_authors >= 10 ? 1.5 : 1.0;
    Add(out, w, "near-duplicates by " + std::to_string(s.other_duplicate_authors) + " other accounts");
  }
}

void ContentSignals(const SpamSignals& s, std::vector<Contribution>* out) {
  if (s.links > 0) Add(out, s.links >= 3 ? 2.5 : 1.0, std::to_string(s.links) + " links");
  if (s.mentions > 0) {
    Add(out, 0.35 * std::min<uint32_t>(s.mentions, 10), std::to_string(s.mentions) + " mentions");
  }
}

void AccountSignals(const SpamSignals& s, std::vector<Contribution>* out) {
  if (s.posts_last_hour >= 30) {
    Add(out, 1.5, std::to_string(s.posts_last_hour) + " posts in the last hour");
  } else if (s.posts_last_hour >= 10) {
    Add(out, 0.8, std::to_string(s.posts_last_hour) + " posts in the last hour");
  }
  if (s.account_age_ms < kDayMs) {
    Add(out, 0.7, "account less than a day old");
  } else if (s.account_age_ms < 7 * kDayMs) {
    Add(out, 0.3, "account less than a week old");
  }
  if (!s.has_avatar && !s.has_bio) Add(out, 0.4, "no avatar, no bio");
  if (s.fans < 5) Add(out, 0.3, "fewer than 5 fans");
  if (s.fans >= 1000) Add(out, -1.0, "");
}

}  // namespace

SpamScore ScoreSpam(const SpamSignals& signals) {
  std::vector<Contribution> parts;
  DuplicateSignals(signals, &parts);
  ContentSignals(signals, &parts);
  AccountSignals(signals, &parts);
  double logit = -4.0;
  SpamScore result;
  for (const Contribution& c : parts) {
    logit += c.weight;
    if (c.weight > 0) result.reasons.push_back(c.reason);
  }
  result.score = 1.0 / (1.0 + std::exp(-logit));
  return result;
}

TextCounts CountTextFeatures(std::string_view text) {
  std::vector<char32_t> cps = text::Decode(text);
  TextCounts counts;
  counts.length = static_cast<uint32_t>(cps.size());
  static constexpr std::u32string_view kLinkStarts[] = {U"http://", U"https://", U"t.cn/"};
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == '/' && i + 2 < cps.size() && cps[i + 1] == '/' && cps[i + 2] == '@') break;
    if (cps[i] == '@' && i + 1 < cps.size() && cps[i + 1] > ' ' && cps[i + 1] != '@') {
      ++counts.mentions;
    }
    std::u32string_view rest(cps.data() + i, cps.size() - i);
    for (std::u32string_view start : kLinkStarts) {
      if (!rest.starts_with(start)) continue;
      ++counts.links;
      while (i + 1 < cps.size() && cps[i + 1] > ' ' && cps[i + 1] < 0x80) ++i;  // skip the URL
      break;
    }
  }
  return counts;
}

namespace {

// One scored item: a post or a comment.
struct Item {
  TimeMs at;
  Index author;
  const std::string* text;
};

std::vector<Item> ItemsInTimeOrder(const Snapshot& snapshot, bool include_comments) {
  std::vector<Item> items;
  items.reserve(snapshot.posts.size() + (include_comments ? snapshot.comments.size() : 0));
  for (const PostFacts& p : snapshot.posts) {
    if (p.author != kNone) items.push_back({p.at, p.author, &p.text});
  }
  if (include_comments) {
    for (const CommentFacts& c : snapshot.comments) {
      if (c.author != kNone) items.push_back({c.at, c.author, &c.text});
    }
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.at < b.at; });
  return items;
}

std::vector<std::optional<uint64_t>> Fingerprints(const std::vector<Item>& items,
                                                  size_t min_code_points) {
  std::vector<std::optional<uint64_t>> out(items.size());
  auto work = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) out[i] = TextFingerprint(*items[i].text, min_code_points);
  };
  size_t half = items.size() / 2;
  std::thread other(work, half, items.size());
  work(0, half);
  other.join();
  return out;
}

}  // namespace

std::vector<AccountSpam> ScoreAccountsForSpam(const Snapshot& snapshot,
                                              const SpamOptions& options) {
  std::vector<AccountSpam> accounts(snapshot.accounts.size());
  std::vector<Item> items = ItemsInTimeOrder(snapshot, options.include_comments);
  std::vector<std::optional<uint64_t>> fingerprints =
      Fingerprints(items, options.text.min_code_points);
  RecentTextIndex recent(options.text);
  // Each author's recent item times, oldest first, for the posts-in-the-last-hour signal.
  std::vector<std::vector<TimeMs>> last_hour(snapshot.accounts.size());
  std::vector<double> best(snapshot.accounts.size(), -1);
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    const AccountFacts& author = snapshot.accounts[item.author];
    std::vector<TimeMs>& times = last_hour[item.author];
    std::erase_if(times, [&](TimeMs t) { return item.at - t > kHourMs; });

    DuplicateCounts dups = recent.CheckAndAdd(item.author, fingerprints[i], item.at);
    TextCounts text = CountTextFeatures(*item.text);
    SpamSignals s;
    s.own_duplicates = dups.by_author;
    s.other_duplicates = dups.by_others;
    s.other_duplicate_authors = dups.other_authors;
    s.links = text.links;
    s.mentions = text.mentions;
    s.text_length = text.length;
    s.posts_last_hour = static_cast<uint32_t>(times.size());
    s.account_age_ms = item.at - author.created_at;
    s.has_avatar = author.has_avatar;
    s.has_bio = author.has_bio;
    s.fans = item.author < snapshot.fans.Rows()
                 ? static_cast<uint32_t>(snapshot.fans.Row(item.author).size())
                 : 0;
    SpamScore score = ScoreSpam(s);
    times.push_back(item.at);

    AccountSpam& a = accounts[item.author];
    ++a.posts;
    if (score.score >= options.post_threshold) ++a.spam_posts;
    if (score.score > best[item.author] && score.score >= options.post_threshold) {
      best[item.author] = score.score;
      a.example = *item.text;
      for (const std::string& reason : score.reasons) a.example += " [" + reason + "]";
    }
  }
  for (AccountSpam& a : accounts) {
    if (a.posts == 0) continue;
    // Volume first: a bot that mixes normal posts in (camouflage) still posts its ads by the
    // dozen; the share only lifts the score from there. Below min_spam_posts it stays under 0.5.
    double share = static_cast<double>(a.spam_posts) / a.posts;
    double volume = std::min(1.0, static_cast<double>(a.spam_posts) / (2.0 * options.min_spam_posts));
    a.score = volume * (0.5 + 0.5 * share);
  }
  return accounts;
}

}  // namespace cw::integrity
