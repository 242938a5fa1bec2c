import Editor, { type OnMount } from '@monaco-editor/react';
import { diagnostics, type EditorField } from '@tangram/formula';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FORMULA_LANGUAGE, formulaFields, helpLanguage, monaco } from './monaco-setup';

export interface FormulaEditorProps {
  value: string;
  onChange(v: string): void;
  fields: readonly EditorField[];
  height?: number;
  testId?: string;
}

type Model = ReturnType<typeof monaco.editor.createModel>;

/** A one-formula Monaco editor: `{` completes field labels into `{fieldId}`, errors are underlined live. */
export default function FormulaEditor({ value, onChange, fields, height = 72, testId }: FormulaEditorProps) {
  const { i18n } = useTranslation('designer');
  const model = useRef<Model | null>(null);
  helpLanguage.current = i18n.language === 'en' ? 'en' : 'zh-CN';

  const mark = () => {
    const m = model.current;
    if (!m) return;
    const markers = diagnostics(m.getValue(), fields).map((d) => {
      const s = m.getPositionAt(d.start);
      const e = m.getPositionAt(Math.max(d.end, d.start + 1));
      return {
        severity: monaco.MarkerSeverity.Error,
        message: d.message,
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
