import { Alert, App, Form, Modal, Typography, type FormInstance } from 'antd';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/http';
import { ErrorAlert } from '../../../ui/error-alert';
import { toActionFieldErrors, type FieldPath } from '../field-errors';
import { VersionConflictAlert } from './version-conflict-alert';
import '../workbench.css';

/**
 * The frame of every step on a case: a modal with a short explanation, the form, and the answer of
 * the server in place — field problems on their fields, a version conflict as "reload", anything
 * else as one sentence. Ctrl+Enter submits from any field, the text areas included.
 */
export function ActionFormModal<Values extends object>({
  open,
  title,
  intro,
  okText,
  isDanger = false,
  form,
  width = 560,
  isConflict,
  isReloading,
  onReload,
  onCancel,
  onSubmit,
  locateField,
  checkValues,
  isScrollable = false,
  isConfirmation = false,
  children,
}: {
  open: boolean;
  title: ReactNode;
  intro?: ReactNode;
  okText: string;
  isDanger?: boolean;
  form: FormInstance<Values>;
  width?: number;
  isConflict: boolean;
  isReloading: boolean;
  onReload: () => void;
  onCancel: () => void;
  /** Sends the step; resolves when the server took it. */
  onSubmit: (values: Values) => Promise<unknown>;
  /** The form field for a field the server named (`['deficiencies', '0', 'reason']`). */
  locateField?: (path: string[]) => FieldPath | null;
  /** A check across fields before sending; returns the problem to show, or null. */
  checkValues?: (values: Values) => string | null;
  /** A long form scrolls inside the dialog, keeping the messages above it and the buttons below in view. */
  isScrollable?: boolean;
  /** A confirmation without fields: the OK button takes the focus, so Enter confirms. */
  isConfirmation?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  const submit = async () => {
    setProblem(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const found = checkValues?.(values) ?? null;
    setProblem(found);
    if (found) return;
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
      onCancel();
    } catch (cause) {
      const fieldErrors = toActionFieldErrors(cause, t, locateField);
      if (fieldErrors.length > 0) form.setFields(fieldErrors as Parameters<typeof form.setFields>[0]);
      const isVersionConflict = isApiError(cause) && cause.code === 'CASE_VERSION_CONFLICT';
      setError(isVersionConflict ? null : cause);
    } finally {
      setSubmitting(false);
    }
  };

  /** Esc, the close button or Cancel: what was typed (a reason, a notice) is not thrown away without asking. */
  const cancel = () => {
    if (isSubmitting || !form.isFieldsTouched()) {
      onCancel();
      return;
    }
    modal.confirm({
      title: t('common.discardTitle'),
      content: t('common.discardContent'),
      okText: t('common.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.keepEditing'),
      autoFocusButton: 'cancel',
      onOk: onCancel,
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: isDanger, loading: isSubmitting, disabled: isConflict, autoFocus: isConfirmation }}
      onOk={() => void submit()}
      onCancel={cancel}
      afterClose={() => {
        setError(null);
        setProblem(null);
      }}
      destroyOnHidden
      maskClosable={false}
      footer={(_, { OkBtn, CancelBtn }) => (
        <div className="action-modal-footer">
          <Typography.Text type="secondary" className="keyboard-hint">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </Typography.Text>
          <span className="action-modal-buttons">
            <CancelBtn />
            <OkBtn />
          </span>
        </div>
      )}
    >
      {isConflict && <VersionConflictAlert onReload={onReload} isReloading={isReloading} />}
      <ErrorAlert error={error} />
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      {intro && <Alert type="info" showIcon={false} message={intro} style={{ marginBottom: 16 }} className="action-modal-intro" />}
      <Form
        form={form}
        layout="vertical"
        onKeyDown={onKeyDown}
        requiredMark={false}
        className={isScrollable ? 'action-modal-scroll' : undefined}
      >
        {children}
      </Form>
    </Modal>
  );
}
