// Debezium's spatial types (io.debezium.data.geometry.*) as text StarRocks loads: WKT, which
// StarRocks' ST_GeometryFromText / ST_GeomFromText read. The SRID is not part of WKT and is
// dropped.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <sluice/record.hpp>

#include "outcome.hpp"

namespace sluice::json_converter {

inline constexpr std::string_view kDebeziumPoint = "io.debezium.data.geometry.Point";
inline constexpr std::string_view kDebeziumGeometry = "io.debezium.data.geometry.Geometry";
inline constexpr std::string_view kDebeziumGeography = "io.debezium.data.geometry.Geography";

/// WKB (ISO or PostGIS EWKB: either byte order, Z / M / ZM, an embedded SRID) → WKT:
/// "POINT (1 2)", "LINESTRING (0 0, 1 1)", "POLYGON ((0 0, 1 0, 0 1, 0 0))", "MULTIPOINT ((1 2))",
/// "GEOMETRYCOLLECTION (POINT (1 2))", "POINT Z (1 2 3)", "POINT EMPTY".
Outcome<std::string> wkb_to_wkt(std::span<const std::uint8_t> wkb);

/// Point struct {x, y, wkb, srid}: "POINT (x y)" from x and y.
Outcome<std::string> debezium_point(const Value& point);
/// Geometry / Geography struct {wkb, srid}: the WKT of the base64 `wkb`.
Outcome<std::string> debezium_geometry(const Value& geometry);

}  // namespace sluice::json_converter
