import { ApartmentOutlined, ClockCircleOutlined, RightOutlined } from '@ant-design/icons';
import type { ServiceItemSummary } from '@yuanqu/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import '../applicant.css';

/** One catalogue item as a tappable card: name, department, committed limit, inspection. */
export function ServiceItemCard({ item }: { item: ServiceItemSummary }) {
  const { t, i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  return (
    <Link to={`/services/${item.id}`} className="service-card">
      <span className="service-card-title">
        <span>{isChinese ? item.nameZh : item.nameEn}</span>
        <RightOutlined className="service-card-arrow" aria-hidden />
      </span>
      <span className="applicant-facts">
        <span className="applicant-fact">
          <ApartmentOutlined aria-hidden />
          {isChinese ? item.department.nameZh : item.department.nameEn}
        </span>
        <span className="applicant-fact">
          <ClockCircleOutlined aria-hidden />
          {t('applicant.services.committed')}
          <span className="service-card-limit">{t('applicant.workingDays', { count: item.committedLimitDays })}</span>
        </span>
      </span>
      <span className="service-card-tags">
        {item.needsInspection ? (
          <Tag color="orange" bordered={false}>
            {t('applicant.services.needsInspection')}
          </Tag>
        ) : (
          <Tag bordered={false}>{t('applicant.services.noInspection')}</Tag>
        )}
        <Tag bordered={false}>{t(`applicant.kinds.${item.kind}`)}</Tag>
        <Tag bordered={false}>{t('applicant.services.materialCount', { count: item.materialCount })}</Tag>
        {item.feeYuan === 0 && (
          <Tag color="green" bordered={false}>
            {t('applicant.services.free')}
          </Tag>
        )}
      </span>
    </Link>
  );
}
