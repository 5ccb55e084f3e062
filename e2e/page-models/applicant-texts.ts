/**
 * What the applicant reads on the 政务服务 pages, in both languages. Copied from the product's
 * texts on purpose: a test that imported them could not notice a wrong text.
 */
export type ApplicantLanguage = 'zh-CN' | 'en-US';

export const APPLICANT_TEXTS = {
  'zh-CN': {
    servicesTitle: '办事指南',
    search: '搜索事项',
    dueIfToday: '如果今天受理，预计在这一天前办结',
    calendarMissing: /\d{4} 年工作日历尚未发布/,
    apply: '申请办理',
    applicationTitle: '在线申请',
    saveDraft: '保存草稿',
    submit: '提交申请',
    resubmit: '提交补正',
    saved: '草稿已保存',
    uploadInput: (material: string) => `上传${material}`,
    uploading: (material: string) => `${material} 正在上传`,
    retry: '继续上传',
    interrupted: /上传中断/,
    onlyFormats: (formats: string) => `该材料只接受 ${formats} 格式`,
    typeNotAllowed: '不支持该文件类型',
    invalidCreditCode: '统一社会信用代码不正确',
    myCasesTitle: '我的办件',
    timeline: '办理进度',
    submittedStep: (number: string) => `提交申请，办件编号 ${number}`,
    draftStep: '开始填写申请（草稿）',
    correctedStep: '提交补正材料',
    statusDraft: '草稿，未提交',
    statusSubmitted: '已提交，等待受理',
    statusCorrection: '需要补正材料',
    answerCorrection: '去补正',
    correctionTitle: '补正通知（一次性告知）',
    needs: (reason: string) => `需补正：${reason}`,
    withdraw: '撤回申请',
    withdrawReason: '撤回原因',
    withdrawConfirm: '确认撤回',
    statusWithdrawn: '已撤回',
    rateTitle: '评价本次服务',
    rateSubmit: '提交评价',
    yourRating: '您的评价',
    aspects: ['总体评价', '办事速度', '服务质量', '服务态度'],
    satisfied: '满意',
    messagesTitle: '我的消息',
    developmentNote: '本系统尚未接入短信网关和邮件服务器：短信和邮件不会真正发出，只在这里显示。',
  },
  'en-US': {
    servicesTitle: 'Services',
    search: 'Search services',
    dueIfToday: 'If accepted today, decided by',
    calendarMissing: /The \d{4} working-day calendar is not published yet/,
    apply: 'Apply',
    applicationTitle: 'Apply online',
    saveDraft: 'Save draft',
    submit: 'Submit',
    resubmit: 'Submit corrections',
    saved: 'Draft saved',
    uploadInput: (material: string) => `Upload ${material}`,
    uploading: (material: string) => `${material} Uploading`,
    retry: 'Resume upload',
    interrupted: /Upload interrupted/,
    onlyFormats: (formats: string) => `This material takes ${formats} only`,
    typeNotAllowed: 'This type of file is not accepted',
    invalidCreditCode: 'Not a valid unified social credit code',
    myCasesTitle: 'My cases',
    timeline: 'Progress',
    submittedStep: (number: string) => `Submitted the application, case number ${number}`,
    draftStep: 'Started the application (draft)',
    correctedStep: 'Handed in the corrections',
    statusDraft: 'Draft, not submitted',
    statusSubmitted: 'Submitted, awaiting acceptance',
    statusCorrection: 'Corrections needed',
    answerCorrection: 'Make corrections',
    correctionTitle: 'Correction notice (all at once)',
    needs: (reason: string) => `To correct: ${reason}`,
    withdraw: 'Withdraw',
    withdrawReason: 'Reason',
    withdrawConfirm: 'Withdraw',
    statusWithdrawn: 'Withdrawn',
    rateTitle: 'Rate this service',
    rateSubmit: 'Submit rating',
    yourRating: 'Your rating',
    aspects: ['Overall', 'Speed', 'Quality of service', 'Attitude'],
    satisfied: 'Satisfied',
    messagesTitle: 'My messages',
    developmentNote: 'No SMS gateway or mail server is connected yet: text messages and e-mails are not sent anywhere; they are only shown here.',
  },
} as const;

/** A day as the pages write it in full (weekday included), in China's calendar. */
export function fullDay(day: string, language: ApplicantLanguage): string {
  const isChinese = language === 'zh-CN';
  return new Intl.DateTimeFormat(isChinese ? 'zh-CN' : 'en-GB', {
    timeZone: 'UTC',
    year: 'numeric',
    month: isChinese ? 'long' : 'short',
    day: 'numeric',
    weekday: isChinese ? 'long' : 'short',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** Today in China as YYYY-MM-DD. */
export function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
