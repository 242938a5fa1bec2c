import {
  diagnosticMessage,
  formulaToIds,
  formulaToLabels,
  functions,
  labelDiagnostics,
  signature,
  type EditorField,
} from '@tangram/formula';
import { pickText } from '@tangram/runtime';
import { Input, Popover, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import type { AppDefinition } from '@tangram/schema';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormulaEditorProps } from './formula-editor';
import { mapxAccessWarnings } from './mapx-access';

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

/**
 * The text the user edits, with labels, kept in step with the stored value (ids). The text is
 * re-derived from the value only when the value changed from outside (undo, another editor):
 * re-deriving on every keystroke would rewrite what the user is typing (`{number_1}` typed by id
 * would jump to `{数量}` under the cursor).
 */
function useLabelText(value: string, fields: readonly EditorField[], onChange: (v: string) => void) {
  const [text, setText] = useState(() => formulaToLabels(value, fields));
  const own = useRef(value);
  if (value !== own.current && value !== formulaToIds(text, fields)) {
    own.current = value;
    setText(formulaToLabels(value, fields));
  }
  const change = (next: string) => {
    const ids = formulaToIds(next, fields);
    own.current = ids;
    setText(next);
    onChange(ids);
  };
  return [text, change] as const;
}

/**
 * Formula editing with field labels (`{数量} * {单价}`) while the value stays stored with ids
 * (`{number_1} * {number_2}`): Monaco (loaded on demand) with a plain text box while it loads;
 * errors listed below in the user's language. An empty formula is no error here (whether one is
 * required is the owner's rule, checked on save).
 */
export function FormulaInput(props: FormulaEditorProps) {
  const { i18n } = useTranslation('designer');
  const [text, change] = useLabelText(props.value, props.fields, props.onChange);
  const problems = useMemo(() => labelDiagnostics(text, props.fields), [text, props.fields]);
  const { app } = props;
  return (
    <div>
      <Suspense
        fallback={
          <Input.TextArea value={text} onChange={(e) => change(e.target.value)} data-testid={props.testId} />
        }
      >
        <FormulaEditor {...props} value={text} onChange={change} />
      </Suspense>
      <div className="tg-dz-formula-foot">
        {problems.length ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="formula-error">
            {problems[0] ? diagnosticMessage(problems[0], i18n.language) : null}
          </Typography.Text>
        ) : (
          <span />
        )}
        <FunctionHelp />
      </div>
      {app && <MapxAccessNote app={app} formula={props.value} />}
    </div>
  );
}

/** The MAPX permission warning under the formula (see mapx-access.ts). */
function MapxAccessNote({ app, formula }: { app: AppDefinition; formula: string }) {
  const { t, i18n } = useTranslation('designer');
  const warnings = useMemo(() => mapxAccessWarnings(app, formula), [app, formula]);
  if (warnings.length === 0) return null;
  const lang = i18n.language;
  const quote = (text: string) => (lang === 'en' ? `"${text}"` : `「${text}」`);
  return (
    <div data-testid="formula-mapx-access">
      {warnings.map((w) => (
        <Typography.Text key={w.form.id} type="warning" style={{ fontSize: 12, display: 'block' }}>
          {t('formula.mapxAccess', {
            form: pickText(w.form.name, lang),
            fields: w.fields
              .map((id) => quote(pickText(w.form.fields.find((f) => f.id === id)?.label, lang) || id))
              .join(lang === 'en' ? ', ' : '、'),
          })}
        </Typography.Text>
      ))}
    </div>
  );
}

export type { EditorField };
