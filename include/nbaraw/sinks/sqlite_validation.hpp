#pragma once
// The SQLite sink's file as the store --validate reads: its own read-only connection.
#include <nbaraw/config.hpp>
#include <nbaraw/validation/validator.hpp>

#include <memory>
#include <optional>
#include <string>

namespace nbaraw {

namespace detail {
class SqliteDatabase;
}

/// Tables are the SQLite sink's (named without dataset). A missing file has no tables; it is never created.
class SqliteValidationStore final : public validation::Store {
 public:
  NBARAW_DECL explicit SqliteValidationStore(std::string path);
  NBARAW_DECL ~SqliteValidationStore() override;
  validation::Dialect dialect() const override { return validation::Dialect::sqlite; }
  std::string describe() const override { return "sqlite:" + path_; }
  NBARAW_DECL std::optional<std::string> table_reference(const std::string& table) override;
  NBARAW_DECL std::vector<std::vector<boost::json::value>> select(const validation::SqlQuery& query) override;

 private:
  std::string path_;
  std::unique_ptr<detail::SqliteDatabase> db_;
};

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/sqlite_validation.ipp>
#endif
