# The libraries of the release-static build, built from Debian's own source
# packages (Debian's libcurl.a pulls in libraries that have no static archive:
# nghttp2, libidn2, libpsl, librtmp, libssh2, gssapi, ldap, ...):
#
#  - mbedTLS (source package mbedtls) with cmake/mbedtls_config_depot.h: a TLS
#    1.2 client only. Debian's libmbedtls.a links too but is built with every
#    cipher, curve, the server side and DTLS: ~400 KiB more, over the 2 MiB
#    budget. cmake/patches/mbedtls-*.patch are applied: iPAddress
#    subjectAltNames are verified (2.28 never did, so https://127.0.0.1
#    failed), and x25519 / P-256 are offered before P-384 / P-521 (2.28 offers
#    P-521 first, and ECDHE on it costs 3-4x). Its big-number and EC code is
#    built -O2 (cmake/mbedtls_cc_launcher.sh), the rest -Os.
#  - libcurl (source package curl): HTTP and HTTPS only, on that mbedTLS,
#    resolving names with c-ares (Debian's libc-ares-dev ships libcares.a).
#    c-ares reads /etc/hosts and /etc/resolv.conf itself, so the static binary
#    never goes through glibc's NSS: getaddrinfo in a static glibc binary
#    dlopen()s the host's libnss_*.so for any hosts: module but files/dns
#    (Ubuntu's mdns4_minimal, systemd's resolve, ...), which needs that host to
#    have the very glibc version the binary was linked with.
#
# Both are built at configure time into DEPOT_THIRD_PARTY_DIR (default
# build/third_party: outside the preset's binary dir, so deleting
# build/release-static keeps them), each in a directory named after the
# Debian version and a hash of every input (flags, config, compiler); a
# configure that finds the directory complete skips the build.
#
# Defines the imported target depot::curl_static (libcurl + mbedTLS + c-ares).

set(DEPOT_THIRD_PARTY_DIR "${PROJECT_SOURCE_DIR}/build/third_party" CACHE PATH
    "Where the release-static build keeps Debian sources and their builds (cached between builds)")

find_package(Threads REQUIRED)
find_library(DEPOT_CARES_LIB NAMES libcares.a REQUIRED)
cmake_host_system_information(RESULT _depot_jobs QUERY NUMBER_OF_LOGICAL_CORES)
execute_process(COMMAND "${CMAKE_C_COMPILER}" --version OUTPUT_VARIABLE _depot_cc_version ERROR_QUIET)

# Unpacks Debian's source package PKG (patches applied) under
# DEPOT_THIRD_PARTY_DIR/src once; sets <PKG>_SOURCE_DIR and <PKG>_DEBIAN_VERSION.
function(depot_debian_source pkg)
  set(root "${DEPOT_THIRD_PARTY_DIR}/src")
  file(GLOB dsc "${root}/${pkg}_*.dsc")
  if(NOT dsc)
    message(STATUS "release-static: fetching Debian's ${pkg} source (apt-get source ${pkg})")
    file(MAKE_DIRECTORY "${root}")
    execute_process(COMMAND apt-get source -qq ${pkg} WORKING_DIRECTORY "${root}"
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    file(GLOB dsc "${root}/${pkg}_*.dsc")
    if(NOT rc EQUAL 0 OR NOT dsc)
      message(FATAL_ERROR "release-static: 'apt-get source ${pkg}' failed (${rc}): ${err}\n"
              "apt needs a deb-src entry for bookworm and an apt-get update: scripts/build-static sets both up.")
    endif()
  endif()
  list(LENGTH dsc n)
  if(n GREATER 1)
    message(FATAL_ERROR "release-static: several ${pkg} sources in ${root}; delete that directory")
  endif()
  get_filename_component(name "${dsc}" NAME)
  string(REGEX REPLACE "^${pkg}_(.*)\\.dsc$" "\\1" debver "${name}")
  string(REGEX REPLACE "^[0-9]+:" "" upstream "${debver}")
  string(REGEX REPLACE "-[^-]*$" "" upstream "${upstream}")
  set(dir "${root}/${pkg}-${upstream}")
  if(NOT EXISTS "${dir}")
    message(FATAL_ERROR "release-static: ${dir} is missing; delete ${root} and configure again")
  endif()
  set(${pkg}_SOURCE_DIR "${dir}" PARENT_SCOPE)
  set(${pkg}_DEBIAN_VERSION "${debver}" PARENT_SCOPE)
endfunction()

# Runs one build step, stopping configure with the log's name when it fails.
function(depot_step what workdir)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${workdir}" RESULT_VARIABLE rc
                  OUTPUT_FILE "${workdir}/${what}.out" ERROR_FILE "${workdir}/${what}.err")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "release-static: ${what} failed; see ${workdir}/${what}.err (and config.log)")
  endif()
