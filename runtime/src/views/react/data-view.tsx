import {
  ArrowLeftOutlined,
  ArrowRightOutlined,
  DeleteOutlined,
  EditOutlined,
  FilterOutlined,
  ExportOutlined,
  ImportOutlined,
  SaveOutlined,
  SettingOutlined,
  TableOutlined,
} from '@ant-design/icons';
import {
  App as AntApp,
  Badge,
  Button,
  Checkbox,
  Empty,
  Grid,
  Input,
  Modal,
  Popover,
  Select,
  Space,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { lookupField, withAppLookups, type QueryForm } from '@tangram/query';
import type { AppDefinition, FieldDefinition, FormDefinition, RecordDto, SavedView } from '@tangram/client';
import { FULL_GRANT, type FormGrantView } from '../../core/grant-view';
import { pickText } from '../../core/i18n-text';
import { useClient, useRouter, useServices, useSession } from '../../react/context';
import { useAsync } from '../../react/use-async';
import { countConditions, fromFilter, toFilter, type GroupDraft } from '../core/filter-draft';
import { viewName } from '../core/view-name';
import { emptyDirectory, formatSystem, lookupTargets, type Directory } from '../core/format-cell';
import { FieldValue } from './field-value';
import { createPageLoader, type PageLoaderState } from '../core/page-loader';
import { createViewStore, isSortable, listQuery, type ViewStore } from '../core/view-store';
import { readUrlFilter, withoutUrlFilter, type UrlFilter } from '../core/url-filter';
import { linkedRecordId, withoutRecordParam } from '../core/record-link';
import { FilterBuilder, fieldLabel } from './filter-builder';
import { AutomationButtons, buttonAutomations, type ButtonAutomation } from './automation-buttons';
import { RecordDrawer, recordTitle } from './record-drawer';
import { RecycleBin, RecycleBinButton } from './recycle-bin';
import { fill, useViewTexts } from './texts';
import { fieldEditor, ValueInput } from './value-input';
import { CardList, ROW_HEIGHTS, VirtualTable, type TableColumn } from './virtual-table';
import { UrlFilterChip } from './url-filter-chip';
import { WorkflowStatusTag } from './workflow-status-tag';
import { ImportWizard, useImportTexts } from '../../imports';
import { ExportDialog, useExportTexts } from '../../exports';
import { PrintButton } from '../../print';
import { CalendarView } from './calendar-view';
import { ruleMessageOf } from '../core/view-kinds';
import { GanttView } from './gantt-view';
import { GroupedGrid } from './grouped-grid';
import { InlineCell, canEditInline } from './inline-cell';
import { GalleryView } from './gallery-view';
import { KanbanView } from './kanban-view';
import { useKindTexts } from './kind-texts';
import { defaultCardFields } from './record-card';
import { KindPicker, KindSettingsPanel } from './view-settings';

export const PAGE_SIZE = 100;
const NUMERIC_TYPES = new Set(['number', 'money', 'percent']);
/** The row-actions column of button automations (not a field: never sorted or saved in a view). */
const AUTOMATION_COLUMN = '__automations';

/**
 * A form's records: saved views, search, filter, sort, columns, selection with bulk actions, a record
 * drawer. `form` is the form as the caller sees it (`formForGrant`); `grant` decides which actions
 * are offered (all when absent, e.g. the studio's preview).
 */
/**
 * The number of matching records: exact, "10,000+" or "about 12K" (decision 0050). A capped or
 * estimated number is a link that fetches the exact one.
 */
function RecordCount({ page, lang, onCount }: { page: PageLoaderState; lang: string; onCount: () => void }) {
  const { tx } = useViewTexts();
  let text: string;
  if (page.total === undefined)
    text = page.rows.length ? fill(tx.loadedOf, { loaded: page.rows.length }) : '\u00a0';
  else if (page.totalKind === 'estimate')
    text = fill(tx.recordsAbout, {
      count: new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(
        page.total,
      ),
    });
  else if (page.totalKind === 'atLeast')
    text = fill(tx.recordsAtLeast, { count: page.total.toLocaleString(lang) });
  else text = fill(tx.records, { count: page.total.toLocaleString(lang) });
  const inexact = page.total !== undefined && page.totalKind !== undefined && page.totalKind !== 'exact';
  return (
    <Typography.Text type="secondary" data-testid="record-count">
      {inexact ? (
        <Typography.Link onClick={onCount} title={tx.countExactly} disabled={page.counting}>
          {page.counting ? tx.counting : text}
        </Typography.Link>
      ) : (
        text
      )}
      {page.countError ? ` · ${fill(tx.countFailed, { message: page.countError.message })}` : null}
    </Typography.Text>
  );
}

export function DataView({
  appId,
  form,
  grant = FULL_GRANT,
  app,
}: {
  appId: string;
  form: FormDefinition;
  grant?: FormGrantView;
  /** The app definition: lookups of its forms sort and format like the fields they read. */
  app?: AppDefinition;
}) {
  // `?filter=` (a dashboard's click-through) starts the view with that filter, shown as a chip.
  const search = useRouter((s) => s.search);
  const urlFilter = useMemo(() => readUrlFilter(search, form), [search, form]);
  const initial = urlFilter?.ok ? urlFilter.filter : undefined;
  const initialKey = JSON.stringify(initial ?? null);
  const query = useMemo(() => (app ? withAppLookups(form, app) : form), [form, app]);
  const related = useMemo(() => lookupTargets(form, app), [form, app]);
  const buttons = useMemo(() => buttonAutomations(app, form.id), [app, form.id]);
  const store = useMemo(() => {
    const s = createViewStore(form, undefined, query);
    if (initial) s.setState({ filter: initial });
    return s;
    // `initialKey` stands for `initial` (a new object on every parse).
  }, [form, query, initialKey]);
  return (
    <DataViewInner
      key={`${form.id}:${initialKey}`}
      appId={appId}
      form={form}
      store={store}
      urlFilter={urlFilter}
      grant={grant}
      query={query}
      related={related}
      buttons={buttons}
      app={app}
    />
  );
}

function useDirectory(): Directory {
  const client = useClient();
  const members = useAsync(() => client.org.members(), [client]);
  const departments = useAsync(() => client.org.departments(), [client]);
  return useMemo(
    () =>
      members.data || departments.data
        ? {
            users: new Map((members.data?.items ?? []).map((m) => [m.id, m.name])),
            departments: new Map((departments.data?.items ?? []).map((d) => [d.id, d.name])),
          }
        : emptyDirectory,
    [members.data, departments.data],
  );
}

function DataViewInner({
  appId,
  form,
  store,
  urlFilter,
  grant,
  query,
  related,
  buttons,
  app,
}: {
  appId: string;
  form: FormDefinition;
  app: AppDefinition | undefined;
  store: ViewStore;
  urlFilter: UrlFilter;
  grant: FormGrantView;
  query: QueryForm;
  related: ReadonlyMap<string, FieldDefinition>;
  /** The form's button automations: a row action column and buttons in the drawer. */
  buttons: readonly ButtonAutomation[];
}) {
  const { tx, lang } = useViewTexts();
  const { kx } = useKindTexts();
  const client = useClient();
  const { router } = useServices();
  const { message, modal } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? true;
  const directory = useDirectory();
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  const state = useStore(store);
  const [open, setOpen] = useState<RecordDto | null>(null);
  // `?record=<id>` (a related record's link, decision 0060) opens that record's drawer.
  const linkedId = useRouter((s) => linkedRecordId(s.search));
  useEffect(() => {
    if (!linkedId) return;
    let live = true;
    client.records.get(ref, linkedId).then(
      (r) => live && setOpen(r),
      (error: unknown) => live && void message.error(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [client, ref, linkedId, message]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [binOpen, setBinOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  // Bumped after the drawer saved or deleted a record: the board, calendar and gallery read again.
  const [reloadKey, setReloadKey] = useState(0);

  // The page loader follows the query (filter, sort, search): a new query starts a new generation.
  const queryRef = useRef(listQuery(state));
  const loader = useMemo(
    () =>
      createPageLoader({
        pageSize: PAGE_SIZE,
        fetchPage: (cursor, limit) => client.records.query(ref, { ...queryRef.current, cursor, limit }),
        // The planner's estimate for a large set, exact for a small one: never a full count (decision
        // 0050); the exact number only when the reader clicks it.
        fetchCount: () =>
          client.records
            .query(ref, { ...queryRef.current, limit: 1, count: 'estimate' })
            .then((p) => ({ total: p.total ?? 0, totalKind: p.totalKind ?? 'exact' })),
        fetchExactCount: () =>
          client.records.query(ref, { ...queryRef.current, limit: 1, count: true }).then((p) => p.total ?? 0),
      }),
    [client, ref],
  );
  const queryKey = JSON.stringify(listQuery(state));
  useEffect(() => {
    queryRef.current = JSON.parse(queryKey) as ReturnType<typeof listQuery>;
    loader.reset();
  }, [loader, queryKey]);
  const page = useSyncExternalStore(loader.subscribe, loader.getState);
  const count = loader.displayCount();
  const needRows = useCallback((i: number) => loader.ensure(i), [loader]);

  const visible = state.columns.filter((c) => !c.hidden);
  // Records saved by an inline edit, for the grouped grid's own pages (the flat grid's loader is
  // updated in place).
  const [patched, setPatched] = useState<ReadonlyMap<string, RecordDto>>(new Map());
  // Bumped by each inline save: the groups' counts and sums are read again (their rows are not).
  const [saves, setSaves] = useState(0);
  const saveCell = async (r: RecordDto, patch: Record<string, unknown>) => {
    const saved = await client.records.update(ref, r.id, patch, r.version);
    loader.replace(saved);
    setPatched((m) => new Map(m).set(saved.id, saved));
    setSaves((n) => n + 1);
  };
  const columns: TableColumn[] = visible.map((c, index) => {
    const field = form.fields?.find((f) => f.id === c.field);
    // Simple fields edit in place on a double click; a single click opens the record as before.
    const inline = wide && index > 0 && grant.canEdit && grant.isEditable(c.field) && canEditInline(field);
    const show = (r: RecordDto) =>
      field ? (
        <FieldValue field={field} record={r} directory={directory} related={related} mode="cell" />
      ) : c.field === 'workflowStatus' ? (
        <WorkflowStatusTag status={r.workflowStatus} />
      ) : (
        formatSystem(c.field, (r as unknown as Record<string, unknown>)[c.field], directory)
      );
    return {
      field: c.field,
      title: fieldLabel(form, c.field, lang, tx),
      width: c.width,
      sortable: isSortable(query, c.field),
      align: field && NUMERIC_TYPES.has(field.type) ? 'right' : undefined,
      render:
        inline && field
          ? (r: RecordDto) => (
              <InlineCell
                field={field}
                record={r}
                lang={lang}
                display={show(r)}
                save={saveCell}
                ruleMessage={ruleMessageOf(form, (t) => pickText(t as never, lang))}
                editLabel={fill(kx.editCell, { field: fieldLabel(form, c.field, lang, tx) })}
                onOpen={() => setOpen(r)}
              />
            )
          : show,
    };
  });
  const rowHeight = ROW_HEIGHTS[state.grid?.rowHeight ?? 'medium'];
  const frozen = state.grid?.frozenColumns ?? 0;
  const groupField = state.kind === 'grid' ? state.grid?.groupField : undefined;
  // A pressed button's automation may have changed the record: read it again.
  const refresh = (id: string) =>
    void client.records
      .get(ref, id)
      .then((fresh) => {
        loader.replace(fresh);
        setOpen((o) => (o?.id === id ? fresh : o));
      })
      .catch(() => undefined);
  if (buttons.length)
    columns.push({
      field: AUTOMATION_COLUMN,
      title: tx.actions,
      width: undefined,
      sortable: false,
      render: (r: RecordDto) => (
        <AutomationButtons
          appId={appId}
          automations={buttons}
          record={r}
          size="small"
          onDone={() => refresh(r.id)}
        />
      ),
    });
  // A phone's card: the record's title and the first three other columns (grouped or not).
  const phoneCards = {
    title: (r: RecordDto) => recordTitle(form, r, lang, directory, tx.noAccess),
    lines: columns
      .filter((c) => c.field !== form.titleField)
      .slice(0, 3)
      .map((c) => ({ label: c.title, render: c.render })),
  };

  const selected = [...state.selection];
  const bulkDelete = () =>
    modal.confirm({
      title: fill(tx.bulkDeleteConfirm, { count: selected.length }),
      content: tx.bulkDeleteHint,
      okText: tx.delete,
      okButtonProps: { danger: true },
      cancelText: tx.cancel,
      onOk: async () => {
        await client.records.bulkDelete(ref, selected);
        loader.remove(new Set(selected));
        state.clearSelection();
        void message.success(fill(tx.deleted, { count: selected.length }));
      },
    });

  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={state.filter || state.q.trim() ? tx.noMatches : tx.noRecords}
    />
  );

  const cardFields = (fields: string[] | undefined) => fields ?? defaultCardFields(form, state.columns);
  const kindBody =
    state.kind === 'kanban' && state.kanban ? (
      <KanbanView
        appId={appId}
        form={form}
        settings={state.kanban}
        cardFields={cardFields(state.kanban.cardFields)}
        filter={state.filter}
        sort={state.sort}
        directory={directory}
        related={related}
        canEdit={grant.canEdit}
        onOpen={setOpen}
        onCollapse={(collapsed) => state.kanban && state.setKind({ kanban: { ...state.kanban, collapsed } })}
        reloadKey={reloadKey}
      />
    ) : state.kind === 'calendar' && state.calendar ? (
      <CalendarView
        appId={appId}
        form={form}
        {...(app ? { app } : {})}
        settings={state.calendar}
        filter={state.filter}
        directory={directory}
        canEdit={grant.canEdit}
        canCreate={grant.canCreate}
        wide={wide}
        onOpen={setOpen}
        reloadKey={reloadKey}
      />
    ) : state.kind === 'gantt' && state.gantt ? (
      <GanttView
        appId={appId}
        form={form}
        settings={state.gantt}
        filter={state.filter}
        directory={directory}
        canEdit={grant.canEdit}
        wide={wide}
        onOpen={setOpen}
        reloadKey={reloadKey}
      />
    ) : state.kind === 'gallery' ? (
      <GalleryView
        appId={appId}
        form={form}
        settings={state.gallery ?? {}}
        cardFields={cardFields(state.gallery?.cardFields)}
        filter={state.filter}
        sort={state.sort}
        q={state.q}
        directory={directory}
        related={related}
        onOpen={setOpen}
        reloadKey={reloadKey}
      />
    ) : state.kind !== 'grid' ? (
      <KindSettingsPanel form={form} store={store} />
    ) : null;

  return (
    <section className="tg-dataview" data-testid="data-view">
      <Toolbar
        appId={appId}
        form={form}
        store={store}
        directory={directory}
        wide={wide}
        {...(grant.canImport ? { onImport: () => setImportOpen(true) } : {})}
        {...(grant.canExport ? { onExport: () => setExportOpen(true) } : {})}
      />
      {grant.canExport ? (
        <ExportDialog
          appId={appId}
          form={form}
          open={exportOpen}
          view={{ columns: state.columns, filter: state.filter, sort: state.sort, q: state.q }}
          onClose={() => setExportOpen(false)}
        />
      ) : null}
      {grant.canImport ? (
        <ImportWizard
          appId={appId}
          form={form}
          open={importOpen}
          onClose={() => setImportOpen(false)}
          onImported={() => {
            loader.reset();
            setReloadKey((n) => n + 1);
          }}
        />
      ) : null}
      <UrlFilterChip
        form={form}
        urlFilter={urlFilter}
        active={
          urlFilter?.ok === true && JSON.stringify(state.filter ?? null) === JSON.stringify(urlFilter.filter)
        }
        directory={directory}
        onClear={() => {
          const { path, search } = router.getState();
          router.getState().navigate(withoutUrlFilter(path, search), { replace: true });
        }}
      />
      {kindBody ? (
        kindBody
      ) : (
        <>
          <div className="tg-dv-status">
            {state.selection.size > 0 ? (
              <Space wrap size={8} data-testid="bulk-bar">
                <Typography.Text strong>{fill(tx.selected, { count: state.selection.size })}</Typography.Text>
                {grant.canBulkEdit ? (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setBulkOpen(true)}>
                    {tx.bulkEdit}
                  </Button>
                ) : null}
                {grant.canPrint ? (
                  <PrintButton appId={appId} form={form} ids={selected} size="small" selection />
                ) : null}
                {grant.canBulkDelete ? (
                  <Button size="small" danger icon={<DeleteOutlined />} onClick={bulkDelete}>
                    {tx.bulkDelete}
                  </Button>
                ) : null}
                <Button size="small" type="link" onClick={() => state.clearSelection()}>
                  {tx.clearSelection}
                </Button>
              </Space>
            ) : (
              <RecordCount page={page} lang={lang} onCount={() => loader.countExactly()} />
            )}
            {grant.canDelete ? (
              <span style={{ marginLeft: 'auto' }}>
                <RecycleBinButton wide={wide} onClick={() => setBinOpen(true)} />
              </span>
            ) : null}
          </div>
          {page.error ? (
            <Typography.Text type="danger">{page.error.message}</Typography.Text>
          ) : groupField && state.grid ? (
            <GroupedGrid
              appId={appId}
              form={form}
              settings={{ ...state.grid, groupField }}
              columns={columns.map((c) => ({
                ...c,
                render: (r: RecordDto) => c.render(patched.get(r.id) ?? r),
              }))}
              filter={state.filter}
              sort={state.sort}
              directory={directory}
              rowHeight={rowHeight}
              frozen={frozen}
              reloadKey={reloadKey}
              summaryKey={saves}
              onOpen={setOpen}
              onCollapse={(collapsed) => state.grid && state.setKind({ grid: { ...state.grid, collapsed } })}
              formatSum={(_field, v) => v.toLocaleString(lang)}
              // A phone shows each group's records as cards, like the ungrouped list (decision 0056).
              {...(wide ? {} : { cards: phoneCards })}
            />
          ) : wide ? (
            <VirtualTable
              rowHeight={rowHeight}
              frozen={frozen}
              columns={columns}
              rows={page.rows}
              count={page.loading && page.rows.length === 0 ? 8 : count}
              sort={state.sort}
              selection={state.selection}
              onNeedRows={needRows}
              onSort={state.toggleSort}
              onResize={state.resizeColumn}
              {...(grant.canSelect
                ? {
                    onToggle: state.toggleSelected,
                    onToggleAll: (checked: boolean) =>
                      checked ? state.setSelected(page.rows.map((r) => r.id)) : state.clearSelection(),
                  }
                : {})}
              onOpen={setOpen}
              empty={empty}
            />
          ) : (
            <CardList
              rows={page.rows}
              count={page.loading && page.rows.length === 0 ? 4 : count}
              title={phoneCards.title}
              lines={phoneCards.lines}
              selection={state.selection}
              onNeedRows={needRows}
              {...(grant.canSelect ? { onToggle: state.toggleSelected } : {})}
              onOpen={setOpen}
              empty={empty}
            />
          )}
        </>
      )}
      <BulkEditModal
        open={bulkOpen}
        form={form}
        ids={selected}
        directory={directory}
        onClose={() => setBulkOpen(false)}
        onDone={async (data) => {
          const result = await client.records.bulkUpdate(ref, selected, data);
          for (const r of result.records) loader.replace(r);
          state.clearSelection();
          setBulkOpen(false);
          void message.success(fill(tx.updated, { count: result.updated }));
        }}
      />
      <RecordDrawer
        appId={appId}
        form={form}
        buttons={buttons}
        record={open}
        directory={directory}
        canEdit={grant.canEdit}
        canDelete={grant.canDelete}
        canPrint={grant.canPrint}
        onClose={() => {
          setOpen(null);
          // Closing a linked record's drawer leaves the plain view: the link opens it again.
          const { path, search } = router.getState();
          if (linkedRecordId(search))
            router.getState().navigate(withoutRecordParam(path, search), { replace: true });
        }}
        onSaved={(r) => {
          loader.replace(r);
          setOpen(r);
          setReloadKey((n) => n + 1);
        }}
        onDeleted={(r) => {
          loader.remove(new Set([r.id]));
          setReloadKey((n) => n + 1);
          if (state.selection.has(r.id)) state.toggleSelected(r.id);
          setOpen(null);
        }}
      />
      {grant.canDelete ? (
        <RecycleBin
          appId={appId}
          form={form}
          open={binOpen}
          directory={directory}
          canPurge={grant.canPurge}
          onClose={() => setBinOpen(false)}
          // A restored record takes its place again under the current query.
          onRestored={() => loader.reset()}
        />
      ) : null}
    </section>
  );
}

function Toolbar({
  appId,
  form,
  store,
  directory,
  wide,
  onImport,
  onExport,
}: {
  appId: string;
  form: FormDefinition;
  store: ViewStore;
  directory: Directory;
  wide: boolean;
  /** Opens the import wizard; absent without the import right. */
  onImport?: () => void;
  /** Opens the export dialog; absent without the export right. */
  onExport?: () => void;
}) {
  const { tx } = useViewTexts();
  const { tx: ix } = useImportTexts();
  const { tx: ex } = useExportTexts();
  const state = useStore(store);
  const [q, setQ] = useState(state.q);
  useEffect(() => setQ(state.q), [state.q]);
  const [draft, setDraft] = useState<GroupDraft>(() => fromFilter(state.filter));
  const filterKey = JSON.stringify(state.filter ?? null);
  const lastApplied = useRef(filterKey);
  useEffect(() => {
    // A view switch replaces the filter: rebuild the draft unless the change came from the draft.
    if (filterKey !== lastApplied.current) setDraft(fromFilter(state.filter));
    lastApplied.current = filterKey;
  }, [filterKey, state.filter]);
  const onDraft = (next: GroupDraft) => {
    setDraft(next);
    const filter = toFilter(form, next);
    const key = JSON.stringify(filter ?? null);
    if (key !== lastApplied.current) {
      lastApplied.current = key;
      state.setFilter(filter);
    }
  };
  const conditions = countConditions(state.filter);
  const { kx } = useKindTexts();
  // Search serves the lists (grid, gallery); a board's and a calendar's counts come from grouped
  // SQL that has no text search, so they offer the filter only (decision 0039).
  const searchable = state.kind === 'grid' || state.kind === 'gallery';
  return (
    <div className="tg-dv-toolbar">
      <SavedViews appId={appId} form={form} store={store} />
      {searchable ? (
        <Input.Search
          className="tg-dv-search"
          allowClear
          placeholder={tx.search}
          aria-label={tx.search}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            if (e.target.value === '') state.setQ('');
          }}
          onSearch={(v) => state.setQ(v)}
          data-testid="record-search"
        />
      ) : null}
      <Popover
        trigger="click"
        placement="bottomLeft"
        content={<FilterBuilder form={form} draft={draft} onChange={onDraft} directory={directory} />}
        destroyOnHidden={false}
      >
        <Badge count={conditions} size="small" color="#4263eb">
          <Button icon={<FilterOutlined />} data-testid="filter-button">
            {wide ? tx.filter : null}
          </Button>
        </Badge>
      </Popover>
      {state.kind === 'grid' ? (
        <Popover
          trigger="click"
          placement="bottomRight"
          content={<ColumnSettings form={form} store={store} />}
        >
          <Button icon={<TableOutlined />} data-testid="columns-button">
            {wide ? tx.columns : null}
          </Button>
        </Popover>
      ) : null}
      {state.kind !== 'grid' || wide ? (
        <Popover
          trigger="click"
          placement="bottomRight"
          title={kx.settings}
          content={<KindSettingsPanel form={form} store={store} />}
        >
          <Button icon={<SettingOutlined />} data-testid="view-settings-button">
            {wide ? kx.settings : null}
          </Button>
        </Popover>
      ) : null}
      {onImport ? (
        <Button
          icon={<ImportOutlined />}
          onClick={onImport}
          data-testid="import-button"
          aria-label={ix.button}
        >
          {wide ? ix.button : null}
        </Button>
      ) : null}
      {onExport ? (
        <Button
          icon={<ExportOutlined />}
          onClick={onExport}
          data-testid="export-button"
          aria-label={ex.button}
        >
          {wide ? ex.button : null}
        </Button>
      ) : null}
    </div>
  );
}

function ColumnSettings({ form, store }: { form: FormDefinition; store: ViewStore }) {
  const { tx, lang } = useViewTexts();
  const state = useStore(store);
  return (
    <div className="tg-col-settings" data-testid="column-settings">
      {state.columns.map((c, i) => (
        <div key={c.field} className="tg-col-row">
          <Checkbox checked={!c.hidden} onChange={() => state.toggleColumn(c.field)}>
            {fieldLabel(form, c.field, lang, tx)}
          </Checkbox>
          <span>
            <Button
              size="small"
              type="text"
              icon={<ArrowLeftOutlined rotate={90} />}
              aria-label={`${tx.moveLeft} ${fieldLabel(form, c.field, lang, tx)}`}
              disabled={i === 0}
              onClick={() => state.moveColumnTo(c.field, i - 1)}
            />
            <Button
              size="small"
              type="text"
              icon={<ArrowRightOutlined rotate={90} />}
              aria-label={`${tx.moveRight} ${fieldLabel(form, c.field, lang, tx)}`}
              disabled={i === state.columns.length - 1}
              onClick={() => state.moveColumnTo(c.field, i + 1)}
            />
          </span>
        </div>
      ))}
    </div>
  );
}

function SavedViews({ appId, form, store }: { appId: string; form: FormDefinition; store: ViewStore }) {
  const { tx, lang } = useViewTexts();
  const { kx } = useKindTexts();
  const client = useClient();
  const { message } = AntApp.useApp();
  const isAdmin = useSession((s) => s.session?.user.isAdmin ?? false);
  const ref = { appId, formId: form.id };
  const views = useAsync(() => client.views.list(ref), [client, appId, form.id]);
  const state = useStore(store);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const list = views.data ?? [];
  const current = list.find((v) => v.id === state.viewId);
  const canUpdate = current && (!current.shared || isAdmin);

  const choose = (id: string) => store.getState().applyView(list.find((v) => v.id === id));
  // `?view=<id>` opens a saved view (the studio's "Open in the data page", decision 0056); once,
  // when the list arrives, unless a view was already chosen.
  const search = useRouter((s) => s.search);
  const wanted = new URLSearchParams(search).get('view');
  useEffect(() => {
    const view = wanted ? views.data?.find((v) => v.id === wanted) : undefined;
    if (view && store.getState().viewId === undefined) store.getState().applyView(view);
  }, [views.data, wanted, store]);
  const saveNew = async () => {
    const view = await client.views.create(ref, { name: name.trim(), shared, config: state.toConfig() });
    setSaving(false);
    setName('');
    views.reload();
    store.getState().applyView(view);
    void message.success(tx.viewSaved);
  };
  const update = async (view: SavedView) => {
    await client.views.update(ref, view.id, { config: state.toConfig() });
    views.reload();
    store.setState({ dirty: false });
    void message.success(tx.viewSaved);
  };
  const remove = async (view: SavedView) => {
    await client.views.remove(ref, view.id);
    store.getState().applyView(undefined);
    views.reload();
  };
  const group = (items: SavedView[], label: string) =>
    items.length
      ? [
          {
            label,
            options: items.map((v) => ({
              value: v.id,
              label:
                v.config.kind && v.config.kind !== 'grid'
                  ? `${viewName(v, lang)} · ${kx.kind[v.config.kind]}`
                  : viewName(v, lang),
            })),
          },
        ]
      : [];

  return (
    <Space.Compact className="tg-dv-views">
      <Select
        aria-label={tx.views}
        data-testid="view-select"
        value={state.viewId ?? ''}
        popupMatchSelectWidth={false}
        style={{ minWidth: 140 }}
        options={[
          { value: '', label: tx.defaultView },
          ...group(
            list.filter((v) => v.shared),
            tx.shared,
          ),
          ...group(
            list.filter((v) => !v.shared),
            tx.personal,
          ),
        ]}
        onChange={choose}
      />
      {canUpdate && state.dirty ? (
        <Button icon={<SaveOutlined />} onClick={() => void update(current)} aria-label={tx.updateView} />
      ) : null}
      <Popover
        trigger="click"
        open={saving}
        onOpenChange={setSaving}
        content={
          <div className="tg-save-view" data-testid="save-view">
            <KindPicker form={form} store={store} />
            <KindSettingsPanel form={form} store={store} />
            <Input
              aria-label={tx.viewName}
              placeholder={tx.viewName}
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              onPressEnter={() => name.trim() && void saveNew()}
            />
            {isAdmin ? (
              <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)}>
                {tx.shareView}
              </Checkbox>
            ) : null}
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              {current && canUpdate ? (
                <Button danger size="small" type="text" onClick={() => void remove(current)}>
                  {tx.deleteView}
                </Button>
              ) : (
                <span />
              )}
              <Button type="primary" size="small" disabled={!name.trim()} onClick={() => void saveNew()}>
                {tx.save}
              </Button>
            </Space>
          </div>
        }
      >
        <Button icon={<SaveOutlined />} data-testid="save-view-button" aria-label={tx.saveView}>
          {tx.saveView}
        </Button>
      </Popover>
    </Space.Compact>
  );
}

