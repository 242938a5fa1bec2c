/**
 * 基础资料 / Master data: the customers, products, warehouses and suppliers every other template
 * app relates to (CRM and ERP share one customer record, never a copy). Field ids here are a
 * contract with the CRM and ERP packages (templates/tpl-common): keep them.
 */
import type { AppDefinition, FormDefinition } from '@tangram/schema';
import {
  ALL_ROLES,
  email,
  flag,
  gmReads,
  group,
  l,
  member,
  money,
  nav,
  phone,
  R,
  READ,
  roles,
  select,
  serial,
  text,
  textarea,
  whole,
  WORK,
} from '../kit';

const customers: FormDefinition = {
  id: 'customers',
  name: l('Customers', '客户'),
  titleField: 'name',
  fields: [
    text('name', l('Name', '客户名称'), { required: true, unique: true }),
    serial('code', l('Code', '客户编号'), 'C'),
    select('industry', l('Industry', '行业'), [
      ['manufacturing', 'Manufacturing', '制造业'],
      ['retail', 'Retail', '零售'],
      ['wholesale', 'Wholesale', '批发'],
      ['construction', 'Construction', '建筑'],
      ['technology', 'Technology', '科技'],
      ['other', 'Other', '其他'],
    ]),
    select('level', l('Level', '客户等级'), [
      ['A', 'A (key account)', 'A（重点客户）'],
      ['B', 'B', 'B'],
      ['C', 'C', 'C'],
    ]),
    member('owner', l('Sales rep', '负责销售')),
    phone('phone', l('Phone', '电话')),
    email('email', l('Email', '邮箱')),
    textarea('address', l('Address', '地址')),
    money('credit_limit', l('Credit limit', '信用额度')),
    whole('payment_days', l('Payment terms (days)', '账期（天）')),
  ],
  layout: {
    items: [
      {
        kind: 'row',
        cells: [
          { field: 'name', span: 16 },
          { field: 'code', span: 8 },
        ],
      },
      {
        kind: 'row',
        cells: [
          { field: 'industry', span: 8 },
          { field: 'level', span: 8 },
          { field: 'owner', span: 8 },
        ],
      },
      {
        kind: 'row',
        cells: [
          { field: 'phone', span: 12 },
          { field: 'email', span: 12 },
        ],
      },
      { kind: 'row', cells: [{ field: 'address' }] },
      {
        kind: 'row',
        cells: [
          { field: 'credit_limit', span: 12 },
          { field: 'payment_days', span: 12 },
        ],
      },
    ],
  },
  permissionGroups: [
    group('sales', l('Sales', '销售'), [R.rep, R.manager, R.agent], WORK, {
      editable: ['name', 'industry', 'level', 'owner', 'phone', 'email', 'address'],
      visible: [
        'name',
        'code',
        'industry',
        'level',
        'owner',
        'phone',
        'email',
        'address',
        'credit_limit',
        'payment_days',
      ],
    }),
    group('finance', l('Finance', '财务'), [R.accountant], ['view', 'edit', 'export', 'print'], {
      editable: ['credit_limit', 'payment_days', 'address', 'phone', 'email'],
      visible: [
        'name',
        'code',
        'industry',
        'level',
        'owner',
        'phone',
        'email',
        'address',
        'credit_limit',
        'payment_days',
      ],
    }),
    // Shipping needs the address, not the credit terms.
    group('warehouse', l('Warehouse', '仓库'), [R.clerk], ['view'], {
      visible: ['name', 'code', 'phone', 'address'],
    }),
    gmReads(l('Management', '管理层')),
  ],
};

const products: FormDefinition = {
  id: 'products',
  name: l('Products', '产品'),
  titleField: 'name',
  fields: [
    text('sku', l('SKU', '产品编码'), { required: true, unique: true }),
    text('name', l('Name', '产品名称'), { required: true }),
    select('category', l('Category', '类别'), [
      ['fasteners', 'Fasteners', '紧固件'],
      ['tools', 'Tools', '工具'],
      ['electrical', 'Electrical', '电气'],
      ['safety', 'Safety', '劳保'],
      ['packaging', 'Packaging', '包装材料'],
    ]),
    select('unit', l('Unit', '单位'), [
      ['pcs', 'Piece', '个'],
      ['box', 'Box', '盒'],
      ['set', 'Set', '套'],
      ['roll', 'Roll', '卷'],
    ]),
    money('price', l('List price', '销售单价')),
    money('cost', l('Cost', '采购成本')),
    whole('reorder_point', l('Reorder point', '安全库存')),
    flag('active', l('Active', '在售')),
  ],
  permissionGroups: [
    group(
      'catalog',
      l('Catalogue (purchasing)', '产品维护（采购）'),
      [R.buyer],
      ['view', 'create', 'edit', 'export', 'import', 'print'],
    ),
    group('sales', l('Sales', '销售'), [R.rep, R.manager, R.agent], ['view', 'export'], {
      visible: ['sku', 'name', 'category', 'unit', 'price', 'active'],
    }),
    // A warehouse clerk counts and ships goods: no prices, no costs.
    group('warehouse', l('Warehouse', '仓库'), [R.clerk], ['view'], {
      visible: ['sku', 'name', 'category', 'unit', 'reorder_point', 'active'],
    }),
    group('finance', l('Finance and management', '财务与管理层'), [R.accountant, R.gm], READ),
  ],
};

const warehouses: FormDefinition = {
  id: 'warehouses',
  name: l('Warehouses', '仓库'),
  titleField: 'name',
  fields: [
    text('name', l('Name', '仓库名称'), { required: true, unique: true }),
    text('code', l('Code', '仓库编码'), { required: true, unique: true }),
    textarea('address', l('Address', '地址')),
    member('keeper', l('Keeper', '仓管员')),
  ],
  permissionGroups: [group('everyone', l('All roles', '所有角色'), [...ALL_ROLES], ['view'])],
};

const suppliers: FormDefinition = {
  id: 'suppliers',
  name: l('Suppliers', '供应商'),
  titleField: 'name',
  fields: [
    text('name', l('Name', '供应商名称'), { required: true, unique: true }),
    serial('code', l('Code', '供应商编号'), 'S'),
    text('contact_name', l('Contact', '联系人')),
    phone('phone', l('Phone', '电话')),
    email('email', l('Email', '邮箱')),
    textarea('address', l('Address', '地址')),
    whole('payment_days', l('Payment terms (days)', '账期（天）')),
  ],
  permissionGroups: [
    group('purchasing', l('Purchasing and finance', '采购与财务'), [R.buyer, R.accountant], WORK),
    group('warehouse', l('Warehouse', '仓库'), [R.clerk], ['view'], {
      visible: ['name', 'code', 'contact_name', 'phone'],
    }),
    gmReads(l('Management', '管理层')),
  ],
};

export const masterApp: AppDefinition = {
  id: 'master',
  name: l('Master data', '基础资料'),
  description: l(
    'Customers, products, warehouses and suppliers shared by the CRM and the ERP.',
    'CRM 与进销存共用的客户、产品、仓库和供应商。',
  ),
  icon: 'database',
  color: '#0c8599',
  formatVersion: 3,
  forms: [customers, products, warehouses, suppliers],
  navigation: [
    nav.group('partners', l('Partners', '往来单位'), nav.form('customers'), nav.form('suppliers')),
    nav.group('goods', l('Goods', '商品与仓库'), nav.form('products'), nav.form('warehouses')),
  ],
  access: {
    members: [roles(...ALL_ROLES)],
    admins: [],
    defaultFormActions: ['view'],
  },
};
