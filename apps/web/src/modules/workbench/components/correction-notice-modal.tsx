import type { CaseDetail, ServiceItem } from '@yuanqu/shared';
import { AutoComplete, Checkbox, Form, Input, Typography, type InputRef } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../app/preferences';
import { formatAnswer } from '../case-form-answers';
import type { FieldPath } from '../field-errors';
import { ActionFormModal } from './action-form-modal';
import type { ActionModalProps } from './case-action-modals';

/** One thing the notice may name: a material (its key) or a form answer (`form.<key>`). */
interface DeficiencyTarget {
  target: string;
  label: string;
  detail: string;
  isMissing: boolean;
}

interface CorrectionValues {
  selected?: Record<string, boolean>;
  reasons?: Record<string, string>;
  note?: string;
}

const PRESETS = ['unclear', 'unsigned', 'expired', 'mismatch', 'missing', 'incomplete'] as const;

/** The materials and form fields of the item, each with what the applicant gave. */
export function useDeficiencyTargets(detail: CaseDetail, item: ServiceItem | undefined) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const submitted = new Map(detail.materials.map((material) => [material.materialKey, material]));
  const materialKeys = new Set<string>();
  const materials: DeficiencyTarget[] = (item?.materials ?? []).map((material) => {
    materialKeys.add(material.key);
    const file = submitted.get(material.key);
    return {
      target: material.key,
      label: language === 'zh-CN' ? material.nameZh : material.nameEn,
      detail: file
        ? t('workbench.case.correctionForm.submitted', { name: file.fileName })
        : t('workbench.case.correctionForm.notSubmitted'),
      isMissing: !file,
    };
  });
  // A material the item no longer lists is still on the case and may still be deficient.
  for (const material of detail.materials) {
    if (materialKeys.has(material.materialKey)) continue;
    materials.push({
      target: material.materialKey,
      label: material.materialKey,
      detail: t('workbench.case.correctionForm.submitted', { name: material.fileName }),
      isMissing: false,
    });
  }
  const fields: DeficiencyTarget[] = (item?.form ?? []).map((field) => {
    const answer = formatAnswer(field, detail.formData[field.key], language);
    return {
      target: `form.${field.key}`,
      label: language === 'zh-CN' ? field.labelZh : field.labelEn,
      detail: answer ? t('workbench.case.correctionForm.answer', { value: answer }) : t('workbench.case.correctionForm.unanswered'),
      isMissing: !answer,
    };
  });
  return { materials, fields };
}

/**
 * 一次性告知: one notice listing every deficiency at once. The clerk ticks each material or form
 * answer at fault and says why; ticking a row moves the cursor to its reason.
 */
export function CorrectionNoticeModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CorrectionValues>();
  const { materials, fields } = useDeficiencyTargets(props.detail, props.item);
  const allTargets = [...materials, ...fields];
  const selected = Form.useWatch('selected', form) ?? {};
  const selectedCount = allTargets.filter((target) => selected[target.target]).length;
  const reasonRefs = useRef(new Map<string, InputRef>());
  // The targets in the order sent, to place the server's `deficiencies.<n>` problems on their rows.
  const sentTargets = useRef<string[]>([]);
  const isAfterAcceptance = props.detail.clock.acceptedOn !== null;

  const presetOptions = PRESETS.map((preset) => ({ value: t(`workbench.case.correctionForm.presets.${preset}`) }));

  const renderRow = (target: DeficiencyTarget) => {
    const isChecked = Boolean(selected[target.target]);
    return (
      <div key={target.target} className={`deficiency-row${isChecked ? ' deficiency-row-checked' : ''}`} data-target={target.target}>
        <Form.Item name={['selected', target.target]} valuePropName="checked" noStyle>
          <Checkbox
            onChange={(event) => {
              if (event.target.checked) setTimeout(() => reasonRefs.current.get(target.target)?.focus(), 0);
            }}
          >
            <span>{target.label}</span>
            <Typography.Text type={target.isMissing ? 'warning' : 'secondary'} className="deficiency-target-detail" ellipsis>
              {target.detail}
            </Typography.Text>
          </Checkbox>
        </Form.Item>
        {isChecked ? (
          <Form.Item
            name={['reasons', target.target]}
            rules={[{ required: true, whitespace: true, message: t('workbench.case.correctionForm.reasonRequired') }]}
          >
            <AutoComplete options={presetOptions} filterOption={false} maxLength={500}>
              <Input
                ref={(input) => {
                  if (input) reasonRefs.current.set(target.target, input);
                  else reasonRefs.current.delete(target.target);
                }}
                aria-label={`${t('workbench.case.correctionForm.reason')}：${target.label}`}
                placeholder={t('workbench.case.correctionForm.reasonPlaceholder')}
              />
            </AutoComplete>
          </Form.Item>
        ) : (
          <span />
        )}
      </div>
    );
  };

  return (
    <ActionFormModal<CorrectionValues>
      open={props.open}
      isConflict={props.isConflict}
      isReloading={props.isReloading}
      onReload={props.onReload}
      onCancel={props.onClose}
      form={form}
      width={880}
      isScrollable
      title={
        <span>
          {t('workbench.case.correctionForm.title')}
          <Typography.Text type="secondary" style={{ marginInlineStart: 12, fontWeight: 'normal' }}>
            {t('workbench.case.correctionForm.selected', { count: selectedCount })}
          </Typography.Text>
        </span>
      }
      intro={
        <>
          {t('workbench.case.correctionForm.intro')}
          {isAfterAcceptance && <div>{t('workbench.case.correctionForm.afterAcceptance')}</div>}
        </>
      }
      okText={t('workbench.case.correctionForm.submit')}
      locateField={(path): FieldPath | null => {
        if (path[0] === 'deficiencies') {
          const target = sentTargets.current[Number(path[1])];
          return target ? ['reasons', target] : null;
        }
        return path[0] === 'note' ? ['note'] : null;
      }}
      checkValues={(values) =>
        allTargets.some((target) => values.selected?.[target.target]) ? null : t('workbench.case.correctionForm.selectAtLeastOne')
      }
      onSubmit={async (values) => {
        const deficiencies = allTargets
          .filter((target) => values.selected?.[target.target])
          .map((target) => ({ target: target.target, reason: (values.reasons?.[target.target] ?? '').trim() }));
        sentTargets.current = deficiencies.map((deficiency) => deficiency.target);
        const note = values.note?.trim();
        return props.run('requestCorrection', { deficiencies, ...(note ? { note } : {}) });
      }}
    >
      {materials.length > 0 && (
        <section aria-label={t('workbench.case.correctionForm.materials')}>
          <Typography.Title level={5} className="deficiency-group-title">
            {t('workbench.case.correctionForm.materials')}
          </Typography.Title>
          {materials.map(renderRow)}
        </section>
      )}
      {fields.length > 0 && (
        <section aria-label={t('workbench.case.correctionForm.formFields')}>
          <Typography.Title level={5} className="deficiency-group-title">
            {t('workbench.case.correctionForm.formFields')}
          </Typography.Title>
          {fields.map(renderRow)}
        </section>
      )}
      <Form.Item name="note" label={t('workbench.case.correctionForm.note')} style={{ marginTop: 16, marginBottom: 0 }}>
        <Input.TextArea rows={2} maxLength={2000} placeholder={t('workbench.case.correctionForm.notePlaceholder')} />
      </Form.Item>
    </ActionFormModal>
  );
}
