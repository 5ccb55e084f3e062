import type { Rating } from '@yuanqu/shared';
import { Rate, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../workbench.css';

const DIMENSIONS = ['overall', 'speed', 'service', 'attitude'] as const;

const APPEAL_COLORS: Record<NonNullable<Rating['appeal']>['status'], string> = {
  pending: 'processing',
  upheld: 'success',
  rejected: 'default',
};

/** The level of a score in words (非常满意 … 非常不满意), red for a bad one. */
export function RatingLevelTag({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={level <= 2 ? 'error' : level === 3 ? 'warning' : 'success'} bordered={false}>
      {t(`workbench.rating.levels.${level}`)}
    </Tag>
  );
}

/** A rating: overall level, the four scores as stars, the comment, and an appeal if there is one. */
export function RatingScores({ rating, isCompact = false }: { rating: Rating; isCompact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div>
      <Space size={4} wrap>
        <RatingLevelTag level={rating.overall} />
        {rating.round > 1 && (
          <Typography.Text type="secondary" style={{ fontSize: '0.86em' }}>
            {t('workbench.rating.round', { round: rating.round })}
          </Typography.Text>
        )}
        {rating.appeal && (
          <Tag color={APPEAL_COLORS[rating.appeal.status]} bordered={false}>
            {t(`workbench.rating.appealStatus.${rating.appeal.status}`)}
          </Tag>
        )}
      </Space>
      {!isCompact && (
        <div className="rating-scores" style={{ marginTop: 4 }}>
          {DIMENSIONS.map((dimension) => (
            <span key={dimension} style={{ display: 'contents' }}>
              <Typography.Text type="secondary">{t(`workbench.rating.dimensions.${dimension}`)}</Typography.Text>
              <Rate
                disabled
                value={rating[dimension]}
                aria-label={`${t(`workbench.rating.dimensions.${dimension}`)} ${rating[dimension]}/5`}
              />
            </span>
          ))}
        </div>
      )}
      <div className="rating-comment">
        {rating.comment ? rating.comment : <Typography.Text type="secondary">{t('workbench.rating.noComment')}</Typography.Text>}
      </div>
    </div>
  );
}
