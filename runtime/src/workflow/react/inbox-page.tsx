import type { AppDefinition, TaskBox, TaskListItem } from '@tangram/client';
import { Badge, Button, Empty, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { pickText } from '../../core/i18n-text';
import { LoadError } from '../../components/status-views';
import { Link } from '../../react/link';
import { useClient, useRouter, useServices } from '../../react/context';
import { BOXES, boxFromSearch, inboxPath, processPath, statusTag } from '../core/inbox-format';
import { useWorkflowTexts, type WorkflowTexts } from '../texts';
import { useCounts } from './use-counts';
import { useMembers, type Members } from './use-members';
import { WorkflowStyles } from './styles';

const PAGE = 20;

interface ListState {
  items: TaskListItem[];
  cursor: string | null;
  loading: boolean;
  error: Error | null;
}

/** `/tasks?box=`: the task inbox with its four boxes, counts as badges and keyset "load more". */
export function InboxPage() {
  const { tx } = useWorkflowTexts();
  const { router } = useServices();
  const search = useRouter((s) => s.search);
  const box = boxFromSearch(search);
  const counts = useCounts((s) => s.counts);
  const refresh = useCounts((s) => s.refresh);
  useEffect(() => void refresh(), [refresh, box]);
  return (
    <div className="tg-wf-page" data-testid="inbox-page">
      <WorkflowStyles />
      <div className="tg-wf-head">
        <Typography.Title level={4}>{tx.inbox}</Typography.Title>
      </div>
      <Tabs
        className="tg-wf-inbox-tabs"
        activeKey={box}
        onChange={(key) => router.getState().navigate(inboxPath(key as TaskBox), { replace: true })}
        items={BOXES.map((b) => ({
          key: b,
          label: (
            <span data-testid={`inbox-tab-${b}`}>
              {tx.boxes[b]}{' '}
              <Badge
                count={counts?.[b] ?? 0}
                showZero={false}
                overflowCount={99}
                color={b === 'todo' ? '#f5222d' : '#98a2b3'}
                data-testid={`inbox-count-${b}`}
              />
            </span>
          ),
        }))}
      />
      <TaskList key={box} box={box} />
    </div>
  );
}

function TaskList({ box }: { box: TaskBox }) {
  const { tx, lang } = useWorkflowTexts();
  const client = useClient();
  const members = useMembers();
  const [state, setState] = useState<ListState>({ items: [], cursor: null, loading: true, error: null });
  const apps = useAppNames(state.items);
  const seq = useRef(0);

  const load = (cursor: string | null) => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    client.tasks.list(box, { limit: PAGE, ...(cursor ? { cursor } : {}) }).then(
      (page) => {
        if (mine !== seq.current) return;
        setState((s) => ({
          items: cursor ? [...s.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          loading: false,
          error: null,
        }));
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setState((s) => ({ ...s, loading: false, error: e instanceof Error ? e : new Error(String(e)) }));
      },
    );
  };
  useEffect(() => load(null), [box, client]);

  if (state.error && state.items.length === 0)
    return <LoadError error={state.error} onRetry={() => load(null)} />;
  if (!state.loading && state.items.length === 0)
    return (
      <div className="tg-empty" data-testid="inbox-empty">
        <Empty description={tx.emptyBox[box]} />
      </div>
    );
  return (
    <>
      <div className="tg-wf-list" data-testid="inbox-list">
        {state.items.map((item) => (
          <TaskRow
            key={`${item.instanceId}:${item.taskId ?? ''}`}
            box={box}
            item={item}
            tx={tx}
            formName={apps.formName(item.appId, item.formId, lang)}
            members={members}
          />
        ))}
      </div>
      <div className="tg-wf-more">
        {state.cursor ? (
          <Button loading={state.loading} onClick={() => load(state.cursor)} data-testid="inbox-load-more">
            {tx.loadMore}
          </Button>
        ) : state.loading ? (
          <Button loading type="text" />
        ) : (
          <Typography.Text type="secondary">{tx.noMore}</Typography.Text>
        )}
      </div>
    </>
  );
}

function TaskRow({
  box,
  item,
  tx,
  formName,
  members,
}: {
  box: TaskBox;
  item: TaskListItem;
  tx: WorkflowTexts;
  formName: string;
  members: Members;
}) {
  const { lang } = useWorkflowTexts();
  const tag = statusTag(box, item, tx);
  const time = box === 'done' && item.actedAt ? item.actedAt : item.createdAt;
  return (
    <Link to={processPath(item)} className="tg-wf-item" data-testid="inbox-item">
      <div className="tg-wf-item-main" style={{ minWidth: 0 }}>
        <div className="tg-wf-item-title" data-testid="inbox-item-title">
          {item.title || tx.untitled}
        </div>
        <div className="tg-wf-item-form">{formName}</div>
      </div>
      <div className="tg-wf-item-cell tg-wf-item-node">
        <span className="tg-wf-item-label">{tx.currentNode}:</span>
        {pickText(item.nodeName, lang) || '—'}
      </div>
      <div className="tg-wf-item-cell tg-wf-item-who">
        <span className="tg-wf-item-label">{tx.submitter}:</span>
        {members.name(item.submitter)}
      </div>
      <div className="tg-wf-item-cell tg-wf-item-time">
        <span className="tg-wf-item-label">{box === 'done' ? tx.actedAt : tx.submittedAt}:</span>
        {dayjs(time).format('YYYY-MM-DD HH:mm')}
      </div>
      <div className="tg-wf-item-tag">
        <Tag color={tag.color} style={{ marginInlineEnd: 0 }} data-testid="inbox-item-status">
          {tag.text}
        </Tag>
      </div>
    </Link>
  );
}

/** Form names for the rows: each app's definition is fetched once, when a row first needs it. */
function useAppNames(items: readonly TaskListItem[]) {
  const client = useClient();
  const [apps, setApps] = useState<ReadonlyMap<string, AppDefinition>>(new Map());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const appId of new Set(items.map((i) => i.appId))) {
      if (asked.current.has(appId)) continue;
      asked.current.add(appId);
      client.apps.get(appId).then(
        (r) => setApps((m) => new Map(m).set(appId, r.app)),
        () => undefined, // no name: the row still links to the record
      );
    }
  }, [items, client]);
  return useMemo(
    () => ({
      formName(appId: string, formId: string, lang: string): string {
        const app = apps.get(appId);
        const form = app?.forms?.find((f) => f.id === formId);
        return app ? `${pickText(app.name, lang)} · ${pickText(form?.name, lang)}` : '';
      },
    }),
    [apps],
  );
}
