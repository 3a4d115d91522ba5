# src/io: tabular files (CSV in UTF-8 or GBK, XLSX) read and written as rows of text.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
find_package(fmt REQUIRED)
zj_library(zj_io io)
target_link_libraries(zj_io PUBLIC zj_base PkgConfig::LIBZIP PkgConfig::EXPAT PkgConfig::XLSXWRITER
  fmt::fmt)

