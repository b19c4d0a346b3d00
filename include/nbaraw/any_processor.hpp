#pragma once
// AnyProcessor: any processor behind one non-template interface. The runner, the backfill and its sources
// and sinks are then compiled once in the library, and a driver compiles only its processor's own code.
#include <nbaraw/backfill.hpp>

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace nbaraw {

class AnyProcessor {
 public:
  template <Processor P>
  explicit AnyProcessor(P processor) : self_(std::make_shared<const Model<P>>(std::move(processor))) {}

  const ProcessorInfo& info() const { return self_->info(); }
  /// process_bytes of the wrapped processor: decode, validate, transform one object's bytes; never throws.
  FileOutcome process(const ObjectInfo& object, std::string_view bytes) const { return self_->process(object, bytes); }
  /// The wrapped processor's summarize(counters), or no lines when it has none.
  std::vector<std::string> summarize(const QualityCounters& counters) const { return self_->summarize(counters); }

 private:
  struct Interface {
    virtual ~Interface() = default;
    virtual const ProcessorInfo& info() const = 0;
    virtual FileOutcome process(const ObjectInfo& object, std::string_view bytes) const = 0;
    virtual std::vector<std::string> summarize(const QualityCounters& counters) const = 0;
  };
  template <class P>
  struct Model final : Interface {
    explicit Model(P p) : processor(std::move(p)) {}
    const ProcessorInfo& info() const override { return processor.info(); }
    FileOutcome process(const ObjectInfo& object, std::string_view bytes) const override {
      return process_bytes(processor, object, bytes);
    }
    std::vector<std::string> summarize(const QualityCounters& counters) const override {
      if constexpr (SummarizingProcessor<P>)
        return processor.summarize(counters);
      else
        return {};
    }
    P processor;
  };
  std::shared_ptr<const Interface> self_;  // immutable, so copies share it and threads may call it at once
};

/// The backfill's per-file step for an AnyProcessor (found by argument-dependent lookup).
inline FileOutcome process_bytes(const AnyProcessor& processor, const ObjectInfo& object, std::string_view bytes) {
  return processor.process(object, bytes);
}

}  // namespace nbaraw
