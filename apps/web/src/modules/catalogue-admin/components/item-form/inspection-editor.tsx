import { PlusOutlined } from '@ant-design/icons';
import { Button, Col, Empty, Form, Input, Row, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { keyFromName, type ItemFormValues } from '../../item-form-values';
import { ListEntryCard } from './list-entry-card';
import { itemRules } from './rules';

/** 踏勘要点 and 拍摄清单: what the inspector checks, and the shots the applicant's phone shows, in order. */
export function InspectionEditor({ form }: { form: FormInstance<ItemFormValues> }) {
  const { t } = useTranslation();
  const rules = itemRules(t);
  return (
    <Row gutter={24}>
      <Col xs={24} xl={12}>
        <Typography.Title level={5}>{t('catalogueAdmin.fields.inspectionChecklist')}</Typography.Title>
        <Form.List
          name="inspectionChecklist"
          rules={[
            {
              validator: async (_rule, entries?: unknown[]) =>
                form.getFieldValue('needsInspection') && (!entries || entries.length === 0)
                  ? Promise.reject(new Error(t('catalogueAdmin.validation.checklist')))
                  : undefined,
            },
          ]}
        >
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogueAdmin.edit.noChecklist')} />}
              {fields.map((field, index) => (
                <ListEntryCard
                  key={field.key}
                  index={index}
                  count={fields.length}
                  onMove={move}
                  onRemove={() => remove(field.name)}
                  title={t('catalogueAdmin.edit.pointTitle', { index: index + 1 })}
                >
                  <Form.Item name={[field.name, 'textZh']} label={t('catalogueAdmin.fields.textZh')} rules={[rules.required]}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'textEn']} label={t('catalogueAdmin.fields.textEn')} rules={[rules.required]}>
                    <Input
                      maxLength={300}
                      onBlur={(event) => {
                        if (!form.getFieldValue(['inspectionChecklist', field.name, 'key'])) {
                          form.setFieldValue(['inspectionChecklist', field.name, 'key'], keyFromName(event.target.value).slice(0, 30));
                        }
                      }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'key']}
                    label={t('catalogueAdmin.fields.key')}
                    tooltip={t('catalogueAdmin.edit.keyHelp')}
                    rules={rules.key}
                    style={{ marginBottom: 0 }}
                  >
                    <Input maxLength={40} spellCheck={false} />
                  </Form.Item>
                </ListEntryCard>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" block icon={<PlusOutlined />} disabled={fields.length >= 40} onClick={() => add({})}>
                {t('catalogueAdmin.edit.addPoint')}
              </Button>
            </>
          )}
        </Form.List>
      </Col>
      <Col xs={24} xl={12}>
        <Typography.Title level={5}>{t('catalogueAdmin.fields.shotList')}</Typography.Title>
        <Form.List name="shotList">
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogueAdmin.edit.noShots')} />}
              {fields.map((field, index) => (
                <ListEntryCard
                  key={field.key}
                  index={index}
                  count={fields.length}
                  onMove={move}
                  onRemove={() => remove(field.name)}
                  title={t('catalogueAdmin.edit.shotTitle', { index: index + 1 })}
                >
                  <Form.Item name={[field.name, 'textZh']} label={t('catalogueAdmin.fields.textZh')} rules={[rules.required]}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'textEn']}
                    label={t('catalogueAdmin.fields.textEn')}
                    rules={[rules.required]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input maxLength={300} />
                  </Form.Item>
                </ListEntryCard>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" block icon={<PlusOutlined />} disabled={fields.length >= 20} onClick={() => add({})}>
                {t('catalogueAdmin.edit.addShot')}
              </Button>
            </>
          )}
        </Form.List>
      </Col>
    </Row>
  );
}
