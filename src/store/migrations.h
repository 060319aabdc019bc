// The numbered SQL migrations under store/schema/, compiled into the binary. Thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cw {
// (number, SQL) in ascending order.
const std::vector<std::pair<int, std::string>>& SchemaMigrations();
}  // namespace cw
