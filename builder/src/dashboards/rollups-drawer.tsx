import { ThunderboltOutlined } from '@ant-design/icons';
import type { AppDefinition, FormRollups, RollupSpec } from '@tangram/client';
import type { Dashboard, FormDefinition } from '@tangram/schema';
import { pickText, useAsync, useClient } from '@tangram/runtime';
import { Alert, App, Button, Drawer, Empty, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Rollups in the studio (decision 0053): the server keeps per-form rollups that the saved
 * dashboards' widgets want; an administrator builds them here, form by form. Building locks the
 * form's writes for as long as it reads the records, so it is a deliberate click, not a save's
 * side effect.
 */
const zh = {
  button: '汇总加速',
  title: '汇总加速',
  intro:
    '仪表盘的求和、计数和平均值可以从预先汇总的数据中读取，大数据量时快得多，结果与直接统计完全相同。只看得到部分数据的成员仍直接统计。',
  saveFirst: '先保存仪表盘：汇总按已保存的组件计算',
  none: '这个仪表盘的组件都不能从汇总中读取（例如只有最小值、最大值或去重计数）。',
  wanted: '需要的汇总',
  built: '已构建',
  notBuilt: '未构建',
  stale: '字段已变，需重建',
  build: '构建',
  rebuild: '重建',
  confirm: '构建期间这个表单的新增和修改会等待它完成（百万条数据约需一分钟）。继续？',
  done: '已构建 {{count}} 个汇总，用时 {{ms}} 毫秒',
  records: '{{records}} 条数据 · {{cells}} 个汇总格 · {{at}}',
  date: '日期',
  byDay: '按日',
  byMonth: '按月',
  keys: '分组',
  measures: '数值',
};
const en: typeof zh = {
  button: 'Rollups',
  title: 'Rollups',
  intro:
    'Sums, counts and averages of the dashboard can be read from rollups kept up to date with every write: much faster on large forms, with exactly the same results. Members who see only part of the records still get a direct count.',
  saveFirst: 'Save the dashboard first: rollups follow the saved widgets',
  none: "None of this dashboard's widgets can be answered from a rollup (for example only min, max or distinct counts).",
  wanted: 'Wanted rollups',
  built: 'Built',
  notBuilt: 'Not built',
  stale: 'A field changed: rebuild',
  build: 'Build',
  rebuild: 'Rebuild',
  confirm:
    'While it builds, new and changed records of this form wait for it (about a minute per million records). Go on?',
  done: 'Built {{count}} rollups in {{ms}} ms',
  records: '{{records}} records · {{cells}} cells · {{at}}',
  date: 'Date',
  byDay: 'by day',
  byMonth: 'by month',
  keys: 'Group by',
  measures: 'Sums',
};

const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));

function useRollupTexts() {
  const { i18n } = useTranslation();
  return { rx: i18n.language.startsWith('en') ? en : zh, lang: i18n.language };
}

/** The forms a dashboard's widgets read (aggregate-table widgets read balances, not records). */
export function dashboardForms(app: AppDefinition, dashboard: Dashboard): FormDefinition[] {
  const ids = new Set<string>();
  for (const w of dashboard.widgets) {
    const source = (w as { source?: { form?: string; subform?: string } }).source;
    if (source?.form && source.subform === undefined) ids.add(source.form);
  }
  return app.forms.filter((f) => ids.has(f.id)) as FormDefinition[];
}

export function RollupsButton({
  app,
  dashboard,
  dirty,
}: {
  app: AppDefinition;
  dashboard: Dashboard;
  dirty: boolean;
}) {
  const { rx } = useRollupTexts();
  const [open, setOpen] = useState(false);
  const forms = dashboardForms(app, dashboard);
  if (!forms.length) return null;
  return (
    <>
      <Tooltip title={dirty ? rx.saveFirst : undefined}>
        <Button
          icon={<ThunderboltOutlined />}
          disabled={dirty}
          onClick={() => setOpen(true)}
          data-testid="rollups-button"
        >
          {rx.button}
        </Button>
      </Tooltip>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={rx.title}
        size="large"
        destroyOnHidden
        data-testid="rollups-drawer"
      >
        <Typography.Paragraph type="secondary">{rx.intro}</Typography.Paragraph>
        {forms.map((form) => (
          <FormRollupsCard key={form.id} appId={app.id} form={form} />
        ))}
      </Drawer>
    </>
  );
}

