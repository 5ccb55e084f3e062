import type { CaseClock, CaseEvent } from '@yuanqu/shared';
import { describe, expect, it } from 'vitest';
import { clockNeverStartedReason, describeEvent, WITHDRAWABLE } from './case-story';

function event(action: string, details: Record<string, unknown> = {}, reason: string | null = null): CaseEvent {
  return { at: '2026-11-26T02:00:00Z', action, actorName: '王晓燕', fromStatus: null, toStatus: 'submitted', reason, details };
}

describe('describeEvent', () => {
  it('tells the number at submission and marks it as the applicant’s own step', () => {
    expect(describeEvent(event('submitted', { number: 'XH-2026-000001' }))).toMatchObject({
      key: 'submitted',
      params: { number: 'XH-2026-000001' },
      isOwn: true,
    });
  });

  it('gives the due date at acceptance when the calendar covers it, and only the limit when not', () => {
    expect(describeEvent(event('accepted', { dueOn: '2026-12-04', limitDays: 5 }))).toMatchObject({
      key: 'acceptedWithDue',
      params: { limit: 5, dueOn: '2026-12-04' },
      isOwn: false,
    });
    expect(describeEvent(event('accepted', { dueOn: null, limitDays: 5 }))).toMatchObject({ key: 'accepted', params: { limit: 5 } });
  });

  it('counts the deficiencies of a correction notice and keeps its note', () => {
    const step = describeEvent(
      event(
        'correction_requested',
        {
          deficiencies: [
            { target: 'a', reason: 'x' },
            { target: 'b', reason: 'y' },
          ],
        },
        '请一次补齐',
      ),
    );
    expect(step).toMatchObject({ key: 'correctionRequested', params: { count: 2 }, reason: '请一次补齐', tone: 'orange' });
  });

  it('tells approval from denial, and a posted delivery’s tracking number', () => {
    expect(describeEvent(event('concluded', { decision: 'denied' })).key).toBe('concludedDenied');
    expect(describeEvent(event('concluded', { decision: 'approved' })).key).toBe('concludedApproved');
    expect(describeEvent(event('delivered', { method: 'post', trackingNumber: 'SF123' }))).toMatchObject({
      key: 'deliveredWithTracking',
      params: { method: 'post', trackingNumber: 'SF123' },
    });
  });

  it('still says something for an action it does not know', () => {
    expect(describeEvent(event('forwarded'))).toMatchObject({ key: 'moved', params: { status: 'submitted' } });
  });
});

describe('clockNeverStartedReason', () => {
  const idle: CaseClock = {
    limitDays: 5,
    acceptedOn: null,
    dueOn: null,
    usedDays: 0,
    remainingDays: 5,
    isPaused: false,
    light: 'green',
    missingCalendarYear: null,
  };
  const accepted: CaseClock = { ...idle, acceptedOn: '2026-03-02', dueOn: '2026-03-09', usedDays: 5, remainingDays: 0 };

  it('names a refusal or a withdrawal before acceptance, whose clock never started', () => {
    expect(clockNeverStartedReason(idle, 'refused')).toBe('refused');
    expect(clockNeverStartedReason(idle, 'withdrawn')).toBe('withdrawn');
  });

  it('says nothing while the clock is waiting for acceptance or has run', () => {
    expect(clockNeverStartedReason(idle, 'submitted')).toBeNull();
    expect(clockNeverStartedReason(idle, 'draft')).toBeNull();
    expect(clockNeverStartedReason(accepted, 'concluded')).toBeNull();
    expect(clockNeverStartedReason(accepted, 'withdrawn')).toBeNull();
  });
});

describe('WITHDRAWABLE', () => {
  it('offers withdrawal only once submitted: a draft is deleted instead', () => {
    expect(WITHDRAWABLE).toEqual(['submitted', 'correction_requested']);
  });
});
