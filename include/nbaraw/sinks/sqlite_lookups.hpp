#pragma once
// Lookups answered by the SQLite sink's file: its own read-only connection, one query at a time.
#include <nbaraw/config.hpp>
#include <nbaraw/lookups.hpp>

#include <memory>
#include <mutex>
#include <string>

namespace nbaraw {

namespace detail {
class SqliteDatabase;
}

/// Tables are the SQLite sink's (named without dataset). A missing file or table answers no rows.
class SqliteLookups final : public Lookups {
 public:
  NBARAW_DECL explicit SqliteLookups(std::string path);
  NBARAW_DECL ~SqliteLookups() override;
  NBARAW_DECL Rows find(const LookupQuery& query) override;

 private:
  std::string path_;
  std::mutex mutex_;
  std::unique_ptr<detail::SqliteDatabase> db_;
};

/// The SQL text of a lookup (identifiers checked and quoted, values as ?1, ?2, ...), shared by the stores.
/// `quote` quotes one identifier, `table` is the quoted table reference.
NBARAW_DECL std::string lookup_sql(const LookupQuery& query, const std::string& table, std::string (*quote)(std::string_view),
                                   std::string (*placeholder)(std::size_t index));

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/sqlite_lookups.ipp>
#endif
