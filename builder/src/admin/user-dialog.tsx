import { isApiError, type AdminUser, type NewUserInput } from '@tangram/client';
import { applyApiError } from '@tangram/runtime';
import { Alert, Form, Input, Modal, Radio, Select, Switch } from 'antd';
import type { ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordProblemKey } from './password-errors';
import type { OrgDirectory } from './use-org-directory';

interface Values {
  name: string;
  email: string;
  access: 'invite' | 'password';
  password?: string;
  isAdmin: boolean;
  departmentIds: string[];
  roleIds: string[];
}

export interface UserDialogProps {
  /** The user to edit; undefined creates one. */
  user: AdminUser | undefined;
  open: boolean;
  directory: OrgDirectory;
  onSubmit: (input: NewUserInput) => Promise<void>;
  onCancel: () => void;
}

/** Creates a user (with an invite link or an initial password) or edits one. */
export function UserDialog({ user, open, directory, onSubmit, onCancel }: UserDialogProps) {
  const { t } = useTranslation('orgAdmin');
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const access = Form.useWatch('access', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue({
      name: user?.name ?? '',
      email: user?.email ?? '',
      access: 'invite',
      password: '',
      isAdmin: user?.isAdmin ?? false,
      departmentIds: user?.departmentIds ?? [],
      roleIds: user?.roleIds ?? [],
    });
  }, [open, user, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        name: v.name,
        email: v.email,
        isAdmin: v.isAdmin,
        departmentIds: v.departmentIds,
        roleIds: v.roleIds,
        ...(!user && v.access === 'password' ? { password: v.password } : {}),
      });
    } catch (e) {
      const problem = passwordProblemKey(e);
      if (problem) {
        form.setFields([{ name: 'password', errors: [t(problem)] }]);
        return;
      }
      if (isApiError(e, 'email_taken')) {
        form.setFields([{ name: 'email', errors: [t('errors.emailTaken')] }]);
        return;
      }
      setError(applyApiError(form, e, (m) => t('errors.generic', { ns: 'translation', message: m })));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <Modal
      open={open}
      title={user ? t('users.editTitle') : t('users.createTitle')}
      okText={user ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      forceRender
      okButtonProps={{ 'data-testid': 'user-dialog-ok' } as ButtonProps}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        data-testid="user-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="name" label={t('users.name')} rules={required(t('users.name'))}>
          <Input autoComplete="off" data-testid="user-name" />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={required(t('users.email'))}>
          <Input type="email" autoComplete="off" data-testid="user-email" />
        </Form.Item>
        {user ? null : (
          <Form.Item name="access" label={t('users.access')}>
            <Radio.Group
              data-testid="user-access"
              options={[
                { value: 'invite', label: t('users.withInvite') },
                { value: 'password', label: t('users.withPassword') },
              ]}
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            />
          </Form.Item>
        )}
        {!user && access === 'password' ? (
          <Form.Item
            name="password"
            label={t('users.password')}
            extra={t('users.passwordHelp')}
            rules={required(t('users.password'))}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        ) : null}
        <Form.Item name="departmentIds" label={t('users.departments')}>
          <Select
            mode="multiple"
            allowClear
            data-testid="user-departments"
            showSearch={{ optionFilterProp: 'label' }}
            options={directory.departments.map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="roleIds" label={t('users.roles')}>
          <Select
            mode="multiple"
            allowClear
            data-testid="user-roles"
            showSearch={{ optionFilterProp: 'label' }}
            options={directory.roles.map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        <Form.Item
          name="isAdmin"
          label={t('users.isAdmin')}
          extra={t('users.isAdminHelp')}
          valuePropName="checked"
        >
          <Switch data-testid="user-admin" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
