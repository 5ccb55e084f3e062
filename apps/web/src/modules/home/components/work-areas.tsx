import {
  AuditOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FundProjectionScreenOutlined,
  ProjectOutlined,
  ShopOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import type { Role } from '@yuanqu/shared';
import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type BusinessRole = Exclude<Role, 'system_admin' | 'security_admin' | 'audit_admin'>;

const WORK_AREA_ICONS: Record<BusinessRole, ReactNode> = {
  clerk: <FileDoneOutlined />,
  inspector: <VideoCameraOutlined />,
  approver: <AuditOutlined />,
  project_officer: <ProjectOutlined />,
  investment_officer: <FundProjectionScreenOutlined />,
  leader: <DashboardOutlined />,
  applicant: <ShopOutlined />,
};

function isBusinessRole(role: Role): role is BusinessRole {
  return role in WORK_AREA_ICONS;
}

/** An honest notice of each business role's work area, which later releases build. */
export function WorkAreas({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  const businessRoles = roles.filter(isBusinessRole);
  if (businessRoles.length === 0) return null;
  return (
    <>
      {businessRoles.map((role) => (
        <ProCard key={role} title={t(`roles.${role}`)} headerBordered>
          <Result
            className="work-area-result"
            icon={<span className="work-area-icon">{WORK_AREA_ICONS[role]}</span>}
            title={
              <span role="heading" aria-level={2}>
                {t(`home.workArea.${role}.title`)}
              </span>
            }
            subTitle={t(`home.workArea.${role}.description`)}
          />
        </ProCard>
      ))}
    </>
  );
}
