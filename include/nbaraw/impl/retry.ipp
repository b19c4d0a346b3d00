#pragma once
#include <nbaraw/net/retry.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace nbaraw::net {

NBARAW_DECL std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, unsigned attempt, std::mt19937_64& rng,
                                                    std::optional<std::chrono::milliseconds> retry_after) {
  using std::chrono::milliseconds;
  if (attempt == 0) attempt = 1;
  const double max_backoff = static_cast<double>(std::max<std::int64_t>(0, policy.max_backoff.count()));
  // initial * multiplier^(attempt-1), computed in floating point so that a long run cannot overflow; a NaN or
  // an infinity (absurd multiplier) falls back to the cap.
  double cap = static_cast<double>(std::max<std::int64_t>(0, policy.initial_backoff.count())) *
               std::pow(policy.multiplier, static_cast<double>(attempt - 1));
  if (!(cap < max_backoff)) cap = max_backoff;
  if (!(cap > 0)) cap = 0;
  std::uniform_int_distribution<std::int64_t> uniform(0, static_cast<std::int64_t>(cap));
  milliseconds delay{uniform(rng)};
  if (retry_after && *retry_after > delay)
    delay = std::min(*retry_after, milliseconds{static_cast<std::int64_t>(max_backoff)});
  return std::max(delay, milliseconds{0});
}

NBARAW_DECL std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  // delay-seconds = 1*DIGIT; anything else (an HTTP date, a sign, a fraction) is no hint.
  std::int64_t seconds = 0;
  constexpr std::int64_t limit = 100'000'000;  // saturate (over three years): callers cap by max_backoff anyway
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    if (seconds < limit) seconds = seconds * 10 + (c - '0');
  }
  seconds = std::min(seconds, limit);
  return std::chrono::milliseconds{seconds * 1000};
}

}  // namespace nbaraw::net
