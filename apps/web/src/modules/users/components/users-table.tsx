import { PlusOutlined } from '@ant-design/icons';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { ROLES, type Role, type User, type UserStatus } from '@yuanqu/shared';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../app/i18n/format';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { useActiveSession } from '../../auth/hooks/use-session';
import { useDepartmentName, useDepartments } from '../../departments/hooks/use-departments';
import { listUsers, type UserAction } from '../api';
import { useUserMutations } from '../hooks/use-user-actions';
import { ResetPasswordModal } from './reset-password-modal';
import { UserFormModal } from './user-form-modal';
import { UserStatusTag } from './user-status-tag';

/** The fields of the search form above the table. */
interface UserSearch {
  q?: string;
  role?: Role;
  departmentId?: string | null;
  status?: UserStatus;
}

const USER_STATUSES: UserStatus[] = ['active', 'disabled', 'locked'];

/** What a confirmed account action says when it worked. */
const ACTION_SUCCESS_KEYS: Record<UserAction, string> = {
  disable: 'users.success.disabled',
  enable: 'users.success.enabled',
  unlock: 'users.success.unlocked',
  'reset-second-factor': 'users.success.secondFactorReset',
  'revoke-sessions': 'users.success.sessionsRevoked',
};

/**
 * The zone's accounts. A system admin creates, edits, disables and resets passwords; a security
 * admin unlocks, resets the second factor and signs users out. Each sees only their own actions.
 */
