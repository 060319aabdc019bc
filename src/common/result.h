// Errors are values: Status and Result<T>, shaped like std::expected so they can be swapped later.
// Not found, forbidden and duplicates are normal outcomes on a request path, not exceptions.
#pragma once

#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace cw {

enum class ErrorCode {
  kInvalidArgument,   // the request is well formed but breaks a rule (text too long, bad handle)
  kMalformed,         // the request cannot be parsed (bad JSON, invalid UTF-8)
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // authenticated, but not allowed
  kNotFound,          // no such thing, or the caller may not know it exists
  kAlreadyExists,     // unique key taken
  kTooLarge,          // body or field over its limit
  kRateLimited,
  kUnavailable,  // shutting down, store busy
  kInternal,
};

const char* ErrorCodeName(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  ErrorCode code() const { return code_; }
  // Safe to show to the client.
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_;
  std::string message_;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  bool ok() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool ok_ = true;
};

inline Status OkStatus() { return {}; }

// True if `st` failed with `code` (a normal outcome such as kNotFound or kAlreadyExists).
inline bool HasCode(const Status& st, ErrorCode code) { return !st.ok() && st.error().code() == code; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}   // NOLINT: implicit by design
  Result(Status status) : v_(status.error()) {    // NOLINT: only from a failed status
    if (status.ok()) std::abort();
  }
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

inline Error InvalidArgument(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
inline Error Malformed(std::string m) { return {ErrorCode::kMalformed, std::move(m)}; }
inline Error Unauthenticated(std::string m) { return {ErrorCode::kUnauthenticated, std::move(m)}; }
inline Error PermissionDenied(std::string m) {
  return {ErrorCode::kPermissionDenied, std::move(m)};
}
inline Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
inline Error AlreadyExists(std::string m) { return {ErrorCode::kAlreadyExists, std::move(m)}; }
inline Error TooLarge(std::string m) { return {ErrorCode::kTooLarge, std::move(m)}; }
inline Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }
inline Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }

}  // namespace cw

#define CW_CONCAT_INNER(a, b) a##b
#define CW_CONCAT(a, b) CW_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (a Status or Result) failed.
#define CW_RETURN_IF_ERROR(expr) CW_RETURN_IF_ERROR_IMPL(CW_CONCAT(cw_status_, __COUNTER__), expr)
#define CW_RETURN_IF_ERROR_IMPL(tmp, expr) \
  do {                                     \
    auto tmp = (expr);                     \
    if (!tmp.ok()) return tmp.error();     \
  } while (0)

// `CW_ASSIGN_OR_RETURN(auto x, Foo());` binds the value or returns the error.
#define CW_ASSIGN_OR_RETURN(lhs, expr) \
  CW_ASSIGN_OR_RETURN_IMPL(CW_CONCAT(cw_result_, __COUNTER__), lhs, expr)
#define CW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.error();             \
  lhs = std::move(tmp).value()

// Invariants, never user input.
#define CW_CHECK(cond)                                                                  \
  do {                                                                                  \
    if (!(cond)) ::cw::internal::CheckFailed(#cond, __FILE__, __LINE__);                \
  } while (0)

namespace cw::internal {
[[noreturn]] void CheckFailed(const char* cond, const char* file, int line);
}  // namespace cw::internal
