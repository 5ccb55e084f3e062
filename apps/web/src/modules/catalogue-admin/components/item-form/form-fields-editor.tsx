import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FORM_FIELD_TYPES, type FormFieldType } from '@yuanqu/shared';
import { Button, Col, Empty, Form, Input, InputNumber, Row, Select, Space, Switch, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { keyFromName, NEW_FORM_FIELD, type ItemFormValues } from '../../item-form-values';
import { ListEntryCard } from './list-entry-card';
import { itemRules } from './rules';

/** The options of a select field: value (a key) and the label in both languages. */
function OptionsEditor({ fieldName }: { fieldName: number }) {
  const { t } = useTranslation();
  const rules = itemRules(t);
  return (
    <Form.List
      name={[fieldName, 'options']}
      rules={[
        {
          validator: async (_rule, options?: unknown[]) =>
            options && options.length > 0 ? undefined : Promise.reject(new Error(t('catalogueAdmin.validation.options'))),
        },
      ]}
    >
      {(options, { add, remove }, { errors }) => (
        <div className="catalogue-options">
          <Typography.Text strong>{t('catalogueAdmin.fields.options')}</Typography.Text>
          {options.map((option) => (
            <Space key={option.key} align="start" wrap style={{ display: 'flex', marginTop: 8 }}>
              <Form.Item name={[option.name, 'value']} rules={rules.key} noStyle={false} style={{ marginBottom: 0 }}>
                <Input
                  placeholder={t('catalogueAdmin.fields.optionValue')}
                  aria-label={t('catalogueAdmin.fields.optionValue')}
                  maxLength={40}
                  style={{ width: 150 }}
                />
              </Form.Item>
              <Form.Item name={[option.name, 'labelZh']} rules={[rules.required]} style={{ marginBottom: 0 }}>
                <Input
                  placeholder={t('catalogueAdmin.fields.labelZh')}
                  aria-label={t('catalogueAdmin.fields.labelZh')}
                  maxLength={120}
                  style={{ width: 180 }}
                />
              </Form.Item>
              <Form.Item name={[option.name, 'labelEn']} rules={[rules.required]} style={{ marginBottom: 0 }}>
                <Input
                  placeholder={t('catalogueAdmin.fields.labelEn')}
                  aria-label={t('catalogueAdmin.fields.labelEn')}
                  maxLength={200}
                  style={{ width: 200 }}
                />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(option.name)} />
            </Space>
          ))}
          <Form.ErrorList errors={errors} />
          <Button type="link" icon={<PlusOutlined />} disabled={options.length >= 50} onClick={() => add({})} style={{ paddingInline: 0 }}>
            {t('catalogueAdmin.edit.addOption')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/** The settings a field of this type has beside its label and key. */
function TypeSettings({ fieldName, type }: { fieldName: number; type: FormFieldType | undefined }) {
  const { t } = useTranslation();
  if (type === 'text' || type === 'textarea') {
    return (
      <Col xs={12} md={6}>
        <Form.Item name={[fieldName, 'maxLength']} label={t('catalogueAdmin.fields.maxLength')}>
          <InputNumber min={1} max={5000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
    );
  }
  if (type === 'number' || type === 'area') {
    return (
      <>
        <Col xs={8} md={5}>
          <Form.Item name={[fieldName, 'min']} label={t('catalogueAdmin.fields.min')}>
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8} md={5}>
          <Form.Item name={[fieldName, 'max']} label={t('catalogueAdmin.fields.max')}>
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8} md={5}>
          <Form.Item name={[fieldName, 'unit']} label={t('catalogueAdmin.fields.unit')} rules={[{ max: 20 }]}>
            <Input maxLength={20} placeholder={type === 'area' ? '㎡' : '万元'} />
          </Form.Item>
        </Col>
      </>
    );
  }
  if (type === 'select') {
    return (
      <Col span={24}>
        <OptionsEditor fieldName={fieldName} />
      </Col>
    );
  }
  return null;
}

/** 申请表单 as data: the fields an applicant fills in, in order. */
export function FormFieldsEditor({ form }: { form: FormInstance<ItemFormValues> }) {
  const { t } = useTranslation();
  const rules = itemRules(t);
  const fieldsValue = Form.useWatch('form', form) ?? [];
  return (
    <Form.List name="form">
      {(fields, { add, remove, move }, { errors }) => (
        <>
          {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogueAdmin.edit.noFields')} />}
          {fields.map((field, index) => {
            const type = fieldsValue[index]?.type;
            return (
              <ListEntryCard
                key={field.key}
                index={index}
                count={fields.length}
                onMove={move}
                onRemove={() => remove(field.name)}
                title={t('catalogueAdmin.edit.fieldTitle', { index: index + 1, name: fieldsValue[index]?.labelZh ?? '' })}
              >
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'labelZh']} label={t('catalogueAdmin.fields.labelZh')} rules={[rules.required]}>
                      <Input maxLength={120} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'labelEn']} label={t('catalogueAdmin.fields.labelEn')} rules={[rules.required]}>
                      <Input
                        maxLength={200}
                        onBlur={(event) => {
                          if (!form.getFieldValue(['form', field.name, 'key']))
                            form.setFieldValue(['form', field.name, 'key'], keyFromName(event.target.value));
                        }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={9}>
                    <Form.Item
                      name={[field.name, 'key']}
                      label={t('catalogueAdmin.fields.key')}
                      tooltip={t('catalogueAdmin.edit.keyHelp')}
                      rules={rules.key}
                    >
                      <Input maxLength={40} spellCheck={false} />
                    </Form.Item>
                  </Col>
                  <Col xs={16} md={9}>
                    <Form.Item name={[field.name, 'type']} label={t('catalogueAdmin.fields.fieldType')} rules={[rules.requiredChoice]}>
                      <Select options={FORM_FIELD_TYPES.map((value) => ({ value, label: t(`catalogueAdmin.fieldTypes.${value}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={6}>
                    <Form.Item name={[field.name, 'isRequired']} label={t('catalogueAdmin.fields.isRequired')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  </Col>
                  <TypeSettings fieldName={field.name} type={type} />
                </Row>
              </ListEntryCard>
            );
          })}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" block icon={<PlusOutlined />} disabled={fields.length >= 60} onClick={() => add({ ...NEW_FORM_FIELD })}>
            {t('catalogueAdmin.edit.addField')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