function BulkEditModal({
  open,
  form,
  ids,
  directory,
  onClose,
  onDone,
}: {
  open: boolean;
  form: FormDefinition;
  ids: string[];
  directory: Directory;
  onClose(): void;
  onDone(data: Record<string, unknown>): Promise<void>;
}) {
  const { tx, lang } = useViewTexts();
  const { message } = AntApp.useApp();
  const [fieldId, setFieldId] = useState<string>();
  const [value, setValue] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // Fields the caller may not write are `readOnly` in the form as they see it (formForGrant).
  const fields = (form.fields ?? []).filter(
    (f) => fieldEditor(f) !== null && lookupField(form, f.id).ok && f.readOnly !== true,
  );
  const field = fields.find((f) => f.id === fieldId);
  useEffect(() => {
    if (!open) {
      setFieldId(undefined);
      setValue(undefined);
    }
  }, [open]);
  return (
    <Modal
      open={open}
      title={fill(tx.bulkEditTitle, { count: ids.length })}
      okText={tx.apply}
      cancelText={tx.cancel}
      okButtonProps={{ disabled: !field, loading: busy }}
      onCancel={onClose}
      onOk={async () => {
        setBusy(true);
        try {
          await onDone({ [field!.id]: value ?? null });
        } catch (e) {
          void message.error((e as Error).message);
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      <div data-testid="bulk-edit" className="tg-bulk-edit">
        <Typography.Text type="secondary">{tx.field}</Typography.Text>
        <Select
          aria-label={tx.field}
          style={{ width: '100%' }}
          value={fieldId}
          placeholder={tx.selectField}
          options={fields.map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
          onChange={(id: string) => {
            setFieldId(id);
            setValue(undefined);
          }}
        />
        {field ? (
          <>
            <Typography.Text type="secondary">{tx.value}</Typography.Text>
            <ValueInput
              editor={fieldEditor(field)!}
              field={field}
              value={value}
              onChange={setValue}
              directory={directory}
              ariaLabel={tx.value}
            />
          </>
        ) : null}
      </div>
    </Modal>
  );
}
