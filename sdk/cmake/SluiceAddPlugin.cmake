# sluice_add_plugin(<name> SOURCES <files...> [LIBS <targets...>])
#
# Builds a sluice plugin library (<name>.so) against the SDK. In the sluice tree the library lands in
# the bundled plugin folder; out of tree it lands in the current binary directory, and
# `install(TARGETS <name> LIBRARY DESTINATION ...)` puts it wherever the engine's plugin_path points.
function(sluice_add_plugin NAME)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  if(NOT P_SOURCES)
    message(FATAL_ERROR "sluice_add_plugin(${NAME}): SOURCES is required")
  endif()
  add_library(${NAME} MODULE ${P_SOURCES})
  target_link_libraries(${NAME} PRIVATE sluice::sdk ${P_LIBS})
  target_compile_features(${NAME} PRIVATE cxx_std_20)
  # Hidden by default: plugins never clash with each other; the SDK macro exports what the host reads.
  set_target_properties(${NAME} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED SLUICE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${NAME} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${SLUICE_PLUGIN_OUTPUT_DIR})
    install(TARGETS ${NAME} LIBRARY DESTINATION ${SLUICE_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
