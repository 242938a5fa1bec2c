/**
 * Editor support without any editor dependency: completions and diagnostics computed from text and
 * an offset. The builder adapts them to Monaco; the runtime can use them in a plain textarea.
 */
import { check } from './checker';
import { functions } from './functions/catalogue';
import type { FunctionDecl } from './functions/types';
import { LabelIndex } from './labels';
import { formatMessage, typeParam, type MessageLang } from './messages';
import { parse } from './parser';
import type { Diagnostic, FormulaValueType } from './types';

/** A field as the editor shows it: id (stored in formulas), label (shown), formula type. */
export interface EditorField {
  id: string;
  label: string;
  type: FormulaValueType;
  /** Where the field comes from: a sibling column of the same subform row, or the form. */
  scope?: 'row' | 'form';
}

export interface CompletionItem {
  kind: 'field' | 'function';
  /** What the list shows: the field label or the function name. */
  label: string;
  /**
   * Text to insert in place of [replaceStart, replaceEnd): the label-form reference for fields
   * (`{数量}`, see labels.ts), `NAME(` for functions.
   */
  insertText: string;
  replaceStart: number;
  replaceEnd: number;
  /** Field type (`number`, `list:text`; words in messages.ts `typeName`) or function signature. */
  detail: string;
  /** For fields: a sibling column of the same row, or a field of the form. */
  scope?: 'row' | 'form';
  /** Function help (zh-CN and en) with an example. */
  documentation?: { 'zh-CN': string; en: string; example: string };
}

/** `ROUND(number, [digits])`, `SUM(number, ...)`. */
export function signature(decl: FunctionDecl): string {
  const parts = decl.params.map((p) => (p.optional ? `[${p.name}]` : p.name));
  if (decl.params.some((p) => p.repeat)) parts.push('...');
  return `${decl.name}(${parts.join(', ')})`;
}

/** Is `offset` inside a string literal? (Scans quotes, honouring \" and "" escapes.) */
function inString(text: string, offset: number): boolean {
  let open = false;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (open && c === '\\') {
      i++;
    } else if (c === '"') {
      if (open && text[i + 1] === '"' && i + 1 < offset) i++;
      else open = !open;
    }
  }
  return open;
}

const WORD = /[A-Za-z0-9_.\u4e00-\u9fff]/;

/**
 * Completions at `offset`: inside `{...` the fields matching what was typed (by label or id);
 * after a word, the functions starting with it and the fields whose label contains it; elsewhere
 * everything. Nothing inside text literals.
 */
export function completions(text: string, offset: number, fields: readonly EditorField[]): CompletionItem[] {
  const at = Math.max(0, Math.min(offset, text.length));
  if (inString(text, at)) return [];
  const brace = text.lastIndexOf('{', at - 1);
  const closed = brace >= 0 ? text.indexOf('}', brace) : -1;
  if (brace >= 0 && (closed < 0 || closed >= at)) {
    const typed = text
      .slice(brace + 1, at)
      .trim()
      .toLowerCase();
    const end = text[at] === '}' ? at + 1 : at;
    return fieldItems(fields, typed, brace, end);
  }
  let start = at;
  while (start > 0 && WORD.test(text[start - 1] as string)) start--;
  const typed = text.slice(start, at);
  const lower = typed.toLowerCase();
  const fns: CompletionItem[] = functions
    .filter((f) => f.name.toLowerCase().startsWith(lower))
    .map((f) => ({
      kind: 'function',
      label: f.name,
      insertText: `${f.name}(`,
      replaceStart: start,
      replaceEnd: at,
      detail: signature(f),
      documentation: { ...f.description, example: f.example },
    }));
  return [...fieldItems(fields, lower, start, at), ...fns];
}

function fieldItems(
  fields: readonly EditorField[],
  typed: string,
  start: number,
  end: number,
): CompletionItem[] {
  const index = new LabelIndex(fields);
  return fields
    .filter(
      (f) => typed === '' || f.label.toLowerCase().includes(typed) || f.id.toLowerCase().includes(typed),
    )
    .map((f) => ({
      kind: 'field',
      label: f.label || f.id,
      insertText: index.ref(f.id),
      replaceStart: start,
      replaceEnd: end,
      detail: typeParam(f.type),
      ...(f.scope ? { scope: f.scope } : {}),
    }));
}

/**
 * Live errors for the editor: syntax errors, then unknown fields / functions and type errors, each
 * with its span. Field ids in messages are followed by their label.
 */
export function diagnostics(text: string, fields: readonly EditorField[]): Diagnostic[] {
  const { ast, errors } = parse(text);
  if (!ast) return errors;
  const types = new Map<string, FormulaValueType>();
  const labels = new Map<string, string>();
  for (const f of fields) {
    types.set(f.id, f.type);
    labels.set(f.id, f.label);
  }
  return check(ast, types).errors.map((e) => ({
    ...e,
    message: e.message.replace(/\{([^}]+)\}/g, (m, id: string) =>
      labels.has(id) ? `${m} (${labels.get(id)})` : m,
    ),
  }));
}

/** A diagnostic's message in the user's language (its English message when it has no key). */
export function diagnosticMessage(d: Diagnostic, lang: string): string {
  if (!d.key) return d.message;
  const l: MessageLang = lang === 'en' ? 'en' : 'zh-CN';
  return formatMessage(d.key, d.params ?? {}, l);
}
