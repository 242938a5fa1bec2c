import { describe, expect, it } from 'vitest';
import {
  completions,
  diagnosticMessage,
  formatMessage,
  formulaToIds,
  formulaToLabels,
  labelDiagnostics,
  messageKeys,
  problemKeys,
  type EditorField,
} from '../src/index';
import { formatProblem } from '../src/messages';

const fields: EditorField[] = [
  { id: 'number_1', label: '数量', type: 'number' },
  { id: 'money_1', label: '单价', type: 'number' },
  { id: 'text_1', label: 'Customer name', type: 'text' },
  { id: 'text_2', label: '规格{A}\\B', type: 'text' },
  { id: 'subform_1.number_1', label: '订单明细.数量', type: { array: 'number' } },
  { id: 'date_1', label: '签约日期', type: 'date' },
];

describe('formula labels <-> ids', () => {
  it('shows ids as labels and reads labels back as ids', () => {
    expect(formulaToLabels('{number_1} * {money_1}', fields)).toBe('{数量} * {单价}');
    expect(formulaToIds('{数量} * {单价}', fields)).toBe('{number_1} * {money_1}');
  });

  it('handles labels with spaces, braces and backslashes', () => {
    const shown = formulaToLabels('{text_1} & {text_2}', fields);
    expect(shown).toBe('{Customer name} & {规格\\{A\\}\\\\B}');
    expect(formulaToIds(shown, fields)).toBe('{text_1} & {text_2}');
    expect(formulaToIds('{ Customer name }', fields)).toBe('{text_1}');
  });

  it('uses the subform.column label for a subform column list', () => {
    expect(formulaToLabels('SUM({subform_1.number_1})', fields)).toBe('SUM({订单明细.数量})');
    expect(formulaToIds('SUM({订单明细.数量})', fields)).toBe('SUM({subform_1.number_1})');
  });

  it('qualifies duplicate labels with the id and resolves each one', () => {
    const dup: EditorField[] = [
      { id: 'number_1', label: '数量', type: 'number' },
      { id: 'number_2', label: '数量', type: 'number' },
    ];
    const shown = formulaToLabels('{number_1} + {number_2}', dup);
    expect(shown).toBe('{数量 (number_1)} + {数量 (number_2)}');
    expect(formulaToIds(shown, dup)).toBe('{number_1} + {number_2}');
    // An ambiguous bare label resolves to nothing and is reported, never guessed.
    expect(formulaToIds('{数量}', dup)).toBe('{数量}');
    expect(labelDiagnostics('{数量} + 1', dup)[0]).toMatchObject({ key: 'unknownField', start: 0, end: 4 });
  });

  it('follows a renamed field: the stored id shows the new label', () => {
    const stored = formulaToIds('{数量} * 2', fields);
    const renamed = fields.map((f) => (f.id === 'number_1' ? { ...f, label: '件数' } : f));
    expect(formulaToLabels(stored, renamed)).toBe('{件数} * 2');
  });

  it('accepts ids typed by hand and leaves text literals alone', () => {
    expect(formulaToIds('{number_1} & "{数量}"', fields)).toBe('{number_1} & "{数量}"');
    expect(formulaToLabels('"{number_1}" & {number_1}', fields)).toBe('"{number_1}" & {数量}');
  });

  it('keeps unknown references and unfinished text as typed', () => {
    expect(formulaToIds('{nope} + {数', fields)).toBe('{nope} + {数');
    expect(formulaToLabels('{gone_1} + 1', fields)).toBe('{gone_1} + 1');
  });
});

describe('diagnostics on label text', () => {
  it('reports nothing for an empty formula or a correct one', () => {
    expect(labelDiagnostics('', fields)).toEqual([]);
    expect(labelDiagnostics('   ', fields)).toEqual([]);
    expect(labelDiagnostics('{数量} * {单价}', fields)).toEqual([]);
  });

  it('places errors on the label text and names fields by label', () => {
    const [d] = labelDiagnostics('1 + YEAR({数量})', fields);
    expect(d).toMatchObject({ key: 'argument', start: 9, end: 13 });
    const [u] = labelDiagnostics('{数量} + {价格}', fields);
    expect(u).toMatchObject({ key: 'unknownField', start: 7, end: 11, params: { ref: '价格' } });
    expect(diagnosticMessage(u!, 'zh-CN')).toBe('未知字段 {价格}');
    expect(diagnosticMessage(u!, 'en')).toBe('Unknown field {价格}');
    const [s] = labelDiagnostics('{签约日期} + {签约日期}', fields);
    expect(s).toMatchObject({ key: 'addDates', start: 0, end: 15 });
  });

  it('speaks the user language for syntax and type errors', () => {
    const [syntax] = labelDiagnostics('{数量} +', fields);
    expect(diagnosticMessage(syntax!, 'zh-CN')).toBe('公式不完整');
    const [arity] = labelDiagnostics('ROUND()', fields);
    expect(diagnosticMessage(arity!, 'zh-CN')).toBe('ROUND 至少需要 1 个参数，实际 0 个');
    const [type] = labelDiagnostics('{数量} * {签约日期}', fields);
    expect(type).toMatchObject({ start: 7, end: 13 });
    expect(diagnosticMessage(type!, 'zh-CN')).toBe('运算符 * 需要数字，而不是日期');
    expect(diagnosticMessage(type!, 'en')).toBe('Operator * needs a number, not a date');
  });

  it('has every message in both languages', () => {
    const params = { fn: 'F', n: 1, param: 'p', problem: 'number', actual: 'text', expected: 'member' };
    for (const key of messageKeys) {
      const en = formatMessage(
        key,
        {
          ...params,
          op: '+',
          ref: 'x',
          text: 'x',
          min: 1,
          max: 2,
          got: 3,
          length: 4,
          group: 2,
          names: 'a, b',
        },
        'en',
      );
      const zh = formatMessage(
        key,
        {
          ...params,
          op: '+',
          ref: 'x',
          text: 'x',
          min: 1,
          max: 2,
          got: 3,
          length: 4,
          group: 2,
          names: 'a, b',
        },
        'zh-CN',
      );
      expect(en, key).not.toBe(zh);
      expect(zh, key).not.toMatch(/undefined/);
    }
    for (const p of problemKeys) expect(formatProblem(p, params, 'zh-CN')).not.toMatch(/undefined|needs/);
  });
});

describe('completion in label form', () => {
  it('inserts label references; duplicates carry their id', () => {
    const dup: EditorField[] = [
      { id: 'number_1', label: '数量', type: 'number', scope: 'row' },
      { id: 'number_9', label: '数量', type: 'number', scope: 'form' },
      { id: 'money_1', label: '单价', type: 'number', scope: 'row' },
    ];
    const items = completions('{', 1, dup).filter((i) => i.kind === 'field');
    expect(items.map((i) => [i.insertText, i.scope])).toEqual([
      ['{数量 (number_1)}', 'row'],
      ['{数量 (number_9)}', 'form'],
      ['{单价}', 'row'],
    ]);
  });

  it('offers fields and functions with their help on Ctrl+Space at an empty position', () => {
    const items = completions('', 0, fields);
    expect(items[0]).toMatchObject({ kind: 'field', label: '数量', insertText: '{数量}' });
    const sum = items.find((i) => i.label === 'SUM');
    expect(sum?.documentation?.en).toBeTruthy();
    expect(sum?.documentation?.['zh-CN']).toBeTruthy();
    expect(sum?.documentation?.example).toMatch(/SUM\(/);
  });
});
