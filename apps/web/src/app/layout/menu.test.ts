import { describe, expect, it } from 'vitest';
import { findMenuKey } from './menu';

const menu = ['/', '/cases', '/inspections', '/ratings', '/ratings/rectification', '/admin/catalogue'].map((path) => ({ key: path, path }));

describe('the side menu’s selected entry', () => {
  it('selects only the longest matching entry, not every prefix', () => {
    expect(findMenuKey('/ratings/rectification', menu)).toBe('/ratings/rectification');
    expect(findMenuKey('/ratings', menu)).toBe('/ratings');
  });

  it('selects the parent entry of a page that has none of its own', () => {
    expect(findMenuKey('/inspections/abc/live', menu)).toBe('/inspections');
    expect(findMenuKey('/cases/123', menu)).toBe('/cases');
  });

  it('does not take a path for the prefix of a longer word, and keeps home for home', () => {
    expect(findMenuKey('/casesx', menu)).toBeUndefined();
    expect(findMenuKey('/', menu)).toBe('/');
    expect(findMenuKey('/account/password', menu)).toBeUndefined();
  });
});
