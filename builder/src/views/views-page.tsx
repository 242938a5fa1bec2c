/**
 * The studio's view editor (decision 0056): `/studio/apps/:appId/forms/:formId/views`. The form's
 * shared views in the order the player's view switcher shows them: create, rename, reorder,
 * delete, and each kind's settings with the player's own pickers (`KindPicker`,
 * `KindSettingsPanel` on a `createViewStore` of the view), so the studio offers exactly the fields
 * the server accepts. Everything is saved through the views API; its refusals (400/422) are shown
 * under the control they concern. Shared views stay rows of the `views` table (decision 0056).
 */
import {
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  ExportOutlined,
  PlusOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { isApiError, type FormDefinition, type SavedView, type ViewKind } from '@tangram/client';
import {
  createViewStore,
  DataViewStyles,
  defaultColumns,
  defaultSettings,
  KindPicker,
  KindSettingsPanel,
  LoadError,
  Loading,
  pickText,
  useAsync,
  useClient,
  useKindTexts,
  useServices,
  viewName,
} from '@tangram/runtime';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Empty,
  Input,
  List,
  Modal,
  Popconfirm,
  Result,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { I18NText } from '@tangram/schema';
import { guardedNavigate } from '../core/nav-guard';
import { issueDetails, moveInOrder, placeIssues, type PlacedIssues } from './core/view-editor';

type Ref = { appId: string; formId: string };

/** `/studio/apps/:appId/forms/:formId/views`: the form's shared views. */
export function ViewsStudioPage({ appId, formId }: { appId: string; formId: string }) {
  const { t } = useTranslation('studioViews');
  const client = useClient();
  const { router } = useServices();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  const formPath = `/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}`;
  const back = () => void guardedNavigate(() => router.getState().navigate(formPath));
  if (result.error) {
    if (isApiError(result.error) && result.error.status === 404)
      return <Result status="404" extra={<Button onClick={back}>{t('back')}</Button>} />;
    return <LoadError error={result.error} onRetry={result.reload} />;
  }
  if (!result.data) return <Loading />;
  const form = result.data.app.forms.find((f) => f.id === formId) as FormDefinition | undefined;
  if (!form) return <Result status="404" extra={<Button onClick={back}>{t('back')}</Button>} />;
  return <ViewsEditor refKey={{ appId, formId }} form={form} appName={result.data.app.name} onBack={back} />;
}

function ViewsEditor({
  refKey,
  form,
  appName,
  onBack,
}: {
  refKey: Ref;
  form: FormDefinition;
  appName: I18NText | string;
  onBack(): void;
}) {
  const { t, i18n } = useTranslation('studioViews');
  const client = useClient();
  const { message, modal } = AntApp.useApp();
  const [views, setViews] = useState<SavedView[] | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [selected, setSelected] = useState<string | undefined>();
  const [dirty, setDirty] = useState(false);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);

  const reload = () =>
    client.views.list(refKey).then(
      (items) => {
        const shared = items.filter((v) => v.shared);
        setViews(shared);
        setSelected((s) => (s && shared.some((v) => v.id === s) ? s : shared[0]?.id));
      },
      (e: unknown) => setLoadError(e as Error),
    );
  useEffect(() => {
    void reload();
    // `refKey` is fixed for the page (the shell keys it by path).
  }, []);

  /** Runs `go` at once, or after confirming that the open view's unsaved changes are dropped. */
  const leaveEditor = (go: () => void) => {
    if (!dirty) return go();
    modal.confirm({
      title: t('discardTitle'),
      okText: t('discard'),
      cancelText: t('keep'),
      okButtonProps: { danger: true },
      onOk: () => {
        setDirty(false);
        go();
      },
    });
  };

  const move = async (id: string, delta: number) => {
    if (!views) return;
    const before = views.map((v) => v.id);
    const ids = moveInOrder(before, id, delta);
    if (ids === before) return;
    setBusy(true);
    try {
      const items = await client.views.reorder(refKey, ids);
      setViews(items.filter((v) => v.shared));
      void message.success(t('reordered'));
    } catch (e) {
      void message.error((e as Error).message);
      // A stale list (409): show what the server has now.
      await reload();
    } finally {
      setBusy(false);
    }
  };

  const remove = async (view: SavedView) => {
    try {
      await client.views.remove(refKey, view.id);
      setDirty(false);
      void message.success(t('deleted'));
      await reload();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  if (loadError) return <LoadError error={loadError} onRetry={() => void reload()} />;
  if (!views) return <Loading />;
  const current = views.find((v) => v.id === selected);
  return (
    <div className="tg-sv" data-testid="studio-views">
      <DataViewStyles />
      <style>{css}</style>
      <div className="tg-sv-top">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('back')} />
        <div className="tg-sv-titles">
          <Typography.Text type="secondary" ellipsis>
            {pickText(appName, i18n.language)} / {pickText(form.name, i18n.language)}
          </Typography.Text>
          <Typography.Text strong>{t('title')}</Typography.Text>
        </div>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('hint')}
      </Typography.Paragraph>
      <div className="tg-sv-body">
        <Card
          size="small"
          title={t('title')}
          extra={
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => leaveEditor(() => setAdding(true))}
              data-testid="studio-view-add"
            >
              {t('add')}
            </Button>
          }
        >
          {views.length === 0 ? (
            <Typography.Text type="secondary">{t('none')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={views}
              data-testid="studio-view-list"
              renderItem={(v, i) => (
                <List.Item
                  className={v.id === selected ? 'tg-sv-item tg-sv-item-on' : 'tg-sv-item'}
                  data-testid="studio-view-item"
                  data-view={v.id}
                  onClick={() => v.id !== selected && leaveEditor(() => setSelected(v.id))}
                  actions={[
                    <Button
                      key="up"
                      size="small"
                      type="text"
                      icon={<ArrowUpOutlined />}
                      aria-label={t('up')}
                      disabled={busy || i === 0}
                      onClick={(e) => {
                        e.stopPropagation();
                        void move(v.id, -1);
                      }}
                    />,
                    <Button
                      key="down"
                      size="small"
                      type="text"
                      icon={<ArrowDownOutlined />}
                      aria-label={t('down')}
                      disabled={busy || i === views.length - 1}
                      onClick={(e) => {
                        e.stopPropagation();
                        void move(v.id, 1);
                      }}
                    />,
                  ]}
                >
                  <KindTag kind={v.config.kind ?? 'grid'} />
                  <Typography.Text ellipsis>{viewName(v, i18n.language)}</Typography.Text>
                </List.Item>
              )}
            />
          )}
        </Card>
        {current ? (
          <ViewSettings
            // A fresh store per view and per saved version.
            key={`${current.id}@${current.updatedAt}`}
            refKey={refKey}
            form={form}
            view={current}
            onDirty={setDirty}
            onSaved={(v) => {
              setDirty(false);
              setViews((list) => list?.map((x) => (x.id === v.id ? v : x)) ?? null);
            }}
            onDelete={() => void remove(current)}
          />
        ) : (
          <Card size="small">
            <Empty description={t('pick')} />
          </Card>
        )}
      </div>
      <NewViewDialog
        open={adding}
        refKey={refKey}
        form={form}
        onClose={() => setAdding(false)}
        onCreated={(v) => {
          setAdding(false);
          setViews((list) => [...(list ?? []), v]);
          setSelected(v.id);
          void message.success(t('created'));
        }}
      />
    </div>
  );
}

