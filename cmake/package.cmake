# SPDX-License-Identifier: GPL-3.0-or-later
# The documents an installed tree carries, and the Debian package CPack makes of that tree
# (cpack -G DEB in the build folder; ./mpwb.sh package does it and checks the result).

# Who answers for the package: named once, for the .deb's Maintainer and its changelog.
set(MPWB_MAINTAINER "MP Workbench contributors <mpwb@users.noreply.github.com>")

# Debian's documents: a machine-readable copyright and a changelog, compressed as Debian policy wants
# (gzip -n, so the same sources give the same bytes).
execute_process(COMMAND date -R -u -d ${MPWB_RELEASE_DATE} OUTPUT_VARIABLE MPWB_RELEASE_DATE_RFC2822
    OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
configure_file(resources/debian/copyright.in ${PROJECT_BINARY_DIR}/doc/copyright @ONLY)
configure_file(resources/debian/changelog.in ${PROJECT_BINARY_DIR}/doc/changelog @ONLY)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/doc/changelog.gz
    COMMAND gzip -n -9 -f -k ${PROJECT_BINARY_DIR}/doc/changelog
    DEPENDS ${PROJECT_BINARY_DIR}/doc/changelog
    COMMENT "Compressing the changelog")
add_custom_target(mpwb_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/doc/changelog.gz)
install(FILES ${PROJECT_BINARY_DIR}/doc/copyright ${PROJECT_BINARY_DIR}/doc/changelog.gz README.md
    DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Manual pages made from the programs' own --help and --version, when help2man is there (./mpwb.sh package
# installs it), so they never drift from what the programs say. Not in sanitizer builds, which are never
# packaged and whose programs may report at exit.
find_program(MPWB_HELP2MAN help2man)
if(MPWB_HELP2MAN AND NOT MPWB_SANITIZE AND NOT MPWB_TSAN)
    set(mpwb_man_pages)
    set(mpwb-run_says "run the MP Workbench exercises, sweeps and comparisons without a display")
    set(mpwb_says "the MP Workbench desktop app: learn multiprocessing by watching real processes work")
    foreach(program mpwb-run mpwb)
        if(NOT TARGET ${program})
            continue()
        endif()
        set(page ${PROJECT_BINARY_DIR}/man/${program}.1)
        add_custom_command(OUTPUT ${page}.gz
            COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
            COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ${MPWB_HELP2MAN} --no-info
                "--name=${${program}_says}" --output=${page} $<TARGET_FILE:${program}>
            COMMAND gzip -n -9 -f ${page}
            DEPENDS ${program}
            COMMENT "Writing the manual page of ${program}" VERBATIM)
        list(APPEND mpwb_man_pages ${page}.gz)
    endforeach()
    add_custom_target(mpwb_man ALL DEPENDS ${mpwb_man_pages})
    install(FILES ${mpwb_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mpwb)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The MP Workbench contributors")
set(CPACK_PACKAGE_CONTACT ${MPWB_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON) # the build keeps its debug information; the package does not
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # mpwb_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
# dpkg-shlibdeps turns the libraries the programs link into Debian 12 package names and versions
# (libqt6widgets6, libqcustomplot2.1-qt6, libc6, ...); Qt's SVG plugins, loaded rather than linked, come
# with libqt6svg6, which the app links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not a library, so shlibdeps cannot see it: `mpwb-run python` and the app's Python page run the student's
# script with python3 and load the tracer (share/mpwb/tracer) into it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3 (>= 3.8)")
# The tracer compiled once at install (postinst) and its compiled files removed with the package (prerm).
set(MPWB_TRACER_INSTALLED ${CPACK_PACKAGING_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/mpwb/tracer)
foreach(script postinst prerm)
    configure_file(resources/debian/${script}.in ${PROJECT_BINARY_DIR}/debian/${script} @ONLY
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_BINARY_DIR}/debian/postinst ${PROJECT_BINARY_DIR}/debian/prerm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The first line of the description is project(DESCRIPTION); the rest is wrapped here, as Debian wants
# lines of at most 80 characters and CPack leaves them as they are.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "MP Workbench teaches multiprocessing for CPU-bound Python by running it
live: every core lighting up, the speedup curve bending as workers are added,
the cost of chunksize, a worker that dies named by its process id.

Lessons with runnable examples, predictions and quizzes lead to four
exercises that run on a real engine: a process pool started by fork, spawn or
forkserver, real pipes, CPU samples from /proc, and threads with and without a
global interpreter lock to compare against. The student's own Python scripts
run with real CPython under the same views, traced in every process they
start. The command-line runner mpwb-run does the same work without a display.")
include(CPack)
