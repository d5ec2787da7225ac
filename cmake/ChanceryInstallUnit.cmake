# Install-time part of ChanceryInstall.cmake: writes chanceryd.service for the prefix this
# install uses (CMAKE_INSTALL_PREFIX as given to `cmake --install --prefix`, or /usr under
# CPack), then installs it (file(INSTALL) honours DESTDIR and the install manifest).
if(IS_ABSOLUTE "${CHANCERY_UNIT_BINDIR_RELATIVE}")
  set(CHANCERY_UNIT_BINDIR "${CHANCERY_UNIT_BINDIR_RELATIVE}")
else()
  set(CHANCERY_UNIT_BINDIR "${CMAKE_INSTALL_PREFIX}/${CHANCERY_UNIT_BINDIR_RELATIVE}")
endif()
configure_file("${CHANCERY_UNIT_TEMPLATE}" "${CHANCERY_UNIT_STAGING}" @ONLY)
file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/${CHANCERY_UNIT_DIR_RELATIVE}" TYPE FILE
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ FILES "${CHANCERY_UNIT_STAGING}")
