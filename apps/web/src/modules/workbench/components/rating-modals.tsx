import { Form, Input, Modal, Radio, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../ui/error-alert';
import { toActionFieldErrors } from '../field-errors';

/**
 * A small form in a modal for the ratings pages (return visit, appeal, appeal decision): the
 * server's answer shows in place and the modal stays open until the server took it.
 */
export function RatingFormModal<Values extends object>({
  open,
  title,
  intro,
  okText,
  onClose,
  onSubmit,
  children,
}: {
  open: boolean;
  title: ReactNode;
  intro: ReactNode;
  okText: string;
  onClose: () => void;
  onSubmit: (values: Values) => Promise<unknown>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (cause) {
      const fieldErrors = toActionFieldErrors(cause, t);
      if (fieldErrors.length > 0) form.setFields(fieldErrors as Parameters<typeof form.setFields>[0]);
      setError(cause);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: isSubmitting }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => setError(null)}
    >
      <ErrorAlert error={error} />
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void submit();
          }
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** 回访: the department's return visit after a bad review. */
export function ReturnVisitModal({
  caseNumber,
  onClose,
  onSubmit,
}: {
  caseNumber: string;
  onClose: () => void;
  onSubmit: (note: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <RatingFormModal<{ note: string }>
      open
      title={t('workbench.rectification.returnVisit.title', { number: caseNumber })}
      intro={t('workbench.rectification.returnVisit.intro')}
      okText={t('workbench.rectification.returnVisit.submit')}
      onClose={onClose}
      onSubmit={(values) => onSubmit(values.note.trim())}
    >
      <Form.Item
        name="note"
        label={t('workbench.rectification.returnVisit.note')}
        rules={[{ required: true, whitespace: true, message: t('workbench.rectification.returnVisit.noteRequired') }]}
      >
        <Input.TextArea
          autoFocus
          rows={5}
          maxLength={2000}
          showCount
          placeholder={t('workbench.rectification.returnVisit.notePlaceholder')}
        />
      </Form.Item>
    </RatingFormModal>
  );
}

/** 申诉: staff ask a system admin to set aside a malicious review. */
export function AppealModal({
  caseNumber,
  onClose,
  onSubmit,
}: {
  caseNumber: string;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <RatingFormModal<{ reason: string }>
      open
      title={t('workbench.rectification.appeal.title', { number: caseNumber })}
      intro={t('workbench.rectification.appeal.intro')}
      okText={t('workbench.rectification.appeal.submit')}
      onClose={onClose}
      onSubmit={(values) => onSubmit(values.reason.trim())}
    >
      <Form.Item
        name="reason"
        label={t('workbench.rectification.appeal.reason')}
        rules={[{ required: true, whitespace: true, message: t('workbench.rectification.appeal.reasonRequired') }]}
      >
        <Input.TextArea autoFocus rows={5} maxLength={2000} showCount placeholder={t('workbench.rectification.appeal.reasonPlaceholder')} />
      </Form.Item>
    </RatingFormModal>
  );
}

/** A system admin decides an appeal: upheld (the review leaves the statistics) or rejected. */
export function AppealDecisionModal({
  caseNumber,
  onClose,
  onSubmit,
}: {
  caseNumber: string;
  onClose: () => void;
  onSubmit: (isUpheld: boolean, note: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <RatingFormModal<{ outcome: 'uphold' | 'reject'; note: string }>
      open
      title={t('workbench.satisfaction.appeals.modalTitle', { number: caseNumber })}
      intro={t('workbench.satisfaction.appeals.description')}
      okText={t('workbench.satisfaction.appeals.submit')}
      onClose={onClose}
      onSubmit={(values) => onSubmit(values.outcome === 'uphold', values.note.trim())}
    >
      <Form.Item name="outcome" label={t('workbench.satisfaction.appeals.outcome')} initialValue="reject" rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'uphold', label: t('workbench.satisfaction.appeals.uphold') },
            { value: 'reject', label: t('workbench.satisfaction.appeals.reject') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('workbench.satisfaction.appeals.note')}
        rules={[{ required: true, whitespace: true, message: t('workbench.satisfaction.appeals.noteRequired') }]}
      >
        <Input.TextArea autoFocus rows={4} maxLength={2000} showCount placeholder={t('workbench.satisfaction.appeals.notePlaceholder')} />
      </Form.Item>
    </RatingFormModal>
  );
}