export function UsersTable() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { describe } = useErrorText();
  const { user: me } = useActiveSession();
  const isSystemAdmin = me.roles.includes('system_admin');
  const isSecurityAdmin = me.roles.includes('security_admin');
  const actionRef = useRef<ActionType>(undefined);
  const departments = useDepartments();
  const departmentName = useDepartmentName();
  const mutations = useUserMutations(() => {
    void actionRef.current?.reload();
  });
  const [formState, setFormState] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [passwordUser, setPasswordUser] = useState<User | null>(null);

  const departmentsById = useMemo(
    () => new Map((departments.data ?? []).map((department) => [department.id, department])),
    [departments.data],
  );

  const runAction = async (user: User, action: UserAction) => {
    try {
      await mutations.action.mutateAsync({ id: user.id, action });
      void message.success(t(ACTION_SUCCESS_KEYS[action]));
    } catch (error) {
      void message.error(describe(error));
    }
  };

  const confirmAction = (user: User, action: UserAction, labelKey: string, confirmKey: string, danger = false) => (
    <Popconfirm
      key={action}
      title={t(confirmKey, { name: user.displayName })}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger }}
      onConfirm={() => runAction(user, action)}
    >
      <Button type="link" size="small" danger={danger} className="table-action">
        {t(labelKey)}
      </Button>
    </Popconfirm>
  );

  const columns: Array<ProColumns<User & UserSearch>> = [
    {
      title: t('users.columns.keyword'),
      dataIndex: 'q',
      hideInTable: true,
      fieldProps: { placeholder: t('users.keywordPlaceholder'), maxLength: 64 },
    },
    {
      title: t('users.columns.username'),
      dataIndex: 'username',
      search: false,
      render: (_, user) => <Typography.Text copyable={{ text: user.username }}>{user.username}</Typography.Text>,
    },
    { title: t('users.columns.displayName'), dataIndex: 'displayName', search: false },
    {
      title: t('users.columns.roles'),
      dataIndex: 'role',
      valueType: 'select',
      fieldProps: { options: ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) })) },
      render: (_, user) => (
        <Space size={[4, 4]} wrap>
          {user.roles.map((role) => (
            <Tag key={role} bordered={false} color={role.endsWith('_admin') ? 'purple' : 'blue'}>
              {t(`roles.${role}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.columns.department'),
      dataIndex: 'departmentId',
      valueType: 'select',
      fieldProps: {
        options: (departments.data ?? []).map((department) => ({ value: department.id, label: departmentName(department) })),
        showSearch: true,
        optionFilterProp: 'label',
      },
      render: (_, user) => {
        const department = user.departmentId ? departmentsById.get(user.departmentId) : undefined;
        return department ? departmentName(department) : '—';
      },
    },
    {
      title: t('users.columns.kind'),
      dataIndex: 'kind',
      search: false,
      responsive: ['xxl'],
      render: (_, user) => t(`userKinds.${user.kind}`),
    },
    {
      title: t('users.columns.status'),
      dataIndex: 'status',
      valueType: 'select',
      fieldProps: { options: USER_STATUSES.map((status) => ({ value: status, label: t(`userStatus.${status}`) })) },
      render: (_, user) => (
        <Space size={4} direction="vertical">
          <UserStatusTag status={user.status} />
          {user.status === 'locked' && user.lockedUntil && (
            <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
              {t('users.columns.lockedUntil')} {formatDateTime(user.lockedUntil, i18n.language)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('users.columns.secondFactor'),
      dataIndex: 'hasSecondFactor',
      search: false,
      render: (_, user) =>
        user.hasSecondFactor ? (
          <Tag color="green" bordered={false}>
            {t('users.secondFactorOn')}
          </Tag>
        ) : (
          <Tag bordered={false}>{t('users.secondFactorOff')}</Tag>
        ),
    },
    {
      title: t('users.columns.createdAt'),
      dataIndex: 'createdAt',
      search: false,
      responsive: ['xl'],
      render: (_, user) => <span className="nowrap">{formatDate(user.createdAt, i18n.language)}</span>,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      key: 'actions',
      fixed: 'right',
      render: (_, user) => {
        const isSelf = user.id === me.id;
        const actions = [];
        if (isSystemAdmin) {
          actions.push(
            <Button key="edit" type="link" size="small" className="table-action" onClick={() => setFormState({ open: true, user })}>
              {t('users.actions.edit')}
            </Button>,
          );
          if (!isSelf) {
            actions.push(
              user.status === 'disabled'
                ? confirmAction(user, 'enable', 'users.actions.enable', 'users.confirm.enable')
                : confirmAction(user, 'disable', 'users.actions.disable', 'users.confirm.disable', true),
              <Button key="reset-password" type="link" size="small" className="table-action" onClick={() => setPasswordUser(user)}>
                {t('users.actions.resetPassword')}
              </Button>,
            );
          }
        }
        if (isSecurityAdmin && !isSelf) {
          if (user.status === 'locked') {
            actions.push(confirmAction(user, 'unlock', 'users.actions.unlock', 'users.confirm.unlock'));
          }
          if (user.hasSecondFactor) {
            actions.push(
              confirmAction(user, 'reset-second-factor', 'users.actions.resetSecondFactor', 'users.confirm.resetSecondFactor', true),
            );
          }
          actions.push(confirmAction(user, 'revoke-sessions', 'users.actions.revokeSessions', 'users.confirm.revokeSessions', true));
        }
        return actions;
      },
    },
  ];

  return (
    <>
      <ProTable<User & UserSearch, UserSearch>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        cardBordered
        scroll={{ x: 'max-content' }}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 12, lg: 8, xl: 6, xxl: 6 } }}
        options={{ density: false, setting: false, reload: true }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        request={async (params) => {
          const page = await listUsers({
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
            ...(params.q?.trim() ? { q: params.q.trim() } : {}),
            ...(params.role ? { role: params.role } : {}),
            ...(params.departmentId ? { departmentId: params.departmentId } : {}),
            ...(params.status ? { status: params.status } : {}),
          });
          return { data: page.items, total: page.total, success: true };
        }}
        onRequestError={(error) => {
          void message.error(describe(error));
        }}
        toolBarRender={() =>
          isSystemAdmin
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setFormState({ open: true, user: null })}>
                  {t('users.create')}
                </Button>,
              ]
            : []
        }
      />
      {isSystemAdmin && (
        <>
          <UserFormModal
            open={formState.open}
            user={formState.user}
            onOpenChange={(open) => setFormState((state) => ({ ...state, open }))}
            onSubmit={async (values) => {
              if ('create' in values) {
                await mutations.create.mutateAsync(values.create);
                void message.success(t('users.success.created'));
              } else if (formState.user) {
                await mutations.update.mutateAsync({ id: formState.user.id, body: values.update });
                void message.success(t('users.success.updated'));
              }
            }}
          />
          <ResetPasswordModal
            user={passwordUser}
            onClose={() => setPasswordUser(null)}
            onSubmit={async (password) => {
              if (!passwordUser) return;
              await mutations.resetPassword.mutateAsync({ id: passwordUser.id, body: { password } });
              void message.success(t('users.success.passwordReset'));
            }}
          />
        </>
      )}
    </>
  );
}
