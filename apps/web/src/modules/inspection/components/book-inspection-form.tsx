import { CalendarOutlined, ReloadOutlined, SendOutlined, TeamOutlined } from '@ant-design/icons';
import type { CaseDetail } from '@yuanqu/shared';
import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';
import { parseCoordinates } from '../geo';
import { useBookInspection, useSlotProposal } from '../hooks/use-inspections';
import { formatSlot } from '../schedule';

interface BookingValues {
  siteAddress: string;
  coordinates: string;
  siteRadiusMeters: number;
}

/** Form answers that usually hold the site's address, in the order to prefer them. */
const ADDRESS_KEYS = ['site_address', 'project_address', 'address', 'premises', 'location'];

function guessAddress(formData: CaseDetail['formData']): string {
  for (const key of ADDRESS_KEYS) {
    const value = formData[key];
    if (typeof value === 'string' && value.trim().length >= 2) return value.trim();
  }
  return '';
}

/**
 * 预约: the proposed slot (earliest, two free inspectors, inside the deadline) and the site the
 * phone's location is checked against. Booking sends the applicant the invitation.
 */
export function BookInspectionForm({ detail }: { detail: Pick<CaseDetail, 'id' | 'formData'> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { fieldErrors } = useErrorText();
  const [form] = Form.useForm<BookingValues>();
  const proposal = useSlotProposal(detail.id, true);
  const booking = useBookInspection();
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: BookingValues) => {
    const slot = proposal.data;
    const position = parseCoordinates(values.coordinates);
    if (!slot || !position) return;
    setError(null);
    try {
      await booking.mutateAsync({
        caseId: detail.id,
        slotStart: slot.start,
        inspectorIds: slot.inspectors.map((inspector) => inspector.id),
        siteAddress: values.siteAddress.trim(),
        siteLatitude: position.latitude,
        siteLongitude: position.longitude,
        siteRadiusMeters: values.siteRadiusMeters,
      });
      void message.success(t('inspection.panel.success.booked'));
    } catch (cause) {
      // The server names the coordinates one by one; the form has them in one field.
      const problems = fieldErrors<BookingValues>(cause).flatMap((problem) => {
        const name = String(problem.name);
        if (name === 'siteLatitude' || name === 'siteLongitude') return [{ ...problem, name: 'coordinates' as const }];
        return name === 'siteAddress' || name === 'siteRadiusMeters' ? [problem] : [];
      });
      if (problems.length > 0) form.setFields(problems);
      setError(cause);
      // The slot may have been taken meanwhile: look again.
      void proposal.refetch();
    }
  };

  return (
    <div className="inspection-booking">
      <Typography.Paragraph type="secondary">{t('inspection.book.intro')}</Typography.Paragraph>
      <div className="inspection-proposal" aria-live="polite">
        <Typography.Text type="secondary" className="inspection-label">
          {t('inspection.book.proposal')}
        </Typography.Text>
        {proposal.isLoading ? (
          <Skeleton active paragraph={{ rows: 1 }} title={false} />
        ) : proposal.data ? (
          <Space direction="vertical" size={4}>
            <Space size={8} wrap>
              <CalendarOutlined aria-hidden className="inspection-proposal-icon" />
              <Typography.Text strong className="inspection-proposal-time">
                {formatSlot(proposal.data.start, proposal.data.end, i18n.language)}
              </Typography.Text>
              <Tag color="green" bordered={false}>
                {proposal.data.lastDay
                  ? t('inspection.book.keepsDeadline', { day: proposal.data.lastDay })
                  : t('inspection.book.noDeadline')}
              </Tag>
            </Space>
            <Space size={8} wrap>
              <TeamOutlined aria-hidden className="inspection-proposal-icon" />
              {proposal.data.inspectors.map((inspector) => (
                <Tag key={inspector.id} bordered={false} color="blue">
                  {inspector.displayName}
                </Tag>
              ))}
            </Space>
          </Space>
        ) : (
          <Alert
            type="warning"
            showIcon
            message={<ErrorAlertText error={proposal.error} />}
            action={
              <Button
                size="small"
                icon={<ReloadOutlined aria-hidden />}
                onClick={() => void proposal.refetch()}
                loading={proposal.isFetching}
              >
                {t('inspection.book.retry')}
              </Button>
            }
          />
        )}
      </div>
      <ErrorAlert error={error} />
      <Form<BookingValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ siteAddress: guessAddress(detail.formData), coordinates: '', siteRadiusMeters: 300 }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="siteAddress"
          label={t('inspection.book.siteAddress')}
          rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('inspection.book.siteAddressRequired') }]}
        >
          <Input placeholder={t('inspection.book.siteAddressPlaceholder')} maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item
              name="coordinates"
              label={t('inspection.book.coordinates')}
              extra={t('inspection.book.coordinatesHelp')}
              rules={[
                { required: true, message: t('inspection.book.coordinatesRequired') },
                {
                  validator: async (_rule, value: string) =>
                    !value || parseCoordinates(value) ? undefined : Promise.reject(new Error(t('inspection.book.coordinatesInvalid'))),
                },
              ]}
            >
              <Input placeholder={t('inspection.book.coordinatesPlaceholder')} inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name="siteRadiusMeters"
              label={t('inspection.book.radius')}
              extra={t('inspection.book.radiusHelp')}
              rules={[{ required: true }]}
            >
              <InputNumber min={20} max={5000} step={50} addonAfter={t('inspection.book.meters')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<SendOutlined aria-hidden />} loading={booking.isPending} disabled={!proposal.data}>
          {t('inspection.book.submit')}
        </Button>
      </Form>
    </div>
  );
}

function ErrorAlertText({ error }: { error: unknown }) {
  const { describe } = useErrorText();
  return <>{describe(error)}</>;
}
