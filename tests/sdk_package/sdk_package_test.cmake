# Installs sluice into a temporary prefix, builds sdk/examples/hello_transform out of tree against
# it (find_package(sluice-sdk) + sluice_add_plugin), runs the example's own harness test, then
# checks that the installed `sluice` lists the plugin and validates a pipeline that uses it.
#
# cmake -DBUILD_DIR=... -DEXAMPLE_DIR=... -DFIXTURE_PLUGIN_DIR=... -DGENERATOR=... -DCXX_COMPILER=...
#       -DC_COMPILER=... -P sdk_package_test.cmake
cmake_minimum_required(VERSION 3.25)

foreach(v BUILD_DIR EXAMPLE_DIR FIXTURE_PLUGIN_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "sdk_package_test.cmake: -D${v}=... is required")
  endif()
endforeach()

if(DEFINED ENV{TMPDIR} AND IS_DIRECTORY "$ENV{TMPDIR}")
  set(tmp_root "$ENV{TMPDIR}")
else()
  set(tmp_root /tmp)
endif()
string(RANDOM LENGTH 10 ALPHABET abcdefghijklmnopqrstuvwxyz0123456789 suffix)
set(work "${tmp_root}/sluice-sdk-package-${suffix}")
set(prefix "${work}/prefix")
set(example_build "${work}/hello-build")
file(MAKE_DIRECTORY "${work}")

# Fails the test after removing the temporary folder.
function(fail what)
  file(REMOVE_RECURSE "${work}")
  message(FATAL_ERROR "${what}")
endfunction()

# Runs a command with SLUICE_PLUGIN_PATH unset; fails unless it exits with `expected_rc`.
# Sets <out_var> to stdout and stderr together.
function(run expected_rc out_var)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=SLUICE_PLUGIN_PATH ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL expected_rc)
    fail("command exited ${rc}, expected ${expected_rc}: ${ARGN}\n--- stdout\n${out}\n--- stderr\n${err}")
  endif()
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    fail("${what}: expected to match '${regex}' in:\n${text}")
  endif()
endfunction()

# 1. Install the SDK (headers, CMake package), the engine and its bundled plugins.
run(0 out ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
file(GLOB_RECURSE config_file "${prefix}/*/sluice-sdkConfig.cmake")
if(NOT config_file)
  fail("cmake --install put no sluice-sdkConfig.cmake under ${prefix}")
endif()
if(NOT EXISTS "${prefix}/include/sluice/sluice.hpp" OR NOT EXISTS "${prefix}/include/sluice/testing/harness.hpp")
  fail("cmake --install did not install the SDK headers under ${prefix}/include/sluice")
endif()

# 2. Configure, build and test the example against the installed SDK only, with the same compiler.
set(compilers -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
if(C_COMPILER)
  list(APPEND compilers -DCMAKE_C_COMPILER=${C_COMPILER})
endif()
run(0 out ${CMAKE_COMMAND} -S "${EXAMPLE_DIR}" -B "${example_build}" -G "${GENERATOR}" ${compilers}
  "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
file(STRINGS "${example_build}/CMakeCache.txt" sdk_dir REGEX "^sluice-sdk_DIR:")
expect_match("${sdk_dir}" "=${prefix}/" "the example must find the SDK in the temporary prefix")
run(0 out ${CMAKE_COMMAND} --build "${example_build}")
set(plugin_file "${example_build}/sluice_transform_hello.so")
if(NOT EXISTS "${plugin_file}")
  fail("the example build produced no ${plugin_file}")
endif()
run(0 out ${CMAKE_CTEST_COMMAND} --test-dir "${example_build}" --output-on-failure)
expect_match("${out}" "100% tests passed" "the example's harness test")

# 3. The installed sluice lists the plugin and finds its bundled folder inside the prefix.
set(sluice "${prefix}/bin/sluice")
run(0 out "${sluice}" plugins --plugin-path "${example_build}")
expect_match("${out}" "transform +hello +1\\.0\\.0 +${plugin_file}" "sluice plugins")
expect_match("${out}" "searched: ${example_build} ${prefix}/lib[^ ]*/sluice/plugins" "sluice plugins search path")
run(0 out "${sluice}" plugins --plugin-path "${example_build}" --describe transform/hello)
expect_match("${out}" "name_field \\(string, required\\)" "sluice plugins --describe")

# 4. validate accepts a pipeline that uses it (the other plugins are the test fixtures).
set(head "name = \"hello\"\nplugin_path = [\"${example_build}\", \"${FIXTURE_PLUGIN_DIR}\"]\n[source]\nbootstrap_servers = \"127.0.0.1:9092\"\ntopics = [\"people\"]\nkey = { converter = \"fixture_text\" }\nvalue = { converter = \"fixture_text\" }\n[sink]\nplugin = \"fixture_sink\"\nformat = \"fixture_lines\"\nurl = \"http://127.0.0.1:8030\"\n")
file(WRITE "${work}/hello.toml" "${head}[[transforms]]\nplugin = \"hello\"\nname_field = \"customer\"\n")
run(0 out "${sluice}" validate "${work}/hello.toml")
expect_match("${out}" "\n\\[\\[transforms\\]\\]\nplugin = \"hello\"\nname_field = \"customer\"\ngreeting = \"hello\"\ntarget = \"greeting\"\n"
  "sluice validate output")

# ... and checks its options like any other plugin's.
file(WRITE "${work}/typo.toml" "${head}[[transforms]]\nplugin = \"hello\"\nname_feild = \"customer\"\n")
run(2 out "${sluice}" validate "${work}/typo.toml")
expect_match("${out}" "typo.toml:14:1: \\[transforms\\[0\\]\\] unknown option 'name_feild'; did you mean 'name_field'\\?"
  "sluice validate error")

file(REMOVE_RECURSE "${work}")
message(STATUS "sdk package test passed")
