import { useTranslation } from 'react-i18next';
import { DepartmentsTable } from '../modules/departments/components/departments-table';
import { PageShell } from '../ui/page-shell';

export function AdminDepartmentsPage() {
  const { t } = useTranslation();
  return (
    <PageShell title={t('departments.title')} description={t('departments.description')}>
      <DepartmentsTable />
    </PageShell>
  );
}
