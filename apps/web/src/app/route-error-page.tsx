import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown when a page fails to render; the details are in the browser console. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  return (
    <div className="full-page-center">
      <Result
        status="error"
        title={t('errorBoundary.title')}
        subTitle={t('errorBoundary.description')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('errorBoundary.reload')}
          </Button>
        }
      />
    </div>
  );
}
