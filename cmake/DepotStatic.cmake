# DEPOT_STATIC: docker-credential-depot as one fully static, stripped x86-64
# executable (glibc, libstdc++, a minimal libcurl with mbedTLS and c-ares, fmt
# header-only). Included at the end of the root CMakeLists.txt, after the
# normal targets exist: it swaps the libraries they link and adds link options,
# so nothing in helper/ or adapters/ changes for it.
#
# Why glibc and not musl: the helper is C++20 and Debian ships no libstdc++
# built for musl (musl-tools is C only), so a musl build would need a whole
# cross toolchain. glibc links fully static; the one catch, getaddrinfo going
# through NSS, is avoided by resolving with c-ares (see DepotStaticDeps.cmake).

enable_language(C)  # for curl's configure (the project itself is C++ only)
include("${CMAKE_CURRENT_LIST_DIR}/DepotStaticDeps.cmake")

if(NOT TARGET fmt::fmt-header-only)
  message(FATAL_ERROR "release-static: fmt's CMake package has no fmt::fmt-header-only target")
endif()

# Swap system libcurl (shared, OpenSSL) for the static one and fmt for its
# header-only form, both in what depot_helper_core links and what it passes on.
foreach(_prop LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
  get_target_property(_libs depot_helper_core ${_prop})
  if(_libs)
    list(TRANSFORM _libs REPLACE "^CURL::libcurl$" "depot::curl_static")
    list(TRANSFORM _libs REPLACE "^fmt::fmt$" "fmt::fmt-header-only")
    set_property(TARGET depot_helper_core PROPERTY ${_prop} "${_libs}")
  endif()
endforeach()

# Size: -Os (MinSizeRel), LTO across the helper's code, unused sections
# dropped, no page padding between segments, stripped (-s). The size budget is
# 2 MiB; glibc + libstdc++ (iostreams pull in every locale facet) are ~1.4 MiB.
set(_depot_size_flags -ffunction-sections -fdata-sections)
target_compile_options(depot_helper_core PRIVATE ${_depot_size_flags})
target_compile_options(docker-credential-depot PRIVATE ${_depot_size_flags})
set_property(TARGET depot_helper_core docker-credential-depot PROPERTY INTERPROCEDURAL_OPTIMIZATION ON)
target_sources(docker-credential-depot PRIVATE "${CMAKE_CURRENT_LIST_DIR}/static_terminate.cpp")
target_link_options(docker-credential-depot PRIVATE
  -static -Wl,--gc-sections -Wl,-O1 -Wl,-z,noseparate-code -Wl,--build-id=none -s)

# dist/: the binary and its checksum, written by the dist target (scripts/build-static).
set(DEPOT_DIST_DIR "${PROJECT_SOURCE_DIR}/dist" CACHE PATH "Where the dist target puts the release binary")
file(MAKE_DIRECTORY "${DEPOT_DIST_DIR}")
add_custom_target(dist
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${DEPOT_DIST_DIR}"
  COMMAND "${CMAKE_COMMAND}" -E copy "$<TARGET_FILE:docker-credential-depot>" "${DEPOT_DIST_DIR}/docker-credential-depot"
  # dist/ is also a release directory as scripts/install.sh expects one.
  COMMAND "${CMAKE_COMMAND}" -E copy "$<TARGET_FILE:docker-credential-depot>" "${DEPOT_DIST_DIR}/docker-credential-depot-linux-amd64"
  COMMAND "${CMAKE_COMMAND}" -E copy "${PROJECT_SOURCE_DIR}/scripts/install.sh" "${DEPOT_DIST_DIR}/install.sh"
  COMMAND sha256sum docker-credential-depot docker-credential-depot-linux-amd64 install.sh > SHA256SUMS
  WORKING_DIRECTORY "${DEPOT_DIST_DIR}"
  DEPENDS docker-credential-depot
  COMMENT "dist/: the release binary, its asset name for install.sh, install.sh, SHA256SUMS"
  VERBATIM)
