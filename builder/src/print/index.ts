export { PrintDesignerPage } from './print-designer';
export { printEn } from './i18n/en';
export { printZhCN } from './i18n/zh-CN';
