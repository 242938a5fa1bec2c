import { BarChartOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, List, Modal, Tooltip, Typography } from 'antd';
import type { AppDefinition, Dashboard } from '@tangram/schema';
import { pickText, useServices } from '@tangram/runtime';
import { useState } from 'react';
import { withDashboard, withNewDashboard, withoutDashboard } from './dashboard-commands';
import { fill, useEditorTexts } from './texts';

export interface DashboardsCardProps {
  app: AppDefinition;
  busy: boolean;
  /** Saves a change made from the latest version (the app page's `change`). */
  change(make: (app: AppDefinition) => AppDefinition): Promise<AppDefinition | null>;
}

/** The studio app page's list of dashboards: create, rename, delete, open the editor. */
export function DashboardsCard({ app, busy, change }: DashboardsCardProps) {
  const { tx, lang } = useEditorTexts();
  const { router } = useServices();
  const { modal } = App.useApp();
  /** The name in both languages: each UI language shows its own, falling back to the other. */
  const [naming, setNaming] = useState<{ dashboard?: Dashboard; zh: string; en: string } | null>(null);
  const dashboards = app.dashboards ?? [];
  const open = (id: string) =>
    router.getState().navigate(`/apps/${encodeURIComponent(app.id)}/dashboards/${encodeURIComponent(id)}`);

  const submit = async () => {
    if (!naming) return;
    const zh = naming.zh.trim();
    const en = naming.en.trim();
    if (!zh && !en) return;
    const name: Dashboard['name'] = {};
    if (zh) name['zh-CN'] = zh;
    if (en) name.en = en;
    const target = naming.dashboard;
    if (target) {
      if (
        await change((a) =>
          withDashboard(a, { ...(a.dashboards ?? []).find((d) => d.id === target.id)!, name }),
        )
      )
        setNaming(null);
      return;
    }
    let created = '';
    const saved = await change((a) => {
      const next = withNewDashboard(a, name);
      created = next.id;
      return next.app;
    });
    if (saved) {
      setNaming(null);
      open(created);
    }
  };

  return (
    <Card
      title={tx.dashboards}
      style={{ marginTop: 16 }}
      data-testid="studio-dashboards"
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => setNaming(lang === 'en' ? { zh: '', en: tx.newName } : { zh: tx.newName, en: '' })}
          disabled={app.forms.length === 0}
          data-testid="new-dashboard"
        >
          {tx.create}
        </Button>
      }
    >
      {dashboards.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx.none} />
      ) : (
        <List
          dataSource={dashboards}
          renderItem={(d) => (
            <List.Item
              data-testid="studio-dashboard-item"
              actions={[
                <Button
                  key="edit"
                  type="link"
                  onClick={() => open(d.id)}
                  data-testid={`design-dashboard-${d.id}`}
                >
                  {tx.edit}
                </Button>,
                <Tooltip key="rename" title={tx.rename}>
                  <Button
                    type="text"
                    icon={<EditOutlined />}
                    aria-label={tx.rename}
                    onClick={() =>
                      setNaming({ dashboard: d, zh: d.name['zh-CN'] ?? '', en: d.name.en ?? '' })
                    }
                  />
                </Tooltip>,
                <Tooltip key="delete" title={tx.delete}>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={tx.delete}
                    onClick={() =>
                      modal.confirm({
                        title: fill(tx.deleteTitle, { name: pickText(d.name, lang) }),
                        content: tx.deleteText,
                        okButtonProps: { danger: true },
                        onOk: () => change((a) => withoutDashboard(a, d.id)),
                      })
                    }
                  />
                </Tooltip>,
              ]}
            >
              <List.Item.Meta
                avatar={<BarChartOutlined style={{ fontSize: 20, color: '#4263eb', marginTop: 4 }} />}
                title={<Typography.Link onClick={() => open(d.id)}>{pickText(d.name, lang)}</Typography.Link>}
                description={fill(tx.widgets, { count: d.widgets.length })}
              />
            </List.Item>
          )}
        />
      )}
      <Modal
        open={naming !== null}
        title={naming?.dashboard ? tx.rename : tx.create}
        okButtonProps={{ loading: busy, id: 'dashboard-dialog-ok' }}
        onOk={() => void submit()}
        onCancel={() => setNaming(null)}
        destroyOnHidden
      >
        <Form layout="vertical" component="div">
          <Form.Item label={tx.nameZh} htmlFor="dashboard-name-zh">
            <Input
              id="dashboard-name-zh"
              autoFocus={lang !== 'en'}
              value={naming?.zh ?? ''}
              maxLength={100}
              onChange={(e) => setNaming((n) => (n ? { ...n, zh: e.target.value } : n))}
              onPressEnter={() => void submit()}
              data-testid={lang === 'en' ? 'dashboard-name-zh' : 'dashboard-name'}
            />
          </Form.Item>
          <Form.Item label={tx.nameEn} htmlFor="dashboard-name-en" style={{ marginBottom: 0 }}>
            <Input
              id="dashboard-name-en"
              autoFocus={lang === 'en'}
              value={naming?.en ?? ''}
              maxLength={100}
              onChange={(e) => setNaming((n) => (n ? { ...n, en: e.target.value } : n))}
              onPressEnter={() => void submit()}
              data-testid={lang === 'en' ? 'dashboard-name' : 'dashboard-name-en'}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
