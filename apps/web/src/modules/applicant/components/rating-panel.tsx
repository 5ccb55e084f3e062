import type { RateCaseBody, Rating } from '@yuanqu/shared';
import { Alert, App, Button, Card, Form, Input, Radio, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/http';
import { ErrorAlert } from '../../../ui/error-alert';
import { formatMoment } from '../dates';
import { useCaseRatings, useRateCase } from '../hooks/use-cases';

const ASPECTS = ['overall', 'speed', 'service', 'attitude'] as const;
type Aspect = (typeof ASPECTS)[number];
/** 非常满意 first, as the national 好差评 scale reads. */
const LEVELS = [5, 4, 3, 2, 1] as const;

function levelClass(level: number): string {
  if (level >= 4) return 'rating-level-good';
  if (level === 3) return 'rating-level-middle';
  return 'rating-level-bad';
}

/** The five levels of one aspect as a row of choices. */
function LevelScale({ aspect, value, onChange }: { aspect: Aspect; value?: number; onChange?: (value: number) => void }) {
  const { t, i18n } = useTranslation();
  // English level names are long: on a phone they take two rows of three.
  const className = i18n.language === 'zh-CN' ? 'rating-scale' : 'rating-scale rating-scale-long';
  return (
    // antd's group has no role of its own; the wrapper names the choice for screen readers.
    <div role="radiogroup" aria-label={t(`applicant.rating.aspects.${aspect}`)}>
      <Radio.Group className={className} optionType="button" value={value} onChange={(event) => onChange?.(Number(event.target.value))}>
        {LEVELS.map((level) => (
          <Radio.Button key={level} value={level} className={levelClass(level)}>
            {t(`applicant.rating.levels.${level}`)}
          </Radio.Button>
        ))}
      </Radio.Group>
    </div>
  );
}

function RatingForm({ caseId, isFollowUp, onDone }: { caseId: string; isFollowUp: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RateCaseBody>();
  const rate = useRateCase(caseId);
  const isNotYet = isFollowUp && isApiError(rate.error) && rate.error.code === 'RATING_NOT_ALLOWED';

  return (
    <Form<RateCaseBody>
      form={form}
      layout="vertical"
      onFinish={(values) =>
        rate.mutate(
          { ...values, comment: values.comment?.trim() || undefined },
          {
            onSuccess: () => {
              message.success(t('applicant.rating.thanks'));
              onDone();
            },
          },
        )
      }
    >
      {ASPECTS.map((aspect) => (
        <Form.Item
          key={aspect}
          name={aspect}
          label={t(`applicant.rating.aspects.${aspect}`)}
          rules={[{ required: true, message: t('applicant.rating.chooseLevel') }]}
        >
          <LevelScale aspect={aspect} />
        </Form.Item>
      ))}
      <Form.Item name="comment" label={t('applicant.rating.comment')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={500}
          showCount
          placeholder={t('applicant.rating.commentPlaceholder')}
        />
      </Form.Item>
      {isNotYet ? (
        <Alert type="info" showIcon message={t('applicant.rating.followUpNotYet')} style={{ marginBottom: 16 }} />
      ) : (
        <ErrorAlert error={rate.error} />
      )}
      <Button type="primary" htmlType="submit" size="large" block loading={rate.isPending}>
        {t('applicant.rating.submit')}
      </Button>
    </Form>
  );
}

function RatingSummary({ rating }: { rating: Rating }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="applicant-stack" style={{ gap: 8 }}>
      <div className="applicant-facts" style={{ alignItems: 'baseline' }}>
        <Typography.Text strong>{rating.round > 1 ? t('applicant.rating.followUp') : t('applicant.rating.yours')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: '0.88em' }}>
          {t('applicant.rating.ratedAt', { time: formatMoment(rating.createdAt, i18n.language) })}
        </Typography.Text>
      </div>
      <div className="rating-summary">
        {ASPECTS.map((aspect) => (
          <div key={aspect}>
            <Typography.Text type="secondary">{t(`applicant.rating.aspects.${aspect}`)}</Typography.Text>
            <div>
              <Tag color={rating[aspect] >= 4 ? 'green' : rating[aspect] === 3 ? 'gold' : 'red'} bordered={false}>
                {t(`applicant.rating.levels.${rating[aspect]}`)}
              </Tag>
            </div>
          </div>
        ))}
      </div>
      {rating.comment && <Typography.Paragraph style={{ margin: 0 }}>“{rating.comment}”</Typography.Paragraph>}
      {rating.isBad && rating.round === 1 && <Alert type="warning" showIcon message={t('applicant.rating.badNote')} />}
    </div>
  );
}

/**
 * 好差评 after a case ends: the first rating, and — after a bad review has been put right and the
 * return visit logged — the one follow-up rating the server allows.
 */
export function RatingPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const ratings = useCaseRatings(caseId, true);
  const [isFollowUpOpen, setFollowUpOpen] = useState(false);

  if (ratings.isPending) {
    return (
      <Card className="applicant-card" title={t('applicant.rating.title')}>
        <Skeleton active />
      </Card>
    );
  }
  if (ratings.isError) {
    return (
      <Card className="applicant-card" title={t('applicant.rating.title')}>
        <ErrorAlert error={ratings.error} />
      </Card>
    );
  }
  const list = [...ratings.data].sort((a, b) => a.round - b.round);
  const last = list.at(-1);
  // A bad review may be followed by one more rating, once the department has recorded its return visit
  // (until then the review's own note says that staff will visit and that the applicant may rate again).
  const mayFollowUp = list.length === 1 && !!last && last.isBad && last.appeal?.status !== 'upheld' && last.returnVisitedAt !== null;

  return (
    <Card className="applicant-card" title={t('applicant.rating.title')}>
      {list.length === 0 ? (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('applicant.rating.intro')}
          </Typography.Paragraph>
          <RatingForm caseId={caseId} isFollowUp={false} onDone={() => undefined} />
        </>
      ) : (
        <div className="applicant-stack">
          {list.map((rating) => (
            <RatingSummary key={rating.id} rating={rating} />
          ))}
          {mayFollowUp && (
            <div className="applicant-stack" style={{ gap: 8 }}>
              <Typography.Text strong>{t('applicant.rating.followUpTitle')}</Typography.Text>
              <Typography.Text type="secondary">
                {t('applicant.rating.followUpIntro', { time: formatMoment(last.returnVisitedAt ?? '', i18n.language) })}
              </Typography.Text>
              {isFollowUpOpen ? (
                <RatingForm caseId={caseId} isFollowUp onDone={() => setFollowUpOpen(false)} />
              ) : (
                <Button onClick={() => setFollowUpOpen(true)}>{t('applicant.rating.followUpButton')}</Button>
              )}
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
