import type { ServiceItem } from '@yuanqu/shared';

export interface DecisionFacts {
  number: string;
  item: ServiceItem;
  applicantName: string;
  enterpriseName: string | null;
  decision: 'approved' | 'denied';
  reason: string;
  submittedOn: string | null;
  acceptedOn: string | null;
  concludedOn: string;
}

function chineseDate(date: string | null): string {
  if (!date) return '';
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/**
 * The decision document's title, facts and wording. A licence is decided under 行政许可法 第三十八条
 * (准予 in its first paragraph, 不予 with reasons and remedies in its second); other kinds of item
 * get a notice of the result.
 */
export function composeDecisionDocument(facts: DecisionFacts): { title: string; facts: Record<string, string>; paragraphs: string[] } {
  const isLicence = facts.item.kind === 'administrative_licence';
  const isApproved = facts.decision === 'approved';
  const holder = facts.enterpriseName ?? facts.applicantName;
  const title = isLicence ? (isApproved ? '准予行政许可决定书' : '不予行政许可决定书') : '办理结果通知书';
  const verdict = isLicence ? (isApproved ? '准予许可' : '不予许可') : isApproved ? '同意' : '不同意';
  const received = `你单位于${chineseDate(facts.submittedOn)}提出的${facts.item.nameZh}申请，本机关已于${chineseDate(facts.acceptedOn)}受理。`;
  const paragraphs = [
    `${holder}：`,
    `${received}经审查，${facts.reason.replace(/[。.]$/, '')}。`,
    isLicence
      ? `根据《中华人民共和国行政许可法》第三十八条${isApproved ? '第一款' : '第二款'}的规定，本机关决定${isApproved ? '准予行政许可' : '不予行政许可'}。`
      : `本机关决定：${verdict}。`,
  ];
  if (!isApproved) {
    paragraphs.push('如不服本决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。');
  }
  return {
    title,
    facts: {
      办件编号: facts.number,
      申请单位: holder,
      事项: facts.item.nameZh,
      决定: verdict,
      决定日期: facts.concludedOn,
    },
    paragraphs,
  };
}
