import { FooterToolbar } from '@ant-design/pro-components';
import { SERVICE_ITEM_KINDS, type ServiceItem } from '@yuanqu/shared';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../../../app/http';
import { usePreferences } from '../../../../app/preferences';
import { ErrorAlert } from '../../../../ui/error-alert';
import { useDepartmentOptions } from '../../../departments/hooks/use-departments';
import { groupFormProblems } from '../../field-problems';
import { useCatalogueMutations, usePartnerZones } from '../../hooks/use-catalogue';
import { useReasonText } from '../../hooks/use-reason-text';
import { useUnsavedChangesGuard } from '../../hooks/use-unsaved-changes-guard';
import { isSameItemForm, NEW_ITEM_VALUES, toFormValues, toServiceItemBody, type ItemFormValues } from '../../item-form-values';
import { FormFieldsEditor } from './form-fields-editor';
import { FormPreview } from './form-preview';
import { InspectionEditor } from './inspection-editor';
import { MaterialsEditor } from './materials-editor';
import { itemRules } from './rules';
import '../catalogue-admin.css';

function Section({ id, title, extra, children }: { id: string; title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      id={id}
      title={
        <span role="heading" aria-level={2}>
          {title}
        </span>
      }
      extra={extra}
      className="catalogue-section"
    >
      {children}
    </Card>
  );
}

/**
 * Every field of a catalogue item, in sections: the basics, time limits and fee, materials, the
 * application form (with a live preview), the site inspection, partner zones and publication.
 * The server's field problems land on the inputs they name (`body.materials.0.formats`).
 */
