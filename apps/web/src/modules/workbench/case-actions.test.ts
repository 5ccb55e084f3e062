import { describe, expect, it } from 'vitest';
import { allowedActions } from './case-actions';

const PLANNING = 'planning-department';
const MARKET = 'market-department';

describe('allowed case actions', () => {
  it('lets a clerk accept, refuse or ask for corrections on a submitted case', () => {
    expect(allowedActions('submitted', PLANNING, { roles: ['clerk'], departmentId: 'service-center' })).toEqual([
      'accept',
      'requestCorrection',
      'refuse',
    ]);
  });

  it('lets the approver of the case’s department decide, suspend or ask for corrections', () => {
    expect(allowedActions('under_review', PLANNING, { roles: ['approver'], departmentId: PLANNING })).toEqual([
      'decide',
      'requestCorrection',
      'suspend',
    ]);
    expect(allowedActions('suspended', PLANNING, { roles: ['approver'], departmentId: PLANNING })).toEqual(['resume']);
  });

  it('offers an approver of another department nothing', () => {
    expect(allowedActions('under_review', PLANNING, { roles: ['approver'], departmentId: MARKET })).toEqual([]);
  });

  it('offers inspection to inspectors and delivery to clerks only', () => {
    expect(allowedActions('inspection', PLANNING, { roles: ['inspector'], departmentId: null })).toEqual(['completeInspection']);
    expect(allowedActions('inspection', PLANNING, { roles: ['clerk'], departmentId: null })).toEqual([]);
    expect(allowedActions('concluded', PLANNING, { roles: ['clerk'], departmentId: null })).toEqual(['deliver']);
    expect(allowedActions('concluded', PLANNING, { roles: ['leader'], departmentId: null })).toEqual([]);
  });

  it('offers nothing on a finished case', () => {
    expect(allowedActions('delivered', PLANNING, { roles: ['clerk', 'approver'], departmentId: PLANNING })).toEqual([]);
  });
});
