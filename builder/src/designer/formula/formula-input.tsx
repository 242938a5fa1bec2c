import { diagnostics, functions, signature, type EditorField } from '@tangram/formula';
import { pickText } from '@tangram/runtime';
import { Input, Popover, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormulaEditorProps } from './formula-editor';

const FormulaEditor = lazy(() => import('./formula-editor'));

function FunctionHelp() {
  const { t, i18n } = useTranslation('designer');
  return (
    <Popover
      placement="left"
      title={t('formula.functions')}
      content={
        <div className="tg-dz-fn-help">
          {functions.map((f) => (
            <div key={f.name}>
              <Typography.Text code>{signature(f)}</Typography.Text>
              <div>
                <Typography.Text type="secondary">{pickText(f.description, i18n.language)}</Typography.Text>
              </div>
            </div>
          ))}
        </div>
      }
    >
      <Typography.Link style={{ fontSize: 12 }}>
        <QuestionCircleOutlined /> {t('formula.functions')}
      </Typography.Link>
    </Popover>
  );
}

/** Formula editing: Monaco (loaded on demand) with a plain text box while it loads; errors listed below. */
export function FormulaInput(props: FormulaEditorProps) {
  const problems = props.value.trim() ? diagnostics(props.value, props.fields) : [];
  return (
    <div>
      <Suspense
        fallback={
          <Input.TextArea
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
            data-testid={props.testId}
          />
        }
      >
        <FormulaEditor {...props} />
      </Suspense>
      <div className="tg-dz-formula-foot">
        {problems.length ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="formula-error">
            {problems[0]?.message}
          </Typography.Text>
        ) : (
          <span />
        )}
        <FunctionHelp />
      </div>
    </div>
  );
}

export type { EditorField };
