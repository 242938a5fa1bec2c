import { CheckOutlined } from '@ant-design/icons';
import Editor from '@monaco-editor/react';
import { validateAppDefinition, type ValidationIssue } from '@tangram/schema';
import { Alert, App, Button, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../formula/monaco-setup';
import { useEditor, useEditorStore } from '../store/context';

/** The definition as JSON: editable, validated with the schema before it replaces the document (one undo step). */
export default function JsonView() {
  const { t } = useTranslation('designer');
  const { message } = App.useApp();
  const store = useEditorStore();
  const app = useEditor((s) => s.app);
  const [text, setText] = useState(() => JSON.stringify(app, null, 2));
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [syntax, setSyntax] = useState<string | null>(null);
  const changed = text !== JSON.stringify(app, null, 2);

  const apply = () => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
      setSyntax(null);
    } catch (e) {
      setSyntax((e as Error).message);
      return;
    }
    const result = validateAppDefinition(raw);
    if (!result.ok) {
      setIssues(result.issues);
      return;
    }
    setIssues([]);
    if ((raw as { id?: unknown }).id !== app.id) {
      setIssues([{ path: '/id', code: 'id_mismatch', message: t('json.idFixed') }]);
      return;
    }
    store.getState().dispatch({ type: 'replaceApp', app: result.value });
    setText(JSON.stringify(result.value, null, 2));
    void message.success(t('json.applied'));
  };

  return (
    <div className="tg-dz-json" data-testid="json-view">
      <div className="tg-dz-json-bar">
        <Typography.Text type="secondary">{t('json.hint')}</Typography.Text>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={!changed}
          onClick={apply}
          data-testid="json-apply"
        >
          {t('json.apply')}
        </Button>
      </div>
      <div className="tg-dz-json-body">
        <div className="tg-dz-json-editor">
          <Editor
            language="json"
            value={text}
            onChange={(v) => setText(v ?? '')}
            options={{ minimap: { enabled: false }, fontSize: 13, tabSize: 2, scrollBeyondLastLine: false }}
          />
        </div>
        {syntax || issues.length ? (
          <div className="tg-dz-json-issues" data-testid="json-issues">
            {syntax ? <Alert type="error" showIcon title={t('json.syntax')} description={syntax} /> : null}
            <List
              size="small"
              dataSource={issues}
              renderItem={(i) => (
                <List.Item>
                  <div>
                    <Typography.Text code>{i.path || '/'}</Typography.Text>
                    <div>
                      <Typography.Text type="danger">{i.message}</Typography.Text>
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}
