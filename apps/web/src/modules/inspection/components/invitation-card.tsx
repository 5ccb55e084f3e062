import { CopyOutlined, ExportOutlined } from '@ant-design/icons';
import type { Inspection } from '@yuanqu/shared';
import { App, Button, QRCode, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../ui/error-alert';
import { useInvitationLink } from '../hooks/use-inspections';
import { formatShortSlot } from '../schedule';

/** Minutes the link keeps working after the slot (LINK_GRACE_MINUTES on the server). */
const LINK_GRACE_MINUTES = 60;

/**
 * 邀请: the applicant's link as a QR code to scan and as text to copy. The link opens this one
 * inspection on the phone, with no account, and stops working an hour after the slot.
 */
export function InvitationCard({ inspection }: { inspection: Inspection }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const link = useInvitationLink(inspection.id);
  const url = link.data?.url;
  const expiresAt = new Date(new Date(inspection.slotEnd).getTime() + LINK_GRACE_MINUTES * 60_000).toISOString();

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      void message.success(t('inspection.invitation.copied'));
    } catch {
      // Clipboard access is refused outside a secure context; the link stays selectable on screen.
      void message.info(url);
    }
  };

  return (
    <div className="inspection-invitation">
      <div className="inspection-invitation-code">
        <QRCode
          value={url ?? '-'}
          status={link.isLoading ? 'loading' : url ? 'active' : 'expired'}
          size={148}
          bordered={false}
          type="svg"
          aria-label={t('inspection.invitation.qrLabel')}
        />
      </div>
      <div className="inspection-invitation-text">
        <Typography.Text strong>{t('inspection.invitation.title')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
          {t('inspection.invitation.description', { time: formatShortSlot(expiresAt, i18n.language) })}
        </Typography.Paragraph>
        {link.isError ? (
          <ErrorAlert error={link.error} />
        ) : (
          <Typography.Paragraph className="inspection-invitation-url" copyable={false} code>
            {url ?? '…'}
          </Typography.Paragraph>
        )}
        <Space wrap>
          <Button icon={<CopyOutlined aria-hidden />} disabled={!url} onClick={() => void copy()}>
            {t('inspection.invitation.copy')}
          </Button>
          <Button icon={<ExportOutlined aria-hidden />} disabled={!url} href={url} target="_blank" rel="noopener noreferrer">
            {t('inspection.invitation.open')}
          </Button>
        </Space>
      </div>
    </div>
  );
}
