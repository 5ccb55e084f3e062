import { describe, expect, it } from 'vitest';
import { clampPage, readQueueFilters, toListCasesQuery, writeQueueFilters } from './queue-filters';

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

describe('a page past the end', () => {
  it('reads a page number far past any queue as the largest the server answers', () => {
    expect(readQueueFilters(new URLSearchParams('page=99999999999')).page).toBe(10_000);
    expect(readQueueFilters(new URLSearchParams('page=1e21')).page).toBe(10_000);
  });

  it('clamps to the last page of the rows there are', () => {
    expect(clampPage(99, 8, 20)).toBe(1);
    expect(clampPage(5, 41, 20)).toBe(3);
    expect(clampPage(3, 40, 20)).toBe(2);
    expect(clampPage(2, 41, 20)).toBe(2);
  });

  it('keeps page 1 for an empty list and never goes below it', () => {
    expect(clampPage(4, 0, 20)).toBe(1);
    expect(clampPage(1, 0, 20)).toBe(1);
    expect(clampPage(0, 10, 20)).toBe(1);
  });
});
