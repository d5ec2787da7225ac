# `cmake --install build --prefix P` and the Debian package (`make deb`, CPack): docs/deploy.md.
# Layout under P (GNUInstallDirs): bin/chancery, bin/chanceryd; share/chancery/web (the web UI,
# which chanceryd finds as <its directory>/../share/chancery/web: apps/server/install_paths.h);
# share/chancery/default.policy (the policy `chancery init` compiles in, to read or copy);
# share/man/man1/chancery.1, share/man/man8/chanceryd.8; share/doc/chancery/;
# lib/systemd/system/chanceryd.service (its paths are those of P, set at install time).
include(GNUInstallDirs)

install(TARGETS chancery chanceryd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/chancery/web)
install(FILES ${PROJECT_SOURCE_DIR}/policy/default.policy
        DESTINATION ${CMAKE_INSTALL_DATADIR}/chancery)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/man/chancery.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/man/chanceryd.8
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        PATTERN screenshots EXCLUDE PATTERN reports EXCLUDE)

# The unit names the installed binaries by absolute path, so it is written at install time,
# when the prefix is known (--prefix may differ from the configured CMAKE_INSTALL_PREFIX).
# Not CMAKE_INSTALL_LIBDIR: on Debian that is lib/<multiarch>, and units live in lib/systemd.
set(CHANCERY_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where chanceryd.service is installed, relative to the prefix")
install(CODE "
  set(CHANCERY_UNIT_TEMPLATE \"${PROJECT_SOURCE_DIR}/packaging/chanceryd.service.in\")
  set(CHANCERY_UNIT_STAGING \"${PROJECT_BINARY_DIR}/packaging/chanceryd.service\")
  set(CHANCERY_UNIT_BINDIR_RELATIVE \"${CMAKE_INSTALL_BINDIR}\")
  set(CHANCERY_UNIT_DIR_RELATIVE \"${CHANCERY_SYSTEMD_UNIT_DIR}\")
")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/ChanceryInstallUnit.cmake)

# The Debian package: `make deb` (cpack -G DEB) writes build/chancery_<version>_<arch>.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chancery)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Chancery")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "records system for diplomatic cables (chancery, chanceryd)")
set(CPACK_PACKAGE_DESCRIPTION
    "Chancery keeps diplomatic cables from drafting to declassification: an embedded store with \
a full-text index, access decided per record, a tamper-evident audit log, the chancery command \
line and chanceryd, the HTTP API with its web reading room. The package runs chanceryd as the \
chancery system user from /var/lib/chancery (chanceryd.service).")
set(CPACK_PACKAGE_CONTACT "Chancery maintainers <chancery@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # chancery_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Shared-library dependencies from dpkg-shlibdeps (dpkg-dev, installed by scripts/bootstrap);
# without it, the bookworm packages the binaries link, by hand. adduser runs in postinst.
find_program(CHANCERY_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(CHANCERY_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libc6, libstdc++6, libgcc-s1, libsqlite3-0, \
libxapian30, libsodium23, libzstd1, libxml2, libfmt9, zlib1g")
endif()
include(CPack)
