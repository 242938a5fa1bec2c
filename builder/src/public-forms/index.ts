export { PublishDrawer, publicUrl } from './publish-drawer';
export { publicFormsEn } from './i18n/en';
export { publicFormsZhCN } from './i18n/zh-CN';
