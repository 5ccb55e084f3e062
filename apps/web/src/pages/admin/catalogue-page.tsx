import { useTranslation } from 'react-i18next';
import { CatalogueTable } from '../../modules/catalogue-admin/components/catalogue-table';
import { PageShell } from '../../ui/page-shell';

/** 事项目录管理: the zone's service items, published or not, with create, publish and Excel import. */
export function CatalogueAdminPage() {
  const { t } = useTranslation();
  return (
    <PageShell title={t('catalogueAdmin.list.title')} description={t('catalogueAdmin.list.description')}>
      <CatalogueTable />
    </PageShell>
  );
}
