import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { CaseDetail } from '@yuanqu/shared';
import { Descriptions, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../app/i18n/format';
import { buildFileUrl, buildVerifyPath } from '../api';

/** The decision with its reasons and the delivery, once there is one. */
export function CaseDecision({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered>
      {detail.decision && (
        <Descriptions.Item label={t('workbench.case.result.decision')}>
          <Tag color={detail.decision === 'approved' ? 'success' : 'error'} bordered={false}>
            {t(`workbench.case.result.decisions.${detail.decision}`)}
          </Tag>
        </Descriptions.Item>
      )}
      {detail.decisionReason && (
        <Descriptions.Item label={t('workbench.case.result.reason')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{detail.decisionReason}</span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('workbench.case.result.delivery')}>
        {detail.delivery ? (
          <Space size={[12, 4]} wrap>
            <span>{t(`workbench.case.deliverForm.methods.${detail.delivery.method}`)}</span>
            {detail.delivery.trackingNumber && (
              <span>
                {t('workbench.case.result.trackingNumber')}：<Typography.Text copyable>{detail.delivery.trackingNumber}</Typography.Text>
              </span>
            )}
            <Typography.Text type="secondary">{formatDateTime(detail.delivery.deliveredAt, i18n.language)}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('workbench.case.result.notDelivered')}</Typography.Text>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** Documents issued for the case: the PDF and its public verification page. */
export function CaseDocuments({ documents }: { documents: CaseDetail['documents'] }) {
  const { t, i18n } = useTranslation();
  return (
    <List
      size="small"
      dataSource={documents}
      locale={{ emptyText: t('workbench.case.documents.empty') }}
      renderItem={(document) => (
        <List.Item
          actions={[
            <a key="pdf" href={buildFileUrl(document.fileId)} download>
              <FilePdfOutlined aria-hidden /> {t('workbench.case.documents.download')}
            </a>,
            <Link key="verify" to={buildVerifyPath(document.verificationCode)} target="_blank" rel="noopener">
              <SafetyCertificateOutlined aria-hidden /> {t('workbench.case.documents.verify')}
            </Link>,
          ]}
        >
          <List.Item.Meta
            title={
              <Space size={8}>
                <span>{document.title}</span>
                {document.revokedAt ? (
                  <Tag color="error" bordered={false}>
                    {t('workbench.case.documents.revoked')}
                  </Tag>
                ) : (
                  <Tag color="success" bordered={false}>
                    {t('workbench.case.documents.valid')}
                  </Tag>
                )}
              </Space>
            }
            description={
              <Space size={[12, 0]} wrap>
                <span>{t('workbench.case.documents.issuedAt', { time: formatDateTime(document.issuedAt, i18n.language) })}</span>
                <span>
                  {t('workbench.case.documents.code')}：
                  <Typography.Text code copyable>
                    {document.verificationCode}
                  </Typography.Text>
                </span>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
