/**
 * Where the phone is against the registered site. Distances on the WGS-84 ellipsoid's mean radius
 * (haversine): accurate to well under a metre at the few-kilometre scale that matters here.
 */
const EARTH_RADIUS_METERS = 6_371_008.8;

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export type LocationVerdict = 'on_site' | 'off_site' | 'unknown';

export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLatitude = toRadians(b.latitude - a.latitude);
  const dLongitude = toRadians(b.longitude - a.longitude);
  const h = Math.sin(dLatitude / 2) ** 2 + Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A fix worse than this says nothing about which building the phone is in. */
export const MAX_USEFUL_ACCURACY_METERS = 500;

/**
 * The verdict from the latest fixes: `unknown` without a usable fix; `on_site` when the latest
 * usable fix, widened by its accuracy, reaches the site's radius; otherwise `off_site`.
 */
export function locationVerdict(
  site: GeoPoint & { radiusMeters: number },
  fixes: ReadonlyArray<GeoPoint & { accuracyMeters: number | null }>,
): { verdict: LocationVerdict; distanceMeters: number | null } {
  const usable = fixes.filter((fix) => fix.accuracyMeters === null || fix.accuracyMeters <= MAX_USEFUL_ACCURACY_METERS);
  const latest = usable.at(-1);
  if (!latest) return { verdict: 'unknown', distanceMeters: null };
  const distance = distanceMeters(site, latest);
  const slack = Math.min(latest.accuracyMeters ?? 0, site.radiusMeters);
  return { verdict: distance - slack <= site.radiusMeters ? 'on_site' : 'off_site', distanceMeters: Math.round(distance) };
}
