#include "api/metrics.h"

#include <sstream>

namespace cw::api {

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[{method, route}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP clearwater_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE clearwater_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out << "clearwater_http_requests_total{method=\"" << method << "\",route=\"" << route
        << "\",status=\"" << status << "\"} " << n << "\n";
  }
  out << "# HELP clearwater_http_request_duration_seconds Time from request read to response.\n"
      << "# TYPE clearwater_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    std::string labels = "method=\"" + key.first + "\",route=\"" + key.second + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << "clearwater_http_request_duration_seconds_bucket{" << labels << ",le=\""
          << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
    }
    out << "clearwater_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
        << h.count << "\n";
    out << "clearwater_http_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n";
    out << "clearwater_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
  }
  return out.str();
}

}  // namespace cw::api
