#pragma once
// When to retry, and how long to wait: a policy separate from the transport, as google-cloud-cpp does.
#include <nbaraw/config.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace nbaraw::net {

struct RetryPolicy {
  unsigned max_attempts = 6;                         ///< first try included
  std::chrono::milliseconds initial_backoff{250};    ///< cap of the first wait
  std::chrono::milliseconds max_backoff{30'000};     ///< cap of any wait
  double multiplier = 2.0;
  std::chrono::milliseconds total_budget{300'000};   ///< no attempt starts after this much time since the first
};

/// 408, 429 and every 5xx are transient.
constexpr bool is_retryable_status(unsigned status) { return status == 408 || status == 429 || (status >= 500 && status <= 599); }

/// Full jitter: a uniform wait in [0, min(max_backoff, initial * multiplier^(attempt-1))], attempt >= 1;
/// a Retry-After the server sent wins when it is longer (still capped by max_backoff).
NBARAW_DECL std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, unsigned attempt, std::mt19937_64& rng,
                                                    std::optional<std::chrono::milliseconds> retry_after = std::nullopt);

/// Retry-After as delay-seconds (an HTTP date is read as "no hint").
NBARAW_DECL std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

}  // namespace nbaraw::net

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/retry.ipp>
#endif
