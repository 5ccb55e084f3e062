import { CheckCircleFilled, ClockCircleOutlined, FilePdfOutlined } from '@ant-design/icons';
import { INSPECTION_RESULTS, type Inspection } from '@yuanqu/shared';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../../app/http';
import { useErrorText } from '../../../../app/i18n/use-error-text';
import { formatDateTime } from '../../../../app/i18n/format';
import { buildFileUrl } from '../../api';
import { useInspectionChange } from '../../hooks/use-inspections';
import { InspectionResultTag } from '../inspection-tags';

type InspectionResult = (typeof INSPECTION_RESULTS)[number];

interface ConcludeValues {
  result: InspectionResult;
  findings: string;
  password: string;
}

/** Who has signed the result so far. */
function Signatures({ inspection }: { inspection: Inspection }) {
  const { t, i18n } = useTranslation();
  return (
    <List
      size="small"
      header={<Typography.Text type="secondary">{t('inspection.conclusion.signatures')}</Typography.Text>}
      dataSource={inspection.inspectors}
      renderItem={(inspector) => (
        <List.Item>
          <span>{inspector.displayName}</span>
          {inspector.confirmedAt ? (
            <Typography.Text type="success">
              <CheckCircleFilled aria-hidden />{' '}
              {t('inspection.conclusion.signedAt', { time: formatDateTime(inspector.confirmedAt, i18n.language) })}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">
              <ClockCircleOutlined aria-hidden /> {t('inspection.conclusion.waiting')}
            </Typography.Text>
          )}
        </List.Item>
      )}
    />
  );
}

/**
 * 踏勘结论: one inspector records the result and findings and signs with the password; the other
 * confirms with theirs; the server then issues the record and moves the case on.
 */
export function ConclusionCard({ inspection, myId, onConflict }: { inspection: Inspection; myId: string; onConflict: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { describe } = useErrorText();
  const [form] = Form.useForm<ConcludeValues>();
  const [confirmForm] = Form.useForm<{ password: string }>();
  const change = useInspectionChange(inspection.id);
  const [isEditing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isBooked = inspection.inspectors.some((inspector) => inspector.id === myId);
  const haveSigned = inspection.inspectors.some((inspector) => inspector.id === myId && inspector.confirmedAt);

  const fail = (cause: unknown, target: 'conclude' | 'confirm') => {
    if (isApiError(cause) && cause.code === 'CASE_VERSION_CONFLICT') onConflict();
    const isWrongPassword = isApiError(cause) && cause.fields.some((field) => field.field.endsWith('password'));
    if (isWrongPassword) {
      const fields = [{ name: 'password' as const, errors: [t('errors.AUTH_INVALID_CREDENTIALS')] }];
      if (target === 'conclude') form.setFields(fields);
      else confirmForm.setFields(fields);
    } else {
      setError(cause);
    }
  };

  const conclude = async (values: ConcludeValues) => {
    setError(null);
    try {
      await change.mutateAsync({
        kind: 'conclude',
        body: { version: inspection.version, result: values.result, findings: values.findings.trim(), password: values.password },
      });
      form.resetFields(['password']);
      setEditing(false);
      void message.success(t('inspection.conclusion.signedToast'));
    } catch (cause) {
      fail(cause, 'conclude');
    }
  };

  const confirm = async (values: { password: string }) => {
    setError(null);
    try {
      await change.mutateAsync({ kind: 'confirm', body: { version: inspection.version, password: values.password } });
      confirmForm.resetFields();
      void message.success(t('inspection.conclusion.signedToast'));
    } catch (cause) {
      fail(cause, 'confirm');
    }
  };

  if (inspection.status === 'cancelled' || inspection.status === 'converted_onsite') {
    return (
      <Card size="small" className="live-card" title={t('inspection.conclusion.title')}>
        <Typography.Text type="secondary">
          {t('inspection.conclusion.closedNote', { status: t(`inspection.status.${inspection.status}`) })}
        </Typography.Text>
      </Card>
    );
  }

  const summary = inspection.result && (
    <Descriptions size="small" column={1} style={{ marginBottom: 8 }}>
      <Descriptions.Item label={t('inspection.conclusion.result')}>
        <InspectionResultTag result={inspection.result} />
      </Descriptions.Item>
      <Descriptions.Item label={t('inspection.conclusion.findings')}>{inspection.findings}</Descriptions.Item>
    </Descriptions>
  );

  if (inspection.status === 'concluded') {
    return (
      <Card size="small" className="live-card" title={t('inspection.conclusion.title')}>
        <Alert type="success" showIcon message={t('inspection.conclusion.concluded')} style={{ marginBottom: 12 }} />
        {summary}
        <Signatures inspection={inspection} />
        {inspection.record && (
          <Space direction="vertical" size={2} style={{ marginTop: 8 }}>
            <Button
              icon={<FilePdfOutlined aria-hidden />}
              href={buildFileUrl(inspection.record.fileId)}
              target="_blank"
              rel="noopener noreferrer"
            >
              {t('inspection.conclusion.openRecord')}
            </Button>
            <Typography.Text type="secondary" copyable={{ text: inspection.record.verificationCode }}>
              {t('inspection.conclusion.verification', { code: inspection.record.verificationCode })}
            </Typography.Text>
          </Space>
        )}
      </Card>
    );
  }

  const isFormShown = !inspection.result || isEditing;
  return (
    <Card size="small" className="live-card" title={t('inspection.conclusion.title')}>
      <Typography.Paragraph type="secondary" className="live-card-note">
        {t('inspection.conclusion.intro')}
      </Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon message={describe(error)} style={{ marginBottom: 12 }} />}
      {!isBooked && <Alert type="info" showIcon message={t('inspection.conclusion.notBooked')} style={{ marginBottom: 12 }} />}
      {isFormShown ? (
        <Form<ConcludeValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={!isBooked}
          initialValues={{ result: inspection.result ?? undefined, findings: inspection.findings ?? '' }}
          onFinish={(values) => void conclude(values)}
        >
          {isEditing && <Alert type="warning" showIcon message={t('inspection.conclusion.changeNote')} style={{ marginBottom: 12 }} />}
          <Form.Item
            name="result"
            label={t('inspection.conclusion.result')}
            rules={[{ required: true, message: t('inspection.conclusion.resultRequired') }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={INSPECTION_RESULTS.map((result) => ({ value: result, label: t(`inspection.result.${result}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="findings"
            label={t('inspection.conclusion.findings')}
            rules={[{ required: true, whitespace: true, message: t('inspection.conclusion.findingsRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('inspection.conclusion.findingsPlaceholder')} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('inspection.conclusion.password')}
            rules={[{ required: true, message: t('inspection.conclusion.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              {t('inspection.conclusion.sign')}
            </Button>
            {isEditing && <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>}
          </Space>
        </Form>
      ) : (
        <>
          {summary}
          <Signatures inspection={inspection} />
          {isBooked && !haveSigned && (
            <Form
              form={confirmForm}
              layout="vertical"
              requiredMark={false}
              onFinish={(values) => void confirm(values)}
              style={{ marginTop: 8 }}
            >
              <Form.Item
                name="password"
                label={t('inspection.conclusion.password')}
                rules={[{ required: true, message: t('inspection.conclusion.passwordRequired') }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={change.isPending}>
                {t('inspection.conclusion.confirm')}
              </Button>
            </Form>
          )}
          {isBooked && (
            <Button type="link" style={{ paddingInline: 0, marginTop: 4 }} onClick={() => setEditing(true)}>
              {t('inspection.conclusion.change')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
