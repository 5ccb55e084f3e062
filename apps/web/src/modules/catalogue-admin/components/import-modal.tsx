import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  CATALOGUE_IMPORT_ITEM_COLUMNS,
  CATALOGUE_IMPORT_MATERIAL_COLUMNS,
  CATALOGUE_IMPORT_MAX_BYTES,
  CATALOGUE_IMPORT_SHEETS,
  type ImportServiceItemsReply,
} from '@yuanqu/shared';
import { Alert, Button, Modal, Result, Space, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/http';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { usePreferences } from '../../../app/preferences';
import { IMPORT_TEMPLATE_URL } from '../api';
import { toImportProblem, type ImportProblem } from '../field-problems';
import { useCatalogueMutations } from '../hooks/use-catalogue';
import { useReasonText } from '../hooks/use-reason-text';

const XLSX_ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS = { items: CATALOGUE_IMPORT_ITEM_COLUMNS, materials: CATALOGUE_IMPORT_MATERIAL_COLUMNS } as const;

/** The file's bytes as base64, read in the browser. */
function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * 从 Excel 导入: pick the filled-in template, import all or nothing. A refused file lists every bad
 * cell by sheet, row and column, in the words of the template's headers.
 */
export function ImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const { describe } = useErrorText();
  const reasonText = useReasonText();
  const { importFile } = useCatalogueMutations();
  const [file, setFile] = useState<UploadFile | null>(null);
  const [problem, setProblem] = useState<{ error: unknown; cells: ImportProblem[] } | null>(null);
  const [result, setResult] = useState<ImportServiceItemsReply | null>(null);

  const reset = () => {
    setFile(null);
    setProblem(null);
    setResult(null);
    importFile.reset();
  };
  const close = () => {
    reset();
    onClose();
  };

  const sheetName = (sheet: ImportProblem['sheet']) =>
    sheet ? (language === 'zh-CN' ? CATALOGUE_IMPORT_SHEETS[sheet].nameZh : CATALOGUE_IMPORT_SHEETS[sheet].nameEn) : '—';
  const columnName = (cell: ImportProblem) => {
    if (!cell.sheet || !cell.column) return '—';
    const column = (COLUMNS[cell.sheet] as ReadonlyArray<{ key: string; headerZh: string; headerEn: string }>).find(
      (entry) => entry.key === cell.column,
    );
    if (!column) return cell.column;
    return language === 'zh-CN' ? column.headerZh : column.headerEn;
  };

  const runImport = async () => {
    const blob = file?.originFileObj;
    if (!file || !blob) return;
    setProblem(null);
    if (blob.size > CATALOGUE_IMPORT_MAX_BYTES) {
      setProblem({ error: null, cells: [] });
      return;
    }
    try {
      const reply = await importFile.mutateAsync({ fileName: file.name.slice(0, 200), contentBase64: await readAsBase64(blob) });
      setResult(reply);
      onImported();
    } catch (error) {
      const cells = isApiError(error) ? error.fields.map((field) => toImportProblem(field.field, field.reason)) : [];
      setProblem({ error, cells });
    }
  };

  const fileProblems = problem?.cells.filter((cell) => cell.sheet === null) ?? [];
  const columnIndex = (cell: ImportProblem) =>
    cell.sheet ? (COLUMNS[cell.sheet] as ReadonlyArray<{ key: string }>).findIndex((column) => column.key === cell.column) : -1;
  // In reading order: the items sheet first, then row by row, cell by cell.
  const cellProblems = (problem?.cells.filter((cell) => cell.sheet !== null) ?? []).sort(
    (left, right) =>
      (left.sheet === right.sheet ? 0 : left.sheet === 'items' ? -1 : 1) ||
      (left.row ?? 0) - (right.row ?? 0) ||
      columnIndex(left) - columnIndex(right),
  );

  return (
    <Modal
      title={t('catalogueAdmin.import.title')}
      open={open}
      width={760}
      onCancel={close}
      destroyOnHidden
      maskClosable={false}
      footer={
        result
          ? [
              <Button key="done" type="primary" onClick={close}>
                {t('catalogueAdmin.import.done')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('common.cancel')}
              </Button>,
              <Button key="import" type="primary" disabled={!file} loading={importFile.isPending} onClick={() => void runImport()}>
                {t('catalogueAdmin.import.submit')}
              </Button>,
            ]
      }
    >
      {result ? (
        <Result
          status="success"
          title={t('catalogueAdmin.import.success', { created: result.created, updated: result.updated })}
          subTitle={
            <Space size={[4, 4]} wrap style={{ justifyContent: 'center' }}>
              {result.items.map((item) => (
                <Tag key={item.id} color={item.outcome === 'created' ? 'green' : 'blue'} bordered={false}>
                  {item.code} {language === 'zh-CN' ? item.nameZh : item.nameEn}
                </Tag>
              ))}
            </Space>
          }
        />
      ) : (
        <>
          <Typography.Paragraph>{t('catalogueAdmin.import.intro')}</Typography.Paragraph>
          <Typography.Paragraph>
            <Button icon={<DownloadOutlined />} href={IMPORT_TEMPLATE_URL} download>
              {t('catalogueAdmin.import.template')}
            </Button>
          </Typography.Paragraph>
          <Upload.Dragger
            accept={XLSX_ACCEPT}
            maxCount={1}
            fileList={file ? [file] : []}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setProblem(null);
              setFile(fileList.at(-1) ?? null);
            }}
            onRemove={() => {
              setFile(null);
              setProblem(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('catalogueAdmin.import.drop')}</p>
            <p className="ant-upload-hint">{t('catalogueAdmin.import.dropHint', { size: CATALOGUE_IMPORT_MAX_BYTES / 1024 / 1024 })}</p>
          </Upload.Dragger>
          {problem && (
            <div style={{ marginTop: 16 }}>
              <Alert
                type="error"
                showIcon
                message={problem.error ? describe(problem.error) : t('catalogueAdmin.reasons.too_large')}
                description={
                  fileProblems.length > 0 || cellProblems.length > 0 ? (
                    <>
                      {fileProblems.map((cell) => (
                        <div key={cell.reason}>{reasonText(cell.reason)}</div>
                      ))}
                      {cellProblems.length > 0 && t('catalogueAdmin.import.cellCount', { n: cellProblems.length })}
                    </>
                  ) : undefined
                }
                style={{ marginBottom: 12 }}
              />
              {cellProblems.length > 0 && (
                <Table<ImportProblem>
                  size="small"
                  rowKey={(cell) => `${cell.sheet}.${cell.row}.${cell.column}.${cell.reason}`}
                  dataSource={cellProblems}
                  pagination={cellProblems.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
                  aria-label={t('catalogueAdmin.import.problemsLabel')}
                  columns={[
                    { title: t('catalogueAdmin.import.sheet'), key: 'sheet', render: (_, cell) => sheetName(cell.sheet), width: 90 },
                    { title: t('catalogueAdmin.import.row'), key: 'row', render: (_, cell) => cell.row ?? '—', width: 70 },
                    { title: t('catalogueAdmin.import.column'), key: 'column', render: (_, cell) => columnName(cell), width: 180 },
                    { title: t('catalogueAdmin.import.problem'), key: 'reason', render: (_, cell) => reasonText(cell.reason) },
                  ]}
                />
              )}
            </div>
          )}
        </>
      )}
    </Modal>
  );
}
