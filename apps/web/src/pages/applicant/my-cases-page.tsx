import { FolderOpenOutlined } from '@ant-design/icons';
import { Button, Empty, Pagination, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CaseCard } from '../../modules/applicant/components/case-card';
import { useMyCases } from '../../modules/applicant/hooks/use-cases';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';
import '../../modules/applicant/applicant.css';

const PAGE_SIZE = 20;

/** 我的办件: the applicant's cases as cards, newest first. */
export function MyCasesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const cases = useMyCases(page, PAGE_SIZE);

  return (
    <PageShell title={t('applicant.myCases.title')} description={t('applicant.myCases.description')}>
      <ErrorAlert error={cases.error} />
      {cases.isPending ? (
        <div className="case-list">
          {[0, 1].map((index) => (
            <div key={index} className="case-card">
              <Skeleton active paragraph={{ rows: 2 }} />
            </div>
          ))}
        </div>
      ) : cases.data && cases.data.items.length > 0 ? (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
            {t('applicant.myCases.total', { count: cases.data.total })}
          </Typography.Text>
          <div className="case-list">
            {cases.data.items.map((summary) => (
              <CaseCard key={summary.id} summary={summary} />
            ))}
          </div>
          {cases.data.total > PAGE_SIZE && (
            <Pagination
              simple
              style={{ marginTop: 16, textAlign: 'center' }}
              current={page}
              pageSize={PAGE_SIZE}
              total={cases.data.total}
              onChange={(next) => setParams(next === 1 ? {} : { page: String(next) })}
            />
          )}
        </>
      ) : cases.data ? (
        <Empty
          image={<FolderOpenOutlined aria-hidden style={{ fontSize: 56, color: '#bfbfbf' }} />}
          description={t('applicant.myCases.empty')}
        >
          <Typography.Paragraph type="secondary">{t('applicant.myCases.emptyHint')}</Typography.Paragraph>
          <Link to="/services">
            <Button type="primary">{t('applicant.myCases.browse')}</Button>
          </Link>
        </Empty>
      ) : null}
    </PageShell>
  );
}
