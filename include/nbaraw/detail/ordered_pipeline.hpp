#pragma once
// Batches staged several at once and committed one at a time, in the order they were submitted.
#include <nbaraw/detail/bounded_queue.hpp>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace nbaraw::detail {

/**
 * submit(batch) starts stage(batch) on its own thread and returns, unless `max_staging` batches are
 * staged or waiting to commit already (then it waits: memory follows max_staging, not the run). One
 * thread calls commit(batch, staged) for the batches in submission order, each once its stage has ended
 * (`staged` is the future of stage's result, holding its exception if it threw) and the previous commit
 * has returned. A failed stage or commit does not hold back the next batch's commit. finish() waits for
 * every commit; the destructor calls it.
 */
template <class Batch, class Staged>
class OrderedPipeline {
 public:
  using StageFn = std::function<Staged(Batch&)>;
  using CommitFn = std::function<void(Batch&, std::future<Staged>&)>;

  OrderedPipeline(unsigned max_staging, StageFn stage, CommitFn commit)
      : max_staging_(std::max(1u, max_staging)), stage_(std::move(stage)), commit_(std::move(commit)),
        queue_(max_staging_), committer_([this] { commit_in_order(); }) {}
  ~OrderedPipeline() { finish(); }
  OrderedPipeline(const OrderedPipeline&) = delete;
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  void submit(Batch batch) {
    {
      std::unique_lock lock(mutex_);
      room_.wait(lock, [&] { return in_flight_ < max_staging_; });
      ++in_flight_;
    }
    auto item = std::make_unique<Item>();
    item->batch = std::move(batch);
    Item* raw = item.get();
    item->staged = std::async(std::launch::async, [this, raw] { return stage_(raw->batch); });
    queue_.push(std::move(item));
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    queue_.close();
    if (committer_.joinable()) committer_.join();
  }

 private:
  struct Item {
    Batch batch;
    std::future<Staged> staged;
  };

  void commit_in_order() {
    while (auto item = queue_.pop()) {
      (*item)->staged.wait();
      commit_((*item)->batch, (*item)->staged);
      item->reset();
      std::lock_guard lock(mutex_);
      --in_flight_;
      room_.notify_one();
    }
  }

  const unsigned max_staging_;
  StageFn stage_;
  CommitFn commit_;
  std::mutex mutex_;
  std::condition_variable room_;
  unsigned in_flight_ = 0;
  bool finished_ = false;
  BoundedQueue<std::unique_ptr<Item>> queue_;
  std::thread committer_;
};

}  // namespace nbaraw::detail
