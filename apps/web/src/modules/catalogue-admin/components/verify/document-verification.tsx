import { CheckCircleFilled, CloseCircleFilled, FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { PublicDocument } from '@yuanqu/shared';
import { Button, Card, Segmented, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../app/http';
import type { Language } from '../../../../app/i18n';
import { useErrorText } from '../../../../app/i18n/use-error-text';
import { usePreferences } from '../../../../app/preferences';
import { BrandMark } from '../../../../ui/brand-mark';
import { usePublicDocument } from '../../hooks/use-public-document';
import { formatDocumentDate, formatFactValue } from '../../verify-dates';
import '../catalogue-admin.css';

/** Valid or revoked, large; the issuing authority is named once, in the details under it. */
function StatusBanner({ document }: { document: PublicDocument }) {
  const { t, i18n } = useTranslation();
  if (document.status === 'revoked') {
    return (
      <div className="verify-status verify-status-revoked" role="status">
        <CloseCircleFilled className="verify-status-icon" aria-hidden />
        <div>
          <div className="verify-status-label">{t('catalogueAdmin.verify.revoked')}</div>
          <div className="verify-status-text">
            {t('catalogueAdmin.verify.revokedText', { date: formatDocumentDate(document.revokedAt, i18n.language) })}
          </div>
        </div>
      </div>
    );
  }
  return (
    <div className="verify-status verify-status-valid" role="status">
      <CheckCircleFilled className="verify-status-icon" aria-hidden />
      <div>
        <div className="verify-status-label">{t('catalogueAdmin.verify.valid')}</div>
        <div className="verify-status-text">{t('catalogueAdmin.verify.validText')}</div>
      </div>
    </div>
  );
}

function DocumentDetails({ document, code }: { document: PublicDocument; code: string }) {
  const { t, i18n } = useTranslation();
  const zone = i18n.language === 'zh-CN' ? document.zone.nameZh : document.zone.nameEn;
  const rows: Array<[string, string]> = [
    [t('catalogueAdmin.verify.authority'), zone],
    [t('catalogueAdmin.verify.kind'), t(`catalogueAdmin.documentKinds.${document.kind}`)],
    [t('catalogueAdmin.verify.issuedAt'), formatDocumentDate(document.issuedAt, i18n.language)],
    // The facts are printed on the paper in Chinese; they are shown as printed, to compare with it,
    // except that their dates are written as every other date on the page.
    ...Object.entries(document.facts).map(([label, value]): [string, string] => [label, formatFactValue(value, i18n.language)]),
  ];
  return (
    <>
      <StatusBanner document={document} />
      {document.status === 'revoked' && (
        <div className="verify-revocation">
          <Typography.Text strong>{t('catalogueAdmin.verify.revokedReason')}</Typography.Text>
          <div style={{ marginTop: 4, fontSize: 16 }}>{document.revokedReason ?? '—'}</div>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            {t('catalogueAdmin.verify.revokedWarning')}
          </Typography.Text>
        </div>
      )}
      <Card className="verify-card" variant="borderless">
        <Typography.Title level={2} className="verify-title">
          {document.title}
        </Typography.Title>
        <dl className="verify-facts">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <p className="verify-footnote">
        {t('catalogueAdmin.verify.compare')}
        <br />
        {t('catalogueAdmin.verify.code', { code })}
      </p>
    </>
  );
}

function NotFound({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <Card className="verify-card" variant="borderless" style={{ textAlign: 'center' }}>
      <FileSearchOutlined style={{ fontSize: 48, color: '#8c8c8c' }} aria-hidden />
      <Typography.Title level={2} className="verify-title" style={{ marginTop: 12 }}>
        {t('catalogueAdmin.verify.notFound')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('catalogueAdmin.verify.notFoundText')}</Typography.Paragraph>
      <Typography.Paragraph className="verify-footnote">{t('catalogueAdmin.verify.code', { code })}</Typography.Paragraph>
    </Card>
  );
}

/**
 * 电子证照核验: what anyone scanning a document's QR code sees — a big valid or revoked state, then
 * the issuing authority, title, facts and date to compare with the paper. Phone first.
 */
export function DocumentVerification({ code }: { code: string }) {
  const { t } = useTranslation();
  const { language, setLanguage } = usePreferences();
  const { describe } = useErrorText();
  const document = usePublicDocument(code);

  useEffect(() => {
    window.document.title = `${t('catalogueAdmin.verify.title')} - ${t('common.appName')}`;
  }, [t]);

  let content;
  if (document.isPending) {
    content = (
      <div style={{ textAlign: 'center', padding: 48 }}>
        <Spin size="large" />
      </div>
    );
  } else if (document.isError) {
    content =
      isApiError(document.error) && document.error.code === 'NOT_FOUND' ? (
        <NotFound code={code} />
      ) : (
        <Card className="verify-card" variant="borderless" style={{ textAlign: 'center' }}>
          <Typography.Paragraph>{describe(document.error)}</Typography.Paragraph>
          <Button type="primary" onClick={() => void document.refetch()}>
            {t('common.retry')}
          </Button>
        </Card>
      );
  } else {
    content = <DocumentDetails document={document.data} code={code} />;
  }

  return (
    <div className="verify-page">
      <header className="verify-header">
        <div className="verify-brand">
          <BrandMark size={32} />
          <span className="verify-brand-text">
            <span className="verify-brand-name">{t('common.appName')}</span>
            <span className="verify-brand-sub">{t('catalogueAdmin.verify.title')}</span>
          </span>
        </div>
        <Segmented<Language>
          size="small"
          aria-label={t('language.label')}
          value={language}
          onChange={setLanguage}
          options={[
            { value: 'zh-CN', label: <span lang="zh-CN">中文</span> },
            { value: 'en-US', label: <span lang="en">EN</span> },
          ]}
        />
      </header>
      <main className="verify-main">
        <Typography.Title level={1} style={{ fontSize: 18, margin: '0 0 12px', color: '#595959' }}>
          <SafetyCertificateOutlined aria-hidden /> {t('catalogueAdmin.verify.heading')}
        </Typography.Title>
        {content}
      </main>
    </div>
  );
}
