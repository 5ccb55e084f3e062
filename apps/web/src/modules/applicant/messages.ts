/** The applicant pages' texts: Simplified Chinese first; English must have the same keys (i18n/messages.test.ts). */
export const zhCN = {
  title: 'applicant',
};

export const enUS: typeof zhCN = {
  title: 'applicant',
};
