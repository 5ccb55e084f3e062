import type { LocationVerdictValue } from '@yuanqu/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDistance, mapHalfExtent, projectLocal, scaleBarMeters, type GeoPoint } from '../geo';
import { formatClock } from '../schedule';
import { LocationVerdictTag } from './inspection-tags';

export interface TrailPoint extends GeoPoint {
  at: string;
  accuracyMeters: number | null;
}

const SIZE = 280;
const HALF = SIZE / 2;
/** Room for the compass and the scale bar. */
const MARGIN = 14;

/**
 * 位置核验 as a drawing, without map tiles (no third-party service sees where the site is): the
 * registered site at the centre with its radius, the phone's trail in metres east and north of it,
 * the latest fix with its accuracy, a north arrow, a scale bar, the distance and the verdict.
 */
export function LocationMap({
  site,
  trail,
  verdict,
  distanceMeters,
}: {
  site: GeoPoint & { radiusMeters: number; address: string };
  trail: readonly TrailPoint[];
  verdict: LocationVerdictValue;
  distanceMeters: number | null;
}) {
  const { t } = useTranslation();
  const points = trail.map((point) => ({ ...projectLocal(site, point), accuracy: point.accuracyMeters, at: point.at }));
  const halfExtent = mapHalfExtent(site.radiusMeters, points);
  const scale = (HALF - MARGIN) / halfExtent;
  const x = (east: number) => HALF + east * scale;
  const y = (north: number) => HALF - north * scale;
  const latest = points.at(-1);
  const bar = scaleBarMeters(halfExtent * 0.6);
  const verdictColor = verdict === 'on_site' ? '#2fa84f' : verdict === 'off_site' ? '#e0282e' : '#98a2b3';
  const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.east).toFixed(1)},${y(point.north).toFixed(1)}`).join(' ');

  return (
    <div className="location-map">
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="img"
        aria-label={`${t('inspection.map.label')}: ${t(`inspection.verdict.${verdict}`)}${distanceMeters === null ? '' : `, ${formatDistance(distanceMeters)}`}`}
      >
        <rect x={0} y={0} width={SIZE} height={SIZE} rx={10} fill="#f7f9fc" />
        {/* a light grid every scale-bar length */}
        {Array.from({ length: Math.floor(halfExtent / bar) * 2 + 1 }, (_, index) => (index - Math.floor(halfExtent / bar)) * bar).map(
          (offset) => (
            <g key={offset} stroke="#e8edf5" strokeWidth={1}>
              <line x1={x(offset)} y1={0} x2={x(offset)} y2={SIZE} />
              <line x1={0} y1={y(offset)} x2={SIZE} y2={y(offset)} />
            </g>
          ),
        )}
        <circle
          cx={HALF}
          cy={HALF}
          r={site.radiusMeters * scale}
          fill="rgba(27,95,204,0.08)"
          stroke="#1b5fcc"
          strokeDasharray="5 4"
          strokeWidth={1.5}
        />
        <g aria-hidden>
          <circle cx={HALF} cy={HALF} r={5} fill="#1b5fcc" />
          <circle cx={HALF} cy={HALF} r={9} fill="none" stroke="#1b5fcc" strokeWidth={1.5} />
        </g>
        {path && <path d={path} fill="none" stroke="#8aa4cc" strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" />}
        {points.slice(0, -1).map((point) => (
          <circle key={point.at} cx={x(point.east)} cy={y(point.north)} r={2.5} fill="#8aa4cc" />
        ))}
        {latest && (
          <g>
            {latest.accuracy !== null && (
              <circle
                cx={x(latest.east)}
                cy={y(latest.north)}
                r={Math.max(4, latest.accuracy * scale)}
                fill={verdictColor}
                fillOpacity={0.14}
                stroke={verdictColor}
                strokeOpacity={0.4}
              />
            )}
            <circle cx={x(latest.east)} cy={y(latest.north)} r={6} fill={verdictColor} stroke="#fff" strokeWidth={2} />
          </g>
        )}
        {/* north arrow */}
        <g transform={`translate(${SIZE - 22}, 16)`} aria-hidden>
          <path d="M0,14 L6,0 L12,14 L6,10 Z" fill="#475467" />
          <text x={6} y={26} textAnchor="middle" fontSize={10} fill="#475467">
            N
          </text>
        </g>
        {/* scale bar */}
        <g transform={`translate(${MARGIN}, ${SIZE - MARGIN})`} aria-hidden>
          <line x1={0} y1={0} x2={bar * scale} y2={0} stroke="#344054" strokeWidth={2} />
          <line x1={0} y1={-4} x2={0} y2={2} stroke="#344054" strokeWidth={2} />
          <line x1={bar * scale} y1={-4} x2={bar * scale} y2={2} stroke="#344054" strokeWidth={2} />
          <text x={(bar * scale) / 2} y={-6} textAnchor="middle" fontSize={10} fill="#344054">
            {formatDistance(bar)}
          </text>
        </g>
      </svg>
      <div className="location-map-facts">
        <LocationVerdictTag verdict={verdict} distanceMeters={distanceMeters} />
        <Typography.Text type="secondary" className="location-map-note">
          {latest ? t('inspection.map.latest', { time: formatClock(latest.at), count: points.length }) : t('inspection.verdict.noFix')}
        </Typography.Text>
        <Typography.Text type="secondary" className="location-map-note">
          {t('inspection.map.legend', { radius: site.radiusMeters })}
        </Typography.Text>
      </div>
    </div>
  );
}
