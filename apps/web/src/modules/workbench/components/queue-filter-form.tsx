import { ProFormSelect, ProFormText, QueryFilter } from '@ant-design/pro-components';
import { Card, Form, type InputRef } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useDepartmentOptions } from '../../departments/hooks/use-departments';
import { useServiceItemOptions } from '../hooks/use-case-queue';
import type { QueueFilters } from '../queue-filters';
import { isSearchShortcut } from '../search-shortcut';
import '../workbench.css';

/** The search fields above the queue; status and time limit are chosen above the table. */
export interface QueueSearchValues {
  q?: string;
  serviceItemId?: string;
  departmentId?: string;
}

function searchValuesOf(filters: QueueFilters): QueueSearchValues {
  return { q: filters.q, serviceItemId: filters.serviceItemId, departmentId: filters.departmentId };
}

/** Keyword, item and department filters; `/` jumps to the keyword from anywhere on the page but a field or a dialog. */
export function QueueFilterForm({ filters, onChange }: { filters: QueueFilters; onChange: (values: QueueSearchValues) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<QueueSearchValues>();
  const keywordRef = useRef<InputRef>(null);
  const items = useServiceItemOptions();
  const departments = useDepartmentOptions();

  // The URL may change without the form (tabs, back button, a link): show what the list shows.
  const { q, serviceItemId, departmentId } = filters;
  useEffect(() => {
    form.setFieldsValue({ q, serviceItemId, departmentId });
  }, [form, q, serviceItemId, departmentId]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event, document.activeElement)) return;
      // Taken here, the key never reaches the field it focuses: no "/" is typed into the search.
      event.preventDefault();
      keywordRef.current?.focus({ cursor: 'all' });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <Card className="queue-filter-card" styles={{ body: { paddingBottom: 0 } }}>
      <QueryFilter<QueueSearchValues>
        form={form}
        initialValues={searchValuesOf(filters)}
        defaultCollapsed={false}
        collapseRender={false}
        span={{ xs: 24, sm: 12, md: 12, lg: 8, xl: 6, xxl: 6 }}
        labelWidth="auto"
        onFinish={async (values) => {
          onChange({ ...values, q: values.q?.trim() || undefined });
        }}
        onReset={() => onChange({})}
      >
        <ProFormText
          name="q"
          label={t('workbench.queue.filters.keyword')}
          fieldProps={{ ref: keywordRef, placeholder: t('workbench.queue.filters.keywordPlaceholder'), maxLength: 60, allowClear: true }}
        />
        <ProFormSelect
          name="serviceItemId"
          label={t('workbench.queue.filters.item')}
          options={items.options}
          fieldProps={{ showSearch: true, optionFilterProp: 'label', loading: items.isLoading, popupMatchSelectWidth: false }}
        />
        <ProFormSelect
          name="departmentId"
          label={t('workbench.queue.filters.department')}
          options={departments.options}
          fieldProps={{ showSearch: true, optionFilterProp: 'label', loading: departments.isLoading, popupMatchSelectWidth: false }}
        />
      </QueryFilter>
    </Card>
  );
}
