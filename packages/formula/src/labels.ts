/**
 * Formulas as people read them: field references by label (`{数量} * {单价}`), stored by id
 * (`{number_1} * {number_2}`). Pure text conversions in both directions plus diagnostics on the
 * label text with spans in the label text.
 *
 * The label form of a reference:
 * - `{Label}` when the label names exactly one field in scope and is no other field's id;
 * - `{Label (id)}` when two fields share the label (or it is another field's id), so the text
 *   still says which one is meant;
 * - `{id}` for a field without a label.
 * `{`, `}` and `\` inside a label are written `\{`, `\}`, `\\`. Reading back accepts any of the
 * three forms and a bare id, so a formula pasted with ids keeps working. References that match
 * nothing are kept as typed and reported as unknown fields.
 */
import { check } from './checker';
import { formatMessage } from './messages';
import { parse } from './parser';
import type { Diagnostic, FormulaValueType } from './types';

/** A field a formula may reference: id as stored, label as shown. */
export interface LabelledField {
  id: string;
  label: string;
}

/** A `{...}` reference found in formula text, outside text literals. */
interface RefSpan {
  start: number;
  /** One past the closing `}`. */
  end: number;
  /** The reference's content with escapes removed and surrounding spaces trimmed. */
  inner: string;
}

const escapeLabel = (label: string) => label.replace(/[\\{}]/g, (c) => `\\${c}`);

/** Field references outside text literals; an unterminated `{` ends the scan. */
function scanRefs(text: string): RefSpan[] {
  const refs: RefSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Skip the literal, honouring \" and "" escapes like the parser.
      i++;
      while (i < text.length) {
        if (text[i] === '\\') i += 2;
        else if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') break;
        else i++;
      }
      i++;
      continue;
    }
    if (c !== '{') {
      i++;
      continue;
    }
    let j = i + 1;
    let inner = '';
    while (j < text.length && text[j] !== '}') {
      if (text[j] === '\\' && j + 1 < text.length) {
        inner += text[j + 1];
        j += 2;
      } else {
        inner += text[j];
        j++;
      }
    }
    if (j >= text.length) break;
    refs.push({ start: i, end: j + 1, inner: inner.trim() });
    i = j + 1;
  }
  return refs;
}

/** How each field is written in label form, and how label-form references resolve. */
export class LabelIndex {
  private readonly display = new Map<string, string>();
  private readonly byLabel = new Map<string, string>();
  private readonly ids = new Set<string>();

  constructor(fields: readonly LabelledField[]) {
    const count = new Map<string, number>();
    for (const f of fields) {
      this.ids.add(f.id);
      const label = f.label.trim();
      count.set(label, (count.get(label) ?? 0) + 1);
    }
    for (const f of fields) {
      const label = f.label.trim();
      if (!label) {
        this.display.set(f.id, f.id);
        continue;
      }
      const ambiguous = (count.get(label) ?? 0) > 1 || (this.ids.has(label) && label !== f.id);
      if (ambiguous) {
        this.display.set(f.id, `${escapeLabel(label)} (${f.id})`);
      } else {
        this.display.set(f.id, escapeLabel(label));
        this.byLabel.set(label, f.id);
      }
    }
  }

  /** The reference text for a field, braces included: `{数量}`. */
  ref(id: string): string {
    return `{${this.display.get(id) ?? id}}`;
  }

  /** The id a label-form reference names, or undefined when it names no field in scope. */
  resolve(inner: string): string | undefined {
    const byLabel = this.byLabel.get(inner);
    if (byLabel !== undefined) return byLabel;
    const qualified = /^(.*)\s\(([^()]+)\)$/.exec(inner);
    if (qualified && this.ids.has(qualified[2] as string)) return qualified[2];
    return this.ids.has(inner) ? inner : undefined;
  }
}

/** A replaced reference: its span in the label text and in the id text. */
interface Segment {
  labelStart: number;
  labelEnd: number;
  idStart: number;
  idEnd: number;
}

interface Converted {
  text: string;
  segments: Segment[];
  /** References that name no field: span in the label text and what was typed. */
  unknown: RefSpan[];
}

