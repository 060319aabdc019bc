// A streaming JSON writer that appends to a string: the hot responses (timelines, posts) are
// written straight into the response body instead of building a tree first. Commas are placed by
// the writer; keys are trusted ASCII literals; string values are escaped (UTF-8 passes through:
// the store holds only valid UTF-8). Not thread-safe; one per response.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace cw::api {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(*out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }

  // A key of an object member; the value follows. `key` must need no escaping.
  JsonWriter& Key(std::string_view key) {
    Separate();
    out_ += '"';
    out_ += key;
    out_ += "\":";
    comma_ = false;
    return *this;
  }

  JsonWriter& String(std::string_view s) {
    Separate();
    AppendQuoted(s);
    comma_ = true;
    return *this;
  }
  JsonWriter& Int(int64_t v) {
    Separate();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    comma_ = true;
    return *this;
  }
  // A number as a JSON string (ids: JavaScript loses precision above 2^53).
  JsonWriter& IntString(int64_t v) {
    Separate();
    char buf[26];
    buf[0] = '"';
    auto r = std::to_chars(buf + 1, buf + sizeof buf - 1, v);
    *r.ptr++ = '"';
    out_.append(buf, r.ptr);
    comma_ = true;
    return *this;
  }
  JsonWriter& Bool(bool v) { return Raw(v ? "true" : "false"); }
  JsonWriter& Null() { return Raw("null"); }
  // An already-serialised JSON value.
  JsonWriter& Raw(std::string_view json) {
    Separate();
    out_ += json;
    comma_ = true;
    return *this;
  }

  // A piece of JSON written earlier by another writer: a separator if one is due, the piece, and
  // whether a separator is due after it (false when the piece ends with a key).
  JsonWriter& Part(std::string_view json, bool ends_with_value) {
    Separate();
    out_ += json;
    comma_ = ends_with_value;
    return *this;
  }

  // Shorthands for a member: Field("id", v) == Key("id").String(v).
  JsonWriter& Field(std::string_view key, std::string_view v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, const char* v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, const std::string& v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, bool v) { return Key(key).Bool(v); }
  JsonWriter& Field(std::string_view key, int64_t v) { return Key(key).Int(v); }
  JsonWriter& Field(std::string_view key, int v) { return Key(key).Int(v); }

  std::string& out() { return out_; }

 private:
  JsonWriter& Open(char c) {
    Separate();
    out_ += c;
    comma_ = false;
    return *this;
  }
  JsonWriter& Close(char c) {
    out_ += c;
    comma_ = true;
    return *this;
  }
  void Separate() {
    if (comma_) out_ += ',';
  }
  void AppendQuoted(std::string_view s) {
    out_ += '"';
    size_t run = 0;  // start of the pending run that needs no escaping
    for (size_t i = 0; i < s.size(); ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out_.append(u, 6);
        }
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string& out_;
  bool comma_ = false;
};

}  // namespace cw::api
