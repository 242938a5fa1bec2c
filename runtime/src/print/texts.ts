import { useTranslation } from 'react-i18next';

/** Texts of printing, per language (kept with the feature, as the import wizard does). */
const zh = {
  print: '打印',
  printSelected: '打印所选',
  defaultTemplate: '默认模板',
  preparing: '正在生成 PDF…',
  title: '打印预览',
  download: '下载 PDF',
  close: '关闭',
  tooMany: '一次最多打印 {{max}} 条记录。',
};

const en: typeof zh = {
  print: 'Print',
  printSelected: 'Print selected',
  defaultTemplate: 'Default template',
  preparing: 'Preparing the PDF…',
  title: 'Print preview',
  download: 'Download PDF',
  close: 'Close',
  tooMany: 'At most {{max}} records can be printed at once.',
};

export type PrintTexts = typeof zh;

export function usePrintTexts(): { tx: PrintTexts; lang: 'zh-CN' | 'en' } {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? { tx: en, lang: 'en' } : { tx: zh, lang: 'zh-CN' };
}
