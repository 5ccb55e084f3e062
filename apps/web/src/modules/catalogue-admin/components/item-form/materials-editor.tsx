import { PlusOutlined } from '@ant-design/icons';
import { MATERIAL_FORMATS } from '@yuanqu/shared';
import { Button, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Switch, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { keyFromName, NEW_MATERIAL, type ItemFormValues } from '../../item-form-values';
import { ListEntryCard } from './list-entry-card';
import { itemRules } from './rules';

/** 申请材料: each material with its name, key, required or not, original or copy, formats, size limit and template. */
export function MaterialsEditor({ form }: { form: FormInstance<ItemFormValues> }) {
  const { t } = useTranslation();
  const rules = itemRules(t);
  const materials = Form.useWatch('materials', form) ?? [];
  return (
    <Form.List name="materials">
      {(fields, { add, remove, move }, { errors }) => (
        <>
          {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogueAdmin.edit.noMaterials')} />}
          {fields.map((field, index) => (
            <ListEntryCard
              key={field.key}
              index={index}
              count={fields.length}
              onMove={move}
              onRemove={() => remove(field.name)}
              title={t('catalogueAdmin.edit.materialTitle', { index: index + 1, name: materials[index]?.nameZh ?? '' })}
            >
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name={[field.name, 'nameZh']} label={t('catalogueAdmin.fields.nameZh')} rules={[rules.required, { max: 120 }]}>
                    <Input maxLength={120} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[field.name, 'nameEn']} label={t('catalogueAdmin.fields.nameEn')} rules={[rules.required, { max: 200 }]}>
                    <Input
                      maxLength={200}
                      onBlur={(event) => {
                        if (!form.getFieldValue(['materials', field.name, 'key']))
                          form.setFieldValue(['materials', field.name, 'key'], keyFromName(event.target.value));
                      }}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name={[field.name, 'key']}
                    label={t('catalogueAdmin.fields.key')}
                    tooltip={t('catalogueAdmin.edit.keyHelp')}
                    rules={rules.key}
                  >
                    <Input maxLength={40} spellCheck={false} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name={[field.name, 'isRequired']} label={t('catalogueAdmin.fields.isRequired')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[field.name, 'form']} label={t('catalogueAdmin.fields.materialForm')} rules={[rules.requiredChoice]}>
                    <Radio.Group
                      optionType="button"
                      options={(['original', 'copy', 'electronic'] as const).map((value) => ({
                        value,
                        label: t(`catalogueAdmin.materialForms.${value}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name={[field.name, 'formats']}
                    label={t('catalogueAdmin.fields.formats')}
                    rules={[{ required: true, type: 'array', min: 1, message: t('catalogueAdmin.validation.formats') }]}
                  >
                    <Select mode="multiple" options={MATERIAL_FORMATS.map((format) => ({ value: format, label: format.toUpperCase() }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item
                    name={[field.name, 'maxSizeMb']}
                    label={t('catalogueAdmin.fields.maxSizeMb')}
                    rules={[{ required: true, type: 'integer', min: 1, max: 500, message: t('catalogueAdmin.validation.maxSizeMb') }]}
                  >
                    <InputNumber min={1} max={500} precision={0} suffix="MB" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name={[field.name, 'templateUrl']}
                    label={t('catalogueAdmin.fields.templateUrl')}
                    tooltip={t('catalogueAdmin.edit.templateHelp')}
                    rules={[{ max: 300 }]}
                  >
                    <Input maxLength={300} placeholder="/templates/…" spellCheck={false} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[field.name, 'noteZh']} label={t('catalogueAdmin.fields.noteZh')} rules={[{ max: 300 }]}>
                    <Input maxLength={300} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[field.name, 'noteEn']} label={t('catalogueAdmin.fields.noteEn')} rules={[{ max: 500 }]}>
                    <Input maxLength={500} />
                  </Form.Item>
                </Col>
              </Row>
            </ListEntryCard>
          ))}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" block icon={<PlusOutlined />} disabled={fields.length >= 40} onClick={() => add({ ...NEW_MATERIAL })}>
            {t('catalogueAdmin.edit.addMaterial')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
