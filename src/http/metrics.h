#pragma once
// Prometheus metrics of the process, exposed at /metrics.
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

namespace zj::http {

class Metrics {
 public:
  Metrics();
  // Records one finished request. route is the matched pattern ("/api/v1/orgs/{id}") or
  // "static" / "unmatched", so that label cardinality stays bounded.
  void ObserveRequest(const std::string& method, const std::string& route, int status,
                      double seconds);
  // The text exposition format.
  std::string Serialize() const;
  prometheus::Registry& registry() { return *registry_; }
  prometheus::Gauge& in_flight() { return *in_flight_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* durations_;
  prometheus::Gauge* in_flight_;
};

}  // namespace zj::http
