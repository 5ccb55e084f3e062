import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../app/http';
import { usePreferences } from '../../app/preferences';
import { ServiceItemForm } from '../../modules/catalogue-admin/components/item-form/service-item-form';
import { useServiceItem } from '../../modules/catalogue-admin/hooks/use-catalogue';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';

/** The path segment that opens an empty item (`/admin/catalogue/new`). */
const NEW_ITEM = 'new';

/** 编辑事项 every field of one catalogue item; `/admin/catalogue/new` creates one. */
export function CatalogueItemEditPage() {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const navigate = useNavigate();
  const { itemId = NEW_ITEM } = useParams();
  const isNew = itemId === NEW_ITEM;
  const item = useServiceItem(isNew ? null : itemId);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/admin/catalogue')}>
      {t('catalogueAdmin.edit.backToList')}
    </Button>
  );

  if (isNew) {
    return (
      <PageShell title={t('catalogueAdmin.edit.createTitle')} description={t('catalogueAdmin.edit.createDescription')} extra={back}>
        <ServiceItemForm item={null} />
      </PageShell>
    );
  }
  if (item.isPending) {
    return (
      <PageShell title={t('catalogueAdmin.edit.title')} extra={back}>
        <Skeleton active paragraph={{ rows: 10 }} />
      </PageShell>
    );
  }
  if (item.isError) {
    const isMissing = isApiError(item.error) && (item.error.code === 'NOT_FOUND' || item.error.code === 'VALIDATION_FAILED');
    return (
      <PageShell title={t('catalogueAdmin.edit.title')} extra={back}>
        {isMissing ? <Result status="404" title={t('catalogueAdmin.edit.notFound')} extra={back} /> : <ErrorAlert error={item.error} />}
      </PageShell>
    );
  }
  const data = item.data;
  return (
    <PageShell
      title={`${t('catalogueAdmin.edit.title')} · ${language === 'zh-CN' ? data.nameZh : data.nameEn}`}
      description={
        <>
          {data.code}{' '}
          {data.isPublished ? (
            <Tag color="green" bordered={false}>
              {t('catalogueAdmin.list.statusPublished')}
            </Tag>
          ) : (
            <Tag bordered={false}>{t('catalogueAdmin.list.statusDraft')}</Tag>
          )}
        </>
      }
      extra={back}
    >
      <ServiceItemForm key={data.id} item={data} />
    </PageShell>
  );
}
