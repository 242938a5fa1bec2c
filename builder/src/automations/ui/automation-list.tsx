import {
  ApiOutlined,
  ClockCircleOutlined,
  CopyOutlined,
  DeleteOutlined,
  MoreOutlined,
  PlusOutlined,
  ThunderboltOutlined,
  AimOutlined,
  ApartmentOutlined,
  DatabaseOutlined,
} from '@ant-design/icons';
import { useClient } from '@tangram/runtime';
import { App, Button, Dropdown, Empty, Switch, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { automationsOf } from '../core/commands';
import { actionKind, TRIGGER_TYPES, triggerKind, type TriggerType } from '../core/kinds';
import { namesIn, triggerSummary } from '../core/summary';
import { selectAutomations, useAutomations, useAutomationStore } from '../store/context';
import { RunStatusTag } from './run-history';
import type { AutomationServerState } from './server-state';

export const TRIGGER_ICONS: Record<TriggerType, ReactNode> = {
  record: <DatabaseOutlined />,
  workflow: <ApartmentOutlined />,
  schedule: <ClockCircleOutlined />,
  button: <AimOutlined />,
  webhook: <ApiOutlined />,
};

/**
 * The app's automations: name, what starts it, the on/off switch (the server's per-org setting:
 * switching on makes you the owner it runs as) and how its last run went.
 */
export function AutomationList({
  server,
  onOpen,
}: {
  server: AutomationServerState;
  onOpen(id: string): void;
}) {
  const { t, i18n } = useTranslation('automations');
  const client = useClient();
  const { message, modal } = App.useApp();
  const store = useAutomationStore();
  const automations = useAutomations(selectAutomations);
  const app = useAutomations((s) => s.app);
  const saved = useAutomations((s) => s.saved);
  const selected = useAutomations((s) => s.selected);
  const [switching, setSwitching] = useState<string | null>(null);
  const names = namesIn(app, i18n.language);
  const savedIds = new Set(automationsOf(saved).map((a) => a.id));

  const add = (type: TriggerType) => {
    const trigger = triggerKind(type).make(app, null);
    const action = actionKind('create').make(app, null) ?? actionKind('notify').make(app, null);
    if (!trigger || !action) return;
    store.getState().dispatch({
      type: 'addAutomation',
      name: {
        'zh-CN': t('list.newName', { n: automations.length + 1, lng: 'zh-CN' }),
        en: t('list.newName', { n: automations.length + 1, lng: 'en' }),
      },
      trigger,
      action,
    });
  };

  const toggle = async (id: string, enabled: boolean) => {
    setSwitching(id);
    try {
      await client.automations.setEnabled(app.id, id, enabled);
      void message.success(enabled ? t('list.switchedOn') : t('list.switchedOff'));
      server.reload();
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setSwitching(null);
    }
  };

  const remove = (id: string, name: string) =>
    modal.confirm({
      title: t('list.deleteTitle', { name }),
      content: t('list.deleteText'),
      okText: t('list.delete'),
      okButtonProps: { danger: true },
      cancelText: t('cancel'),
      onOk: () => void store.getState().dispatch({ type: 'removeAutomation', id }),
    });

  return (
    <div className="tg-ad-list" data-testid="automation-list">
      <div className="tg-ad-list-head">
        <Typography.Text strong>{t('list.title')}</Typography.Text>
        <Dropdown
          trigger={['click']}
          menu={{
            items: TRIGGER_TYPES.map((type) => ({
              key: type,
              icon: TRIGGER_ICONS[type],
              label: <span data-testid={`add-automation-${type}`}>{t(`trigger.types.${type}`)}</span>,
              disabled: triggerKind(type).make(app, null) === null,
            })),
            onClick: ({ key }) => add(key as TriggerType),
          }}
        >
          <Button type="primary" icon={<PlusOutlined />} data-testid="add-automation">
            {t('list.add')}
          </Button>
        </Dropdown>
      </div>
      {automations.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.none')} />
      ) : (
        <ul className="tg-ad-items">
          {automations.map((a) => {
            const name = names.text(a.name) || a.id;
            const isSaved = savedIds.has(a.id);
            const summary = server.summaries.get(a.id);
            const last = server.lastRuns.get(a.id);
            return (
              <li
                key={a.id}
                className={`tg-ad-item${a.id === selected ? ' is-selected' : ''}`}
                data-testid={`automation-item-${a.id}`}
              >
                <button type="button" className="tg-ad-item-main" onClick={() => onOpen(a.id)}>
                  <span className="tg-ad-item-icon">
                    {TRIGGER_ICONS[a.trigger.type] ?? <ThunderboltOutlined />}
                  </span>
                  <span className="tg-ad-item-text">
                    <Typography.Text strong ellipsis>
                      {name}
                    </Typography.Text>
                    <Typography.Text type="secondary" ellipsis className="tg-ad-item-summary">
                      {triggerSummary(a.trigger, t, names)}
                    </Typography.Text>
                    <span className="tg-ad-item-status">
                      {!isSaved ? (
                        <Typography.Text type="warning" className="tg-ad-item-summary">
                          {t('list.unsaved')}
                        </Typography.Text>
                      ) : last ? (
                        <>
                          <RunStatusTag status={last.status} />
                          <Typography.Text type="secondary" className="tg-ad-item-summary">
                            {new Date(last.startedAt).toLocaleString(i18n.language)}
                          </Typography.Text>
                        </>
                      ) : (
                        <Typography.Text type="secondary" className="tg-ad-item-summary">
                          {t('list.neverRan')}
                        </Typography.Text>
                      )}
                    </span>
                  </span>
                </button>
                <div className="tg-ad-item-tools">
                  <Tooltip
                    title={isSaved ? (summary?.enabled ? t('list.on') : t('list.off')) : t('saveFirst')}
                  >
                    <Switch
                      size="small"
                      checked={summary?.enabled ?? false}
                      disabled={!isSaved || !summary}
                      loading={switching === a.id}
                      onChange={(on) => void toggle(a.id, on)}
                      data-testid={`automation-enabled-${a.id}`}
                      aria-label={t('list.enabled', { name })}
                    />
                  </Tooltip>
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'duplicate', icon: <CopyOutlined />, label: t('list.duplicate') },
                        { key: 'delete', icon: <DeleteOutlined />, label: t('list.delete'), danger: true },
                      ],
                      onClick: ({ key }) =>
                        key === 'duplicate'
                          ? store.getState().dispatch({
                              type: 'duplicateAutomation',
                              id: a.id,
                              suffix: {
                                'zh-CN': t('list.copySuffix', { lng: 'zh-CN' }),
                                en: t('list.copySuffix', { lng: 'en' }),
                              },
                            })
                          : remove(a.id, name),
                    }}
                  >
                    <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('list.more')} />
                  </Dropdown>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