function convertToIds(labelText: string, index: LabelIndex, unknownAs?: (n: number) => string): Converted {
  let out = '';
  let last = 0;
  const segments: Segment[] = [];
  const unknown: RefSpan[] = [];
  for (const ref of scanRefs(labelText)) {
    const id = index.resolve(ref.inner);
    let replacement: string;
    if (id !== undefined) replacement = `{${id}}`;
    else if (unknownAs) {
      replacement = `{${unknownAs(unknown.length)}}`;
      unknown.push(ref);
    } else {
      // Unknown: keep as typed; the checker or the server reports it.
      unknown.push(ref);
      continue;
    }
    out += labelText.slice(last, ref.start);
    segments.push({
      labelStart: ref.start,
      labelEnd: ref.end,
      idStart: out.length,
      idEnd: out.length + replacement.length,
    });
    out += replacement;
    last = ref.end;
  }
  out += labelText.slice(last);
  return { text: out, segments, unknown };
}

/** Label form -> stored form: `{数量} * {单价}` -> `{number_1} * {number_2}`. */
export function formulaToIds(labelText: string, fields: readonly LabelledField[]): string {
  return convertToIds(labelText, new LabelIndex(fields)).text;
}

/** Stored form -> label form: `{number_1} * {number_2}` -> `{数量} * {单价}`. Unknown ids stay. */
export function formulaToLabels(idText: string, fields: readonly LabelledField[]): string {
  const index = new LabelIndex(fields);
  const known = new Set(fields.map((f) => f.id));
  let out = '';
  let last = 0;
  for (const ref of scanRefs(idText)) {
    if (!known.has(ref.inner)) continue;
    out += idText.slice(last, ref.start) + index.ref(ref.inner);
    last = ref.end;
  }
  return out + idText.slice(last);
}

/** Maps an offset in the id text back into the label text. */
function toLabelOffset(offset: number, segments: readonly Segment[], edge: 'start' | 'end'): number {
  let delta = 0;
  for (const s of segments) {
    if (offset < s.idStart) break;
    if (offset < s.idEnd || (edge === 'end' && offset === s.idEnd)) {
      return edge === 'start' ? s.labelStart : s.labelEnd;
    }
    delta = s.labelEnd - s.idEnd;
  }
  return offset + delta;
}

const PLACEHOLDER = '__tg_unknown_';

/**
 * Diagnostics of a formula written with labels, spans in the label text. A reference that names
 * no field is one "unknown field" diagnostic (as typed); the rest of the formula is still checked.
 * An empty formula has no diagnostics: whether one is required is the caller's rule.
 */
export function labelDiagnostics(
  labelText: string,
  fields: readonly (LabelledField & { type: FormulaValueType })[],
): Diagnostic[] {
  if (!labelText.trim()) return [];
  const index = new LabelIndex(fields);
  const converted = convertToIds(labelText, index, (n) => `${PLACEHOLDER}${n}`);
  const types = new Map<string, FormulaValueType>(fields.map((f) => [f.id, f.type]));
  converted.unknown.forEach((_, n) => types.set(`${PLACEHOLDER}${n}`, 'any'));
  const unknown: Diagnostic[] = converted.unknown.map((ref) => ({
    message: formatMessage('unknownField', { ref: ref.inner }, 'en'),
    start: ref.start,
    end: ref.end,
    code: '#REF!',
    key: 'unknownField',
    params: { ref: ref.inner },
  }));
  const { ast, errors } = parse(converted.text);
  const found = ast ? check(ast, types).errors : errors;
  const mapped = found.map((d) => ({
    ...d,
    start: toLabelOffset(d.start, converted.segments, 'start'),
    end: toLabelOffset(d.end, converted.segments, 'end'),
    ...(d.params ? { params: labelParams(d.params, index) } : {}),
    message: d.message.replace(/\{([^}]+)\}/g, (m, id: string) => (types.has(id) ? index.ref(id) : m)),
  }));
  return [...unknown, ...mapped].sort((a, b) => a.start - b.start);
}

/** Field ids in message parameters shown as labels. */
function labelParams(params: Readonly<Record<string, string | number>>, index: LabelIndex) {
  const out: Record<string, string | number> = { ...params };
  if (typeof out.ref === 'string') out.ref = index.ref(out.ref).slice(1, -1);
  return out;
}
