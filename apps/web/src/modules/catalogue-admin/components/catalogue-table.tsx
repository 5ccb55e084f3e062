import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { SERVICE_ITEM_KINDS, type ServiceItemKind, type ServiceItemSummary } from '@yuanqu/shared';
import { App, Button, Popconfirm, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { usePreferences } from '../../../app/preferences';
import { useDepartmentOptions } from '../../departments/hooks/use-departments';
import { IMPORT_TEMPLATE_URL, listServiceItems } from '../api';
import { useCatalogueMutations } from '../hooks/use-catalogue';
import { ImportModal } from './import-modal';

interface CatalogueSearch {
  q?: string;
  departmentId?: string;
  kind?: ServiceItemKind;
  inspection?: 'yes' | 'no';
}

/** 事项目录 of the zone, published or not: search, publish or withdraw, and the way to create, edit and import. */
export function CatalogueTable() {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const { message } = App.useApp();
  const { describe } = useErrorText();
  const navigate = useNavigate();
  const actionRef = useRef<ActionType>(undefined);
  const departments = useDepartmentOptions();
  const mutations = useCatalogueMutations();
  const [isImportOpen, setImportOpen] = useState(false);
  const isChinese = language === 'zh-CN';
  const nameOf = (entry: { nameZh: string; nameEn: string }) => (language === 'zh-CN' ? entry.nameZh : entry.nameEn);

  const setPublished = async (item: ServiceItemSummary, isPublished: boolean) => {
    try {
      await mutations.publish.mutateAsync({ id: item.id, isPublished });
      void message.success(t(isPublished ? 'catalogueAdmin.list.published' : 'catalogueAdmin.list.unpublished', { name: nameOf(item) }));
      void actionRef.current?.reload();
    } catch (error) {
      void message.error(describe(error));
    }
  };

  const columns: Array<ProColumns<ServiceItemSummary & CatalogueSearch>> = [
    {
      title: t('catalogueAdmin.list.keyword'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('catalogueAdmin.list.keywordPlaceholder'), maxLength: 60 },
    },
    {
      title: t('catalogueAdmin.fields.code'),
      dataIndex: 'code',
      search: false,
      width: isChinese ? 140 : 180,
      render: (_, item) => (
        <div>
          <div className="nowrap">{item.code}</div>
          <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
            {t(`catalogueAdmin.kinds.${item.kind}`)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('catalogueAdmin.fields.name'),
      dataIndex: 'nameZh',
      search: false,
      ellipsis: true,
      render: (_, item) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: nameOf(item) }} style={{ display: 'block' }}>
            <Link to={`/admin/catalogue/${item.id}`}>{nameOf(item)}</Link>
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: '0.85em' }}>
            {language === 'zh-CN' ? item.nameEn : item.nameZh}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('catalogueAdmin.fields.department'),
      dataIndex: 'departmentId',
      valueType: 'select',
      fieldProps: { options: departments.options, showSearch: true, optionFilterProp: 'label' },
      width: 170,
      ellipsis: true,
      render: (_, item) => nameOf(item.department),
    },
    {
      title: t('catalogueAdmin.fields.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      hideInTable: true,
      fieldProps: { options: SERVICE_ITEM_KINDS.map((kind) => ({ value: kind, label: t(`catalogueAdmin.kinds.${kind}`) })) },
    },
    {
      title: t('catalogueAdmin.list.limits'),
      dataIndex: 'committedLimitDays',
      search: false,
      width: isChinese ? 150 : 170,
      render: (_, item) => (
        <span className="nowrap">
          {t('catalogueAdmin.list.limitsValue', { committed: item.committedLimitDays, statutory: item.statutoryLimitDays })}
        </span>
      ),
    },
    {
      title: t('catalogueAdmin.fields.feeYuan'),
      dataIndex: 'feeYuan',
      search: false,
      width: 90,
      responsive: ['xxl'],
      render: (_, item) => (item.feeYuan === 0 ? t('catalogueAdmin.list.free') : t('catalogueAdmin.list.yuan', { amount: item.feeYuan })),
    },
    {
      title: t('catalogueAdmin.fields.inspectionFilter'),
      dataIndex: 'inspection',
      valueType: 'select',
      hideInTable: true,
      fieldProps: {
        options: [
          { value: 'yes', label: t('common.yes') },
          { value: 'no', label: t('common.no') },
        ],
      },
    },
    {
      title: t('catalogueAdmin.list.inspection'),
      dataIndex: 'needsInspection',
      search: false,
      width: isChinese ? 80 : 100,
      render: (_, item) =>
        item.needsInspection ? (
          <Tag color="geekblue" bordered={false}>
            {t('catalogueAdmin.list.inspection')}
          </Tag>
        ) : (
          '—'
        ),
    },
    { title: t('catalogueAdmin.list.materials'), dataIndex: 'materialCount', search: false, width: 70, responsive: ['xxl'] },
    {
      title: t('catalogueAdmin.list.status'),
      dataIndex: 'isPublished',
      search: false,
      width: 90,
      render: (_, item) =>
        item.isPublished ? (
          <Tag color="green" bordered={false}>
            {t('catalogueAdmin.list.statusPublished')}
          </Tag>
        ) : (
          <Tag bordered={false}>{t('catalogueAdmin.list.statusDraft')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      key: 'actions',
      fixed: 'right',
      width: isChinese ? 120 : 150,
      render: (_, item) => [
        <Button key="edit" type="link" size="small" className="table-action" onClick={() => void navigate(`/admin/catalogue/${item.id}`)}>
          {t('common.edit')}
        </Button>,
        <Popconfirm
          key="publish"
          title={t(item.isPublished ? 'catalogueAdmin.list.confirmUnpublish' : 'catalogueAdmin.list.confirmPublish', {
            name: nameOf(item),
          })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: item.isPublished }}
          onConfirm={() => setPublished(item, !item.isPublished)}
        >
          <Button type="link" size="small" danger={item.isPublished} className="table-action">
            {t(item.isPublished ? 'catalogueAdmin.list.unpublish' : 'catalogueAdmin.list.publish')}
          </Button>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <>
      <ProTable<ServiceItemSummary & CatalogueSearch, CatalogueSearch>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        cardBordered
        scroll={{ x: 1040 }}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 12, lg: 8, xl: 6, xxl: 6 } }}
        options={{ density: false, setting: false, reload: true }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        request={async (params) => {
          const page = await listServiceItems({
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
            includeUnpublished: true,
            ...(params.q?.trim() ? { q: params.q.trim() } : {}),
            ...(params.departmentId ? { departmentId: params.departmentId } : {}),
            ...(params.kind ? { kind: params.kind } : {}),
            ...(params.inspection ? { needsInspection: params.inspection === 'yes' } : {}),
          });
          return { data: page.items, total: page.total, success: true };
        }}
        onRequestError={(error) => {
          void message.error(describe(error));
        }}
        toolBarRender={() => [
          <Button key="template" icon={<DownloadOutlined />} href={IMPORT_TEMPLATE_URL} download>
            {t('catalogueAdmin.import.template')}
          </Button>,
          <Button key="import" icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
            {t('catalogueAdmin.import.open')}
          </Button>,
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/catalogue/new')}>
            {t('catalogueAdmin.list.create')}
          </Button>,
        ]}
      />
      <ImportModal
        open={isImportOpen}
        onClose={() => setImportOpen(false)}
        onImported={() => {
          void actionRef.current?.reload();
        }}
      />
    </>
  );
}
