import { describe, expect, it } from 'vitest';
import { distanceMeters, formatDistance, mapHalfExtent, niceCeiling, parseCoordinates, projectLocal, scaleBarMeters } from './geo';

const site = { latitude: 34.3106, longitude: 108.6742 };

describe('the location map projection', () => {
  it('puts a point 0.001° north about 111 m north and a point east at the cosine of the latitude', () => {
    const north = projectLocal(site, { latitude: site.latitude + 0.001, longitude: site.longitude });
    expect(north.north).toBeCloseTo(111.2, 0);
    expect(north.east).toBeCloseTo(0, 6);
    const east = projectLocal(site, { latitude: site.latitude, longitude: site.longitude + 0.001 });
    expect(east.east).toBeCloseTo(111.2 * Math.cos((site.latitude * Math.PI) / 180), 0);
  });

  it('agrees with the haversine distance within a metre at a kilometre', () => {
    const point = { latitude: site.latitude + 0.006, longitude: site.longitude + 0.007 };
    const local = projectLocal(site, point);
    expect(Math.abs(Math.hypot(local.east, local.north) - distanceMeters(site, point))).toBeLessThan(1);
  });

  it('frames the site circle and every point with a margin, on a nice value', () => {
    expect(mapHalfExtent(300, [])).toBe(500);
    expect(mapHalfExtent(300, [{ east: -900, north: 100 }])).toBe(2000);
    expect(niceCeiling(130)).toBe(200);
    expect(niceCeiling(0)).toBe(1);
  });

  it('picks a scale bar of 1, 2 or 5 × 10ⁿ metres', () => {
    expect(scaleBarMeters(240)).toBe(200);
    expect(scaleBarMeters(99)).toBe(50);
    expect(scaleBarMeters(1000)).toBe(1000);
  });

  it('writes distances in metres and kilometres', () => {
    expect(formatDistance(42.4)).toBe('42 m');
    expect(formatDistance(1250)).toBe('1.3 km');
    expect(formatDistance(25_400)).toBe('25 km');
  });
});

describe('pasted coordinates', () => {
  it('reads latitude first, or longitude first when the first cannot be a latitude', () => {
    expect(parseCoordinates('34.3106, 108.6742')).toEqual(site);
    expect(parseCoordinates('108.6742,34.3106')).toEqual(site);
    expect(parseCoordinates('34.3106')).toBeNull();
    expect(parseCoordinates('north')).toBeNull();
  });
});
