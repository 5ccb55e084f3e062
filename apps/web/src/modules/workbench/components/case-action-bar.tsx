import {
  AuditOutlined,
  CheckCircleOutlined,
  EnvironmentOutlined,
  FileExclamationOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { CaseDetail, ServiceItem } from '@yuanqu/shared';
import { Button, Tooltip } from 'antd';
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffCaseAction } from '../api';
import type { RunCaseAction } from '../hooks/use-case-work';
import {
  AcceptModal,
  CompleteInspectionModal,
  DecideModal,
  DeliverModal,
  RefuseModal,
  ResumeModal,
  SuspendModal,
  type ActionModalProps,
} from './case-action-modals';
import { CorrectionNoticeModal } from './correction-notice-modal';
import '../workbench.css';

const ACTION_ICONS: Record<StaffCaseAction, ReactNode> = {
  accept: <CheckCircleOutlined aria-hidden />,
  refuse: <StopOutlined aria-hidden />,
  requestCorrection: <FileExclamationOutlined aria-hidden />,
  completeInspection: <EnvironmentOutlined aria-hidden />,
  suspend: <PauseCircleOutlined aria-hidden />,
  resume: <PlayCircleOutlined aria-hidden />,
  decide: <AuditOutlined aria-hidden />,
  deliver: <SendOutlined aria-hidden />,
};

const ACTION_MODALS: Record<StaffCaseAction, ComponentType<ActionModalProps>> = {
  accept: AcceptModal,
  refuse: RefuseModal,
  requestCorrection: CorrectionNoticeModal,
  completeInspection: CompleteInspectionModal,
  suspend: SuspendModal,
  resume: ResumeModal,
  decide: DecideModal,
  deliver: DeliverModal,
};

/** The steps the case's state and the user's roles allow; the usual next step is the primary button. */
export function CaseActionBar({
  detail,
  item,
  actions,
  run,
  isConflict,
  isReloading,
  onReload,
}: {
  detail: CaseDetail;
  item: ServiceItem | undefined;
  actions: StaffCaseAction[];
  run: RunCaseAction;
  isConflict: boolean;
  isReloading: boolean;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const [openAction, setOpenAction] = useState<StaffCaseAction | null>(null);
  const primary = actions.find((action) => !['requestCorrection', 'suspend', 'refuse'].includes(action));

  // After a reload the case may be in a state where the open step no longer applies.
  useEffect(() => {
    if (openAction && !actions.includes(openAction)) setOpenAction(null);
  }, [actions, openAction]);

  const Modal = openAction ? ACTION_MODALS[openAction] : null;
  return (
    <>
      {actions.map((action) => {
        const button = (
          <Button
            key={action}
            type={action === primary ? 'primary' : 'default'}
            danger={action === 'refuse'}
            icon={ACTION_ICONS[action]}
            disabled={isConflict}
            onClick={() => setOpenAction(action)}
          >
            {t(`workbench.case.actions.${action}`)}
          </Button>
        );
        return isConflict ? (
          <Tooltip key={action} title={t('workbench.case.conflict.title')}>
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
      {Modal && (
        <Modal
          open
          detail={detail}
          item={item}
          run={run}
          isConflict={isConflict}
          isReloading={isReloading}
          onReload={onReload}
          onClose={() => setOpenAction(null)}
        />
      )}
    </>
  );
}
