import {
  ClockCircleOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  FundProjectionScreenOutlined,
  MessageOutlined,
  ProjectOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import type { Role } from '@yuanqu/shared';
import { Alert, Button, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { canSeePage } from '../../../app/access';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { useCaseCounts, useMyCaseCount } from '../hooks/use-case-counts';

/** Business areas that later releases build; their home card says so instead of offering a dead link. */
const COMING_AREAS = {
  project_officer: <ProjectOutlined />,
  investment_officer: <FundProjectionScreenOutlined />,
  leader: <DashboardOutlined />,
} as const satisfies Partial<Record<Role, ReactNode>>;

/** The open statuses the workbench card counts, in the order a case passes them. */
const OPEN_STATUSES = ['submitted', 'correction_requested', 'accepted', 'inspection', 'under_review', 'suspended'] as const;

/** The user's work areas: live figures where the area exists, an honest notice where it is still to come. */
export function WorkAreas({ roles }: { roles: readonly Role[] }) {
  const comingRoles = (Object.keys(COMING_AREAS) as Array<keyof typeof COMING_AREAS>).filter((role) => roles.includes(role));
  return (
    <>
      {canSeePage(roles, 'workbench') && <CaseWorkArea />}
      {canSeePage(roles, 'myCases') && <ApplicantWorkArea />}
      {comingRoles.map((role) => (
        <ComingArea key={role} role={role} />
      ))}
    </>
  );
}

/** The zone's open cases by status and the overdue ones, each a link into the filtered queue. */
function CaseWorkArea() {
  const { t } = useTranslation();
  const { describe } = useErrorText();
  const counts = useCaseCounts(true);
  return (
    <ProCard
      title={t('menu.workbench')}
      headerBordered
      loading={counts.isPending}
      extra={
        <Link to="/cases">
          <Button type="primary" icon={<FileSearchOutlined aria-hidden />}>
            {t('home.caseWork.open')}
          </Button>
        </Link>
      }
    >
      {counts.isError ? (
        <Alert type="warning" showIcon message={t('home.summaryFailed')} description={describe(counts.error)} />
      ) : counts.data ? (
        <div className="summary-grid" role="region" aria-label={t('home.caseWork.title')}>
          {OPEN_STATUSES.map((status) => (
            <CountLink key={status} to={`/cases?status=${status}`} label={t(`workbench.status.${status}`)} value={counts.data.byStatus[status] ?? 0} />
          ))}
          <CountLink
            to="/cases?light=red"
            label={t('home.caseWork.overdue')}
            value={counts.data.overdue}
            icon={<ClockCircleOutlined aria-hidden />}
            danger={counts.data.overdue > 0}
          />
        </div>
      ) : null}
    </ProCard>
  );
}

function CountLink({ to, label, value, icon, danger }: { to: string; label: string; value: number; icon?: ReactNode; danger?: boolean }) {
  return (
    <Link to={to} className={danger ? 'count-link count-link-danger' : 'count-link'}>
      <Typography.Text type="secondary">
        {icon} {label}
      </Typography.Text>
      <span className="count-link-value">{value}</span>
    </Link>
  );
}

/** The applicant's three doors: the catalogue, their cases, their messages. */
function ApplicantWorkArea() {
  const { t } = useTranslation();
  const myCases = useMyCaseCount(true);
  const doors = [
    { to: '/services', icon: <ShopOutlined />, label: t('menu.services'), hint: t('home.applicantWork.servicesHint') },
    {
      to: '/my/cases',
      icon: <FolderOpenOutlined />,
      label: t('menu.myCases'),
      hint: myCases.data === undefined ? t('home.applicantWork.casesHint') : t('home.applicantWork.caseCount', { count: myCases.data }),
    },
    { to: '/my/messages', icon: <MessageOutlined />, label: t('menu.myMessages'), hint: t('home.applicantWork.messagesHint') },
  ];
  return (
    <ProCard title={t('home.applicantWork.title')} headerBordered>
      <div className="shortcut-grid">
        {doors.map((door) => (
          <Link key={door.to} to={door.to} className="shortcut">
            <span className="shortcut-icon">{door.icon}</span>
            <span className="shortcut-text">
              <Typography.Text strong>{door.label}</Typography.Text>
              <Typography.Text type="secondary" className="shortcut-description">
                {door.hint}
              </Typography.Text>
            </span>
          </Link>
        ))}
      </div>
    </ProCard>
  );
}

function ComingArea({ role }: { role: keyof typeof COMING_AREAS }) {
  const { t } = useTranslation();
  return (
    <ProCard title={t(`roles.${role}`)} headerBordered>
      <Result
        className="work-area-result"
        icon={<span className="work-area-icon">{COMING_AREAS[role]}</span>}
        title={
          <span role="heading" aria-level={2}>
            {t(`home.workArea.${role}.title`)}
          </span>
        }
        subTitle={t(`home.workArea.${role}.description`)}
      />
    </ProCard>
  );
}
