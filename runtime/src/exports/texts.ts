import { useTranslation } from 'react-i18next';

/** Texts of the export dialog, per language (kept with the feature, as the import's are). */
const zh = {
  button: '导出',
  title: '导出数据',
  format: '文件格式',
  xlsx: 'Excel（.xlsx）',
  csv: 'CSV（UTF-8）',
  subforms: '子表单',
  subformSheet: '放在单独的工作表（按记录ID对应）',
  subformRows: '展开为多行（每行一条明细）',
  subformNone: '不导出子表单',
  csvOneSheet: 'CSV 只有一个工作表：子表单只能展开为多行。',
  attachments: '附件和图片',
  attachmentLinks: '导出为下载链接',
  attachmentZip: '打包为 ZIP（表格 + 文件，表格中写文件在包内的路径）',
  scope: '导出当前视图的筛选、排序和可见列；你无权查看的字段不会导出。',
  start: '导出',
  cancel: '关闭',
  started: '数据较多，已转为后台导出。',
  progress: '已导出 {{done}} / {{total}} 行',
  ready: '导出完成，共 {{rows}} 行。文件可在 24 小时内下载。',
  download: '下载文件',
  failed: '导出失败：{{message}}',
  downloaded: '已下载 {{name}}',
  errors: {
    form_not_readable: '你没有导出此表单数据的权限。',
    export_too_large: '导出最多 100 万行，请缩小筛选范围。',
    nothing_to_export: '没有你可以查看的列可导出。',
    too_many_requests: '同时进行的导出太多，请等其中一个完成。',
    export_files_too_large: '文件总量超过上限，请缩小筛选范围或将附件导出为链接。',
  } as Record<string, string>,
};

type ExportTexts = typeof zh;

const en: ExportTexts = {
  button: 'Export',
  title: 'Export records',
  format: 'File format',
  xlsx: 'Excel (.xlsx)',
  csv: 'CSV (UTF-8)',
  subforms: 'Subforms',
  subformSheet: 'On their own sheet (matched by record ID)',
  subformRows: 'As extra rows (one per subform row)',
  subformNone: 'Leave subforms out',
  csvOneSheet: 'A CSV file has one sheet: subforms can only be exported as rows.',
  attachments: 'Attachments and images',
  attachmentLinks: 'As download links',
  attachmentZip: 'In a zip with the files (the sheet names each file’s path in the zip)',
  scope: "Exports the current view's filter, sort and visible columns; fields you may not see are left out.",
  start: 'Export',
  cancel: 'Close',
  started: 'Many records: the export runs in the background.',
  progress: '{{done}} of {{total}} rows exported',
  ready: 'Export finished: {{rows}} rows. The file can be downloaded for 24 hours.',
  download: 'Download file',
  failed: 'Export failed: {{message}}',
  downloaded: 'Downloaded {{name}}',
  errors: {
    form_not_readable: 'You are not allowed to export the records of this form.',
    export_too_large: 'An export holds at most 1,000,000 rows; narrow the filter.',
    nothing_to_export: 'There are no columns you may see to export.',
    too_many_requests: 'Too many exports at once; wait for one to finish.',
    export_files_too_large:
      'The files come to more than an export may hold: narrow the filter, or export attachments as links.',
  },
};

export type { ExportTexts };

export function useExportTexts(): { tx: ExportTexts; lang: 'zh-CN' | 'en' } {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? { tx: en, lang: 'en' } : { tx: zh, lang: 'zh-CN' };
}

/** `{{name}}` placeholders filled in. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}
