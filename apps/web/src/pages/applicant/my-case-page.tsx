import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ClockPanel } from '../../modules/applicant/components/case-clock';
import { CaseAnswers, CaseMaterials } from '../../modules/applicant/components/case-contents';
import { CaseResult } from '../../modules/applicant/components/case-result';
import { CaseStatusTag } from '../../modules/applicant/components/case-status-tag';
import { CaseTimeline } from '../../modules/applicant/components/case-timeline';
import { CorrectionNotice } from '../../modules/applicant/components/correction-notice';
import { DeleteDraftButton } from '../../modules/applicant/components/delete-draft-button';
import { RatingPanel } from '../../modules/applicant/components/rating-panel';
import { WithdrawButton } from '../../modules/applicant/components/withdraw-button';
import { RATEABLE, WITHDRAWABLE } from '../../modules/applicant/case-story';
import { formatMoment } from '../../modules/applicant/dates';
import { useServiceItem } from '../../modules/applicant/hooks/use-catalogue';
import { useCaseDetail } from '../../modules/applicant/hooks/use-cases';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';
import '../../modules/applicant/applicant.css';

/** One of my cases: status, the open correction notice, the clock, the result, the timeline, and 好差评. */
export function MyCasePage() {
  const { caseId } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const query = useCaseDetail(caseId);
  const item = useServiceItem(query.data?.serviceItem.id);
  const language = i18n.language;
  const isChinese = language === 'zh-CN';

  if (query.isPending) {
    return (
      <PageShell title={t('applicant.case.loading')}>
        <Card className="applicant-card">
          <Skeleton active />
        </Card>
      </PageShell>
    );
  }
  if (query.isError || !query.data) {
    return (
      <PageShell title={t('applicant.case.notFound')}>
        <ErrorAlert error={query.error} />
        <Link to="/my/cases">
          <ArrowLeftOutlined aria-hidden /> {t('applicant.case.backToList')}
        </Link>
      </PageShell>
    );
  }
  const detail = query.data;
  const itemName = isChinese ? detail.serviceItem.nameZh : detail.serviceItem.nameEn;
  const hasResult = detail.decision !== null || detail.status === 'refused' || detail.documents.length > 0 || !!detail.delivery;

  const actions = (
    <>
      {detail.status === 'draft' && (
        <Button
          type="primary"
          size="large"
          className="applicant-action-primary"
          icon={<EditOutlined aria-hidden />}
          onClick={() => void navigate(`/my/cases/${detail.id}/edit`)}
        >
          {t('applicant.case.continueEditing')}
        </Button>
      )}
      {detail.status === 'correction_requested' && (
        <Button
          type="primary"
          size="large"
          className="applicant-action-primary"
          icon={<EditOutlined aria-hidden />}
          onClick={() => void navigate(`/my/cases/${detail.id}/edit`)}
        >
          {t('applicant.case.answerCorrection')}
        </Button>
      )}
      {detail.status === 'draft' && <DeleteDraftButton detail={detail} />}
      {WITHDRAWABLE.includes(detail.status) && <WithdrawButton detail={detail} />}
    </>
  );
  const hasActions = detail.status === 'draft' || detail.status === 'correction_requested' || WITHDRAWABLE.includes(detail.status);

  return (
    <PageShell title={itemName}>
      <div className="applicant-stack">
        <Card className="applicant-card">
          <div className="case-head">
            <div className="case-head-number">
              <CaseStatusTag status={detail.status} />
              {detail.number ? (
                <Typography.Text copyable={{ text: detail.number }} aria-label={t('applicant.case.number')}>
                  {detail.number}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('applicant.myCases.noNumber')}</Typography.Text>
              )}
            </div>
            <span className="applicant-facts">
              <span>{isChinese ? detail.department.nameZh : detail.department.nameEn}</span>
              {detail.submittedAt && (
                <span>
                  {t('applicant.case.submittedAt')} {formatMoment(detail.submittedAt, language)}
                </span>
              )}
            </span>
          </div>
        </Card>

        {detail.correction && (
          <CorrectionNotice correction={detail.correction} fields={item.data?.form ?? []} materials={item.data?.materials ?? []} />
        )}

        <Row gutter={[12, 12]}>
          <Col xs={24} lg={15}>
            <div className="applicant-stack">
              {hasResult && (
                <Card className="applicant-card" title={t('applicant.case.result')}>
                  <CaseResult detail={detail} />
                </Card>
              )}
              <Card className="applicant-card" title={t('applicant.clock.title')}>
                <ClockPanel clock={detail.clock} status={detail.status} />
              </Card>
              <Card className="applicant-card" title={t('applicant.case.timeline')}>
                <CaseTimeline events={detail.events} />
              </Card>
              {RATEABLE.includes(detail.status) && <RatingPanel caseId={detail.id} />}
            </div>
          </Col>
          <Col xs={24} lg={9}>
            <div className="applicant-stack">
              <Card className="applicant-card" title={t('applicant.case.materials')}>
                <CaseMaterials detail={detail} item={item.data} />
              </Card>
              <Card className="applicant-card" title={t('applicant.case.answers')}>
                <CaseAnswers detail={detail} item={item.data} />
              </Card>
            </div>
          </Col>
        </Row>

        {hasActions && (
          <div className="applicant-action-bar">
            <div className="applicant-action-buttons">{actions}</div>
          </div>
        )}
      </div>
    </PageShell>
  );
}
