#pragma once
// The case file (案卷) as one PDF: the case's particulars, the table of contents, every filed
// document (signed or superseded) in the procedure's standard order, then the record of every
// act. The self-verifying ZIP of the same file is case_file_zip.h.
#include <string>

#include "platform/core/result.h"
#include "platform/store/database.h"
#include "recording/case.h"

namespace zhifa::recording {

Result<std::string> case_file_pdf(store::Tx& tx, const Case& c);

}  // namespace zhifa::recording
