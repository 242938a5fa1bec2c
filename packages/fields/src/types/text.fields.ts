import { TEXT_OPERATORS } from '../operators.js';
import { matchesPattern } from '../pattern.js';
import { richTextProblem } from '../rich-text-limits.js';
import { canonicalText, spec } from './common.js';

/**
 * Single-line text is short by design (longer text belongs in a textarea): 500 characters keep
 * every value within one b-tree index entry, so text fields can be indexed, sorted and unique.
 */
export const TEXT_MAX_LENGTH = 500;

const normalizeText = (value: unknown) => (typeof value === 'string' ? canonicalText(value) : value);

export const textField = spec<'text'>({
  type: 'text',
  group: 'basic',
  label: { 'zh-CN': '单行文本', en: 'Text' },
  storage: () => 'text',
  valueSchema: (f) => ({
    type: 'string',
    maxLength: f.config?.maxLength ?? TEXT_MAX_LENGTH,
    ...(f.config?.minLength ? { minLength: f.config.minLength } : {}),
  }),
  check(value, f) {
    const pattern = f.config?.pattern;
    if (pattern && typeof value === 'string' && !matchesPattern(pattern, value)) {
      return (
        f.config?.patternMessage?.en ??
        f.config?.patternMessage?.['zh-CN'] ??
        `does not match the pattern ${pattern}`
      );
    }
    return null;
  },
  normalize: normalizeText,
  formulaType: () => 'text',
  operators: TEXT_OPERATORS,
  sortable: true,
  uniqueAllowed: true,
});

export const textareaField = spec<'textarea'>({
  type: 'textarea',
  group: 'basic',
  label: { 'zh-CN': '多行文本', en: 'Multi-line text' },
  storage: () => 'text',
  valueSchema: (f) => ({
    type: 'string',
    maxLength: f.config?.maxLength ?? 200000,
    ...(f.config?.minLength ? { minLength: f.config.minLength } : {}),
  }),
  normalize: normalizeText,
  formulaType: () => 'text',
  operators: TEXT_OPERATORS,
});

export const phoneField = spec<'phone'>({
  type: 'phone',
  group: 'advanced',
  label: { 'zh-CN': '手机', en: 'Phone' },
  storage: () => 'text',
  valueSchema: () => ({ type: 'string', pattern: '^\\+?[0-9][0-9 ()-]{2,30}$' }),
  normalize: (v) => (typeof v === 'string' ? v.trim() : v),
  formulaType: () => 'text',
  operators: TEXT_OPERATORS,
  sortable: true,
  uniqueAllowed: true,
});

export const emailField = spec<'email'>({
  type: 'email',
  group: 'advanced',
  label: { 'zh-CN': '邮箱', en: 'Email' },
  storage: () => 'text',
  valueSchema: () => ({ type: 'string', maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }),
  normalize: (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  formulaType: () => 'text',
  operators: TEXT_OPERATORS,
  sortable: true,
  uniqueAllowed: true,
});

export const urlField = spec<'url'>({
  type: 'url',
  group: 'advanced',
  label: { 'zh-CN': '网址', en: 'URL' },
  storage: () => 'text',
  // Only web links: `javascript:` and other schemes are refused so a stored link is safe to click.
  valueSchema: () => ({ type: 'string', maxLength: 2048, pattern: '^https?://[^\\s]+$' }),
  formulaType: () => 'text',
  operators: TEXT_OPERATORS,
  sortable: true,
});

export const richtextField = spec<'richtext'>({
  type: 'richtext',
  group: 'advanced',
  label: { 'zh-CN': '富文本', en: 'Rich text' },
  storage: () => 'text',
  valueSchema: () => ({ type: 'string', maxLength: 1_000_000 }),
  // Bounded before the server sanitizes it: deep nesting makes sanitizing quadratic.
  check: (value) => (typeof value === 'string' ? richTextProblem(value) : null),
  formulaType: () => 'text',
  operators: ['contains', 'notContains', 'isEmpty', 'isNotEmpty'],
  format: (v) =>
    typeof v === 'string'
      ? v
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '',
});
