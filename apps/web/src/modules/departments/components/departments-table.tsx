import { PlusOutlined } from '@ant-design/icons';
import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { Department } from '@yuanqu/shared';
import { App, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';
import { useDepartmentMutations, useDepartmentName, useDepartments } from '../hooks/use-departments';
import { DepartmentFormModal } from './department-form-modal';

/** The zone's departments with their user counts; a department in use cannot be deleted. */
export function DepartmentsTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { describe } = useErrorText();
  const departments = useDepartments();
  const departmentName = useDepartmentName();
  const mutations = useDepartmentMutations();
  const [formState, setFormState] = useState<{ open: boolean; department: Department | null }>({
    open: false,
    department: null,
  });

  const remove = async (department: Department) => {
    try {
      await mutations.remove.mutateAsync(department.id);
      void message.success(t('departments.success.deleted'));
    } catch (error) {
      void message.error(describe(error));
    }
  };

  const columns: Array<ProColumns<Department>> = [
    { title: t('departments.columns.code'), dataIndex: 'code', copyable: true },
    { title: t('departments.columns.nameZh'), dataIndex: 'nameZh' },
    { title: t('departments.columns.nameEn'), dataIndex: 'nameEn' },
    { title: t('departments.columns.userCount'), dataIndex: 'userCount', valueType: 'digit', align: 'right' },
    {
      title: t('common.actions'),
      valueType: 'option',
      key: 'actions',
      render: (_, department) => [
        <Button key="edit" type="link" size="small" className="table-action" onClick={() => setFormState({ open: true, department })}>
          {t('common.edit')}
        </Button>,
        <Popconfirm
          key="delete"
          title={t('departments.confirmDelete', { name: departmentName(department) })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => remove(department)}
        >
          <Button type="link" size="small" danger className="table-action">
            {t('common.delete')}
          </Button>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <>
      <ErrorAlert error={departments.error} />
      <ProTable<Department>
        rowKey="id"
        columns={columns}
        dataSource={departments.data ?? []}
        loading={departments.isFetching}
        search={false}
        cardBordered
        scroll={{ x: 'max-content' }}
        pagination={false}
        options={{
          density: false,
          setting: false,
          reload: () => {
            void departments.refetch();
          },
        }}
        toolBarRender={() => [
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setFormState({ open: true, department: null })}>
            {t('departments.create')}
          </Button>,
        ]}
      />
      <DepartmentFormModal
        open={formState.open}
        department={formState.department}
        onOpenChange={(open) => setFormState((state) => ({ ...state, open }))}
        onSubmit={async (values) => {
          if (formState.department) {
            await mutations.update.mutateAsync({
              id: formState.department.id,
              body: { nameZh: values.nameZh, nameEn: values.nameEn },
            });
            void message.success(t('departments.success.updated'));
          } else {
            await mutations.create.mutateAsync(values);
            void message.success(t('departments.success.created'));
          }
        }}
      />
    </>
  );
}
