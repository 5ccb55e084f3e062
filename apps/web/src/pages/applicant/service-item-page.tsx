import { ArrowLeftOutlined, FormOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { DueDateBanner } from '../../modules/applicant/components/due-date-banner';
import { MaterialRequirements } from '../../modules/applicant/components/material-requirements';
import { useServiceItem } from '../../modules/applicant/hooks/use-catalogue';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';
import '../../modules/applicant/applicant.css';

/** 办事指南 of one item: limits, fee, legal basis, materials, the due date if accepted today, and 申请办理. */
export function ServiceItemPage() {
  const { itemId } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const item = useServiceItem(itemId);
  const isChinese = i18n.language === 'zh-CN';

  if (item.isPending) {
    return (
      <PageShell title={t('applicant.item.guide')}>
        <Card className="applicant-card">
          <Skeleton active />
        </Card>
      </PageShell>
    );
  }
  if (item.isError) {
    return (
      <PageShell title={t('applicant.item.guide')}>
        <ErrorAlert error={item.error} />
        <Link to="/services">
          <ArrowLeftOutlined aria-hidden /> {t('applicant.item.back')}
        </Link>
      </PageShell>
    );
  }
  const data = item.data;
  if (!data) return <Result status="404" />;
  const fee = data.feeYuan === 0 ? t('applicant.item.free') : t('applicant.item.feeAmount', { amount: data.feeYuan });

  return (
    <PageShell
      title={isChinese ? data.nameZh : data.nameEn}
      description={
        <span className="service-card-tags">
          <Tag bordered={false}>{t(`applicant.kinds.${data.kind}`)}</Tag>
          {data.needsInspection ? (
            <Tag color="orange" bordered={false}>
              {t('applicant.services.needsInspection')}
            </Tag>
          ) : (
            <Tag bordered={false}>{t('applicant.services.noInspection')}</Tag>
          )}
          <Typography.Text type="secondary">
            {t('applicant.item.code')} {data.code}
          </Typography.Text>
        </span>
      }
    >
      <div className="applicant-stack">
        <DueDateBanner committedLimitDays={data.committedLimitDays} />

        <Card className="applicant-card">
          <div className="item-limits">
            <div className="item-limit">
              <span className="item-limit-value">
                {data.committedLimitDays}
                <small>{t('applicant.item.daysUnit', { count: data.committedLimitDays })}</small>
              </span>
              <span className="item-limit-label">{t('applicant.item.committedLimit')}</span>
            </div>
            <div className="item-limit">
              <span className="item-limit-value">
                {data.statutoryLimitDays}
                <small>{t('applicant.item.daysUnit', { count: data.statutoryLimitDays })}</small>
              </span>
              <span className="item-limit-label">{t('applicant.item.statutoryLimit')}</span>
            </div>
            <div className="item-limit">
              <span className="item-limit-value">{data.feeYuan === 0 ? t('applicant.services.free') : fee}</span>
              <span className="item-limit-label">{t('applicant.item.fee')}</span>
            </div>
          </div>
          <Descriptions column={1} size="small" style={{ marginTop: 16 }} styles={{ label: { width: isChinese ? 96 : 132 } }}>
            <Descriptions.Item label={t('applicant.item.department')}>
              {isChinese ? data.department.nameZh : data.department.nameEn}
            </Descriptions.Item>
            <Descriptions.Item label={t('applicant.item.inspection')}>
              {data.needsInspection ? t('applicant.item.inspectionNeeded') : t('applicant.item.inspectionNotNeeded')}
            </Descriptions.Item>
            <Descriptions.Item label={t('applicant.item.legalBasis')}>{data.legalBasis}</Descriptions.Item>
            {data.feeNote && <Descriptions.Item label={t('applicant.item.fee')}>{data.feeNote}</Descriptions.Item>}
          </Descriptions>
        </Card>

        <Card className="applicant-card" title={t('applicant.item.materials')}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('applicant.item.materialsIntro')}
          </Typography.Paragraph>
          <MaterialRequirements materials={data.materials} />
        </Card>

        <div className="applicant-action-bar">
          <div className="applicant-action-buttons">
            <Button
              type="primary"
              size="large"
              icon={<FormOutlined aria-hidden />}
              className="applicant-action-primary"
              onClick={() => void navigate(`/my/cases/new/${data.id}`)}
            >
              {t('applicant.item.apply')}
            </Button>
          </div>
        </div>
      </div>
    </PageShell>
  );
}
