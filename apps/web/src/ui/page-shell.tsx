import { PageContainer } from '@ant-design/pro-components';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A page inside the shell: its heading, a one-line description, and the browser tab title. */
export function PageShell({
  title,
  description,
  extra,
  children,
}: {
  title: string;
  description?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} - ${t('common.appName')}`;
  }, [title, t]);
  return (
    <PageContainer
      title={
        <span role="heading" aria-level={1}>
          {title}
        </span>
      }
      content={description}
      extra={extra}
      breadcrumbRender={false}
    >
      {children}
    </PageContainer>
  );
}
