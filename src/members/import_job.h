#pragma once
// An import as a background job: progress, rejected rows and the outcome go to the jobs table.
#include <memory>
#include <string>

#include "auth/principal.h"
#include "db/database.h"
#include "members/import.h"

namespace zj::members {

// Runs the import of `bytes` for the principal (null: the command line) under job_id; never
// throws. progress_out, if set, is also told of each batch (the command line prints it).
void RunImportJob(db::Database& db, std::shared_ptr<const auth::Principal> principal,
                  std::string request_id, int64_t job_id, std::string bytes, ImportOptions options,
                  std::function<void(const jobs::Counters&)> progress_out = nullptr);

}  // namespace zj::members
