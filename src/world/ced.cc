#include "world/ced.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "common/text/entities.h"

namespace cw::world {
namespace {
namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* kOriginalDir = "original-microblog";
constexpr const char* kRepostDirs[] = {"rumor-repost", "non-rumor-repost"};
constexpr size_t kMaxHandle = 30;
constexpr TimeMs kNever = std::numeric_limits<TimeMs>::max();

struct Original {
  std::string name;  // file name without ".json": the post's external id
  std::string mid;   // NAME's middle part; an item whose parent is this mid hangs off the original
  std::string uid;   // NAME's last part: the author's external id
  std::string text;
  TimeMs at = 0;
  std::string repost_file;  // "rumor-repost/NAME.json", or empty when there is none
};

enum class State : uint8_t { kUnresolved, kVisiting, kOk, kSkipped };

struct Item {
  std::string mid, uid, parent_mid, text;
  TimeMs at = 0;
  int32_t original = 0;  // index in originals
  int32_t parent = -1;   // index in items; -1: the original; -2: not in the cascade
  int32_t host = -1;     // the item whose post this one's post or comment hangs on (-1: original)
  bool comment = false;
  State state = State::kUnresolved;
  int32_t depth = 0;  // hops from the original
  TimeMs key = 0;     // the order it is applied in: max(at, parent's key), so parents go first
};

struct AccountFacts {
  TimeMs created_at = kNever;
  std::string location;
  std::string verified;  // world-format names; empty: none
  std::string kind;
};

Result<json::value> ReadJson(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(buf.str(), ec);
  if (ec) return Malformed("not JSON: " + ec.message());
  return v;
}

// The ".json" files of `dir`, by name; none when it does not exist.
std::vector<std::string> ListJson(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 5 && name.ends_with(".json")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The CED reader: files in, records out through the importer.
class CedReader {
 public:
  CedReader(fs::path dir, WorldImporter& importer) : dir_(std::move(dir)), importer_(importer) {}

  Status Run();
  const CedCounts& counts() const { return counts_; }

 private:
  void ReadOriginal(const std::string& file);
  void ReadReposts(int32_t original);
  void Resolve(int32_t i);
  void Skip(const Item& item, std::string_view reason, int64_t* counter);
  Status AddAccounts();
  Status AddItem(int32_t i);
  std::string Where(const Item& item) const {
    return originals_[static_cast<size_t>(item.original)].repost_file + " mid " + item.mid;
  }
  const std::string& PostOf(int32_t host, int32_t original) const {
    return host < 0 ? originals_[static_cast<size_t>(original)].name
                    : items_[static_cast<size_t>(host)].mid;
  }

  fs::path dir_;
  WorldImporter& importer_;
  CedCounts counts_;
  std::vector<Original> originals_;
  std::vector<Item> items_;
  std::unordered_map<std::string, int32_t> mids_;  // first item with each mid
  std::unordered_map<std::string, AccountFacts> accounts_;
};

void CedReader::ReadOriginal(const std::string& file) {
  ++counts_.originals;
  std::string where = std::string(kOriginalDir) + "/" + file;
  auto fail = [&](const std::string& reason) {
    ++counts_.unusable;
    importer_.Skip(where, reason);
    for (const char* sub : kRepostDirs) {
      if (fs::exists(dir_ / sub / file)) {
        ++counts_.unusable;
        importer_.Skip(std::string(sub) + "/" + file, "its original did not load");
      }
    }
  };
  Original o;
  o.name = file.substr(0, file.size() - 5);
  size_t last = o.name.rfind('_');
  if (last == std::string::npos || last + 1 == o.name.size()) {
    return fail("the file name does not end in _UID");
  }
  o.uid = o.name.substr(last + 1);
  size_t before = last == 0 ? std::string::npos : o.name.rfind('_', last - 1);
  if (before != std::string::npos) o.mid = o.name.substr(before + 1, last - before - 1);
  auto v = ReadJson(dir_ / kOriginalDir / file);
  if (!v.ok()) return fail(v.error().message());
  if (!v->is_object()) return fail("not a JSON object");
  const json::object& obj = v->get_object();
  if (!GetString(obj, "text", &o.text)) return fail("missing \"text\"");
  const json::value* time = obj.if_contains("time");
  if (time && time->is_int64()) {
    o.at = time->get_int64() * 1000;
  } else if (time && time->is_string()) {
    if (!ParseWeiboTime(time->get_string(), &o.at)) return fail("\"time\" is not a time");
  } else {
    return fail("missing \"time\"");
  }
  AccountFacts& a = accounts_[o.uid];
  a.created_at = std::min(a.created_at, o.at);
  // Some files say "user": "empty"; their author is then a plain member.
  if (const json::value* u = obj.if_contains("user"); u && u->is_object()) {
    const json::object& user = u->get_object();
    if (const json::value* t = user.if_contains("time"); t && t->is_int64() && t->get_int64() > 0) {
      a.created_at = std::min(a.created_at, t->get_int64() * 1000);
    }
    GetString(user, "location", &a.location);
    const json::value* verified = user.if_contains("verified");
    const json::value* type = user.if_contains("verified_type");
    if (verified && verified->is_bool() && verified->get_bool() && type && type->is_int64()) {
      // Weibo's verified_type: 0 a person (orange V), 1-7 government, business, media, campus,
      // website, app, organisation (blue V); 200/220 are "达人", not verification.
      int64_t t = type->get_int64();
      if (t == 0) {
        a.verified = "personal";
      } else if (t >= 1 && t <= 7) {
        a.verified = "institutional";
        a.kind = "enterprise";
      }
    }
  }
  for (const char* sub : kRepostDirs) {
    if (fs::exists(dir_ / sub / file)) {
      o.repost_file = std::string(sub) + "/" + file;
      break;
    }
  }
  originals_.push_back(std::move(o));
}

void CedReader::ReadReposts(int32_t original) {
  const Original& o = originals_[static_cast<size_t>(original)];
  if (o.repost_file.empty()) return;
  auto v = ReadJson(dir_ / o.repost_file);
  if (!v.ok() || !v->is_array()) {
    ++counts_.unusable;
    importer_.Skip(o.repost_file, v.ok() ? "not a JSON array" : v.error().message());
    return;
  }
  const size_t first = items_.size();
  int64_t position = 0;
  for (const json::value& e : v->get_array()) {
    ++counts_.items;
    ++position;
    Item item;
    item.original = original;
    const json::object* obj = e.if_object();
    std::string date;
    if (!obj || !GetString(*obj, "mid", &item.mid) || item.mid.empty() ||
        !GetString(*obj, "uid", &item.uid) || item.uid.empty() || !GetString(*obj, "date", &date)) {
      ++counts_.unusable;
      importer_.Skip(o.repost_file + " item " + std::to_string(position),
                     "not an object with mid, uid and date");
      continue;
    }
    GetString(*obj, "parent", &item.parent_mid);
    GetString(*obj, "text", &item.text);
    item.comment = item.text.starts_with("回复@");
    if (!mids_.emplace(item.mid, static_cast<int32_t>(items_.size())).second) {
      Skip(item, "repeated mid", &counts_.repeated_mids);
      continue;
    }
    if (!ParseCedDate(date, &item.at)) {
      // Kept in the cascade so its children are reported as such, but skipped itself.
      item.state = State::kSkipped;
      ++counts_.unusable;
      importer_.Skip(Where(item), "date \"" + date + "\" is not YYYY-MM-DD hh:mm:ss");
    }
    items_.push_back(std::move(item));
  }
  // Parents may come after their children in the array: link once the whole file is in.
  for (size_t i = first; i < items_.size(); ++i) {
    Item& item = items_[i];
    if (item.parent_mid.empty() || item.parent_mid == o.mid) continue;
    auto it = mids_.find(item.parent_mid);
    item.parent = it != mids_.end() && it->second >= static_cast<int32_t>(first) ? it->second : -2;
  }
}

void CedReader::Skip(const Item& item, std::string_view reason, int64_t* counter) {
  ++*counter;
  importer_.Skip(Where(item), reason);
}

// Settles whether item i (and its unsettled ancestors) can be imported, with their order keys.
void CedReader::Resolve(int32_t i) {
  std::vector<int32_t> path;  // i and its unsettled ancestors, nearest first
  int32_t j = i;
  while (j >= 0 && items_[static_cast<size_t>(j)].state == State::kUnresolved) {
    items_[static_cast<size_t>(j)].state = State::kVisiting;
    path.push_back(j);
    j = items_[static_cast<size_t>(j)].parent;
  }
  const Original& o = originals_[static_cast<size_t>(items_[static_cast<size_t>(i)].original)];
  bool ok = j == -1 || (j >= 0 && items_[static_cast<size_t>(j)].state == State::kOk);
  TimeMs key = j == -1 ? o.at : j >= 0 ? items_[static_cast<size_t>(j)].key : 0;
  int32_t depth = j >= 0 ? items_[static_cast<size_t>(j)].depth : 0;
  std::string reason = j == -2 ? "is not in this cascade"
                       : j >= 0 && items_[static_cast<size_t>(j)].state == State::kVisiting
                           ? "is its own ancestor"
                           : "was skipped";
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    Item& x = items_[static_cast<size_t>(*it)];
    if (ok) {
      x.state = State::kOk;
      x.key = key = std::max(x.at, key);
      x.depth = ++depth;
    } else {
      x.state = State::kSkipped;
      Skip(x, "parent " + x.parent_mid + " " + reason, &counts_.missing_parents);
      reason = "was skipped";
    }
  }
}

Status CedReader::AddAccounts() {
  for (const Item& item : items_) {
    if (item.state != State::kOk) continue;
    AccountFacts& a = accounts_[item.uid];
    a.created_at = std::min(a.created_at, item.at);
  }
  // Oldest first, so ids keep time order.
  std::vector<std::pair<const std::string*, const AccountFacts*>> order;
  order.reserve(accounts_.size());
  for (const auto& [uid, facts] : accounts_) order.emplace_back(&uid, &facts);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    if (a.second->created_at != b.second->created_at) {
      return a.second->created_at < b.second->created_at;
    }
    return *a.first < *b.first;
  });
  Record r;
  r.kind = Kind::kAccount;
  std::string where;
  for (const auto& [uid, facts_ptr] : order) {
    const AccountFacts& facts = *facts_ptr;
    std::string base = CedHandle(*uid);
    r.handle = base;
    for (int n = 2; importer_.HandleTaken(r.handle); ++n) {
      std::string suffix = "_" + std::to_string(n);
      r.handle = base.substr(0, kMaxHandle - suffix.size()) + suffix;
    }
    r.id = *uid;
    r.name = IsDigits(*uid) ? "用户" + *uid : *uid;  // Weibo's default nickname
    r.at = facts.created_at;
    r.location = facts.location;
    r.verified = facts.verified;
    r.account_kind = facts.kind;
    where = "account " + *uid;
    CW_RETURN_IF_ERROR(importer_.Add(r, where));
  }
  return OkStatus();
}

