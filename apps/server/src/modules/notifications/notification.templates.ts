/**
 * Message texts by template key. SMS texts start with the sender's signature in 【】 as Chinese SMS
 * gateways require, and stay short (70 characters make one SMS).
 */
/** A reason cut to fit an SMS: whole when short, else its first characters and an ellipsis; no closing 。 of its own. */
export function smsReason(reason: string, length = 30): string {
  const text = [...reason.trim().replace(/[。.]+$/u, '')];
  return text.length <= length ? text.join('') : `${text.slice(0, length - 1).join('')}…`;
}

export const TEMPLATES: Record<string, (params: Record<string, string>) => string> = {
  'case.submitted': (p) => `【${p.zone}】您的申请“${p.item}”已提交，办件编号${p.number}。可在园区通查看进度。`,
  // Without a due date (its year's calendar not loaded yet) the message says the limit alone.
  'case.accepted': (p) => `【${p.zone}】办件${p.number}已受理，承诺${p.limit}个工作日内办结${p.dueOn ? `（${p.dueOn}前）` : ''}。`,
  'case.refused': (p) => `【${p.zone}】办件${p.number}不予受理，原因：${smsReason(p.reason ?? '')}。详情请登录园区通查看。`,
  'case.correction_requested': (p) => `【${p.zone}】办件${p.number}需补正材料共${p.count}项，请登录园区通查看一次性告知书并补正。`,
  'case.concluded': (p) => `【${p.zone}】办件${p.number}已办结（${p.decision}），请登录园区通查看结果并评价。`,
  'inspection.invited': (p) => `【${p.zone}】办件${p.number}远程踏勘定于${p.time}，届时请在现场用手机打开：${p.link} 无需安装应用。`,
  'inspection.rescheduled': (p) => `【${p.zone}】办件${p.number}远程踏勘改至${p.time}，原链接作废，请用新链接：${p.link}`,
  'case.delivered': (p) => `【${p.zone}】办件${p.number}结果已送达（${p.method}）${p.trackingNumber ? `，快递单号${p.trackingNumber}` : ''}。`,
};

export function renderTemplate(template: string, params: Record<string, string>): string {
  const render = TEMPLATES[template];
  if (!render) throw new Error(`No message template ${template}`);
  return render(params);
}
