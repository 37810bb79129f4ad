# The Debian packages: install() rules and CPack DEB, included at the end of
# CMakeLists.txt.  `cmake --build build --target package` makes three:
#
#   kiosk-common    /etc/kiosk/kiosk.conf (a conffile), the voice clips, the
#                   `kiosk` system user and /var/lib/kiosk (maintainer scripts)
#   kiosk           kiosk, kioskctl (it links SDL2_ttf for slips), the
#                   translations, the kiosk units, the udev rules
#   station-server  station-server, www, its units
#   kiosk-hub       the province's hub (kiosk-hub, its dashboard, hub.conf,
#                   its unit, its user and keys): a province's server, not a
#                   station's (docs/hub.md)
#
# so a board that is only a kiosk carries no server and the server machine no
# SDL, while the file both need (the configuration, the clips) has a single
# owner, as dpkg requires.  The fonts are Debian's own (fonts-dejavu-core holds
# the very files in fonts/, byte for byte).  Packages always install under
# /usr, whatever CMAKE_INSTALL_PREFIX a developer's build has; /etc, /lib are
# absolute.  Dependencies on libraries come from the binaries (shlibdeps).
include(GNUInstallDirs)

set(KIOSK_PACKAGE_VERSION "${PROJECT_VERSION}" CACHE STRING
    "The version the Debian packages carry (upstream part)")
set(KIOSK_PACKAGE_RELEASE "1" CACHE STRING "The Debian revision of the packages")
set(KIOSK_PACKAGE_MAINTAINER "Station kiosk maintainers <station-kiosk@example.org>" CACHE STRING
    "Maintainer: of the Debian packages (and their changelog)")

set(KIOSK_DATADIR "/usr/share/kiosk")       # what the installed kiosk.conf names
set(KIOSK_FONTDIR "/usr/share/fonts/truetype/dejavu")
set(KIOSK_UNITDIR "/lib/systemd/system")    # Debian 12: units and rules under /lib
set(KIOSK_UDEVDIR "/lib/udev/rules.d")
set(PKG_SRC "${PROJECT_SOURCE_DIR}/dist")
set(PKG_OUT "${PROJECT_BINARY_DIR}/dist")

# The installed programs resolve every symbol at start and keep their
# relocations read-only (as Debian builds do; lintian's hardening-no-bindnow).
foreach(t kiosk kioskctl station-server kiosk-hub)
  target_link_options(${t} PRIVATE -Wl,-z,relro -Wl,-z,now)
endforeach()

# The installed kiosk.conf: the shipped one with the installed absolute paths
# (state is already under /var/lib/kiosk there), everything else as shipped.
file(READ "${PROJECT_SOURCE_DIR}/kiosk.conf" conf)
foreach(pair
    "font = fonts/DejaVuSans.ttf|font = ${KIOSK_FONTDIR}/DejaVuSans.ttf"
    "font_bold = fonts/DejaVuSans-Bold.ttf|font_bold = ${KIOSK_FONTDIR}/DejaVuSans-Bold.ttf"
    "translations = assets/i18n|translations = ${KIOSK_DATADIR}/i18n"
    "clips = assets/voice|clips = ${KIOSK_DATADIR}/voice"
    "www = www|www = ${KIOSK_DATADIR}/www")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  string(REPLACE "\n${from}\n" "\n${to}\n" new "${conf}")
  if(new STREQUAL conf)
    message(FATAL_ERROR "packaging: kiosk.conf has no line '${from}' to point at ${to}")
  endif()
  set(conf "${new}")