export function ServiceItemForm({ item }: { item: ServiceItem | null }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const reasonText = useReasonText();
  const [form] = Form.useForm<ItemFormValues>();
  const rules = itemRules(t);
  const departments = useDepartmentOptions();
  const partnerZones = usePartnerZones();
  const { save } = useCatalogueMutations();
  const [saveError, setSaveError] = useState<unknown>(null);
  const needsInspection = Form.useWatch('needsInspection', form);
  const formFields = Form.useWatch('form', form) ?? [];

  // What was last loaded or saved, to tell typed work from a form merely opened (or edited back).
  const savedValues = useRef<unknown>(null);
  const hasEdited = useRef(false);
  const markSaved = () => {
    savedValues.current = form.getFieldsValue(true);
    hasEdited.current = false;
  };
  useEffect(markSaved, [form]);
  useUnsavedChangesGuard(
    () => hasEdited.current && !isSameItemForm(form.getFieldsValue(true), savedValues.current),
    t('catalogueAdmin.edit.unsavedContent'),
  );

  const onFinish = async (values: ItemFormValues) => {
    setSaveError(null);
    try {
      const saved = await save.mutateAsync({ id: item?.id ?? null, body: toServiceItemBody(values) });
      void message.success(t(item ? 'catalogueAdmin.edit.saved' : 'catalogueAdmin.edit.created', { code: saved.code }));
      if (item) form.setFieldsValue(toFormValues(saved));
      // Saved: going on to the item's own page (or anywhere) loses nothing.
      markSaved();
      if (!item) void navigate(`/admin/catalogue/${saved.id}`, { replace: true });
    } catch (error) {
      const problems = groupFormProblems(error);
      // Problems shown on their fields need no banner, except the general "check the form" of a validation failure
      // (a code already in use comes as a conflict, whose general sentence would speak of someone else's change).
      setSaveError(problems.length > 0 && !(isApiError(error) && error.code === 'VALIDATION_FAILED') ? null : error);
      // The server's paths are the form's (`materials.0.formats`); the form's types cannot know that.
      type FieldName = Parameters<typeof form.scrollToField>[0];
      form.setFields(problems.map((problem) => ({ name: problem.name as FieldName, errors: problem.reasons.map(reasonText) })));
      if (problems[0]) form.scrollToField(problems[0].name as FieldName, { block: 'center' });
      else window.scrollTo({ top: 0 });
    }
  };

  return (
    <Form<ItemFormValues>
      form={form}
      layout="vertical"
      initialValues={item ? toFormValues(item) : NEW_ITEM_VALUES}
      onValuesChange={() => {
        hasEdited.current = true;
      }}
      onFinish={(values) => void onFinish(values)}
      onFinishFailed={({ errorFields }) => {
        if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center' });
      }}
      scrollToFirstError={false}
      className="catalogue-item-form"
    >
      <ErrorAlert error={saveError} />
      <Section id="basics" title={t('catalogueAdmin.edit.sectionBasics')}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('catalogueAdmin.fields.code')} tooltip={t('catalogueAdmin.edit.codeHelp')} rules={rules.code}>
              <Input maxLength={40} spellCheck={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('catalogueAdmin.fields.kind')} rules={[rules.requiredChoice]}>
              <Select options={SERVICE_ITEM_KINDS.map((kind) => ({ value: kind, label: t(`catalogueAdmin.kinds.${kind}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="departmentId" label={t('catalogueAdmin.fields.department')} rules={[rules.requiredChoice]}>
              <Select options={departments.options} loading={departments.isPending} showSearch optionFilterProp="label" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameZh" label={t('catalogueAdmin.fields.nameZh')} rules={[rules.required]}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('catalogueAdmin.fields.nameEn')} rules={[rules.required]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="legalBasis" label={t('catalogueAdmin.fields.legalBasis')} rules={[rules.required]} style={{ marginBottom: 0 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <Section id="limits" title={t('catalogueAdmin.edit.sectionLimits')}>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="statutoryLimitDays" label={t('catalogueAdmin.fields.statutoryLimitDays')} rules={rules.days}>
              <InputNumber min={1} max={365} precision={0} suffix={t('catalogueAdmin.edit.workingDays')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="committedLimitDays"
              label={t('catalogueAdmin.fields.committedLimitDays')}
              dependencies={['statutoryLimitDays']}
              rules={[
                ...rules.days,
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: number | null) => {
                    const statutory = getFieldValue('statutoryLimitDays') as number | null;
                    if (typeof value === 'number' && typeof statutory === 'number' && value > statutory)
                      throw new Error(t('catalogueAdmin.reasons.exceeds_statutory_limit'));
                  },
                }),
              ]}
            >
              <InputNumber min={1} max={365} precision={0} suffix={t('catalogueAdmin.edit.workingDays')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item
              name="feeYuan"
              label={t('catalogueAdmin.fields.feeYuan')}
              extra={t('catalogueAdmin.edit.feeHelp')}
              rules={[{ required: true, type: 'number', min: 0, max: 10_000_000, message: t('catalogueAdmin.validation.fee') }]}
            >
              <InputNumber min={0} max={10_000_000} precision={2} suffix={t('catalogueAdmin.edit.yuan')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="feeNote" label={t('catalogueAdmin.fields.feeNote')} rules={[{ max: 300 }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <Section id="materials" title={t('catalogueAdmin.edit.sectionMaterials')}>
        <MaterialsEditor form={form} />
      </Section>

      <Section id="form" title={t('catalogueAdmin.edit.sectionForm')}>
        <Row gutter={24}>
          <Col xs={24} xl={14}>
            <FormFieldsEditor form={form} />
          </Col>
          <Col xs={24} xl={10}>
            <div className="catalogue-preview-sticky">
              <FormPreview fields={formFields} />
            </div>
          </Col>
        </Row>
      </Section>

      <Section
        id="inspection"
        title={t('catalogueAdmin.edit.sectionInspection')}
        extra={
          <Form.Item name="needsInspection" valuePropName="checked" noStyle>
            <Switch
              checkedChildren={t('catalogueAdmin.edit.inspectionOn')}
              unCheckedChildren={t('catalogueAdmin.edit.inspectionOff')}
              aria-label={t('catalogueAdmin.fields.needsInspection')}
            />
          </Form.Item>
        }
      >
        {needsInspection ? (
          <InspectionEditor form={form} />
        ) : (
          <Typography.Text type="secondary">{t('catalogueAdmin.edit.noInspection')}</Typography.Text>
        )}
      </Section>

      <Section id="publication" title={t('catalogueAdmin.edit.sectionPublication')}>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="partnerZoneIds" label={t('catalogueAdmin.fields.partnerZones')} extra={t('catalogueAdmin.edit.partnerHelp')}>
              <Select
                mode="multiple"
                loading={partnerZones.isPending}
                optionFilterProp="label"
                options={(partnerZones.data ?? []).map((zone) => ({
                  value: zone.id,
                  label: language === 'zh-CN' ? zone.nameZh : zone.nameEn,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="isPublished"
              label={t('catalogueAdmin.fields.isPublished')}
              valuePropName="checked"
              extra={t('catalogueAdmin.edit.publishHelp')}
            >
              <Switch checkedChildren={t('catalogueAdmin.list.statusPublished')} unCheckedChildren={t('catalogueAdmin.list.statusDraft')} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <FooterToolbar>
        <Button onClick={() => void navigate('/admin/catalogue')}>{t('catalogueAdmin.edit.backToList')}</Button>
        {/* The toolbar is drawn outside the <form> element: submit through the form instance. */}
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      </FooterToolbar>
    </Form>
  );
}
