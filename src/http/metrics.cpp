#include "http/metrics.h"

#include <prometheus/text_serializer.h>

#include <mutex>

namespace zj::http {

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  requests_ = &prometheus::BuildCounter()
                   .Name("zhijia_http_requests_total")
                   .Help("HTTP requests by method, route and status class")
                   .Register(*registry_);
  durations_ = &prometheus::BuildHistogram()
                    .Name("zhijia_http_request_duration_seconds")
                    .Help("HTTP request duration by route")
                    .Register(*registry_);
  in_flight_ = &prometheus::BuildGauge()
                    .Name("zhijia_http_requests_in_flight")
                    .Help("Requests being handled")
                    .Register(*registry_)
                    .Add({});
}

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             double seconds) {
  const std::string status_class = std::to_string(status / 100) + "xx";
  requests_->Add({{"method", method}, {"route", route}, {"status", status_class}}).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  durations_->Add({{"route", route}}, kBuckets).Observe(seconds);
}

std::string Metrics::Serialize() const {
  prometheus::TextSerializer serializer;
  return serializer.Serialize(registry_->Collect());
}

}  // namespace zj::http
