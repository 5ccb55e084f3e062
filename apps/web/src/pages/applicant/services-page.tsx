import { Empty, Input, Pagination, Select, Skeleton, Typography, Button } from 'antd';
import type { ListServiceItemsQuery } from '@yuanqu/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ServiceItemCard } from '../../modules/applicant/components/service-item-card';
import { useServiceItems } from '../../modules/applicant/hooks/use-catalogue';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';

/** The API's largest page: a zone's catalogue fits on one, and the unfiltered list doubles as the source of the department filter. */
const PAGE_SIZE = 100;
type InspectionFilter = 'any' | 'yes' | 'no';

/** 办事指南: the zone's published catalogue, searched and filtered; the filters live in the URL. */
export function ServicesPage() {
  const { t, i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const departmentId = params.get('department') ?? undefined;
  const inspection = (params.get('inspection') ?? 'any') as InspectionFilter;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const query: ListServiceItemsQuery = {
    page,
    pageSize: PAGE_SIZE,
    ...(q ? { q } : {}),
    ...(departmentId ? { departmentId } : {}),
    ...(inspection === 'any' ? {} : { needsInspection: inspection === 'yes' }),
  };
  const items = useServiceItems(query);
  // The departments to filter by come from the whole catalogue, so that filtering never empties the list of choices.
  const everything = useServiceItems({ page: 1, pageSize: PAGE_SIZE });
  const departments = useMemo(() => {
    const byId = new Map<string, { id: string; nameZh: string; nameEn: string }>();
    for (const item of everything.data?.items ?? []) byId.set(item.department.id, item.department);
    return [...byId.values()];
  }, [everything.data]);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '' || value === 'any') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true, preventScrollReset: true });
  };
  const isFiltered = !!q || !!departmentId || inspection !== 'any';

  return (
    <PageShell title={t('applicant.services.title')} description={t('applicant.services.description')}>
      <div className="services-toolbar">
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('applicant.services.searchPlaceholder')}
          aria-label={t('applicant.services.searchLabel')}
          allowClear
          enterButton
          onSearch={(value) => update({ q: value.trim() })}
        />
        <div className="services-filters">
          <Select
            value={departmentId ?? ''}
            aria-label={t('applicant.services.department')}
            onChange={(value: string) => update({ department: value })}
            popupMatchSelectWidth={false}
            options={[
              { value: '', label: t('applicant.services.allDepartments') },
              ...departments.map((department) => ({ value: department.id, label: isChinese ? department.nameZh : department.nameEn })),
            ]}
          />
          <Select<InspectionFilter>
            value={inspection}
            aria-label={t('applicant.services.inspection')}
            onChange={(value) => update({ inspection: value })}
            options={[
              { value: 'any', label: t('applicant.services.anyInspection') },
              { value: 'yes', label: t('applicant.services.needsInspection') },
              { value: 'no', label: t('applicant.services.noInspection') },
            ]}
          />
        </div>
      </div>

      <ErrorAlert error={items.error} />
      {items.isPending ? (
        <div className="services-grid">
          {[0, 1, 2].map((index) => (
            <div key={index} className="service-card">
              <Skeleton active paragraph={{ rows: 2 }} />
            </div>
          ))}
        </div>
      ) : items.data && items.data.items.length > 0 ? (
        <>
          <Typography.Text type="secondary" className="services-count" style={{ display: 'block' }} role="status">
            {t('applicant.services.found', { count: items.data.total })}
          </Typography.Text>
          <div className="services-grid">
            {items.data.items.map((item) => (
              <ServiceItemCard key={item.id} item={item} />
            ))}
          </div>
          {items.data.total > PAGE_SIZE && (
            <Pagination
              style={{ marginTop: 16, textAlign: 'center' }}
              simple
              current={page}
              pageSize={PAGE_SIZE}
              total={items.data.total}
              onChange={(next) => update({ page: String(next) })}
            />
          )}
        </>
      ) : items.data ? (
        <Empty description={t('applicant.services.empty')}>
          {isFiltered && (
            <Button onClick={() => setParams(new URLSearchParams(), { replace: true, preventScrollReset: true })}>
              {t('applicant.services.clearFilters')}
            </Button>
          )}
        </Empty>
      ) : null}
    </PageShell>
  );
}
