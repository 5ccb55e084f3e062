import { DownloadOutlined } from '@ant-design/icons';
import type { CaseDetail, CaseMaterial, ServiceItem } from '@yuanqu/shared';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/i18n/format';
import { usePreferences } from '../../../app/preferences';
import { buildFileUrl } from '../api';
import { formatFileSize } from '../format';

interface MaterialRow {
  key: string;
  name: string;
  isRequired: boolean | null;
  file: CaseMaterial | null;
}

/** The item's materials with the file the applicant gave for each: download link, size, SHA-256. */
export function CaseMaterialsTable({ detail, item }: { detail: CaseDetail; item: ServiceItem | undefined }) {
  const { t, i18n } = useTranslation();
  const { language } = usePreferences();
  const files = new Map(detail.materials.map((material) => [material.materialKey, material]));
  const rows: MaterialRow[] = (item?.materials ?? []).map((material) => ({
    key: material.key,
    name: language === 'zh-CN' ? material.nameZh : material.nameEn,
    isRequired: material.isRequired,
    file: files.get(material.key) ?? null,
  }));
  for (const material of detail.materials) {
    if (!rows.some((row) => row.key === material.materialKey))
      rows.push({ key: material.materialKey, name: material.materialKey, isRequired: null, file: material });
  }
  const flagged = new Set((detail.correction?.deficiencies ?? []).map((deficiency) => deficiency.target));

  return (
    <Table<MaterialRow>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('workbench.case.materials.empty') }}
      columns={[
        {
          title: t('workbench.case.materials.name'),
          key: 'name',
          render: (_, row) => (
            <span>
              <Typography.Text type={flagged.has(row.key) ? 'warning' : undefined}>{row.name}</Typography.Text>
              {row.isRequired === false && (
                <Tag bordered={false} style={{ marginInlineStart: 6 }}>
                  {t('workbench.case.materials.optional')}
                </Tag>
              )}
            </span>
          ),
        },
        {
          title: t('workbench.case.materials.file'),
          key: 'file',
          render: (_, row) =>
            row.file ? (
              <a
                href={buildFileUrl(row.file.fileId)}
                download={row.file.fileName}
                aria-label={`${t('workbench.case.materials.download')} ${row.file.fileName}`}
              >
                <DownloadOutlined aria-hidden /> {row.file.fileName}
              </a>
            ) : (
              <Typography.Text type={row.isRequired ? 'danger' : 'secondary'}>{t('workbench.case.materials.notSubmitted')}</Typography.Text>
            ),
        },
        {
          title: t('workbench.case.materials.size'),
          key: 'size',
          align: 'right',
          render: (_, row) =>
            row.file ? (
              <span className="nowrap">
                {formatFileSize(row.file.sizeBytes)}{' '}
                <Typography.Text type="secondary">{row.file.detectedFormat.toUpperCase()}</Typography.Text>
              </span>
            ) : null,
        },
        {
          title: t('workbench.case.materials.sha256'),
          key: 'sha256',
          render: (_, row) =>
            row.file ? (
              <Typography.Text className="case-sha" copyable={{ text: row.file.sha256 }} title={row.file.sha256}>
                {`${row.file.sha256.slice(0, 12)}…${row.file.sha256.slice(-6)}`}
              </Typography.Text>
            ) : null,
        },
        {
          title: t('workbench.case.materials.uploadedAt'),
          key: 'uploadedAt',
          responsive: ['xxl'],
          render: (_, row) => (row.file ? <span className="nowrap">{formatDateTime(row.file.uploadedAt, i18n.language)}</span> : null),
        },
      ]}
    />
  );
}
