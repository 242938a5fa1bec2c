/** The renderer's own texts (kept beside it so the studio preview needs no extra namespace). */
const zh = {
  submit: '提交',
  save: '保存',
  required: '请填写{field}',
  assignedOnSave: '保存后自动生成',
  computed: '自动计算',
  addRow: '添加一行',
  removeRow: '删除',
  moveUp: '上移',
  moveDown: '下移',
  total: '合计',
  noRows: '暂无数据',
  upload: '上传',
  uploadFailed: '上传失败：{message}',
  tooLarge: '文件不能超过 {mb} MB',
  wrongType: '不支持此文件类型',
  tooMany: '最多 {n} 个文件',
  clear: '清除',
  sign: '确认签名',
  signHere: '请在此处签名',
  resign: '重新签名',
  useMyLocation: '获取当前位置',
  locating: '定位中…',
  locationFailed: '无法获取位置',
  latitude: '纬度',
  longitude: '经度',
  placeName: '地点名称',
  detailAddress: '详细地址',
  selectRegion: '省 / 市 / 区',
  search: '搜索…',
  bold: '粗体',
  italic: '斜体',
  list: '列表',
  link: '链接',
  linkPrompt: '链接地址',
  fixErrors: '请修正标出的字段后再提交。',
  other: '其他',
} as const;

export type FormTexts = { [K in keyof typeof zh]: string };

const en: FormTexts = {
  submit: 'Submit',
  save: 'Save',
  required: '{field} is required',
  assignedOnSave: 'Assigned on save',
  computed: 'Computed',
  addRow: 'Add row',
  removeRow: 'Remove',
  moveUp: 'Move up',
  moveDown: 'Move down',
  total: 'Total',
  noRows: 'No rows',
  upload: 'Upload',
  uploadFailed: 'Upload failed: {message}',
  tooLarge: 'Files must be at most {mb} MB',
  wrongType: 'This file type is not accepted',
  tooMany: 'At most {n} files',
  clear: 'Clear',
  sign: 'Confirm signature',
  signHere: 'Sign here',
  resign: 'Sign again',
  useMyLocation: 'Use my location',
  locating: 'Locating…',
  locationFailed: 'Could not get your location',
  latitude: 'Latitude',
  longitude: 'Longitude',
  placeName: 'Place name',
  detailAddress: 'Street address',
  selectRegion: 'Province / city / district',
  search: 'Search…',
  bold: 'Bold',
  italic: 'Italic',
  list: 'List',
  link: 'Link',
  linkPrompt: 'Link address',
  fixErrors: 'Please fix the marked fields and submit again.',
  other: 'Other',
};

/** The renderer's texts for a UI language (zh-CN unless English). */
export function formTexts(lang: string): FormTexts {
  return lang.startsWith('en') ? en : zh;
}

/** `fill('{n} files', { n: 3 })` */
export const fill = (text: string, vars: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
