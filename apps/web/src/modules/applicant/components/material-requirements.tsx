import { DownloadOutlined } from '@ant-design/icons';
import type { Material } from '@yuanqu/shared';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatListOf } from '../material-files';

/** What one material must be: required or not, original or copy, formats, size, note, template. */
export function MaterialFacts({ material }: { material: Material }) {
  const { t, i18n } = useTranslation();
  const isChinese = i18n.language === 'zh-CN';
  const note = isChinese ? material.noteZh : material.noteEn;
  return (
    <>
      <span className="applicant-facts">
        <span>{t(`applicant.item.materialForm.${material.form}`)}</span>
        <span>{t('applicant.item.formats', { formats: formatListOf(material.formats, i18n.language) })}</span>
        <span>{t('applicant.item.maxSize', { size: material.maxSizeMb })}</span>
      </span>
      {note && (
        <Typography.Text type="secondary" style={{ fontSize: '0.93em' }}>
          {note}
        </Typography.Text>
      )}
      {material.templateUrl && (
        <a href={material.templateUrl} download>
          <DownloadOutlined aria-hidden /> {t('applicant.item.template')}
        </a>
      )}
    </>
  );
}

/** A material's name with its number and whether it is required. */
export function MaterialName({ material, index }: { material: Material; index: number }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="material-name">
      <span className="material-index" aria-hidden>
        {index + 1}
      </span>
      <span style={{ flex: 1 }}>{i18n.language === 'zh-CN' ? material.nameZh : material.nameEn}</span>
      {material.isRequired ? (
        <Tag color="red" bordered={false}>
          {t('applicant.item.required')}
        </Tag>
      ) : (
        <Tag bordered={false}>{t('applicant.item.optional')}</Tag>
      )}
    </span>
  );
}

/** The list of materials on the service guide. */
export function MaterialRequirements({ materials }: { materials: readonly Material[] }) {
  return (
    <ol className="material-requirements">
      {materials.map((material, index) => (
        <li key={material.key} className="material-requirement">
          <MaterialName material={material} index={index} />
          <MaterialFacts material={material} />
        </li>
      ))}
    </ol>
  );
}
