/** Chinese texts of the studio's template pages (namespace `templates`). */
export const templatesZhCN = {
  nav: '模板中心',
  title: '模板中心',
  subtitle: '安装现成的 CRM、进销存等应用；模板更新时，升级会保留你的修改。',
  upgradeTitle: '升级 {{name}}：{{from}} → {{to}}',
  upgradeIntro:
    '三方合并：以安装时的模板版本为基础，应用模板的新改动，同时保留你新增的字段、改过的标签和流程。',
  loadingPreview: '正在计算合并结果…',
  appAdded: '新增应用',
  appMerged: '合并',
  noConflicts: '没有冲突，可以直接升级。',
  conflicts_one: '{{count}} 处冲突：你和模板都改了同一处，请逐一选择保留哪一边。',
  conflicts_other: '{{count}} 处冲突：你和模板都改了同一处，请逐一选择保留哪一边。',
  path: '位置',
  base: '安装时',
  ours: '你的应用',
  theirs: '新模板',
  absent: '（不存在）',
  keepOurs: '保留我的',
  takeTheirs: '采用模板的',
  apply: '升级',
  applied: '已升级到 {{version}}',
  cancel: '取消',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type TemplatesResource = Widen<typeof templatesZhCN>;
