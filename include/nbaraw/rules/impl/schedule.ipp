#pragma once
#include <nbaraw/rules/schedule.hpp>

#include <future>
#include <map>
#include <mutex>

namespace nbaraw {

struct ScheduleLookup::State {
  std::shared_ptr<Lookups> lookups;
  LookupQuery query;
  std::string date_column;
  std::mutex mutex;
  std::map<std::string, std::shared_future<std::shared_ptr<const Rows>>> by_date;
};

NBARAW_DECL ScheduleLookup::ScheduleLookup(std::shared_ptr<Lookups> lookups, LookupQuery query, std::string date_column)
    : state_(std::make_shared<State>()) {
  state_->lookups = lookups ? std::move(lookups) : no_lookups();
  state_->query = std::move(query);
  state_->date_column = std::move(date_column);
}

NBARAW_DECL std::shared_ptr<const Rows> ScheduleLookup::rows_on(const Date& date) const {
  using Answer = std::shared_ptr<const Rows>;
  const std::string key = date.iso();
  std::shared_future<Answer> answer;
  std::promise<Answer> promise;
  bool mine = false;
  {
    std::lock_guard lock(state_->mutex);
    if (auto it = state_->by_date.find(key); it != state_->by_date.end()) {
      answer = it->second;
    } else {
      if (state_->by_date.size() >= max_dates) state_->by_date.clear();
      answer = promise.get_future().share();
      state_->by_date.emplace(key, answer);
      mine = true;
    }
  }
  if (mine) {  // this thread reads the date; the others wait on the same future
    try {
      LookupQuery query = state_->query;
      query.equals.push_back(LookupQuery::Condition{state_->date_column, boost::json::value(key), ColumnType::DATE});
      promise.set_value(std::make_shared<const Rows>(state_->lookups->find(query)));
    } catch (...) {
      {
        std::lock_guard lock(state_->mutex);
        state_->by_date.erase(key);  // not cached: the next asker reads again
      }
      promise.set_exception(std::current_exception());
    }
  }
  return answer.get();
}

}  // namespace nbaraw
