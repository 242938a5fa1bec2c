/**
 * A bad cell's reason in the user's language (zh-CN or en), from its code (pure). The English
 * sentence from the field registry stays the fallback for codes without a template here, and a
 * write refusal keeps the server's own message (a balance rule's is already localized).
 */
import type { CellIssue } from './coerce';

type Lang = 'zh-CN' | 'en';

const TEMPLATES: Record<string, Record<Lang, string>> = {
  not_a_number: { 'zh-CN': '“{value}”不是数字', en: '"{value}" is not a number' },
  not_a_date: {
    'zh-CN': '“{value}”不是日期（如 2024-03-05）',
    en: '"{value}" is not a date (e.g. 2024-03-05)',
  },
  not_a_calendar_day: { 'zh-CN': '“{value}”不是真实存在的日期', en: '"{value}" is not a real calendar day' },
  not_a_datetime: {
    'zh-CN': '“{value}”不是日期时间（如 2024-03-05 14:30）',
    en: '"{value}" is not a date and time (e.g. 2024-03-05 14:30)',
  },
  not_a_time: { 'zh-CN': '“{value}”不是时间（如 14:30）', en: '"{value}" is not a time (e.g. 14:30)' },
  not_a_boolean: { 'zh-CN': '“{value}”不是“是”或“否”', en: '"{value}" is not yes or no' },
  not_an_option: { 'zh-CN': '“{value}”不是可选的选项', en: '"{value}" is not one of the options' },
  not_a_location: { 'zh-CN': '“{value}”不是“纬度,经度”', en: '"{value}" is not "latitude,longitude"' },
  not_importable: {
    'zh-CN': '此类字段不能从表格导入',
    en: 'this kind of field cannot be imported from a sheet',
  },
  unknown_member: { 'zh-CN': '找不到名为“{value}”的成员', en: 'no member is called "{value}"' },
  ambiguous_member: {
    'zh-CN': '“{value}”对应多个成员，请改用邮箱',
    en: '"{value}" names more than one member; use the email',
  },
  unknown_department: { 'zh-CN': '找不到名为“{value}”的部门', en: 'no department is called "{value}"' },
  ambiguous_department: { 'zh-CN': '“{value}”对应多个部门', en: '"{value}" names more than one department' },
  unknown_record: {
    'zh-CN': '找不到标题或流水号为“{value}”的关联记录',
    en: 'no linked record has the title or serial number "{value}"',
  },
  ambiguous_record: {
    'zh-CN': '“{value}”对应多条关联记录',
    en: '"{value}" matches more than one linked record',
  },
  formula_without_value: {
    'zh-CN': '公式没有计算结果（请在 Excel 中打开并重新保存）',
    en: 'a formula without a calculated value (open the file in Excel and save it again)',
  },
  duplicate_in_file: {
    'zh-CN': '“{value}”在第 {other} 行已出现（此字段不能重复）',
    en: '"{value}" is also in row {other} (this field must be unique)',
  },
  key_missing: { 'zh-CN': '用于更新的关键字段为空', en: 'the key field used to find the record is empty' },
  required: { 'zh-CN': '必填', en: 'is required' },
  duplicate_value: {
    'zh-CN': '“{value}”已被其他记录使用（此字段不能重复）',
    en: '"{value}" is already used by another record (this field must be unique)',
  },
};

/** The reason of one issue in `lang`. */
export function reasonText(issue: CellIssue, lang: Lang): string {
  const template = TEMPLATES[issue.code]?.[lang];
  if (!template) return issue.params?.[lang] !== undefined ? String(issue.params[lang]) : issue.message;
  return template.replace(/\{(\w+)\}/g, (_m, key: string) =>
    key === 'value' ? issue.value.slice(0, 100) : String(issue.params?.[key] ?? ''),
  );
}

/** `zh-CN` unless the request prefers English (the wizard sends its language). */
export function langOf(acceptLanguage: string | undefined): Lang {
  return (acceptLanguage ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}
