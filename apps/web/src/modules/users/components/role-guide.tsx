import { SafetyCertificateOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { ADMIN_ROLES, ROLES, type Role } from '@yuanqu/shared';
import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

type RoleKind = 'staff' | 'admin' | 'enterprise';

function kindOf(role: Role): RoleKind {
  if (role === 'applicant') return 'enterprise';
  return (ADMIN_ROLES as readonly Role[]).includes(role) ? 'admin' : 'staff';
}

const KIND_COLORS: Record<RoleKind, string> = { staff: 'blue', admin: 'purple', enterprise: 'green' };

/** A read-only explanation of every role and the separation of the three admin roles. */
export function RoleGuide() {
  const { t } = useTranslation();
  const rows = ROLES.map((role) => ({ role, kind: kindOf(role) }));
  return (
    <ProCard direction="column" gutter={[0, 16]} ghost>
      <Alert
        type="info"
        showIcon
        icon={<SafetyCertificateOutlined />}
        message={t('roleGuide.separationTitle')}
        description={t('roleGuide.separationText')}
      />
      <ProCard bodyStyle={{ padding: 0 }}>
        <Table
          rowKey="role"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('roleGuide.columns.role'),
              dataIndex: 'role',
              render: (role: Role) => <strong>{t(`roles.${role}`)}</strong>,
              width: 160,
            },
            {
              title: t('roleGuide.columns.kind'),
              dataIndex: 'kind',
              render: (kind: RoleKind) => (
                <Tag color={KIND_COLORS[kind]} bordered={false}>
                  {t(`roleGuide.kinds.${kind}`)}
                </Tag>
              ),
              width: 120,
            },
            { title: t('roleGuide.columns.who'), dataIndex: 'role', key: 'who', render: (role: Role) => t(`roleGuide.who.${role}`) },
            {
              title: t('roleGuide.columns.work'),
              dataIndex: 'role',
              key: 'work',
              render: (role: Role) => t(`roleGuide.work.${role}`),
            },
          ]}
        />
      </ProCard>
    </ProCard>
  );
}
