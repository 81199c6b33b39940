#include "load_response.hpp"

namespace sluice_tools {

nlohmann::ordered_json to_ordered_json(const LoadResult& r) {
  nlohmann::ordered_json j;
  j["TxnId"] = r.txn_id;
  j["Label"] = r.label;
  j["Status"] = r.status;
  if (r.existing_job_status) j["ExistingJobStatus"] = *r.existing_job_status;
  j["Message"] = r.message;
  j["NumberTotalRows"] = r.total_rows;
  j["NumberLoadedRows"] = r.loaded_rows;
  j["NumberFilteredRows"] = r.filtered_rows;
  j["NumberUnselectedRows"] = r.unselected_rows;
  j["LoadBytes"] = r.load_bytes;
  j["LoadTimeMs"] = r.load_time_ms;
  j["BeginTxnTimeMs"] = 0;
  j["StreamLoadPlanTimeMs"] = 0;
  j["ReadDataTimeMs"] = r.read_data_time_ms;
  j["WriteDataTimeMs"] = r.write_data_time_ms;
  j["CommitAndPublishTimeMs"] = 0;
  if (r.error_url) j["ErrorURL"] = *r.error_url;
  return j;
}

}  // namespace sluice_tools
