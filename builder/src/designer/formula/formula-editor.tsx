import Editor, { type OnMount } from '@monaco-editor/react';
import { diagnosticMessage, labelDiagnostics, type EditorField } from '@tangram/formula';
import type { AppDefinition } from '@tangram/schema';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FORMULA_LANGUAGE, formulaFields, formulaTexts, helpLanguage, monaco } from './monaco-setup';

export interface FormulaEditorProps {
  value: string;
  onChange(v: string): void;
  fields: readonly EditorField[];
  /** The app being designed: MAPX reads of fields its permission groups hide are warned about. */
  app?: AppDefinition;
  height?: number;
  testId?: string;
}

type Model = ReturnType<typeof monaco.editor.createModel>;

/**
 * A one-formula Monaco editor over the label form of a formula (FormulaInput converts to ids):
 * `{` and Ctrl+Space complete the fields in scope and the functions; errors are underlined live.
 */
export default function FormulaEditor({ value, onChange, fields, height = 72, testId }: FormulaEditorProps) {
  const { t, i18n } = useTranslation('designer');
  const model = useRef<Model | null>(null);
  helpLanguage.current = i18n.language === 'en' ? 'en' : 'zh-CN';
  formulaTexts.row = t('formula.scopeRow');
  formulaTexts.form = t('formula.scopeForm');

  const mark = () => {
    const m = model.current;
    if (!m) return;
    const markers = labelDiagnostics(m.getValue(), fields).map((d) => {
      const s = m.getPositionAt(d.start);
      const e = m.getPositionAt(Math.max(d.end, d.start + 1));
      return {
        severity: monaco.MarkerSeverity.Error,
        message: diagnosticMessage(d, helpLanguage.current),
        startLineNumber: s.lineNumber,
        startColumn: s.column,
        endLineNumber: e.lineNumber,
        endColumn: e.column,
      };
    });
    monaco.editor.setModelMarkers(m, 'tangram-formula', markers);
  };

  useEffect(() => {
    const uri = model.current?.uri.toString();
    if (uri) formulaFields.set(uri, fields);
    mark();
  });
  useEffect(
    () => () => {
      const uri = model.current?.uri.toString();
      if (uri) formulaFields.delete(uri);
    },
    [],
  );

  const onMount: OnMount = (editor) => {
    model.current = editor.getModel();
    const uri = model.current?.uri.toString();
    if (uri) formulaFields.set(uri, fields);
    mark();
  };

  return (
    <div className="tg-dz-formula" data-testid={testId}>
      <Editor
        height={height}
        language={FORMULA_LANGUAGE}
        value={value}
        onChange={(v) => onChange(v ?? '')}
        onMount={onMount}
        options={{
          minimap: { enabled: false },
          lineNumbers: 'off',
          glyphMargin: false,
          folding: false,
          wordWrap: 'on',
          scrollBeyondLastLine: false,
          overviewRulerLanes: 0,
          renderLineHighlight: 'none',
          fontSize: 13,
          lineDecorationsWidth: 6,
          fixedOverflowWidgets: true,
          scrollbar: { vertical: 'auto', horizontal: 'hidden' },
        }}
      />
    </div>
  );
}
