#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include "e2e_support.hpp"
TEST_CASE("placeholder") {}
