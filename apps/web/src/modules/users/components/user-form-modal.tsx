import { ModalForm, ProFormDependency, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { createUserBodySchema, type CreateUserBody, type Role, type UpdateUserBody, type User, type UserKind } from '@yuanqu/shared';
import { Col } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';
import { useDepartmentOptions } from '../../departments/hooks/use-departments';
import { holdsSeparatedAdminRoles, rolesBlockedBy, rolesForKind } from '../roles';

interface UserFormValues {
  username: string;
  displayName: string;
  kind: UserKind;
  roles: Role[];
  departmentId?: string | null;
  phone?: string;
  email?: string;
  password: string;
}

const USERNAME_PATTERN = new RegExp(createUserBodySchema.properties.username.pattern ?? '^.+$');
const PHONE_PATTERN = /^1[3-9][0-9]{9}$/;
const HALF = { xs: 24, sm: 12 };

function emptyToNull(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Create a user (`user` absent) or edit one; the role picker keeps the three admin roles apart. */
export function UserFormModal({
  open,
  user,
  onOpenChange,
  onSubmit,
}: {
  open: boolean;
  user: User | null;
  onOpenChange: (open: boolean) => void;
  onSubmit: (values: { create: CreateUserBody } | { update: UpdateUserBody }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { fieldErrors } = useErrorText();
  const formRef = useRef<ProFormInstance<UserFormValues>>(undefined);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const departments = useDepartmentOptions({ enabled: open });
  const isEdit = user !== null;

  const initialValues: Partial<UserFormValues> = user
    ? {
        displayName: user.displayName,
        kind: user.kind,
        roles: user.roles,
        departmentId: user.departmentId,
        phone: user.phone ?? '',
        email: user.email ?? '',
      }
    : { kind: 'staff', roles: [] };

  return (
    <ModalForm<UserFormValues>
      key={user?.id ?? 'new'}
      title={t(isEdit ? 'users.editTitle' : 'users.createTitle')}
      open={open}
      formRef={formRef}
      width={640}
      layout="vertical"
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initialValues}
      modalProps={{ destroyOnHidden: true, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      onOpenChange={(next) => {
        if (!next) setSubmitError(null);
        onOpenChange(next);
      }}
      onValuesChange={(changed: Partial<UserFormValues>) => {
        if (changed.kind) {
          formRef.current?.setFieldsValue({
            roles: changed.kind === 'enterprise' ? ['applicant'] : [],
            departmentId: null,
          });
        }
      }}
      onFinish={async (values) => {
        setSubmitError(null);
        const common = {
          displayName: values.displayName.trim(),
          roles: values.roles,
          departmentId: values.kind === 'enterprise' ? null : (values.departmentId ?? null),
          phone: emptyToNull(values.phone),
          email: emptyToNull(values.email),
        };
        try {
          await onSubmit(
            isEdit
              ? { update: common }
              : {
                  create: {
                    ...common,
                    username: values.username.trim(),
                    kind: values.kind,
                    password: values.password,
                  },
                },
          );
          return true;
        } catch (error) {
          setSubmitError(error);
          formRef.current?.setFields(fieldErrors(error));
          return false;
        }
      }}
    >
      {submitError !== null && (
        <Col span={24}>
          <ErrorAlert error={submitError} />
        </Col>
      )}
      {!isEdit && (
        <ProFormText
          name="username"
          colProps={HALF}
          label={t('users.fields.username')}
          extra={t('users.fields.usernameHelp')}
          fieldProps={{ autoComplete: 'off', spellCheck: false, maxLength: 32 }}
          rules={[
            { required: true, message: t('users.validation.usernameRequired') },
            { min: 3, max: 32, pattern: USERNAME_PATTERN, message: t('users.validation.usernameFormat') },
          ]}
        />
      )}
      <ProFormText
        name="displayName"
        colProps={HALF}
        label={t('users.fields.displayName')}
        fieldProps={{ maxLength: 64 }}
        rules={[{ required: true, whitespace: true, message: t('users.validation.displayNameRequired') }]}
      />
      <ProFormSelect<UserKind>
        name="kind"
        colProps={HALF}
        label={t('users.fields.kind')}
        disabled={isEdit}
        allowClear={false}
        options={[
          { value: 'staff', label: t('userKinds.staff') },
          { value: 'enterprise', label: t('userKinds.enterprise') },
        ]}
      />
      <ProFormDependency<UserFormValues> name={['kind', 'roles']}>
        {({ kind, roles }) => {
          const blocked = rolesBlockedBy(roles ?? []);
          return (
            <ProFormSelect<Role[]>
              name="roles"
              colProps={{ span: 24 }}
              label={t('users.fields.roles')}
              extra={kind === 'enterprise' ? undefined : t('users.fields.rolesHelp')}
              mode="multiple"
              fieldProps={{ optionFilterProp: 'label' }}
              options={rolesForKind(kind ?? 'staff').map((role) => ({
                value: role,
                label: t(`roles.${role}`),
                disabled: blocked.includes(role),
              }))}
              rules={[
                { required: true, type: 'array', min: 1, message: t('users.validation.rolesRequired') },
                {
                  validator: (_rule, value: Role[] | undefined) =>
                    value && holdsSeparatedAdminRoles(value)
                      ? Promise.reject(new Error(t('users.validation.adminRolesSeparated')))
                      : Promise.resolve(),
                },
              ]}
            />
          );
        }}
      </ProFormDependency>
      <ProFormDependency<UserFormValues> name={['kind']}>
        {({ kind }) =>
          kind === 'enterprise' ? null : (
            <ProFormSelect
              name="departmentId"
              colProps={HALF}
              label={t('users.fields.department')}
              options={departments.options}
              fieldProps={{ loading: departments.isPending, showSearch: true, optionFilterProp: 'label' }}
            />
          )
        }
      </ProFormDependency>
      <ProFormText
        name="phone"
        colProps={HALF}
        label={t('users.fields.phone')}
        fieldProps={{ inputMode: 'tel', maxLength: 11 }}
        rules={[{ pattern: PHONE_PATTERN, message: t('users.validation.phoneFormat') }]}
      />
      <ProFormText
        name="email"
        colProps={HALF}
        label={t('users.fields.email')}
        fieldProps={{ inputMode: 'email', maxLength: 254 }}
        rules={[{ type: 'email', message: t('users.validation.emailFormat') }]}
      />
      {!isEdit && (
        <ProFormText.Password
          name="password"
          colProps={{ span: 24 }}
          label={t('users.fields.password')}
          extra={t('users.fields.passwordHelp')}
          fieldProps={{ autoComplete: 'new-password' }}
          rules={[{ required: true, message: t('users.validation.passwordRequired') }]}
        />
      )}
    </ModalForm>
  );
}
