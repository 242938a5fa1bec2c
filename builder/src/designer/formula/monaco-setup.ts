// Monaco from the local bundle, never a CDN: the loader gets the ESM build and Vite builds the
// workers. Imported only by lazily loaded editors, so the studio's first page stays light.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/language/json/monaco.contribution';
// `editor.api` is the bare editor: the completion list (suggest) and the hover that shows a
// marker's message are contributions of their own. Without them `{` and Ctrl+Space offered
// nothing and an underlined error could not be read where it is.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { completions, functions, typeName, type EditorField } from '@tangram/formula';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};
loader.config({ monaco });

export const FORMULA_LANGUAGE = 'tangram-formula';

/** Fields each formula model may reference, keyed by model URI (one entry per mounted editor). */
export const formulaFields = new Map<string, readonly EditorField[]>();
/** UI language for function help. */
export const helpLanguage = { current: 'zh-CN' as 'zh-CN' | 'en' };
/** Where a completed field comes from, in the UI language (set by the mounted editor). */
export const formulaTexts = { row: '', form: '' };

monaco.languages.register({ id: FORMULA_LANGUAGE });
monaco.languages.setMonarchTokensProvider(FORMULA_LANGUAGE, {
  tokenizer: {
    root: [
      [/\{[^}]*\}/, 'variable'],
      [/"([^"\\]|\\.|"")*"/, 'string'],
      [/\d+(\.\d+)?/, 'number'],
      [new RegExp(`\\b(${functions.map((f) => f.name).join('|')})\\b`, 'i'), 'keyword'],
      [/[A-Za-z_][\w.]*/, 'identifier'],
    ],
  },
});
monaco.languages.setLanguageConfiguration(FORMULA_LANGUAGE, {
  brackets: [['(', ')']],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '"', close: '"' },
    { open: '{', close: '}' },
  ],
});
monaco.languages.registerCompletionItemProvider(FORMULA_LANGUAGE, {
  triggerCharacters: ['{'],
  provideCompletionItems(model, position) {
    const text = model.getValue();
    const offset = model.getOffsetAt(position);
    const items = completions(text, offset, formulaFields.get(model.uri.toString()) ?? []);
    return {
      suggestions: items.map((item, i) => {
        const start = model.getPositionAt(item.replaceStart);
        const end = model.getPositionAt(item.replaceEnd);
        return {
          label: item.label,
          kind:
            item.kind === 'field'
              ? monaco.languages.CompletionItemKind.Field
              : monaco.languages.CompletionItemKind.Function,
          insertText: item.insertText,
          detail:
            item.kind === 'field'
              ? [typeName(item.detail, helpLanguage.current), item.scope && formulaTexts[item.scope]]
                  .filter(Boolean)
                  .join(' · ')
              : item.detail,
          sortText: String(i).padStart(4, '0'),
          filterText: item.kind === 'field' ? `{${item.label}` : item.label,
          documentation: item.documentation
            ? { value: `${item.documentation[helpLanguage.current]}\n\n\`${item.documentation.example}\`` }
            : undefined,
          range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
        };
      }),
    };
  },
});

export { monaco };