Status CedReader::AddItem(int32_t i) {
  Item& item = items_[static_cast<size_t>(i)];
  const Item* parent = item.parent >= 0 ? &items_[static_cast<size_t>(item.parent)] : nullptr;
  Record r;
  r.id = item.mid;
  r.author = item.uid;
  r.at = item.at;
  if (item.comment) {
    r.kind = Kind::kComment;
    // On the parent's post: the parent forward, or the post the parent comment is on.
    item.host = !parent ? -1 : parent->comment ? parent->host : item.parent;
    r.post = PostOf(item.host, item.original);
    if (parent && parent->comment) r.reply_to = parent->mid;
    r.text = item.text;
  } else {
    r.kind = Kind::kForward;
    item.host = i;
    if (parent && parent->comment) {
      r.parent = PostOf(parent->host, item.original);
      r.comment = parent->mid;
    } else {
      r.parent = PostOf(parent ? item.parent : -1, item.original);
    }
    r.text = std::string(ForwardComment(item.text));
  }
  return importer_.Add(r, Where(item));
}

Status CedReader::Run() {
  if (!fs::is_directory(dir_ / kOriginalDir)) {
    return NotFound(dir_.string() + " has no " + kOriginalDir + "/ (not a CED directory)");
  }
  for (const std::string& file : ListJson(dir_ / kOriginalDir)) ReadOriginal(file);
  for (const char* sub : kRepostDirs) {
    for (const std::string& file : ListJson(dir_ / sub)) {
      if (!fs::exists(dir_ / kOriginalDir / file)) {
        ++counts_.unusable;
        importer_.Skip(std::string(sub) + "/" + file,
                       "there is no " + std::string(kOriginalDir) + "/" + file);
      }
    }
  }
  for (size_t o = 0; o < originals_.size(); ++o) ReadReposts(static_cast<int32_t>(o));
  for (size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].state == State::kUnresolved) Resolve(static_cast<int32_t>(i));
  }
  CW_RETURN_IF_ERROR(AddAccounts());

  // Everything else in time order, a parent always before its children (key, then depth).
  struct Event {
    TimeMs key;
    int32_t depth;
    int32_t original;
    int32_t item;  // -1: the original itself
  };
  std::vector<Event> events;
  events.reserve(originals_.size() + items_.size());
  for (size_t o = 0; o < originals_.size(); ++o) {
    events.push_back({originals_[o].at, 0, static_cast<int32_t>(o), -1});
  }
  for (size_t i = 0; i < items_.size(); ++i) {
    const Item& item = items_[i];
    if (item.state == State::kOk) {
      events.push_back({item.key, item.depth, item.original, static_cast<int32_t>(i)});
    }
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.depth != b.depth) return a.depth < b.depth;
    if (a.original != b.original) return a.original < b.original;
    return a.item < b.item;
  });
  Record post;
  post.kind = Kind::kPost;
  for (const Event& e : events) {
    if (e.item >= 0) {
      CW_RETURN_IF_ERROR(AddItem(e.item));
      continue;
    }
    const Original& o = originals_[static_cast<size_t>(e.original)];
    post.id = o.name;
    post.author = o.uid;
    post.text = o.text;
    post.at = o.at;
    CW_RETURN_IF_ERROR(importer_.Add(post, std::string(kOriginalDir) + "/" + o.name + ".json"));
  }
  return OkStatus();
}

}  // namespace

