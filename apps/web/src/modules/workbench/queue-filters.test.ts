import { describe, expect, it } from 'vitest';
import { readQueueFilters, toListCasesQuery, writeQueueFilters } from './queue-filters';

const ITEM = '3f783d33-a299-420b-9d2c-f9bd5e7d1e7e';

describe('queue filters in the URL', () => {
  it('round-trips every filter', () => {
    const filters = { status: 'under_review' as const, serviceItemId: ITEM, light: 'red' as const, q: 'XH-2026', page: 3, pageSize: 50 };
    const params = writeQueueFilters(filters);
    expect(params.toString()).toBe(`status=under_review&serviceItemId=${ITEM}&light=red&q=XH-2026&page=3&pageSize=50`);
    expect(readQueueFilters(params)).toEqual(filters);
  });

  it('leaves defaults out of the URL', () => {
    expect(writeQueueFilters({ page: 1, pageSize: 20 }).toString()).toBe('');
  });

  it('drops values the API would refuse', () => {
    const filters = readQueueFilters(new URLSearchParams('status=draft&light=blue&serviceItemId=nope&page=-2&pageSize=7&q=%20%20'));
    expect(filters).toEqual({ page: 1, pageSize: 20 });
  });

  it('builds the API query without empty values', () => {
    expect(toListCasesQuery({ page: 2, pageSize: 20, light: 'yellow' })).toEqual({ page: 2, pageSize: 20, light: 'yellow' });
  });
});
