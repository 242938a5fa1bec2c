import { BarChartOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Input, List, Modal, Tooltip, Typography } from 'antd';
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
  const [naming, setNaming] = useState<{ dashboard?: Dashboard; text: string } | null>(null);
  const dashboards = app.dashboards ?? [];
  const open = (id: string) =>
    router.getState().navigate(`/apps/${encodeURIComponent(app.id)}/dashboards/${encodeURIComponent(id)}`);

  const submit = async () => {
    if (!naming) return;
    const text = naming.text.trim();
    if (!text) return;
    const name = { 'zh-CN': text, en: text };
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
          onClick={() => setNaming({ text: tx.newName })}
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
                    onClick={() => setNaming({ dashboard: d, text: pickText(d.name, lang) })}
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
        <Input
          autoFocus
          aria-label={tx.name}
          value={naming?.text ?? ''}
          maxLength={100}
          onChange={(e) => setNaming((n) => (n ? { ...n, text: e.target.value } : n))}
          onPressEnter={() => void submit()}
          data-testid="dashboard-name"
        />
      </Modal>
    </Card>
  );
}
