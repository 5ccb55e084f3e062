import type { CaseDetail, CaseDecision, DeliveryMethod, ServiceItem } from '@yuanqu/shared';
import { Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../app/preferences';
import type { RunCaseAction } from '../hooks/use-case-work';
import { ActionFormModal } from './action-form-modal';

/** What every step's modal needs: the case on screen, its item, and the runner with its conflict state. */
export interface ActionModalProps {
  open: boolean;
  detail: CaseDetail;
  item: ServiceItem | undefined;
  run: RunCaseAction;
  isConflict: boolean;
  isReloading: boolean;
  onReload: () => void;
  onClose: () => void;
}

function caseLabel(detail: CaseDetail): string {
  return detail.number ?? '';
}

/** The modal's frame props from the step's props. */
function frameOf(props: ActionModalProps) {
  return {
    open: props.open,
    isConflict: props.isConflict,
    isReloading: props.isReloading,
    onReload: props.onReload,
    onCancel: props.onClose,
  };
}

/** 受理: a confirmation; the clock starts. */
export function AcceptModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<object>();
  return (
    <ActionFormModal
      {...frameOf(props)}
      form={form}
      title={t('workbench.case.accept.title', { number: caseLabel(props.detail) })}
      okText={t('workbench.case.accept.ok')}
      width={480}
      isConfirmation
      onSubmit={() => props.run('accept', {})}
    >
      <Typography.Paragraph>{t('workbench.case.accept.content', { count: props.detail.clock.limitDays })}</Typography.Paragraph>
      {props.item?.needsInspection && (
        <Typography.Paragraph type="secondary">{t('workbench.case.accept.inspectionNext')}</Typography.Paragraph>
      )}
    </ActionFormModal>
  );
}

/** 恢复计时: a confirmation. */
export function ResumeModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<object>();
  return (
    <ActionFormModal
      {...frameOf(props)}
      form={form}
      title={t('workbench.case.resume.title')}
      okText={t('workbench.case.resume.ok')}
      width={480}
      isConfirmation
      onSubmit={() => props.run('resume', {})}
    >
      <Typography.Paragraph>{t('workbench.case.resume.content')}</Typography.Paragraph>
    </ActionFormModal>
  );
}

/** 不予受理 with reasons. */
export function RefuseModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <ActionFormModal
      {...frameOf(props)}
      form={form}
      title={t('workbench.case.refuseForm.title')}
      intro={t('workbench.case.refuseForm.intro')}
      okText={t('workbench.case.refuseForm.submit')}
      isDanger
      onSubmit={(values) => props.run('refuse', { reason: values.reason.trim() })}
    >
      <Form.Item
        name="reason"
        label={t('workbench.case.refuseForm.reason')}
        rules={[{ required: true, whitespace: true, message: t('workbench.case.refuseForm.reasonRequired') }]}
      >
        <Input.TextArea autoFocus rows={5} maxLength={2000} showCount placeholder={t('workbench.case.refuseForm.reasonPlaceholder')} />
      </Form.Item>
    </ActionFormModal>
  );
}

type InspectionResult = 'passed' | 'needs_rectification' | 'failed';

/** 踏勘: the result of an on-site inspection. */
export function CompleteInspectionModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const [form] = Form.useForm<{ result: InspectionResult; findings: string }>();
  const results: InspectionResult[] = ['passed', 'needs_rectification', 'failed'];
  return (
    <ActionFormModal
      {...frameOf(props)}
      form={form}
      title={t('workbench.case.inspectionForm.title')}
      intro={t('workbench.case.inspectionForm.intro')}
      okText={t('workbench.case.inspectionForm.submit')}
      onSubmit={(values) => props.run('completeInspection', { result: values.result, findings: values.findings.trim() })}
    >
      <Form.Item name="result" label={t('workbench.case.inspectionForm.result')} initialValue="passed" rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={results.map((value) => ({ value, label: t(`workbench.case.inspectionForm.results.${value}`) }))}
        />
      </Form.Item>
      {props.item && props.item.inspectionChecklist.length > 0 && (
        <ul className="case-correction-list" style={{ marginBottom: 12 }}>
          {props.item.inspectionChecklist.map((check) => (
            <li key={check.key}>
              <Typography.Text type="secondary">{language === 'zh-CN' ? check.textZh : check.textEn}</Typography.Text>
            </li>
          ))}
        </ul>
      )}
      <Form.Item
        name="findings"
        label={t('workbench.case.inspectionForm.findings')}
        rules={[{ required: true, whitespace: true, message: t('workbench.case.inspectionForm.findingsRequired') }]}
      >
        <Input.TextArea
          autoFocus
          rows={5}
          maxLength={2000}
          showCount
          placeholder={t('workbench.case.inspectionForm.findingsPlaceholder')}
        />
      </Form.Item>
    </ActionFormModal>
  );
}

const SUSPEND_PRESETS = ['expertReview', 'hearing', 'publicNotice', 'onSiteCheck'] as const;

