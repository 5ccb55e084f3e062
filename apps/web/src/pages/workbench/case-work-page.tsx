import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { usePreferences } from '../../app/preferences';
import { useActiveSession } from '../../modules/auth/hooks/use-session';
import { InspectionPanel } from '../../modules/inspection';
import { allowedActions } from '../../modules/workbench/case-actions';
import { CaseActionBar } from '../../modules/workbench/components/case-action-bar';
import { CaseCorrectionNotice } from '../../modules/workbench/components/case-correction-notice';
import { CaseMaterialsTable } from '../../modules/workbench/components/case-materials-table';
import { CaseApplication, CaseFormAnswers } from '../../modules/workbench/components/case-overview';
import { CaseDecision, CaseDocuments } from '../../modules/workbench/components/case-result';
import { CaseStatusTag } from '../../modules/workbench/components/case-status-tag';
import { CaseTimeline } from '../../modules/workbench/components/case-timeline';
import { ClockPanel } from '../../modules/workbench/components/clock-light';
import { VersionConflictAlert } from '../../modules/workbench/components/version-conflict-alert';
import { useServiceItem } from '../../modules/workbench/hooks/use-case';
import { useCaseWork } from '../../modules/workbench/hooks/use-case-work';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';

/** The queue's filters the user came from, so "back" returns to the same list. */
function useQueueReturnPath(): string {
  const location = useLocation();
  const state = location.state as { queueSearch?: unknown } | null;
  return typeof state?.queueSearch === 'string' ? `/cases${state.queueSearch}` : '/cases';
}

/** 办件 `/cases/:caseId`: the case, its clock, its timeline, and the steps the user may take now. */
export function CaseWorkPage() {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const { caseId = '' } = useParams();
  const { user } = useActiveSession();
  const backPath = useQueueReturnPath();
  const navigate = useNavigate();
  const work = useCaseWork(caseId);
  const { detail, caseQuery } = work;
  const item = useServiceItem(detail?.serviceItem.id);

  const back = (
    <Button key="back" icon={<ArrowLeftOutlined aria-hidden />} onClick={() => void navigate(backPath)}>
      {t('workbench.case.backToQueue')}
    </Button>
  );

  if (!detail) {
    return (
      <PageShell title={t('workbench.case.untitled')} extra={[back]}>
        {caseQuery.isLoading ? (
          <div className="page-loading">
            <Spin />
          </div>
        ) : (
          <ErrorAlert error={caseQuery.error} />
        )}
      </PageShell>
    );
  }

  const actions = allowedActions(detail.status, detail.department.id, { roles: user.roles, departmentId: user.department?.id ?? null });
  const isFinished = ['delivered', 'refused', 'withdrawn'].includes(detail.status);
  const hasResult = detail.decision !== null || detail.delivery !== null || detail.documents.length > 0;
  const itemName = language === 'zh-CN' ? detail.serviceItem.nameZh : detail.serviceItem.nameEn;

  return (
    <PageShell
      title={detail.number ? t('workbench.case.title', { number: detail.number }) : t('workbench.case.untitled')}
      description={
        <Space size={[8, 4]} wrap>
          <CaseStatusTag status={detail.status} />
          <span>{itemName}</span>
          <Typography.Text type="secondary">· {detail.enterpriseName ?? detail.applicantName}</Typography.Text>
        </Space>
      }
      extra={[
        back,
        <Button
          key="reload"
          icon={<ReloadOutlined aria-hidden />}
          loading={caseQuery.isFetching && !work.isRunning}
          onClick={() => void work.reload()}
          aria-label={t('workbench.case.reload')}
        />,
        <CaseActionBar
          key="actions"
          detail={detail}
          item={item.data}
          actions={actions}
          run={work.run}
          isConflict={work.isConflict}
          isReloading={caseQuery.isFetching}
          onReload={() => void work.reload()}
        />,
      ]}
    >
      {work.isConflict && <VersionConflictAlert onReload={() => void work.reload()} isReloading={caseQuery.isFetching} />}
      <ErrorAlert error={caseQuery.isError ? caseQuery.error : null} />
      <Card
        className="case-section"
        size="small"
        title={t('workbench.case.sections.clock')}
        extra={
          actions.length === 0 && (
            <Typography.Text type="secondary">
              {isFinished ? t('workbench.case.actions.noneFinished') : t('workbench.case.actions.none')}
            </Typography.Text>
          )
        }
      >
        <ClockPanel clock={detail.clock} status={detail.status} />
      </Card>
      {detail.correction && (
        <Card className="case-section" size="small" title={t('workbench.case.sections.correction')}>
          <CaseCorrectionNotice correction={detail.correction} item={item.data} />
        </Card>
      )}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Card className="case-section" size="small" title={t('workbench.case.sections.application')}>
            <CaseApplication detail={detail} />
          </Card>
          <Card className="case-section" size="small" title={t('workbench.case.sections.form')}>
            <CaseFormAnswers detail={detail} item={item.data} />
          </Card>
          <Card className="case-section" size="small" title={t('workbench.case.sections.materials')} styles={{ body: { padding: 0 } }}>
            <CaseMaterialsTable detail={detail} item={item.data} />
          </Card>
          {hasResult && (
            <Card className="case-section" size="small" title={t('workbench.case.sections.result')}>
              <CaseDecision detail={detail} />
            </Card>
          )}
          {(detail.documents.length > 0 || hasResult) && (
            <Card className="case-section" size="small" title={t('workbench.case.sections.documents')}>
              <CaseDocuments documents={detail.documents} />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={8}>
          {item.data?.needsInspection && <InspectionPanel detail={detail} />}
          <Card className="case-section" size="small" title={t('workbench.case.sections.timeline')}>
            <CaseTimeline events={detail.events} item={item.data} />
          </Card>
        </Col>
      </Row>
    </PageShell>
  );
}
