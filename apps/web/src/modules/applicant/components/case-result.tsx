import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { CaseDetail } from '@yuanqu/shared';
import { Alert, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fileDownloadUrl } from '../api';
import { formatMoment } from '../dates';

/** The outcome: approved or denied (or not accepted) with the reason, the documents and the delivery. */
export function CaseResult({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const hasOutcome = detail.decision !== null || detail.status === 'refused';
  if (!hasOutcome && detail.documents.length === 0 && !detail.delivery) return null;
  const refusal = detail.status === 'refused' ? [...detail.events].reverse().find((event) => event.action === 'refused') : undefined;

  return (
    <div className="applicant-stack">
      {detail.decision && (
        <Alert
          type={detail.decision === 'approved' ? 'success' : 'error'}
          showIcon
          message={detail.decision === 'approved' ? t('applicant.case.approved') : t('applicant.case.denied')}
          description={detail.decisionReason ? t('applicant.case.reason', { reason: detail.decisionReason }) : undefined}
        />
      )}
      {detail.status === 'refused' && (
        <Alert
          type="error"
          showIcon
          message={t('applicant.case.refused')}
          description={refusal?.reason ? t('applicant.case.reason', { reason: refusal.reason }) : undefined}
        />
      )}
      {detail.documents.map((document) => (
        <div key={document.id} className="case-document">
          <span style={{ fontWeight: 600 }}>
            {document.title} {document.revokedAt && <Tag color="red">{t('applicant.case.revoked')}</Tag>}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: '0.88em' }}>
            {formatMoment(document.issuedAt, language)}
          </Typography.Text>
          <span className="case-document-links">
            <a href={fileDownloadUrl(document.fileId)} download>
              <DownloadOutlined aria-hidden /> {t('applicant.case.download')}
            </a>
            <Link to={`/verify/${encodeURIComponent(document.verificationCode)}`} target="_blank">
              <SafetyCertificateOutlined aria-hidden /> {t('applicant.case.verify')}
            </Link>
          </span>
          <Typography.Text type="secondary" style={{ fontSize: '0.86em' }}>
            {t('applicant.case.verifyHint')}
          </Typography.Text>
        </div>
      ))}
      {detail.delivery && (
        <div>
          <div>{t('applicant.case.delivery', { method: t(`applicant.case.deliveryMethods.${detail.delivery.method}`) })}</div>
          {detail.delivery.trackingNumber && <div>{t('applicant.case.trackingNumber', { number: detail.delivery.trackingNumber })}</div>}
          <Typography.Text type="secondary">
            {t('applicant.case.deliveredAt', { time: formatMoment(detail.delivery.deliveredAt, language) })}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
