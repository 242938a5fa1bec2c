import { FALSE_TEXTS, TRUE_TEXTS } from '../text-parse.js';
import type { FieldOf } from '../field-type.js';
import { BOOLEAN_OPERATORS, CHOICE_OPERATORS, MULTI_OPERATORS } from '../operators.js';
import { bad, ok, spec, splitList } from './common.js';

type Single = FieldOf<'select'> | FieldOf<'radio'>;
type Multi = FieldOf<'multiselect'> | FieldOf<'checkboxes'>;

const optionSchema = (f: Single | Multi) =>
  f.config.allowOther
    ? { type: 'string', minLength: 1, maxLength: 200 }
    : { enum: f.config.options.map((o) => o.value) };

/** Finds an option by value or by its label in any language (imports carry labels). */
function findOption(f: Single | Multi, text: string): string | null {
  const option = f.config.options.find(
    (o) => o.value === text || o.label['zh-CN'] === text || o.label.en === text,
  );
  if (option) return option.value;
  // Then ignoring case ("open" for "Open"): spreadsheets are typed by hand.
  const lower = text.toLowerCase();
  const loose = f.config.options.find(
    (o) => o.value.toLowerCase() === lower || o.label.en?.toLowerCase() === lower,
  );
  if (loose) return loose.value;
  return f.config.allowOther ? text : null;
}

const labelOf = (f: Single | Multi, value: unknown, locale: string): string => {
  const option = f.config.options.find((o) => o.value === value);
  if (!option) return value === null || value === undefined ? '' : String(value);
  return (
    (locale.startsWith('zh') ? option.label['zh-CN'] : option.label.en) ??
    option.label.en ??
    option.label['zh-CN'] ??
    option.value
  );
};

function singleChoice<T extends 'select' | 'radio'>(type: T, label: { 'zh-CN': string; en: string }) {
  return spec<T>({
    type,
    group: 'basic',
    label,
    storage: () => 'text',
    valueSchema: (f) => optionSchema(f),
    formulaType: () => 'text',
    operators: CHOICE_OPERATORS,
    sortable: true,
    parseText(text, f) {
      const trimmed = text.trim();
      if (trimmed === '') return ok(null);
      const value = findOption(f, trimmed);
      return value === null ? bad(`"${text}" is not one of the options`, 'not_an_option') : ok(value);
    },
    format: (value, f, locale) => labelOf(f, value, locale),
    defaultConfig: (() => ({
      options: [
        { value: 'option1', label: { 'zh-CN': '选项1', en: 'Option 1' } },
        { value: 'option2', label: { 'zh-CN': '选项2', en: 'Option 2' } },
      ],
    })) as never,
  });
}

function multiChoice<T extends 'multiselect' | 'checkboxes'>(
  type: T,
  label: { 'zh-CN': string; en: string },
) {
  return spec<T>({
    type,
    group: 'basic',
    label,
    storage: () => 'text[]',
    valueSchema: (f) => {
      const { minItems, maxItems } = (f as Multi).config;
      return {
        type: 'array',
        items: optionSchema(f),
        uniqueItems: true,
        ...(minItems ? { minItems } : {}),
        maxItems: maxItems ?? 1000,
      };
    },
    formulaType: () => ({ array: 'text' }),
    operators: MULTI_OPERATORS,
    parseText(text, f) {
      const values: string[] = [];
      for (const part of splitList(text)) {
        const value = findOption(f, part);
        if (value === null) return bad(`"${part}" is not one of the options`, 'not_an_option');
        if (!values.includes(value)) values.push(value);
      }
      return ok(values.length ? values : null);
    },
    format: (value, f, locale) =>
      Array.isArray(value) ? value.map((v) => labelOf(f, v, locale)).join(', ') : '',
    defaultConfig: (() => ({
      options: [
        { value: 'option1', label: { 'zh-CN': '选项1', en: 'Option 1' } },
        { value: 'option2', label: { 'zh-CN': '选项2', en: 'Option 2' } },
      ],
    })) as never,
  });
}

export const selectField = singleChoice('select', { 'zh-CN': '下拉框', en: 'Dropdown' });
export const radioField = singleChoice('radio', { 'zh-CN': '单选按钮组', en: 'Radio group' });
export const multiselectField = multiChoice('multiselect', {
  'zh-CN': '下拉复选框',
  en: 'Multi-select dropdown',
});
export const checkboxesField = multiChoice('checkboxes', { 'zh-CN': '复选框组', en: 'Checkbox group' });

export const booleanField = spec<'boolean'>({
  type: 'boolean',
  group: 'basic',
  label: { 'zh-CN': '开关', en: 'Yes / No' },
  storage: () => 'boolean',
  valueSchema: () => ({ type: 'boolean' }),
  formulaType: () => 'boolean',
  operators: BOOLEAN_OPERATORS,
  sortable: true,
  parseText(text) {
    const t = text.trim().toLowerCase();
    if (t === '') return ok(null);
    if (TRUE_TEXTS.has(t)) return ok(true);
    if (FALSE_TEXTS.has(t)) return ok(false);
    return bad(`"${text}" is not yes or no`, 'not_a_boolean');
  },
  format: (value, _f, locale) =>
    value === true
      ? locale.startsWith('zh')
        ? '是'
        : 'Yes'
      : value === false
        ? locale.startsWith('zh')
          ? '否'
          : 'No'
        : '',
});
