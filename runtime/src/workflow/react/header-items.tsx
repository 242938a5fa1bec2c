import { AuditOutlined, BellOutlined } from '@ant-design/icons';
import type { AppNotification } from '@tangram/client';
import { App as AntApp, Badge, Button, Empty, Grid, Popover, Segmented, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useClient, useServices } from '../../react/context';
import { inboxPath, notificationPath, notificationText } from '../core/inbox-format';
import { fill, useWorkflowTexts } from '../texts';
import { useCounts, useCountsPolling } from './use-counts';
import { useMembers } from './use-members';
import { WorkflowStyles } from './styles';

/** The top bar's approval entries: the inbox with its to-do count and the notification bell. */
export function WorkflowHeaderItems() {
  useCountsPolling();
  return (
    <>
      <WorkflowStyles />
      <InboxButton />
      <NotificationBell />
    </>
  );
}

function InboxButton() {
  const { tx } = useWorkflowTexts();
  const { router } = useServices();
  const todo = useCounts((s) => s.counts?.todo ?? 0);
  return (
    <Button
      type="text"
      data-testid="inbox-link"
      href={`${router.getState().base.replace(/\/$/, '')}${inboxPath()}`}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey) return;
        e.preventDefault();
        router.getState().navigate(inboxPath());
      }}
      icon={
        <Badge count={todo} size="small" overflowCount={99} data-testid="inbox-badge">
          <AuditOutlined style={{ fontSize: 16 }} />
        </Badge>
      }
    >
      <span className="tg-hide-xs">{tx.inboxShort}</span>
    </Button>
  );
}

function NotificationBell() {
  const { tx } = useWorkflowTexts();
  const unread = useCounts((s) => s.unread);
  const [open, setOpen] = useState(false);
  // On a phone the bell sits mid-bar: a list aligned to its right edge would run off the left side.
  const narrow = !Grid.useBreakpoint().sm;
  return (
    <Popover
      trigger="click"
      placement={narrow ? 'bottom' : 'bottomRight'}
      open={open}
      onOpenChange={setOpen}
      arrow={false}
      // Mounted while open only (destroyOnHidden): every opening reads the latest notifications.
      destroyOnHidden
      content={<NotificationList onNavigate={() => setOpen(false)} />}
      styles={{ container: { padding: 8 } }}
    >
      <Button type="text" aria-label={tx.notifications} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99} data-testid="notification-badge">
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

function NotificationList({ onNavigate }: { onNavigate(): void }) {
  const { tx, lang } = useWorkflowTexts();
  const client = useClient();
  const { router } = useServices();
  const { message } = AntApp.useApp();
  const members = useMembers();
  const refreshCounts = useCounts((s) => s.refresh);
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [items, setItems] = useState<AppNotification[] | null>(null);

  const load = useCallback(() => {
    client.notifications.list({ limit: 30, unread: onlyUnread }).then(
      (page) => setItems(page.items),
      (e: unknown) => {
        setItems([]);
        void message.error(fill(tx.errors.failed, { message: e instanceof Error ? e.message : String(e) }));
      },
    );
  }, [client, onlyUnread, message, tx]);
  useEffect(load, [load]);

  const markRead = async (input: { ids?: string[]; all?: boolean }) => {
    try {
      await client.notifications.markRead(input);
      const now = new Date().toISOString();
      setItems((list) =>
        (list ?? []).map((n) =>
          input.all || input.ids?.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n,
        ),
      );
      void refreshCounts();
    } catch (e) {
      void message.error(fill(tx.errors.failed, { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  const open = (n: AppNotification) => {
    if (!n.readAt) void markRead({ ids: [n.id] });
    const path = notificationPath(n);
    onNavigate();
    if (path) router.getState().navigate(path);
  };

  return (
    <div className="tg-wf-bell-list" data-testid="notification-list">
      <div className="tg-wf-bell-head">
        <Segmented
          size="small"
          value={onlyUnread ? 'unread' : 'all'}
          options={[
            { value: 'all', label: tx.all },
            { value: 'unread', label: tx.onlyUnread },
          ]}
          onChange={(v) => setOnlyUnread(v === 'unread')}
        />
        <Button
          size="small"
          type="link"
          onClick={() => void markRead({ all: true })}
          data-testid="notification-read-all"
        >
          {tx.markAllRead}
        </Button>
      </div>
      {items === null ? (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx.noNotifications} />
      ) : (
        items.map((n) => (
          <div
            key={n.id}
            role="link"
            tabIndex={0}
            className="tg-wf-bell-item"
            data-testid="notification-item"
            data-unread={n.readAt ? undefined : 'true'}
            onClick={() => open(n)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') open(n);
            }}
          >
            <span className={`tg-wf-bell-dot${n.readAt ? ' tg-wf-read' : ''}`} />
            <div style={{ minWidth: 0 }}>
              <div className="tg-wf-bell-text" data-kind={n.kind}>
                {n.kind === 'automation' ? (
                  <Tag color="purple" className="tg-wf-bell-kind">
                    {tx.automationTag}
                  </Tag>
                ) : null}
                {notificationText(n, tx, members.name, lang)}
              </div>
              {n.kind === 'automation' && n.payload.message ? (
                <Typography.Paragraph className="tg-wf-bell-message" ellipsis={{ rows: 2 }}>
                  {n.payload.message}
                </Typography.Paragraph>
              ) : null}
              <Typography.Text className="tg-wf-bell-time">
                {dayjs(n.createdAt).format('MM-DD HH:mm')}
              </Typography.Text>
            </div>
          </div>
        ))
      )}
    </div>
  );
}
