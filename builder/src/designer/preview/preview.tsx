import { DesktopOutlined, MobileOutlined } from '@ant-design/icons';
import { FormRenderer, pickText } from '@tangram/runtime';
import { validateAppDefinition } from '@tangram/schema';
import { Alert, App, Segmented, Typography } from 'antd';
import { Component, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { selectForm, useEditor } from '../store/context';

type Device = 'desktop' | 'phone';

/** A definition the renderer cannot handle yet must not take the designer down with it. */
class PreviewBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** The form as users will fill it, rendered by the runtime's FormRenderer at desktop and phone widths. */
export function Preview() {
  const { t, i18n } = useTranslation('designer');
  const { message } = App.useApp();
  const app = useEditor((s) => s.app);
  const form = useEditor(selectForm);
  const revision = useEditor((s) => s.past.length);
  const [device, setDevice] = useState<Device>('desktop');
  const valid = useMemo(() => validateAppDefinition(app), [app]);
  return (
    <div className="tg-dz-preview" data-testid="preview">
      <Segmented<Device>
        value={device}
        onChange={setDevice}
        options={[
          { value: 'desktop', icon: <DesktopOutlined />, label: t('preview.desktop') },
          { value: 'phone', icon: <MobileOutlined />, label: t('preview.phone') },
        ]}
        data-testid="preview-device"
      />
      <div className={`tg-dz-device tg-dz-device-${device}`}>
        <Typography.Title level={4}>{pickText(form.name, i18n.language)}</Typography.Title>
        {valid.ok ? (
          <PreviewBoundary
            key={`${device}:${revision}`}
            fallback={<Alert type="warning" showIcon title={t('preview.failed')} />}
          >
            <FormRenderer
              app={app}
              form={form}
              mode="create"
              client={null}
              submitText={t('preview.submit')}
              onSubmit={async () => {
                void message.info(t('preview.notSaved'));
              }}
            />
          </PreviewBoundary>
        ) : (
          <Alert type="warning" showIcon title={t('preview.invalid')} />
        )}
      </div>
    </div>
  );
}
