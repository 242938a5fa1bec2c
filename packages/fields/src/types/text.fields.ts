import { TEXT_OPERATORS } from '../operators.js';
import { matchesPattern } from '../pattern.js';
import { countryName, isValidPhone, phoneExample } from '../phone.js';
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
      const own = f.config?.patternMessage;
      return {
        code: 'invalid',
        message: own?.en ?? own?.['zh-CN'] ?? `does not match the pattern ${pattern}`,
        zh: own?.['zh-CN'] ?? own?.en ?? `不符合格式 ${pattern}`,
      };
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
  // The shape any phone number has; the country's numbering plan is checked below unless the
  // field accepts any format.
  // "(201) 555-0123" starts with a bracket; "030.123456" uses dots.
  valueSchema: () => ({ type: 'string', pattern: '^\\+?[0-9(][0-9 ().-]{2,30}$' }),
  check(value, f, ctx) {
    if (f.config?.anyFormat || typeof value !== 'string' || isValidPhone(value, ctx.country)) return null;
    const example = phoneExample(ctx.country);
    return {
      code: 'phone_format',
      message:
        `is not a valid phone number in ${countryName(ctx.country, 'en')}` +
        (example ? ` (for example ${example}, or +<country code> for another country)` : ''),
      zh:
        `不是有效的${countryName(ctx.country, 'zh-CN')}电话号码` +
        (example ? `（例如 ${example}；其他国家或地区的号码请以 +国家代码 开头）` : ''),
    };
  },
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
