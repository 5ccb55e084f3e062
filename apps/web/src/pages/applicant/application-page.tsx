import { Button, Card, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApplicationForm } from '../../modules/applicant/components/application-form';
import { useServiceItem } from '../../modules/applicant/hooks/use-catalogue';
import { useCaseDetail } from '../../modules/applicant/hooks/use-cases';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';

/**
 * 在线申请 (`/my/cases/new/:itemId`) and its saved draft or correction (`/my/cases/:caseId/edit`).
 * Both addresses render the form in the same place, so that moving from the first to the second
 * after the first save keeps everything on the page.
 */
export function ApplicationPage() {
  const { itemId, caseId } = useParams();
  const { t, i18n } = useTranslation();
  const caseDetail = useCaseDetail(caseId);
  const item = useServiceItem(itemId ?? caseDetail.data?.serviceItem.id);
  const isCorrection = caseDetail.data?.status === 'correction_requested';
  const itemName = item.data ? (i18n.language === 'zh-CN' ? item.data.nameZh : item.data.nameEn) : '';
  const title = isCorrection ? t('applicant.application.correctionTitle') : t('applicant.application.title');

  const error = caseDetail.error ?? item.error;
  if (error) {
    return (
      <PageShell title={title}>
        <ErrorAlert error={error} />
        <Link to={caseId ? '/my/cases' : '/services'}>{caseId ? t('applicant.case.backToList') : t('applicant.item.back')}</Link>
      </PageShell>
    );
  }
  if (!item.data || (caseId && !caseDetail.data)) {
    return (
      <PageShell title={title}>
        <Card className="applicant-card">
          <Skeleton active />
        </Card>
      </PageShell>
    );
  }
  const status = caseDetail.data?.status;
  if (caseDetail.data && status !== 'draft' && status !== 'correction_requested') {
    return (
      <PageShell title={title}>
        <Result
          status="info"
          title={t('applicant.application.notEditable')}
          subTitle={t('applicant.application.notEditableHint', { status: t(`applicant.status.${caseDetail.data.status}`) })}
          extra={
            <Link to={`/my/cases/${caseDetail.data.id}`}>
              <Button type="primary">{t('applicant.application.viewCase')}</Button>
            </Link>
          }
        />
      </PageShell>
    );
  }
  return (
    <PageShell title={title} description={itemName}>
      <ApplicationForm key={item.data.id} item={item.data} initialCase={caseDetail.data ?? null} />
    </PageShell>
  );
}
