import { PaperClipOutlined } from '@ant-design/icons';
import type { CaseDetail, FormField, ServiceItem } from '@yuanqu/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fileDownloadUrl } from '../api';
import { formatBytes } from '../material-files';
import { formatDay } from '../dates';

/** The materials handed in, each downloadable, named as the item names them. */
export function CaseMaterials({ detail, item }: { detail: CaseDetail; item: ServiceItem | undefined }) {
  const { t, i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  if (detail.materials.length === 0) return <Typography.Text type="secondary">{t('applicant.case.noMaterials')}</Typography.Text>;
  const nameOf = (key: string) => {
    const material = item?.materials.find((candidate) => candidate.key === key);
    return material ? (isChinese ? material.nameZh : material.nameEn) : key;
  };
  const order = (key: string) => {
    const index = item?.materials.findIndex((candidate) => candidate.key === key) ?? -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const sorted = [...detail.materials].sort((a, b) => order(a.materialKey) - order(b.materialKey));
  return (
    <ul className="case-file-list">
      {sorted.map((material) => (
        <li key={material.materialKey}>
          <Typography.Text type="secondary" style={{ fontSize: '0.88em' }}>
            {nameOf(material.materialKey)}
          </Typography.Text>
          <a href={fileDownloadUrl(material.fileId)} target="_blank" rel="noreferrer" style={{ wordBreak: 'break-all' }}>
            <PaperClipOutlined aria-hidden /> {material.fileName}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: '0.86em' }}>
            {formatBytes(material.sizeBytes)} · {material.detectedFormat.toUpperCase()}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** The application's answers, labelled as the item's form labels them. */
export function CaseAnswers({ detail, item }: { detail: CaseDetail; item: ServiceItem | undefined }) {
  const { i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  const fields: readonly FormField[] =
    item?.form ??
    Object.keys(detail.formData).map((key): FormField => ({ key, labelZh: key, labelEn: key, type: 'text', isRequired: false }));
  const rows = fields.flatMap((field) => {
    const value = detail.formData[field.key];
    if (value === undefined || value === null || value === '') return [];
    let text = String(value);
    if (field.type === 'select') {
      const option = field.options?.find((candidate) => candidate.value === value);
      if (option) text = isChinese ? option.labelZh : option.labelEn;
    } else if (field.type === 'date' && typeof value === 'string') {
      text = formatDay(value, i18n.language) || value;
    } else if (field.unit) {
      text = `${text} ${field.unit}`;
    }
    return [{ key: field.key, label: isChinese ? field.labelZh : field.labelEn, text }];
  });
  if (rows.length === 0) return null;
  return (
    <dl className="case-answers">
      {rows.map((row) => (
        <div key={row.key}>
          <dt>{row.label}</dt>
          <dd>{row.text}</dd>
        </div>
      ))}
    </dl>
  );
}
