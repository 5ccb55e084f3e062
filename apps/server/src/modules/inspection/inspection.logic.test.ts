import { describe, expect, it } from 'vitest';
import { CalendarYearNotLoadedError, WorkingDayCalendar } from '../../lib/working-day-calendar.js';
import { daysFromChineseDays } from '../calendar/calendar.seed.js';
import { newInvitationSecret, readInvitation, signInvitation } from './inspection.invitation.js';
import { distanceMeters, locationVerdict } from './inspection.location.js';
import { chinaTime, DEFAULT_OFFICE_HOURS, proposeSlot } from './inspection.slots.js';

const calendar2026 = new WorkingDayCalendar(
  [2026],
  daysFromChineseDays(2026).map((row): [string, 'holiday' | 'make_up_workday'] => [row.date, row.kind as 'holiday' | 'make_up_workday']),
);

// 峻凌电子's plant in 咸阳高新区 (a fictional pin near 高新一路): the site the phone must show.
const site = { latitude: 34.3106, longitude: 108.6742, radiusMeters: 300 };

describe('location check', () => {
  it('measures distances like a map does', () => {
    // One degree of latitude is 111.2 km on the mean sphere.
    expect(distanceMeters({ latitude: 34, longitude: 108 }, { latitude: 35, longitude: 108 })).toBeCloseTo(111_195, -1);
  });

  it('is on site at the site, off site 2 km away, unknown without a usable fix', () => {
    expect(locationVerdict(site, [{ latitude: 34.3108, longitude: 108.6745, accuracyMeters: 12 }])).toEqual({ verdict: 'on_site', distanceMeters: 35 });
    // 2 km north: 0.018 degrees of latitude.
    const away = locationVerdict(site, [{ latitude: 34.3106 + 0.018, longitude: 108.6742, accuracyMeters: 15 }]);
    expect(away.verdict).toBe('off_site');
    expect(away.distanceMeters).toBeGreaterThan(1950);
    expect(locationVerdict(site, [])).toEqual({ verdict: 'unknown', distanceMeters: null });
    expect(locationVerdict(site, [{ latitude: 34.3106, longitude: 108.6742, accuracyMeters: 2_000 }]).verdict).toBe('unknown');
  });

  it('judges by the latest usable fix, so walking away from the site turns the verdict', () => {
    const trail = [
      { latitude: 34.3106, longitude: 108.6742, accuracyMeters: 10 },
      { latitude: 34.3306, longitude: 108.6742, accuracyMeters: 10 },
    ];
    expect(locationVerdict(site, trail).verdict).toBe('off_site');
  });
});

describe('invitation links', () => {
  const secret = newInvitationSecret();
  const claims = { inspectionId: '0b9f0a3e-3c1d-4d5e-9a7b-2f1e0c9d8b7a', version: 1, expiresAt: new Date('2026-11-27T04:00:00.000Z') };
  const now = new Date('2026-11-27T02:00:00.000Z');

  it('reads back what it signed', () => {
    expect(readInvitation(secret, signInvitation(secret, claims), now)).toEqual(claims);
  });

  it('refuses a tampered, foreign, expired or malformed token', () => {
    const token = signInvitation(secret, claims);
    const otherInspection = token.replace(claims.inspectionId, '1b9f0a3e-3c1d-4d5e-9a7b-2f1e0c9d8b7a');
    expect(readInvitation(secret, otherInspection, now)).toBe('bad_signature');
    const laterExpiry = token.replace(/\.(\d+)\./, (_match, expiry: string) => `.${Number(expiry) + 3600}.`);
    expect(readInvitation(secret, laterExpiry, now)).toBe('bad_signature');
    expect(readInvitation(newInvitationSecret(), token, now)).toBe('bad_signature');
    expect(readInvitation(secret, token, new Date('2026-11-27T04:00:00.000Z'))).toBe('expired');
    expect(readInvitation(secret, 'not-a-token', now)).toBe('malformed');
  });
});

describe('slot proposal', () => {
  const inspectors = ['a', 'b', 'c'];

  it('proposes the first office-hours slot on a working day after the lead time', () => {
    // Wednesday 30 September 2026, 16:50 in China: the afternoon ends 17:30, so the next slot is
    // after the National Day holiday (1–7 October): Thursday 8 October 09:00.
    const slot = proposeSlot({ calendar: calendar2026, now: chinaTime('2026-09-30', '16:50'), hours: DEFAULT_OFFICE_HOURS, inspectorIds: inspectors, busy: new Map(), lastDay: '2026-10-20' });
    expect(slot).toEqual({ start: chinaTime('2026-10-08', '09:00'), end: chinaTime('2026-10-08', '09:30'), inspectorIds: ['a', 'b'] });
  });

  it('needs two free inspectors in the same slot', () => {
    const busy = new Map([
      ['a', [{ start: chinaTime('2026-03-03', '09:00'), end: chinaTime('2026-03-03', '10:00') }]],
      ['b', [{ start: chinaTime('2026-03-03', '09:00'), end: chinaTime('2026-03-03', '09:30') }]],
    ]);
    const slot = proposeSlot({ calendar: calendar2026, now: chinaTime('2026-03-02', '18:00'), hours: DEFAULT_OFFICE_HOURS, inspectorIds: ['a', 'b'], busy, lastDay: null });
    expect(slot?.start).toEqual(chinaTime('2026-03-03', '10:00'));
    expect(proposeSlot({ calendar: calendar2026, now: chinaTime('2026-03-02', '18:00'), hours: DEFAULT_OFFICE_HOURS, inspectorIds: ['a'], busy: new Map(), lastDay: null })).toBeNull();
  });

  it('finds nothing after the case’s last day, and never guesses a year not loaded', () => {
    expect(proposeSlot({ calendar: calendar2026, now: chinaTime('2026-10-09', '17:20'), hours: DEFAULT_OFFICE_HOURS, inspectorIds: inspectors, busy: new Map(), lastDay: '2026-10-09' })).toBeNull();
    expect(() => proposeSlot({ calendar: calendar2026, now: chinaTime('2026-12-31', '17:20'), hours: DEFAULT_OFFICE_HOURS, inspectorIds: inspectors, busy: new Map(), lastDay: null })).toThrow(CalendarYearNotLoadedError);
  });
});
