# sluice_add_test(NAME <name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>]
#                 [TIMEOUT <seconds>] [ENVIRONMENT <VAR=value...>])
# Builds one doctest executable and registers it with ctest. Tests run from the build tree with
# SLUICE_BUILD_DIR and SLUICE_SOURCE_DIR set, so they can find the binaries, plugins and fixtures.
function(sluice_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE doctest::doctest Threads::Threads ${T_LIBS})
  target_compile_definitions(${T_NAME} PRIVATE DOCTEST_CONFIG_SUPER_FAST_ASSERTS)
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES
    TIMEOUT ${T_TIMEOUT}
    LABELS "${T_LABELS}"
    ENVIRONMENT "SLUICE_BUILD_DIR=${CMAKE_BINARY_DIR};SLUICE_SOURCE_DIR=${CMAKE_SOURCE_DIR};${T_ENVIRONMENT}")
endfunction()
