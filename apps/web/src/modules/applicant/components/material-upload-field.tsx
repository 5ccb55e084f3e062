import { CheckCircleFilled, CloseOutlined, DeleteOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { Material } from '@yuanqu/shared';
import { Button, Progress, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { fileDownloadUrl } from '../api';
import type { AttachedFile } from '../application-values';
import type { UploadStatus } from '../hooks/use-material-uploads';
import { acceptAttributeOf, formatBytes, formatListOf } from '../material-files';
import { DeficiencyNote } from './correction-notice';
import { MaterialFacts, MaterialName } from './material-requirements';

/** The server's reason for refusing a material, in words that name the material's own limits. */
export function useMaterialReasonText() {
  const { t, i18n } = useTranslation();
  return (reason: string, material: Material): string => {
    const params = { formats: formatListOf(material.formats, i18n.language), size: material.maxSizeMb };
    return t(`applicant.reasons.${reason}`, { ...params, defaultValue: t('applicant.reasons.invalid') });
  };
}

function percentOf(sent: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
}

/**
 * One material of the application: what it must be, the attached file, the upload in progress with
 * its bar, and every problem with it — refused here, by the upload, by the server on save, or named
 * by a correction notice — in one place.
 */
export function MaterialUploadField({
  material,
  index,
  attached,
  status,
  serverReasons,
  isMissing,
  deficiencies,
  onChoose,
  onResume,
  onCancel,
  onRemove,
}: {
  material: Material;
  index: number;
  attached: AttachedFile | undefined;
  status: UploadStatus | undefined;
  serverReasons: readonly string[];
  isMissing: boolean;
  deficiencies: readonly string[] | undefined;
  onChoose: (file: File) => void;
  onResume: () => void;
  onCancel: () => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { describe } = useErrorText();
  const reasonText = useMaterialReasonText();
  const input = useRef<HTMLInputElement>(null);
  const name = i18n.language === 'zh-CN' ? material.nameZh : material.nameEn;
  const isUploading = status?.phase === 'uploading';
  const failure = status?.phase === 'failed' ? status : null;
  const hasError = !!failure || serverReasons.length > 0 || isMissing;
  const messageId = `material-${material.key}-message`;

  let failureText: string | null = null;
  if (failure) {
    if (failure.problem.kind === 'client') {
      failureText = t(`applicant.upload.clientReasons.${failure.problem.reason}`, {
        formats: formatListOf(material.formats, i18n.language),
        size: material.maxSizeMb,
      });
    } else if (failure.canResume) {
      failureText = `${t('applicant.upload.interrupted', { percent: percentOf(failure.sentBytes, failure.sizeBytes) })} ${describe(failure.problem.error)}`;
    } else {
      const code = failure.problem.error.code;
      failureText =
        code === 'FILE_TYPE_NOT_ALLOWED'
          ? `${describe(failure.problem.error)}：${t('applicant.upload.clientReasons.format', { formats: formatListOf(material.formats, i18n.language) })}`
          : code === 'FILE_TOO_LARGE'
            ? `${describe(failure.problem.error)}：${t('applicant.upload.clientReasons.too_large', { size: material.maxSizeMb })}`
            : describe(failure.problem.error);
      if (i18n.language !== 'zh-CN') failureText = failureText.replace('：', ': ');
    }
  }

  return (
    <section
      id={`material-${material.key}`}
      className={hasError ? 'material-upload material-upload-error' : 'material-upload'}
      aria-label={name}
      aria-invalid={hasError || undefined}
    >
      <MaterialName material={material} index={index} />
      <MaterialFacts material={material} />
      {deficiencies && deficiencies.length > 0 && <DeficiencyNote reasons={deficiencies} />}

      {attached && !isUploading && (
        <div className="material-upload-file">
          <CheckCircleFilled style={{ color: '#52c41a' }} aria-label={t('applicant.upload.uploaded')} />
          <a className="material-upload-file-name" href={fileDownloadUrl(attached.fileId)} target="_blank" rel="noreferrer">
            {attached.fileName}
          </a>
          <Typography.Text type="secondary" className="nowrap">
            {formatBytes(attached.sizeBytes)}
          </Typography.Text>
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined aria-hidden />}
            aria-label={t('applicant.upload.removeLabel', { material: name })}
            onClick={onRemove}
          />
        </div>
      )}

      {status && (isUploading || failure?.canResume) && (
        <div className="material-upload-progress">
          <Typography.Text ellipsis style={{ display: 'block' }}>
            {isUploading ? `${t('applicant.upload.uploading')} · ` : ''}
            {status.fileName}
          </Typography.Text>
          <Progress
            percent={percentOf(status.sentBytes, status.sizeBytes)}
            status={isUploading ? 'active' : 'exception'}
            size="small"
            aria-label={`${name} ${t('applicant.upload.uploading')}`}
          />
        </div>
      )}

      {(failureText || serverReasons.length > 0 || isMissing) && (
        <div id={messageId} className="material-upload-message" role="alert">
          {failureText && <div>{failureText}</div>}
          {failure?.canResume && <div className="applicant-muted">{t('applicant.upload.resumeHint')}</div>}
          {failure && !failure.canResume && <div>{t('applicant.upload.chooseAnother')}</div>}
          {serverReasons.map((reason) => (
            <div key={reason}>{reasonText(reason, material)}</div>
          ))}
          {isMissing && !failureText && serverReasons.length === 0 && <div>{t('applicant.application.materialRequired')}</div>}
        </div>
      )}

      <div className="material-upload-actions">
        {isUploading ? (
          <Button icon={<CloseOutlined aria-hidden />} onClick={onCancel}>
            {t('applicant.upload.cancel')}
          </Button>
        ) : (
          <>
            {failure?.canResume && (
              <Button type="primary" icon={<ReloadOutlined aria-hidden />} onClick={onResume}>
                {t('applicant.upload.retry')}
              </Button>
            )}
            <Button
              icon={<UploadOutlined aria-hidden />}
              onClick={() => input.current?.click()}
              aria-describedby={hasError ? messageId : undefined}
            >
              {attached ? t('applicant.upload.replace') : t('applicant.upload.choose')}
            </Button>
          </>
        )}
      </div>
      <input
        ref={input}
        type="file"
        hidden
        accept={acceptAttributeOf(material.formats)}
        aria-label={t('applicant.upload.inputLabel', { material: name })}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) onChoose(file);
        }}
      />
    </section>
  );
}
