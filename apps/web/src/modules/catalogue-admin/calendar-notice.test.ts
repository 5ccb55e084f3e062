import { describe, expect, it } from 'vitest';
import { englishHolidayName, groupHolidays, parseStateCouncilNotice } from './calendar-notice';

// 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号), as published.
const NOTICE_2026 = `国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。`;

describe('reading the State Council notice', () => {
  it('finds every holiday and make-up day of 2026 as the seeded calendar has them', () => {
    const parsed = parseStateCouncilNotice(NOTICE_2026, 2026);
    const holidays = parsed.days.filter((day) => day.kind === 'holiday').map((day) => day.date);
    const makeUp = parsed.days.filter((day) => day.kind === 'make_up_workday').map((day) => day.date);
    expect(holidays).toHaveLength(33);
    expect(holidays.slice(0, 4)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-02-15']);
    expect(holidays).toContain('2026-02-23');
    expect(holidays).not.toContain('2026-02-24');
    expect(makeUp).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(parsed.days.find((day) => day.date === '2026-10-01')).toEqual({
      date: '2026-10-01',
      kind: 'holiday',
      nameZh: '国庆节',
      nameEn: 'National Day',
    });
    expect(parsed.source).toBe('国办发明电〔2025〕7号');
    expect(parsed.otherYearDates).toEqual([]);
  });

  it('reads commas, month-crossing ranges and a December make-up day of 元旦 (left for the year before)', () => {
    const parsed = parseStateCouncilNotice(
      '一、元旦：12月30日至1月1日放假调休，共3天，12月29日（星期六）上班。\n二、国庆节、中秋节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。',
      2019,
    );
    expect(parsed.otherYearDates).toEqual(['2018-12-30', '2018-12-31', '2018-12-29']);
    expect(parsed.days.filter((day) => day.nameZh === '元旦').map((day) => day.date)).toEqual(['2019-01-01']);
    expect(parsed.days.filter((day) => day.kind === 'holiday' && day.nameZh.startsWith('国庆'))).toHaveLength(8);
    expect(parsed.days.find((day) => day.date === '2019-10-07')).toMatchObject({
      kind: 'make_up_workday',
      nameEn: 'National Day and Mid-Autumn Festival',
    });
  });

  it('names holidays in English where it knows them', () => {
    expect(englishHolidayName('春节')).toBe('Spring Festival');
    expect(englishHolidayName('某纪念日')).toBeUndefined();
  });
});

describe('grouping a year by holiday', () => {
  it('joins consecutive days into ranges and keeps each holiday’s make-up days with it', () => {
    const parsed = parseStateCouncilNotice(NOTICE_2026, 2026);
    const groups = groupHolidays(
      parsed.days.filter((day) => day.kind === 'holiday'),
      parsed.days.filter((day) => day.kind === 'make_up_workday'),
    );
    expect(groups.map((group) => group.nameZh)).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']);
    expect(groups[1]).toMatchObject({
      ranges: [{ from: '2026-02-15', to: '2026-02-23' }],
      dayCount: 9,
      makeUpDays: ['2026-02-14', '2026-02-28'],
    });
  });
});
