import type { Inspection, SlotProposal } from '@yuanqu/shared';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/http';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { useInspectionChange } from '../hooks/use-inspections';
import { chinaSlotStart, formatSlot, listSlotTimes, toChinaDateAndTime } from '../schedule';

export type InspectionChangeKind = 'reschedule' | 'cancel' | 'convertOnsite';

interface ChangeValues {
  date?: Dayjs;
  time?: string;
  inspectorIds?: string[];
  reason: string;
}

const TEXTS: Record<InspectionChangeKind, { title: string; intro: string; placeholder: string; submit: string }> = {
  reschedule: { title: 'rescheduleTitle', intro: 'rescheduleIntro', placeholder: 'reschedulePlaceholder', submit: 'submitReschedule' },
  cancel: { title: 'cancelTitle', intro: 'cancelIntro', placeholder: 'cancelPlaceholder', submit: 'submitCancel' },
  convertOnsite: { title: 'convertTitle', intro: 'convertIntro', placeholder: 'convertPlaceholder', submit: 'submitConvert' },
};

/**
 * 改期 / 取消 / 转现场踏勘: each with its reason on record. Rescheduling picks a day and a slot in
 * China time and at least two inspectors; the earliest free slots are one click away.
 */
export function InspectionChangeModal({
  inspection,
  kind,
  freeSlots,
  onClose,
  onConflict,
}: {
  inspection: Inspection;
  kind: InspectionChangeKind | null;
  /** The earliest free slots, when the server found any (the current slot among them if still free). */
  freeSlots: SlotProposal[] | undefined;
  onClose: () => void;
  /** The inspection changed under the user's feet (CASE_VERSION_CONFLICT). */
  onConflict: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { describe, fieldErrors } = useErrorText();
  const [form] = Form.useForm<ChangeValues>();
  const change = useInspectionChange(inspection.id);
  const [error, setError] = useState<unknown>(null);
  const texts = kind ? TEXTS[kind] : TEXTS.cancel;

  const inspectorOptions = useMemo(() => {
    const known = new Map<string, string>();
    for (const inspector of inspection.inspectors) known.set(inspector.id, inspector.displayName);
    for (const slot of freeSlots ?? []) for (const inspector of slot.inspectors) known.set(inspector.id, inspector.displayName);
    return [...known].map(([value, label]) => ({ value, label }));
  }, [inspection.inspectors, freeSlots]);

  useEffect(() => {
    if (!kind) return;
    setError(null);
    const current = toChinaDateAndTime(inspection.slotStart);
    form.setFieldsValue({
      date: dayjs(current.date),
      time: current.time,
      inspectorIds: inspection.inspectors.map((inspector) => inspector.id),
      reason: '',
    });
  }, [kind, inspection, form]);

  const pickedDate = Form.useWatch('date', form);
  const pickedTime = Form.useWatch('time', form);
  const isPicked = (proposal: SlotProposal) => {
    const slot = toChinaDateAndTime(proposal.start);
    return pickedDate?.format('YYYY-MM-DD') === slot.date && pickedTime === slot.time;
  };

  const applySlot = (proposal: SlotProposal) => {
    const slot = toChinaDateAndTime(proposal.start);
    form.setFieldsValue({ date: dayjs(slot.date), time: slot.time, inspectorIds: proposal.inspectors.map((inspector) => inspector.id) });
  };

  const submit = async () => {
    if (!kind) return;
    let values: ChangeValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    const reason = values.reason.trim();
    try {
      if (kind === 'reschedule') {
        await change.mutateAsync({
          kind,
          body: {
            version: inspection.version,
            reason,
            slotStart: chinaSlotStart(values.date?.format('YYYY-MM-DD') ?? '', values.time ?? ''),
            inspectorIds: values.inspectorIds ?? [],
          },
        });
      } else {
        await change.mutateAsync({ kind, body: { version: inspection.version, reason } });
      }
      void message.success(t(`inspection.panel.success.${kind}`));
      onClose();
    } catch (cause) {
      if (isApiError(cause) && cause.code === 'CASE_VERSION_CONFLICT') onConflict();
      // `slotStart` is the date and time fields together.
      const problems = fieldErrors<ChangeValues>(cause).map((problem) =>
        String(problem.name) === 'slotStart'
          ? { ...problem, name: 'time' as const, errors: [t('inspection.change.outsideHours')] }
          : problem,
      );
      if (problems.length > 0) form.setFields(problems);
      setError(cause);
    }
  };

  return (
    <Modal
      open={kind !== null}
      title={t(`inspection.change.${texts.title}`)}
      okText={t(`inspection.change.${texts.submit}`)}
      okButtonProps={{ danger: kind !== 'reschedule', loading: change.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary">{t(`inspection.change.${texts.intro}`)}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon message={describe(error)} style={{ marginBottom: 16 }} />}
      <Form<ChangeValues> form={form} layout="vertical" requiredMark="optional">
        {kind === 'reschedule' && (
          <>
            {freeSlots && freeSlots.length > 0 && (
              <div className="inspection-free-slots" role="group" aria-label={t('inspection.change.freeSlots')}>
                <Typography.Text type="secondary">{t('inspection.change.freeSlots')}</Typography.Text>
                <div className="inspection-free-slots-list">
                  {freeSlots.map((slot) => (
                    <Button
                      key={slot.start}
                      size="small"
                      type={isPicked(slot) ? 'primary' : 'default'}
                      ghost={isPicked(slot)}
                      aria-pressed={isPicked(slot)}
                      onClick={() => applySlot(slot)}
                      title={slot.inspectors.map((inspector) => inspector.displayName).join('、')}
                    >
                      {formatSlot(slot.start, slot.end, i18n.language)}
                    </Button>
                  ))}
                </div>
              </div>
            )}
            <div className="inspection-change-slot">
              <Form.Item
                name="date"
                label={t('inspection.change.date')}
                rules={[{ required: true, message: t('inspection.change.dateRequired') }]}
              >
                <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isBefore(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item
                name="time"
                label={t('inspection.change.time')}
                rules={[{ required: true, message: t('inspection.change.timeRequired') }]}
              >
                <Select options={listSlotTimes().map((time) => ({ value: time, label: time }))} />
              </Form.Item>
            </div>
            <Form.Item
              name="inspectorIds"
              label={t('inspection.change.inspectors')}
              extra={t('inspection.change.inspectorsHelp')}
              required
              rules={[
                {
                  validator: async (_rule, value: string[] | undefined) =>
                    (value?.length ?? 0) >= 2 ? undefined : Promise.reject(new Error(t('inspection.change.inspectorsTooFew'))),
                },
              ]}
            >
              <Select mode="multiple" options={inspectorOptions} maxCount={4} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="reason"
          label={t('inspection.change.reason')}
          rules={[{ required: true, whitespace: true, message: t('inspection.change.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t(`inspection.change.${texts.placeholder}`)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
