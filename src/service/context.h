// What every service is built with: the store, the clock, the id generator and the limits.
// Constructed once in app/ and shared; the pointees outlive the services.
#pragma once

#include <cstdint>

#include "common/clock.h"
#include "common/id.h"
#include "store/store.h"

namespace cw {

struct Limits {
  size_t post_chars = 140;        // code points of a normal post (and a forward's own comment)
  size_t long_post_chars = 2000;  // code points of a long post; also bounds a forward's chain
  size_t comment_chars = 140;
  size_t message_chars = 2000;
  size_t display_name_chars = 30;
  size_t bio_chars = 300;
  size_t location_chars = 30;
  size_t group_title_chars = 30;
  int max_groups = 20;
  int max_group_members = 200;
  int max_chain_hops = 50;  // forward ancestors kept per forward
  int page_default = 20;
  int page_max = 40;
};

// How hard Argon2id works on each password. kMin is for tests only.
enum class PasswordCost { kMin, kInteractive, kModerate };

struct ServiceContext {
  Store* store = nullptr;
  Clock* clock = nullptr;
  IdGenerator* ids = nullptr;
  Limits limits;
  PasswordCost password_cost = PasswordCost::kInteractive;
};

}  // namespace cw