std::string CedCounts::Summary() const {
  return "read " + std::to_string(originals) + " originals and " + std::to_string(items) +
         " items; skipped " + std::to_string(repeated_mids) + " repeated mids, " +
         std::to_string(missing_parents) + " with a missing or skipped parent, " +
         std::to_string(unusable) + " unusable";
}

Result<CedReport> ImportCed(const std::string& dir, WorldImporter& importer, bool drop_indexes,
                            const WorldImporter::Progress& progress) {
  CW_RETURN_IF_ERROR(importer.Begin(drop_indexes, progress));
  CedReader reader(dir, importer);
  Status st = reader.Run();
  // Finish even after a failure, so what was loaded is committed and the indexes come back.
  auto report = importer.Finish();
  if (!st.ok()) return st.error();
  if (!report.ok()) return report.error();
  return CedReport{reader.counts(), std::move(report).value()};
}

Result<bool> CedImported(const std::string& dir, PostStore& posts) {
  std::vector<std::string> files = ListJson(fs::path(dir) / kOriginalDir);
  if (files.empty())
    return NotFound(dir + " has no " + kOriginalDir + "/*.json (not a CED directory)");
  for (const std::string& file : files) {
    auto p = posts.GetPostByExternalId(file.substr(0, file.size() - 5));
    if (!p.ok()) {
      if (p.error().code() == ErrorCode::kNotFound) return false;
      return p.error();
    }
  }
  return true;
}