/** 特殊环节: the clock stops for a step the law does not count. */
export function SuspendModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <ActionFormModal
      {...frameOf(props)}
      form={form}
      title={t('workbench.case.suspendForm.title')}
      intro={t('workbench.case.suspendForm.intro')}
      okText={t('workbench.case.suspendForm.submit')}
      onSubmit={(values) => props.run('suspend', { reason: values.reason.trim() })}
    >
      <Space size={[4, 8]} wrap style={{ marginBottom: 12 }}>
        {SUSPEND_PRESETS.map((preset) => (
          <Tag.CheckableTag
            key={preset}
            checked={false}
            onChange={() => {
              const current: string = form.getFieldValue('reason') ?? '';
              const text = t(`workbench.case.suspendForm.presets.${preset}`);
              form.setFieldValue('reason', current.trim() ? `${current.trim()}；${text}` : text);
            }}
          >
            + {t(`workbench.case.suspendForm.presets.${preset}`)}
          </Tag.CheckableTag>
        ))}
      </Space>
      <Form.Item
        name="reason"
        label={t('workbench.case.suspendForm.reason')}
        rules={[{ required: true, whitespace: true, message: t('workbench.case.suspendForm.reasonRequired') }]}
      >
        <Input.TextArea autoFocus rows={4} maxLength={2000} showCount placeholder={t('workbench.case.suspendForm.reasonPlaceholder')} />
      </Form.Item>
    </ActionFormModal>
  );
}

/** 决定: approve or deny with reasons; the server issues the decision document. */
export function DecideModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: CaseDecision; reason: string }>();
  const decision = Form.useWatch('decision', form) ?? 'approved';
  return (
    <ActionFormModal
      {...frameOf(props)}
      form={form}
      title={t('workbench.case.decideForm.title')}
      intro={t('workbench.case.decideForm.intro')}
      okText={t('workbench.case.decideForm.submit')}
      isDanger={decision === 'denied'}
      onSubmit={(values) => props.run('decide', { decision: values.decision, reason: values.reason.trim() })}
    >
      <Form.Item name="decision" label={t('workbench.case.decideForm.decision')} initialValue="approved" rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(['approved', 'denied'] as const).map((value) => ({ value, label: t(`workbench.case.result.decisions.${value}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('workbench.case.decideForm.reason')}
        rules={[{ required: true, whitespace: true, message: t('workbench.case.decideForm.reasonRequired') }]}
      >
        <Input.TextArea
          autoFocus
          rows={5}
          maxLength={2000}
          showCount
          placeholder={
            decision === 'denied'
              ? t('workbench.case.decideForm.reasonPlaceholderDenied')
              : t('workbench.case.decideForm.reasonPlaceholderApproved')
          }
        />
      </Form.Item>
    </ActionFormModal>
  );
}

/** A tracking number as typed or read off a waybill ("SF 1234 5678 9012"), without its spaces. */
function compactTrackingNumber(value: string | undefined): string {
  return (value ?? '').replace(/[\s\u3000]+/g, '').toUpperCase();
}

/** 送达: pickup, post with a tracking number, or electronic. */
export function DeliverModal(props: ActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ method: DeliveryMethod; trackingNumber?: string }>();
  const method = Form.useWatch('method', form) ?? 'pickup';
  return (
    <ActionFormModal
      {...frameOf(props)}
      form={form}
      title={t('workbench.case.deliverForm.title')}
      intro={t('workbench.case.deliverForm.intro')}
      okText={t('workbench.case.deliverForm.submit')}
      onSubmit={(values) =>
        props.run(
          'deliver',
          values.method === 'post'
            ? { method: 'post', trackingNumber: compactTrackingNumber(values.trackingNumber) }
            : { method: values.method },
        )
      }
    >
      <Form.Item name="method" label={t('workbench.case.deliverForm.method')} initialValue="pickup" rules={[{ required: true }]}>
        <Radio.Group
          options={(['pickup', 'post', 'electronic'] as const).map((value) => ({
            value,
            label: t(`workbench.case.deliverForm.methods.${value}`),
          }))}
        />
      </Form.Item>
      {method === 'post' && (
        <Form.Item
          name="trackingNumber"
          label={t('workbench.case.deliverForm.trackingNumber')}
          extra={t('workbench.case.deliverForm.trackingRule')}
          rules={[
            { required: true, whitespace: true, message: t('workbench.case.deliverForm.trackingRequired') },
            {
              validator: async (_rule, value: unknown) => {
                if (typeof value !== 'string' || value.trim() === '' || /^[A-Za-z0-9-]{4,40}$/.test(compactTrackingNumber(value))) return;
                throw new Error(t('workbench.case.deliverForm.trackingInvalid'));
              },
            },
          ]}
        >
          <Input autoFocus maxLength={40} placeholder={t('workbench.case.deliverForm.trackingPlaceholder')} style={{ maxWidth: 280 }} />
        </Form.Item>
      )}
    </ActionFormModal>
  );
}