endforeach()
file(WRITE "${PKG_OUT}/kiosk.conf.new" "${conf}")
configure_file("${PKG_OUT}/kiosk.conf.new" "${PKG_OUT}/kiosk.conf" COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${PROJECT_SOURCE_DIR}/kiosk.conf" "${PKG_SRC}/debian/changelog.in")

# /usr/share/doc/<package>/: copyright and changelog.Debian.gz, as Debian asks.
string(TIMESTAMP KIOSK_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(KIOSK_DEB_VERSION "${KIOSK_PACKAGE_VERSION}-${KIOSK_PACKAGE_RELEASE}")
find_program(GZIP gzip REQUIRED)
foreach(pkg kiosk-common kiosk station-server kiosk-hub)
  set(KIOSK_PACKAGE_NAME ${pkg})
  configure_file("${PKG_SRC}/debian/changelog.in" "${PKG_OUT}/${pkg}/changelog.Debian" @ONLY)
  execute_process(COMMAND ${GZIP} -9nf "${PKG_OUT}/${pkg}/changelog.Debian"
                  RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "packaging: gzip failed on ${pkg}'s changelog")
  endif()
endforeach()
file(READ "${PKG_SRC}/debian/copyright" copyright)
file(READ "${PROJECT_SOURCE_DIR}/fonts/LICENSE" fonts_license)
file(WRITE "${PKG_OUT}/copyright.new" "${copyright}")
file(WRITE "${PKG_OUT}/copyright.kiosk.new"
     "${copyright}\n# The fonts (from fonts-dejavu-core, identical to fonts/ in the source):\n${fonts_license}")
configure_file("${PKG_OUT}/copyright.new" "${PKG_OUT}/copyright" COPYONLY)
configure_file("${PKG_OUT}/copyright.kiosk.new" "${PKG_OUT}/copyright.kiosk" COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${PKG_SRC}/debian/copyright" "${PROJECT_SOURCE_DIR}/fonts/LICENSE")

# The manual pages, compressed as Debian wants them.
foreach(page kiosk.1 kioskctl.1 station-server.8 kiosk-hub.8)
  configure_file("${PKG_SRC}/man/${page}" "${PKG_OUT}/man/${page}" COPYONLY)
  execute_process(COMMAND ${GZIP} -9nf "${PKG_OUT}/man/${page}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "packaging: gzip failed on ${page}")
  endif()
endforeach()

macro(kiosk_doc pkg comp copyright_file)
  install(FILES "${PKG_OUT}/${pkg}/changelog.Debian.gz"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
  # built by a station, never uploaded to Debian: its changelog closes no bug
  file(WRITE "${PKG_OUT}/${pkg}/lintian-overrides"
       "# built from the source tree, not uploaded to Debian: no bug to close\n"
       "${pkg}: initial-upload-closes-no-bugs\n")
  install(FILES "${PKG_OUT}/${pkg}/lintian-overrides" RENAME ${pkg}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides COMPONENT ${comp})
  install(FILES "${copyright_file}" RENAME copyright
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
endmacro()

# kiosk-common
install(FILES "${PKG_OUT}/kiosk.conf" DESTINATION /etc/kiosk COMPONENT common)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/assets/voice/" DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosk/voice
        COMPONENT common)
install(FILES "${PROJECT_SOURCE_DIR}/docs/deploy.md"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/kiosk-common COMPONENT common)
kiosk_doc(kiosk-common common "${PKG_OUT}/copyright")

# kiosk
install(TARGETS kiosk kioskctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
install(FILES "${PKG_OUT}/man/kiosk.1.gz" "${PKG_OUT}/man/kioskctl.1.gz"
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT kiosk)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/assets/i18n/" DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosk/i18n
        COMPONENT kiosk)
install(FILES "${PKG_SRC}/systemd/kiosk.service" "${PKG_SRC}/systemd/kiosk-board.service"
              "${PKG_SRC}/systemd/kiosk-backup.service" "${PKG_SRC}/systemd/kiosk-backup.timer"
        DESTINATION ${KIOSK_UNITDIR} COMPONENT kiosk)
install(FILES "${PKG_SRC}/modules-load.d/kiosk.conf" DESTINATION /lib/modules-load.d COMPONENT kiosk)
if(EXISTS "${PKG_SRC}/udev/60-kiosk.rules")
  install(FILES "${PKG_SRC}/udev/60-kiosk.rules" DESTINATION ${KIOSK_UDEVDIR} COMPONENT kiosk)
else()
  message(STATUS "packaging: no dist/udev/60-kiosk.rules yet; the kiosk package has no udev rules")
endif()
kiosk_doc(kiosk kiosk "${PKG_OUT}/copyright.kiosk")

# station-server
install(TARGETS station-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)
install(FILES "${PKG_OUT}/man/station-server.8.gz"
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8 COMPONENT server)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/www/" DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosk/www
        COMPONENT server)
install(FILES "${PKG_SRC}/systemd/station-server.service"
              "${PKG_SRC}/systemd/station-server-backup.service"
              "${PKG_SRC}/systemd/station-server-backup.timer"
        DESTINATION ${KIOSK_UNITDIR} COMPONENT server)
kiosk_doc(station-server server "${PKG_OUT}/copyright")

# kiosk-hub
install(TARGETS kiosk-hub RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hub)
install(FILES "${PKG_OUT}/man/kiosk-hub.8.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man8 COMPONENT hub)
install(FILES "${PKG_SRC}/hub.conf" DESTINATION /etc/kiosk-hub COMPONENT hub)
install(FILES "${PKG_SRC}/systemd/kiosk-hub.service" DESTINATION ${KIOSK_UNITDIR} COMPONENT hub)
install(FILES "${PROJECT_SOURCE_DIR}/docs/hub.md" DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/kiosk-hub
        COMPONENT hub)
if(EXISTS "${PROJECT_SOURCE_DIR}/www-hub")
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/www-hub/" DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosk-hub/www
          COMPONENT hub)
endif()
kiosk_doc(kiosk-hub hub "${PKG_OUT}/copyright")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME station-kiosk)
set(CPACK_PACKAGE_VERSION "${KIOSK_PACKAGE_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "${KIOSK_PACKAGE_MAINTAINER}")
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL common kiosk server hub)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE "${KIOSK_PACKAGE_RELEASE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/")
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS OFF)

set(CPACK_DEBIAN_COMMON_PACKAGE_NAME kiosk-common)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_PACKAGE_DEPENDS "adduser")
set(CPACK_COMPONENT_COMMON_DESCRIPTION "station lobby queue kiosk - configuration and voice
What the station's kiosk and its station server share: the configuration
/etc/kiosk/kiosk.conf, the recorded voice clips a call is read with, the
system user kiosk the programs run as and their state in /var/lib/kiosk.")
set(CPACK_DEBIAN_COMMON_PACKAGE_CONTROL_EXTRA
    "${PKG_SRC}/debian/common/conffiles;${PKG_SRC}/debian/common/postinst;${PKG_SRC}/debian/common/postrm")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME kiosk)