endfunction()

# Removes the builds of PKG other than KEEP (older flags or versions), so the
# cache does not grow with every change.
function(depot_prune_builds pkg keep)
  file(GLOB old LIST_DIRECTORIES true "${DEPOT_THIRD_PARTY_DIR}/${pkg}-*")
  foreach(dir ${old})
    if(NOT dir STREQUAL keep AND IS_DIRECTORY "${dir}")
      file(REMOVE_RECURSE "${dir}")
    endif()
  endforeach()
endfunction()

# ---- mbedTLS ----
depot_debian_source(mbedtls)
set(_mbedtls_config "${CMAKE_CURRENT_LIST_DIR}/mbedtls_config_depot.h")
# C libraries: no unwind tables (~10% of their size). No C++ exception may
# cross libcurl anyway (it is not exception-safe); the helper's callbacks
# into it (write_body, read_header) do not throw but on bad_alloc.
set(DEPOT_DEPS_CFLAGS "-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables")
file(GLOB _mbedtls_patches CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/patches/mbedtls-*.patch")
list(SORT _mbedtls_patches)
set(_inputs "")
set(_mbedtls_launcher "${CMAKE_CURRENT_LIST_DIR}/mbedtls_cc_launcher.sh")
foreach(_f "${_mbedtls_config}" "${_mbedtls_launcher}" ${_mbedtls_patches})
  file(SHA256 "${_f}" _h)
  string(APPEND _inputs "${_h}|")
endforeach()
# Editing any of them re-runs configure (and so this build) on the next build.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${_mbedtls_config}" "${_mbedtls_launcher}" ${_mbedtls_patches})
string(SHA256 _key "${mbedtls_DEBIAN_VERSION}|${_inputs}|${DEPOT_DEPS_CFLAGS}|${_depot_cc_version}")
string(SUBSTRING "${_key}" 0 10 _key)
set(DEPOT_MBEDTLS_PREFIX "${DEPOT_THIRD_PARTY_DIR}/mbedtls-${mbedtls_DEBIAN_VERSION}-${_key}")
if(EXISTS "${DEPOT_MBEDTLS_PREFIX}/.depot-built")
  message(STATUS "release-static: mbedTLS ${mbedtls_DEBIAN_VERSION} cached in ${DEPOT_MBEDTLS_PREFIX}")
else()
  message(STATUS "release-static: building mbedTLS ${mbedtls_DEBIAN_VERSION} (TLS 1.2 client) into ${DEPOT_MBEDTLS_PREFIX}")
  set(_work "${DEPOT_MBEDTLS_PREFIX}.build")
  file(REMOVE_RECURSE "${_work}" "${DEPOT_MBEDTLS_PREFIX}")
  file(MAKE_DIRECTORY "${_work}")
  # A private copy of the source, so the patches never touch the shared one.
  file(COPY "${mbedtls_SOURCE_DIR}/" DESTINATION "${_work}/src" PATTERN ".pc" EXCLUDE PATTERN "tests" EXCLUDE)
  foreach(_patch ${_mbedtls_patches})
    depot_step(patch "${_work}" patch -d src -p1 --forward --batch -i "${_patch}")
  endforeach()
  depot_step(configure "${_work}" "${CMAKE_COMMAND}" -S "${_work}/src" -B "${_work}/build"
    -G "${CMAKE_GENERATOR}" -DCMAKE_BUILD_TYPE=None "-DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}"
    "-DCMAKE_C_FLAGS=${DEPOT_DEPS_CFLAGS} -DMBEDTLS_CONFIG_FILE=\\\"${_mbedtls_config}\\\""
    -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DUSE_SHARED_MBEDTLS_LIBRARY=OFF
    -DUSE_STATIC_MBEDTLS_LIBRARY=ON -DMBEDTLS_FATAL_WARNINGS=OFF
    "-DCMAKE_C_COMPILER_LAUNCHER=${_mbedtls_launcher}"
    "-DCMAKE_INSTALL_PREFIX=${DEPOT_MBEDTLS_PREFIX}")
  depot_step(build "${_work}" "${CMAKE_COMMAND}" --build build -j ${_depot_jobs})
  depot_step(install "${_work}" "${CMAKE_COMMAND}" --install build)
  # Whoever includes these headers (libcurl) must see the configuration the library was built with.
  file(COPY_FILE "${_mbedtls_config}" "${DEPOT_MBEDTLS_PREFIX}/include/mbedtls/config.h")
  file(REMOVE_RECURSE "${_work}")
  file(WRITE "${DEPOT_MBEDTLS_PREFIX}/.depot-built" "${mbedtls_DEBIAN_VERSION}\n")
  depot_prune_builds(mbedtls "${DEPOT_MBEDTLS_PREFIX}")
endif()

# ---- libcurl ----
depot_debian_source(curl)
set(DEPOT_CURL_CONFIGURE_FLAGS
  --disable-shared --enable-static --with-pic
  --with-mbedtls=${DEPOT_MBEDTLS_PREFIX} --without-openssl --without-gnutls --without-wolfssl
  --without-bearssl --without-rustls --without-nss
  --enable-ares --enable-http --enable-proxy --enable-ipv6 --enable-verbose
  --disable-ftp --disable-file --disable-ldap --disable-ldaps --disable-rtsp --disable-dict
  --disable-telnet --disable-tftp --disable-pop3 --disable-imap --disable-smb --disable-smtp
  --disable-gopher --disable-mqtt --disable-websockets
  --disable-manual --disable-libcurl-option --disable-ntlm --disable-ntlm-wb --disable-tls-srp
  --disable-cookies --disable-mime --disable-netrc --disable-progress-meter --disable-doh
  --disable-alt-svc --disable-hsts --disable-headers-api --disable-get-easy-options
  --disable-unix-sockets --disable-crypto-auth --disable-dateparse --disable-sspi
  --disable-dependency-tracking --disable-maintainer-mode
  --without-zlib --without-brotli --without-zstd --without-libidn2 --without-libpsl
  --without-nghttp2 --without-ngtcp2 --without-nghttp3 --without-quiche --without-msh3
  --without-libssh2 --without-libssh --without-wolfssh --without-librtmp --without-gssapi
  --without-libgsasl --without-hyper
  --without-ca-bundle --without-ca-path --without-ca-fallback)
string(SHA256 _key "${curl_DEBIAN_VERSION}|${DEPOT_CURL_CONFIGURE_FLAGS}|${DEPOT_DEPS_CFLAGS}|${_depot_cc_version}|${DEPOT_CARES_LIB}")
string(SUBSTRING "${_key}" 0 10 _key)
set(DEPOT_CURL_PREFIX "${DEPOT_THIRD_PARTY_DIR}/curl-${curl_DEBIAN_VERSION}-${_key}")
if(EXISTS "${DEPOT_CURL_PREFIX}/.depot-built")
  message(STATUS "release-static: libcurl ${curl_DEBIAN_VERSION} cached in ${DEPOT_CURL_PREFIX}")
else()
  message(STATUS "release-static: building libcurl ${curl_DEBIAN_VERSION} (HTTP/HTTPS, mbedTLS, c-ares) into ${DEPOT_CURL_PREFIX}")
  set(_work "${DEPOT_CURL_PREFIX}.build")
  file(REMOVE_RECURSE "${_work}" "${DEPOT_CURL_PREFIX}")
  file(MAKE_DIRECTORY "${_work}")
  # AM_MAINTAINER_MODE is off: the release's configure and Makefile.in are
  # used as shipped (Debian's packaging patches to Makefile.am only rename the
  # library for its GnuTLS/NSS flavours); the source patches (CVE fixes) apply.
  depot_step(configure "${_work}" "${curl_SOURCE_DIR}/configure" --prefix=${DEPOT_CURL_PREFIX}
    ${DEPOT_CURL_CONFIGURE_FLAGS} "CC=${CMAKE_C_COMPILER}" "CFLAGS=${DEPOT_DEPS_CFLAGS}")
  depot_step(make-lib "${_work}" make -C lib -j${_depot_jobs})  # the library only: no curl tool, docs, tests
  depot_step(install-lib "${_work}" make -C lib install)
  depot_step(install-headers "${_work}" make -C include install)
  file(REMOVE_RECURSE "${_work}")
  file(WRITE "${DEPOT_CURL_PREFIX}/.depot-built" "${curl_DEBIAN_VERSION}\n${DEPOT_CURL_CONFIGURE_FLAGS}\n")
  depot_prune_builds(curl "${DEPOT_CURL_PREFIX}")
endif()

add_library(depot::curl_static STATIC IMPORTED)
set_target_properties(depot::curl_static PROPERTIES
  IMPORTED_LOCATION "${DEPOT_CURL_PREFIX}/lib/libcurl.a"
  INTERFACE_INCLUDE_DIRECTORIES "${DEPOT_CURL_PREFIX}/include"
  INTERFACE_COMPILE_DEFINITIONS "CURL_STATICLIB"
  INTERFACE_LINK_LIBRARIES
    "${DEPOT_MBEDTLS_PREFIX}/lib/libmbedtls.a;${DEPOT_MBEDTLS_PREFIX}/lib/libmbedx509.a;${DEPOT_MBEDTLS_PREFIX}/lib/libmbedcrypto.a;${DEPOT_CARES_LIB};Threads::Threads")
