import { describe, expect, it } from 'vitest';
import { chinaSlotStart, formatElapsed, listSlotTimes, slotPhase, toChinaDateAndTime } from './schedule';

describe('the inspection room’s slots', () => {
  it('offers half-hour slots inside the office hours', () => {
    const times = listSlotTimes();
    expect(times[0]).toBe('09:00');
    expect(times).toContain('11:30');
    expect(times).not.toContain('12:00');
    expect(times).toContain('14:00');
    expect(times.at(-1)).toBe('17:00');
  });

  it('reads and writes slots in China time, whatever the browser’s zone', () => {
    expect(chinaSlotStart('2026-03-03', '10:00')).toBe('2026-03-03T02:00:00.000Z');
    expect(toChinaDateAndTime('2026-03-02T17:30:00.000Z')).toEqual({ date: '2026-03-03', time: '01:30' });
  });

  it('tells upcoming, soon, now, overrun and over apart', () => {
    const start = '2026-03-03T02:00:00.000Z';
    const end = '2026-03-03T02:30:00.000Z';
    const expires = '2026-03-03T03:30:00.000Z';
    expect(slotPhase(new Date('2026-03-03T01:00:00Z'), start, end, expires)).toBe('upcoming');
    expect(slotPhase(new Date('2026-03-03T01:50:00Z'), start, end, expires)).toBe('soon');
    expect(slotPhase(new Date('2026-03-03T02:10:00Z'), start, end, expires)).toBe('now');
    expect(slotPhase(new Date('2026-03-03T03:00:00Z'), start, end, expires)).toBe('overrun');
    expect(slotPhase(new Date('2026-03-03T04:00:00Z'), start, end, expires)).toBe('over');
  });

  it('formats the recording’s elapsed time', () => {
    expect(formatElapsed(65_400)).toBe('01:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
    expect(formatElapsed(-5)).toBe('00:00');
  });
});
