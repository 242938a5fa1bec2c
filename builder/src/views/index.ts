export { ViewsStudioPage } from './views-page';
export { studioViewsEn } from './i18n/en';
export { studioViewsZhCN } from './i18n/zh-CN';
