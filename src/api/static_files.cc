#include "api/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cw::api {
namespace {

constexpr size_t kMaxFileBytes = 16 << 20;

const char* ContentType(const std::string& path) {
  auto ends = [&](const char* ext) {
    size_t n = std::char_traits<char>::length(ext);
    return path.size() >= n && path.compare(path.size() - n, n, ext) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

StaticFiles::StaticFiles(std::string root) {
  std::error_code ec;
  if (!root.empty() && std::filesystem::is_directory(root, ec)) {
    root_ = std::filesystem::canonical(root, ec).string();
    if (ec) root_.clear();
  }
}

std::optional<HttpResponse> StaticFiles::ReadFile(const std::string& relative) const {
  std::error_code ec;
  std::filesystem::path full = std::filesystem::weakly_canonical(
      std::filesystem::path(root_) / relative, ec);
  if (ec) return std::nullopt;
  // Never outside the root, whatever the path said.
  std::string s = full.string();
  if (s.compare(0, root_.size(), root_) != 0 || (s.size() > root_.size() && s[root_.size()] != '/')) {
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(full, ec) ||
      std::filesystem::file_size(full, ec) > kMaxFileBytes) {
    return std::nullopt;
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  HttpResponse r;
  r.content_type = ContentType(s);
  r.body = body.str();
  // Vite names built assets by content hash, so they never change; index.html always may.
  bool hashed = relative.rfind("assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

std::optional<HttpResponse> StaticFiles::Serve(const std::string& path) const {
  if (root_.empty() || path.empty() || path[0] != '/') return std::nullopt;
  // Built assets have plain names; anything else is a client-side route (/@alice, /statuses/1,
  // /tags/%E8%A5%BF%E6%B9%96) and gets the app, which reads the path itself. Nothing is looked
  // up on disk for a path holding escapes or dot segments.
  bool plain = path.find("..") == std::string::npos && path.find('%') == std::string::npos &&
               path.find('\0') == std::string::npos;
  std::string relative = path.substr(1);
  if (relative.empty()) relative = "index.html";
  if (plain) {
    if (auto r = ReadFile(relative)) return r;
  }
  // A missing built asset stays 404 rather than answering JavaScript requests with HTML.
  if (relative.rfind("assets/", 0) == 0) return std::nullopt;
  return ReadFile("index.html");
}

}  // namespace cw::api
