import { ERROR_STATUS } from '@yuanqu/shared';
import { describe, expect, it } from 'vitest';
import { translations } from './bundles';

const zhCN = translations['zh-CN'];
const enUS = translations['en-US'];

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix ? `${prefix}.${key}` : key));
}

describe('translations', () => {
  it.each(Object.keys(ERROR_STATUS))('has a message for the error code %s in both languages', (code) => {
    expect((zhCN.errors as Record<string, unknown>)[code]).toEqual(expect.any(String));
    expect((enUS.errors as Record<string, unknown>)[code]).toEqual(expect.any(String));
  });

  it('has the same keys in Chinese and English, none of them empty', () => {
    expect(leafKeys(enUS).sort()).toEqual(leafKeys(zhCN).sort());
    for (const messages of [zhCN, enUS]) {
      const empty = leafKeys(messages).filter((key) => {
        const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
        return typeof text !== 'string' || text.trim() === '';
      });
      expect(empty).toEqual([]);
    }
  });
});