function KindTag({ kind }: { kind: ViewKind }) {
  const { kx } = useKindTexts();
  return (
    <Tag bordered={false} color="blue" style={{ marginInlineEnd: 8 }}>
      {kx.kind[kind]}
    </Tag>
  );
}

/** The refusal of a save placed on the controls, in the studio's language where it has a text. */
function usePlaced() {
  const { t } = useTranslation('studioViews');
  const issueTexts = t('issues', { returnObjects: true }) as Record<string, string>;
  return (error: unknown, kind: string): PlacedIssues | null => {
    const details = issueDetails(error);
    return details.length ? placeIssues(details, kind, issueTexts) : null;
  };
}

function ViewSettings({
  refKey,
  form,
  view,
  onDirty,
  onSaved,
  onDelete,
}: {
  refKey: Ref;
  form: FormDefinition;
  view: SavedView;
  onDirty(dirty: boolean): void;
  onSaved(view: SavedView): void;
  onDelete(): void;
}) {
  const { t, i18n } = useTranslation('studioViews');
  const { kx } = useKindTexts();
  const client = useClient();
  const { message } = AntApp.useApp();
  const store = useMemo(() => createViewStore(form, view), [form, view]);
  const storeDirty = useStore(store, (s) => s.dirty);
  // The name as this admin reads it; saved unchanged, the server keeps the view's translations.
  const shownName = viewName(view, i18n.language);
  const [name, setName] = useState(shownName);
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<PlacedIssues | null>(null);
  const place = usePlaced();
  const dirty = storeDirty || name !== shownName;
  useEffect(() => onDirty(dirty), [dirty]);

  const save = async () => {
    setSaving(true);
    setIssues(null);
    try {
      const saved = await client.views.update(refKey, view.id, {
        name,
        config: store.getState().toConfig(),
      });
      void message.success(t('saved'));
      onSaved(saved);
    } catch (e) {
      const placed = place(e, store.getState().kind);
      if (placed) setIssues(placed);
      else void message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const playerHref = `/apps/${encodeURIComponent(refKey.appId)}/forms/${encodeURIComponent(refKey.formId)}?view=${encodeURIComponent(view.id)}`;
  return (
    <Card
      size="small"
      data-testid="studio-view-editor"
      title={
        <Space>
          {shownName}
          {dirty ? <Badge status="warning" text={t('unsaved')} /> : null}
        </Space>
      }
      extra={
        <Space size={4}>
          <Button size="small" type="text" icon={<ExportOutlined />} href={playerHref} target="_blank">
            <span className="tg-hide-xs">{t('openPlayer')}</span>
          </Button>
          <Popconfirm
            title={t('removeConfirm', { name: shownName })}
            okButtonProps={{ danger: true }}
            onConfirm={onDelete}
          >
            <Button size="small" danger icon={<DeleteOutlined />} data-testid="studio-view-delete">
              {t('remove')}
            </Button>
          </Popconfirm>
          <Button
            size="small"
            type="primary"
            icon={<SaveOutlined />}
            loading={saving}
            disabled={!dirty || !name.trim()}
            onClick={() => void save()}
            data-testid="studio-view-save"
          >
            {t('save')}
          </Button>
        </Space>
      }
    >
      <div className="tg-sv-form">
        <label className="tg-sv-row">
          <Typography.Text type="secondary">{t('name')}</Typography.Text>
          <Input
            value={name}
            maxLength={100}
            status={issues?.name ? 'error' : undefined}
            onChange={(e) => setName(e.target.value)}
            data-testid="studio-view-name"
          />
          {issues?.name ? (
            <Typography.Text type="danger" role="alert">
              {issues.name}
            </Typography.Text>
          ) : null}
        </label>
        <div className="tg-sv-row">
          <Typography.Text type="secondary">{kx.viewKind}</Typography.Text>
          <KindPicker form={form} store={store} />
          {issues?.kind ? (
            <Typography.Text type="danger" role="alert" data-testid="studio-view-kind-error">
              {issues.kind}
            </Typography.Text>
          ) : null}
        </div>
        <KindSettingsPanel form={form} store={store} errors={issues?.settings} />
        {issues?.other.length ? (
          <Alert
            type="error"
            showIcon
            message={t('otherIssues')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {issues.other.map((o) => (
                  <li key={o.path}>
                    <code>{o.path.replace(/^\/config\//, '')}</code>: {o.message}
                  </li>
                ))}
              </ul>
            }
            data-testid="studio-view-other-issues"
          />
        ) : null}
      </div>
    </Card>
  );
}

function NewViewDialog({
  open,
  refKey,
  form,
  onClose,
  onCreated,
}: {
  open: boolean;
  refKey: Ref;
  form: FormDefinition;
  onClose(): void;
  onCreated(view: SavedView): void;
}) {
  const { t } = useTranslation('studioViews');
  const { kx } = useKindTexts();
  const client = useClient();
  const { message } = AntApp.useApp();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ViewKind>('grid');
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<PlacedIssues | null>(null);
  const place = usePlaced();
  useEffect(() => {
    if (!open) return;
    setName(t('newName'));
    setKind('grid');
    setIssues(null);
  }, [open]);

  const create = async () => {
    setSaving(true);
    setIssues(null);
    try {
      // The kind starts with the first fields that fit it, as in the player's switcher; the
      // settings are refined in the editor afterwards.
      const settings = defaultSettings(form, kind, { kind });
      const view = await client.views.create(refKey, {
        name: name.trim(),
        shared: true,
        config: { ...(kind !== 'grid' ? { kind } : {}), ...settings, columns: defaultColumns(form) },
      });
      onCreated(view);
    } catch (e) {
      const placed = place(e, kind);
      if (placed) setIssues(placed);
      else void message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const kindError = issues?.kind ?? Object.values(issues?.settings ?? {})[0] ?? issues?.other[0]?.message;
  return (
    <Modal
      open={open}
      title={t('addTitle')}
      okText={t('create')}
      onOk={() => void create()}
      okButtonProps={{ disabled: !name.trim(), loading: saving, 'data-testid': 'studio-view-create' }}
      onCancel={onClose}
      destroyOnHidden
    >
      <div className="tg-sv-form" data-testid="studio-view-new">
        <label className="tg-sv-row">
          <Typography.Text type="secondary">{t('name')}</Typography.Text>
          <Input
            value={name}
            maxLength={100}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            data-testid="studio-view-new-name"
            status={issues?.name ? 'error' : undefined}
          />
          {issues?.name ? <Typography.Text type="danger">{issues.name}</Typography.Text> : null}
        </label>
        <div className="tg-sv-row">
          <Typography.Text type="secondary">{kx.viewKind}</Typography.Text>
          <Segmented<ViewKind>
            block
            value={kind}
            onChange={setKind}
            options={(['grid', 'kanban', 'calendar', 'gallery', 'gantt'] as const).map((k) => ({
              value: k,
              label: kx.kind[k],
            }))}
            data-testid="studio-view-new-kind"
          />
          {kindError ? (
            <Typography.Text type="danger" role="alert">
              {kindError}
            </Typography.Text>
          ) : null}
        </div>
      </div>
    </Modal>
  );
}

const css = `
.tg-sv { padding: 16px 24px; max-width: 1100px; margin: 0 auto; }
.tg-sv-top { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
.tg-sv-titles { display: flex; flex-direction: column; min-width: 0; }
.tg-sv-body { display: grid; grid-template-columns: minmax(220px, 300px) minmax(0, 1fr); gap: 12px; align-items: start; }
.tg-sv-item { cursor: pointer; border-radius: 6px; padding-inline: 8px !important; }
.tg-sv-item-on { background: #e6f4ff; }
.tg-sv-form { display: flex; flex-direction: column; gap: 12px; max-width: 520px; }
.tg-sv-row { display: flex; flex-direction: column; gap: 4px; }
@media (max-width: 767px) {
  .tg-sv { padding: 12px; }
  .tg-sv-body { grid-template-columns: 1fr; }
}
`;
