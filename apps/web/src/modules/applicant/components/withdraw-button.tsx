import { RollbackOutlined } from '@ant-design/icons';
import type { CaseDetail } from '@yuanqu/shared';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';
import { useWithdrawCase } from '../hooks/use-cases';

/** 撤回: before acceptance the applicant may withdraw, giving a reason. */
export function WithdrawButton({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { fieldErrors } = useErrorText();
  const [isOpen, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const withdraw = useWithdrawCase(detail.id);

  const onFinish = ({ reason }: { reason: string }) => {
    withdraw.mutate(
      { version: detail.version, reason: reason.trim() },
      {
        onSuccess: () => {
          setOpen(false);
          message.success(t('applicant.case.withdrawn'));
        },
        onError: (error) => form.setFields(fieldErrors<{ reason: string }>(error)),
      },
    );
  };

  return (
    <>
      <Button danger size="large" icon={<RollbackOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('applicant.case.withdraw')}
      </Button>
      <Modal
        open={isOpen}
        title={t('applicant.case.withdrawTitle')}
        okText={t('applicant.case.withdrawConfirm')}
        okButtonProps={{ danger: true, loading: withdraw.isPending }}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('applicant.case.withdrawIntro')}</Typography.Paragraph>
        <ErrorAlert error={withdraw.error} />
        <Form form={form} layout="vertical" onFinish={onFinish} preserve={false}>
          <Form.Item
            name="reason"
            label={t('applicant.case.withdrawReason')}
            rules={[{ required: true, whitespace: true, message: t('applicant.application.required') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={2000}
              placeholder={t('applicant.case.withdrawReasonPlaceholder')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