# SDL on KMS/DRM shows the frame through EGL and OpenGL ES, which it opens at
# run time (shlibdeps cannot see them); Mesa's drivers, unless the board's
# GPU vendor brings its own.  libcurl too is opened at run time
# (sync/sync_http.c), by the kiosk with a station server and by kioskctl.
if(KIOSK_CURL_SONAME MATCHES "gnutls")
  set(KIOSK_CURL_PACKAGE libcurl3-gnutls)
else()
  set(KIOSK_CURL_PACKAGE libcurl4)
endif()
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "kiosk-common (= ${KIOSK_DEB_VERSION}), adduser, fonts-dejavu-core, libegl1, libgles2, ${KIOSK_CURL_PACKAGE}")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "libgl1-mesa-dri")
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "station lobby queue kiosk - the touchscreen kiosk and lobby board
The police station lobby's queue kiosk: citizens take a numbered slip on a
touchscreen (SDL2 on KMS/DRM, no X), booked citizens scan their QR code; the
same program drives the lobby board that shows and reads out the calls.
Also kioskctl, the technician's command line, its systemd units and the udev
rules for the receipt printers and barcode scanners.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    "${PKG_SRC}/debian/kiosk/postinst;${PKG_SRC}/debian/kiosk/prerm;${PKG_SRC}/debian/kiosk/postrm")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME station-server)
# Chart.js for the console's reports ([server] chartjs), served from this machine
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "kiosk-common (= ${KIOSK_DEB_VERSION}), libjs-chart.js")
set(CPACK_COMPONENT_SERVER_DESCRIPTION "station lobby queue kiosk - the station server
The queue's authority for a police station: kiosks issue through it, staff
call numbers from a browser, the lobby board follows it; an HTTP server with
an SQLite database, its systemd units and daily backup timer.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${PKG_SRC}/debian/server/postinst;${PKG_SRC}/debian/server/prerm;${PKG_SRC}/debian/server/postrm")

set(CPACK_DEBIAN_HUB_PACKAGE_NAME kiosk-hub)
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_HUB_PACKAGE_SUGGESTS "postgresql")
set(CPACK_COMPONENT_HUB_DESCRIPTION "station lobby queue kiosk - the province hub
The province's view of its police stations' lobbies: station servers forward
their queue's events, days' figures, ratings and device states (nothing
about a person) to it; the province's staff see every lobby live and report
across stations in a browser; settings and dossier shares are published to
the stations from it, signed.  Keeps its data in PostgreSQL (libpq); no
station ever waits for it.")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
    "${PKG_SRC}/debian/hub/conffiles;${PKG_SRC}/debian/hub/postinst;${PKG_SRC}/debian/hub/prerm;${PKG_SRC}/debian/hub/postrm")

include(CPack)
