#include <nbaraw/net/retry.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <random>

using namespace std::chrono_literals;
using nbaraw::net::backoff_delay;
using nbaraw::net::is_retryable_status;
using nbaraw::net::parse_retry_after;
using nbaraw::net::RetryPolicy;

TEST_CASE("408, 429 and every 5xx are retryable, other statuses are not", "[net][retry]") {
  for (unsigned s : {408u, 429u, 500u, 502u, 503u, 504u, 599u}) CHECK(is_retryable_status(s));
  for (unsigned s : {200u, 204u, 301u, 304u, 308u, 400u, 401u, 403u, 404u, 409u, 412u, 499u, 600u})
    CHECK_FALSE(is_retryable_status(s));
  static_assert(is_retryable_status(503));
}

TEST_CASE("backoff_delay stays within [0, min(max_backoff, initial * multiplier^(attempt-1))]", "[net][retry]") {
  RetryPolicy policy;
  policy.initial_backoff = 100ms;
  policy.multiplier = 2.0;
  policy.max_backoff = 1'000ms;
  std::mt19937_64 rng(42);
  const std::chrono::milliseconds caps[] = {100ms, 200ms, 400ms, 800ms, 1000ms, 1000ms, 1000ms};
  for (unsigned attempt = 1; attempt <= 7; ++attempt) {
    std::chrono::milliseconds largest{0};
    for (int i = 0; i < 2000; ++i) {
      auto d = backoff_delay(policy, attempt, rng);
      REQUIRE(d >= 0ms);
      REQUIRE(d <= caps[attempt - 1]);
      largest = std::max(largest, d);
    }
    // Full jitter over 2000 draws gets close to the cap: the waits grow with the attempt until max_backoff.
    CHECK(largest >= caps[attempt - 1] * 9 / 10);
  }
}

TEST_CASE("backoff_delay is deterministic for a seeded generator and spreads its waits", "[net][retry]") {
  RetryPolicy policy;
  policy.initial_backoff = 1'000ms;
  std::mt19937_64 a(7), b(7);
  bool differ = false;
  std::chrono::milliseconds previous{-1};
  for (int i = 0; i < 20; ++i) {
    auto x = backoff_delay(policy, 3, a);
    CHECK(x == backoff_delay(policy, 3, b));
    if (previous.count() >= 0 && x != previous) differ = true;
    previous = x;
  }
  CHECK(differ);
}

TEST_CASE("backoff_delay caps huge attempts and odd policies without overflow", "[net][retry]") {
  RetryPolicy policy;
  policy.initial_backoff = 250ms;
  policy.max_backoff = 30'000ms;
  std::mt19937_64 rng(1);
  for (unsigned attempt : {40u, 1000u, 4'000'000'000u}) {
    auto d = backoff_delay(policy, attempt, rng);
    CHECK(d >= 0ms);
    CHECK(d <= 30'000ms);
  }
  SECTION("attempt 0 is read as the first") { CHECK(backoff_delay(policy, 0, rng) <= 250ms); }
  SECTION("zero backoff never waits") {
    policy.initial_backoff = 0ms;
    CHECK(backoff_delay(policy, 5, rng) == 0ms);
  }
  SECTION("an absurd multiplier falls back to max_backoff") {
    policy.multiplier = 1e308;
    for (int i = 0; i < 50; ++i) CHECK(backoff_delay(policy, 10, rng) <= 30'000ms);
  }
}

TEST_CASE("a longer Retry-After wins over the jitter, still capped by max_backoff", "[net][retry]") {
  RetryPolicy policy;
  policy.initial_backoff = 100ms;
  policy.max_backoff = 5'000ms;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 100; ++i) CHECK(backoff_delay(policy, 1, rng, 2'000ms) == 2'000ms);
  CHECK(backoff_delay(policy, 1, rng, 60'000ms) == 5'000ms);
  // A shorter hint than the jitter leaves the jitter: never below the hint.
  for (int i = 0; i < 100; ++i) {
    auto d = backoff_delay(policy, 6, rng, 10ms);
    CHECK(d >= 10ms);
    CHECK(d <= 3'200ms);
  }
}

TEST_CASE("parse_retry_after reads delay-seconds and ignores HTTP dates and junk", "[net][retry]") {
  CHECK(parse_retry_after("0") == 0ms);
  CHECK(parse_retry_after("1") == 1'000ms);
  CHECK(parse_retry_after("120") == 120'000ms);
  CHECK(parse_retry_after("  7\t") == 7'000ms);
  CHECK_FALSE(parse_retry_after(""));
  CHECK_FALSE(parse_retry_after("   "));
  CHECK_FALSE(parse_retry_after("-1"));
  CHECK_FALSE(parse_retry_after("+5"));
  CHECK_FALSE(parse_retry_after("1.5"));
  CHECK_FALSE(parse_retry_after("5s"));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  auto huge = parse_retry_after("99999999999999999999999999");
  REQUIRE(huge);
  CHECK(*huge > 24h);
}
