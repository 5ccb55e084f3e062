/**
 * Positions for the inspectors' location map, drawn without map tiles: every fix as metres east
 * and north of the registered site (an equirectangular projection around the site, exact to well
 * under a metre at the few-kilometre scale the map shows).
 */
const EARTH_RADIUS_METERS = 6_371_008.8;

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface LocalPoint {
  /** Metres east of the site (west is negative). */
  east: number;
  /** Metres north of the site (south is negative). */
  north: number;
}

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine), as the server computes it. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const dLatitude = toRadians(b.latitude - a.latitude);
  const dLongitude = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLatitude / 2) ** 2 + Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point as metres east and north of the origin (the site). */
export function projectLocal(origin: GeoPoint, point: GeoPoint): LocalPoint {
  return {
    east: toRadians(point.longitude - origin.longitude) * Math.cos(toRadians(origin.latitude)) * EARTH_RADIUS_METERS,
    north: toRadians(point.latitude - origin.latitude) * EARTH_RADIUS_METERS,
  };
}

/**
 * Half the side of the square the map shows, in metres: the site's circle and every point, with a
 * margin, rounded up to a "nice" value so the view does not jitter with each fix.
 */
export function mapHalfExtent(radiusMeters: number, points: readonly LocalPoint[]): number {
  const farthest = points.reduce((max, point) => Math.max(max, Math.abs(point.east), Math.abs(point.north)), radiusMeters);
  return niceCeiling(farthest * 1.25);
}

/** The smallest 1, 2 or 5 × 10ⁿ that is at least `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** The largest 1, 2 or 5 × 10ⁿ metres not longer than `maxMeters`: the scale bar's length. */
export function scaleBarMeters(maxMeters: number): number {
  if (maxMeters <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(maxMeters));
  let best = power;
  for (const step of [1, 2, 5]) if (step * power <= maxMeters) best = step * power;
  return best;
}

/** "850 m" / "1.2 km". */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.round(meters)} m`;
  return `${(meters / 1000).toFixed(meters < 10_000 ? 1 : 0)} km`;
}

/**
 * Reads coordinates pasted as "34.3106, 108.6742" (latitude first, as map apps copy them) or
 * "108.6742,34.3106" when the first number cannot be a latitude.
 */
export function parseCoordinates(text: string): GeoPoint | null {
  const numbers = text.match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
  if (numbers.length !== 2) return null;
  const [first = 0, second = 0] = numbers;
  if (Math.abs(first) <= 90 && Math.abs(second) <= 180) return { latitude: first, longitude: second };
  if (Math.abs(second) <= 90 && Math.abs(first) <= 180) return { latitude: second, longitude: first };
  return null;
}
