/** Package `master`: shared master data, installed through `requires` by the CRM and the ERP. */
import type { TemplatePackage } from '../types';
import { masterApp } from './app';
import { TEMPLATE_ROLES } from '../roles';
import { masterSample } from './sample';

export const masterPackage: TemplatePackage = {
  key: 'master',
  version: '1.0.0',
  name: { en: 'Master data', 'zh-CN': '基础资料' },
  description: {
    en: 'Customers, products, warehouses and suppliers shared by the CRM and the ERP.',
    'zh-CN': 'CRM 与进销存共用的客户、产品、仓库和供应商。',
  },
  icon: 'database',
  listed: false,
  requires: [],
  apps: [masterApp],
  roles: Object.values(TEMPLATE_ROLES),
  sample: masterSample,
};

export { masterApp } from './app';
export { masterCatalog, type Catalog, type CatalogProduct } from './sample';
export { SAMPLE_USERS, TEMPLATE_ROLES } from '../roles';
