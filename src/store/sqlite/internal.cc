#include "store/sqlite/internal.h"

#include <algorithm>
#include <charconv>

namespace cw::sqlite {

PageClause MakePageClause(const Page& page, const char* column, int max_limit) {
  PageClause c;
  std::string col = column;
  if (page.max_id > 0) {
    c.sql += " AND " + col + " < ?";
    c.args.push_back(page.max_id);
  }
  Id lower = page.min_id > 0 ? page.min_id : page.since_id;
  if (lower > 0) {
    c.sql += " AND " + col + " > ?";
    c.args.push_back(lower);
  }
  c.reverse = page.min_id > 0;
  c.sql += " ORDER BY " + col + (c.reverse ? " ASC" : " DESC") + " LIMIT ?";
  c.args.push_back(std::clamp(page.limit, 1, max_limit));
  return c;
}

void BindArgs(Stmt& stmt, int first, const std::vector<int64_t>& args) {
  for (size_t i = 0; i < args.size(); ++i) stmt.BindOne(first + static_cast<int>(i), args[i]);
}

std::string EncodeEntities(const std::vector<text::Entity>& entities) {
  std::string out;
  for (const auto& e : entities) {
    char kind = e.kind == text::Entity::Kind::kMention ? 'm'
                : e.kind == text::Entity::Kind::kTopic ? (e.closed ? 'T' : 't')
                                                       : 'l';
    out += kind;
    out += ',' + std::to_string(e.start) + ',' + std::to_string(e.end) + ',' +
           std::to_string(e.ref) + ',' + e.value + '\n';
  }
  return out;
}

std::vector<text::Entity> DecodeEntities(const std::string& s) {
  std::vector<text::Entity> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string::npos) nl = s.size();
    std::string_view line(s.data() + pos, nl - pos);
    pos = nl + 1;
    size_t c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
    size_t c4 = c3 == std::string_view::npos ? c3 : line.find(',', c3 + 1);
    if (line.empty() || c1 != 1 || c2 == std::string_view::npos || c4 == std::string_view::npos) {
      continue;
    }
    text::Entity e;
    char k = line[0];
    e.kind = k == 'm' ? text::Entity::Kind::kMention
             : k == 'l' ? text::Entity::Kind::kLink
                        : text::Entity::Kind::kTopic;
    e.closed = k == 'T';
    std::from_chars(line.data() + c1 + 1, line.data() + c2, e.start);
    std::from_chars(line.data() + c2 + 1, line.data() + c3, e.end);
    std::from_chars(line.data() + c3 + 1, line.data() + c4, e.ref);
    e.value = std::string(line.substr(c4 + 1));
    out.push_back(std::move(e));
  }
  return out;
}

std::string EncodeIds(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<Id> DecodeIds(const std::string& s) {
  std::vector<Id> out;
  const char* p = s.data();
  const char* end = s.data() + s.size();
  while (p < end) {
    Id v = 0;
    auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc()) break;
    out.push_back(v);
    p = next;
    if (p < end && *p == ',') ++p;
  }
  return out;
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace cw::sqlite

namespace cw::sqlite {
Status ForEachIdChunk(const std::vector<Id>& ids,
                      const std::function<Status(const std::string&, const std::vector<Id>&)>& fn) {
  static constexpr size_t kSizes[] = {1, 4, 16, 64, 256};
  size_t pos = 0;
  while (pos < ids.size()) {
    size_t left = ids.size() - pos;
    size_t size = kSizes[4];
    for (size_t s : kSizes) {
      if (s >= left) {
        size = s;
        break;
      }
    }
    std::vector<Id> chunk(ids.begin() + static_cast<ptrdiff_t>(pos),
                          ids.begin() + static_cast<ptrdiff_t>(pos + std::min(size, left)));
    while (chunk.size() < size) chunk.push_back(chunk.back());
    CW_RETURN_IF_ERROR(fn(Placeholders(size), chunk));
    pos += std::min(size, left);
  }
  return OkStatus();
}
}  // namespace cw::sqlite