bool ParseCedDate(std::string_view text, TimeMs* out) {
  if (text.size() != 19 || text[10] != ' ') return false;
  std::string iso(text);
  iso[10] = 'T';
  iso += "+08:00";  // Weibo shows China Standard Time
  return ParseIsoTime(iso, out);
}

bool ParseWeiboTime(std::string_view text, TimeMs* out) {
  // "Mon May 27 12:07:05 +0800 2013"
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (text.size() != 30 || text[3] != ' ' || text[7] != ' ' || text[10] != ' ' || text[19] != ' ' ||
      text[25] != ' ') {
    return false;
  }
  size_t month = kMonths.find(text.substr(4, 3));
  if (month == std::string_view::npos || month % 3 != 0) return false;
  const size_t m = month / 3 + 1;
  const char mm[3] = {static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '\0'};
  std::string iso = std::string(text.substr(26, 4)) + "-" + mm + "-" +
                    std::string(text.substr(8, 2)) + "T" + std::string(text.substr(11, 8)) +
                    std::string(text.substr(20, 3)) + ":" + std::string(text.substr(23, 2));
  return ParseIsoTime(iso, out);
}

std::string_view ForwardComment(std::string_view text) {
  size_t at = text.find("/@");
  if (at != std::string_view::npos) {
    if (at > 0 && text[at - 1] == '/') --at;
    text = text.substr(0, at);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string CedHandle(std::string_view uid) {
  if (IsDigits(uid)) return "u" + std::string(uid);
  std::string out;
  bool alnum = false;
  for (char c : uid) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (ok) {
      alnum = alnum || c != '_';
      out.push_back(c);
    } else if (out.empty() || out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (!alnum) {
    // Nothing a handle can hold: a stable name from the uid's bytes (FNV-1a).
    uint32_t h = 2166136261u;
    for (char c : uid) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    char buf[16];
    std::snprintf(buf, sizeof buf, "u_%08x", h);
    return buf;
  }
  if (out.size() > kMaxHandle) out.resize(kMaxHandle);
  if (out.size() < 2) out += "_u";
  return out;
}

}  // namespace cw::world