function FormRollupsCard({ appId, form }: { appId: string; form: FormDefinition }) {
  const client = useClient();
  const { message } = App.useApp();
  const { rx, lang } = useRollupTexts();
  const state = useAsync(() => client.reports.rollups(appId, form.id), [client, appId, form.id]);
  const [building, setBuilding] = useState(false);
  const rebuild = async () => {
    setBuilding(true);
    try {
      const result = await client.reports.rebuildRollups(appId, form.id);
      const count = result.rollups.filter((r) => r.id).length;
      void message.success(fill(rx.done, { count, ms: result.ms }));
      state.reload();
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBuilding(false);
    }
  };
  const data: FormRollups | undefined = state.data;
  const anyBuilt = (data?.built.length ?? 0) > 0;
  return (
    <section className="tg-rollups-form" data-testid={`rollups-form-${form.id}`}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {pickText(form.name, lang)}
        </Typography.Title>
        {data?.wanted.length ? (
          <Popconfirm title={rx.confirm} onConfirm={() => void rebuild()}>
            <Button type="primary" loading={building} data-testid="rollups-build">
              {anyBuilt ? rx.rebuild : rx.build}
            </Button>
          </Popconfirm>
        ) : null}
      </Space>
      {state.error ? <Alert type="error" showIcon title={state.error.message} /> : null}
      {data && !data.wanted.length ? <Empty description={rx.none} /> : null}
      {data?.wanted.map(({ spec, built }, i) => {
        const kept = data.built.find((b) => sameSpec(b.spec, spec));
        return (
          <div key={i} className="tg-rollup" data-testid="rollup-spec">
            <div>
              <SpecText form={form} spec={spec} />
            </div>
            <Space size={4} wrap>
              {built && kept?.current !== false ? (
                <Tag color="green">{rx.built}</Tag>
              ) : kept ? (
                <Tag color="orange">{rx.stale}</Tag>
              ) : (
                <Tag>{rx.notBuilt}</Tag>
              )}
              {kept ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fill(rx.records, {
                    records: kept.records.toLocaleString(lang),
                    cells: kept.cells.toLocaleString(lang),
                    at: new Date(kept.builtAt).toLocaleString(lang),
                  })}
                </Typography.Text>
              ) : null}
            </Space>
          </div>
        );
      })}
      <style>{`
        .tg-rollups-form { border: 1px solid #eef0f4; border-radius: 12px; padding: 12px 16px; margin-bottom: 12px; }
        .tg-rollup { display: flex; justify-content: space-between; gap: 12px; padding: 8px 0; border-top: 1px solid #f2f4f7; margin-top: 8px; }
      `}</style>
    </section>
  );
}

function SpecText({ form, spec }: { form: FormDefinition; spec: RollupSpec }) {
  const { rx, lang } = useRollupTexts();
  const label = (id: string) => {
    const field = form.fields.find((f) => f.id === id);
    return field ? pickText(field.label, lang) : id;
  };
  const parts = [
    spec.date
      ? `${rx.date}: ${label(spec.date.field)} ${spec.date.grain === 'day' ? rx.byDay : rx.byMonth}`
      : null,
    spec.keys.length ? `${rx.keys}: ${spec.keys.map(label).join(', ')}` : null,
    spec.measures.length ? `${rx.measures}: ${spec.measures.map(label).join(', ')}` : null,
  ].filter(Boolean);
  return <Typography.Text>{parts.join(' · ')}</Typography.Text>;
}

const sameSpec = (a: RollupSpec, b: RollupSpec) => JSON.stringify(a) === JSON.stringify(b);
