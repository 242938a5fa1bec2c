/**
 * The print template designer (decision 0045): `/studio/apps/:appId/forms/:formId/print`. A list
 * of the form's templates; for the open one its page (size, orientation, margins), header
 * (company name, logo, title), footer (text, page numbers) and body (rows of up to four fields,
 * subform tables with chosen columns, static text; fields dragged from the form's field list onto
 * the page and blocks dragged into order, decision 0061, with buttons and selects as the keyboard
 * path), and a PDF preview of the
 * first record rendered by the server with the unsaved template. Edits are commands on the
 * shared document store (undo/redo, save as a new app version).
 */
import {
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EyeOutlined,
  PlusOutlined,
  SaveOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { isApiError } from '@tangram/client';
import { LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import type { I18NText, PrintTemplate } from '@tangram/schema';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Checkbox,
  Empty,
  Input,
  InputNumber,
  List,
  Result,
  Segmented,
  Select,
  Space,
  Typography,
} from 'antd';
import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { guardedNavigate } from '../core/nav-guard';
import { useDesignerShortcuts, useLeaveGuard } from '../core/designer-guards';
import { UndoRedoButtons } from '../core/undo-redo-buttons';
import { useAppSave } from '../core/use-app-save';
import { isPlaced, MAX_PER_ROW, nextTemplateId, starterTemplate } from './core/commands';
import {
  BlockHandle,
  EndDrop,
  FieldList,
  GapLine,
  PrintDnd,
  RefusalNote,
  refusalText,
  RowCell,
  useBlockDnd,
} from './print-dnd';
import './print-designer.css';
import { PrintStoreProvider, selectForm, selectTemplate, usePrint, usePrintStore } from './store';

type Block = PrintTemplate['body'][number];
type Logo = NonNullable<NonNullable<PrintTemplate['header']>['logo']>;

/** Largest logo the server prints (decision 0045): refused here before the upload. */
const MAX_LOGO_BYTES = 2 * 1024 * 1024;
const NO_VALUE = new Set(['description', 'divider']);

function i18nInput(value: I18NText | undefined, lang: 'zh-CN' | 'en', text: string): I18NText | undefined {
  const next = { ...(value ?? {}), [lang]: text } as Record<string, string>;
  if (!text) delete next[lang];
  return Object.keys(next).length ? (next as I18NText) : undefined;
}

function TemplateList() {
  const { t, i18n } = useTranslation('print');
  const store = usePrintStore();
  const form = usePrint(selectForm);
  const selected = usePrint((s) => s.selected);
  const templates = form.printTemplates ?? [];
  const add = () => {
    const id = nextTemplateId(form);
    store.getState().dispatch({
      type: 'addTemplate',
      formId: form.id,
      template: starterTemplate(form, id, {
        'zh-CN': `打印模板 ${id.slice(5)}`,
        en: `Print template ${id.slice(5)}`,
      }),
    });
  };
  return (
    <Card
      size="small"
      title={t('templates')}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="print-add">
          {t('add')}
        </Button>
      }
    >
      {templates.length === 0 ? (
        <Typography.Text type="secondary">{t('none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={templates}
          renderItem={(tpl) => (
            <List.Item
              onClick={() => store.getState().select(tpl.id)}
              style={{ cursor: 'pointer', background: tpl.id === selected ? '#e6f4ff' : undefined }}
              data-testid={`print-template-item-${tpl.id}`}
            >
              {pickText(tpl.name, i18n.language)}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function BlockEditor({
  block,
  onChange,
  onMove,
  onDelete,
  index,
  count,
}: {
  block: Block;
  index: number;
  count: number;
  onChange(b: Block): void;
  onMove(delta: number): void;
  onDelete(): void;
}) {
  const { t, i18n } = useTranslation('print');
  const { message } = AntApp.useApp();
  const store = usePrintStore();
  const form = usePrint(selectForm);
  const template = usePrint(selectTemplate);
  const dnd = useBlockDnd(index);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const subforms = form.fields.filter((f) => f.type === 'subform');
  const tools = (
    <Space size={2}>
      <Button
        size="small"
        type="text"
        icon={<ArrowUpOutlined />}
        aria-label={t('up')}
        disabled={index === 0}
        onClick={() => onMove(-1)}
      />
      <Button
        size="small"
        type="text"
        icon={<ArrowDownOutlined />}
        aria-label={t('down')}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      />
      <Button
        size="small"
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label={t('delete')}
        onClick={onDelete}
      />
    </Space>
  );
  const title = (text: string) => (
    <span className="tg-pr-block-title">
      <BlockHandle handle={dnd.handle} />
      {text}
    </span>
  );
  const shell = (text: string, body: ReactNode) => (
    <div
      ref={dnd.ref}
      className="tg-pr-block"
      data-into={dnd.into ?? undefined}
      data-dragging={dnd.dragging || undefined}
      data-testid={`print-block-${index}`}
      data-kind={block.kind}
    >
      <Card size="small" title={title(text)} extra={tools}>
        {body}
      </Card>
    </div>
  );
  if (block.kind === 'fields') {
    // The keyboard path next to dragging: a select adds a field not on the page yet to this row.
    const free = form.fields.filter(
      (f) => f.type !== 'subform' && !NO_VALUE.has(f.type) && !(template && isPlaced(template.body, f.id)),
    );
    const addToRow = (fieldId: string) => {
      if (!template) return;
      const result = store.getState().dispatch({
        type: 'placeField',
        formId: form.id,
        templateId: template.id,
        fieldId,
        at: { kind: 'into', block: index, position: block.fields.length },
      });
      if (!result.ok) void message.warning(refusalText(t, result.error.code));
    };
    return shell(
      t('rowFields'),
      <>
        <div
          className="tg-pr-row"
          style={{ gridTemplateColumns: `repeat(${block.fields.length}, minmax(0, 1fr))` }}
          data-testid={`print-row-${index}`}
        >
          {block.fields.map((id, p) => (
            <RowCell
              key={id}
              block={index}
              position={p}
              last={p === block.fields.length - 1}
              fieldId={id}
              field={form.fields.find((f) => f.id === id)}
              onRemove={() => {
                const fields = block.fields.filter((x) => x !== id);
                if (fields.length) onChange({ ...block, fields });
                else onDelete();
              }}
            />
          ))}
        </div>
        {dnd.into === 'refused' && dnd.refusal ? <RefusalNote code={dnd.refusal} /> : null}
        {dnd.into === 'ok' ? <div className="tg-pr-into-note">{t('dropIntoRow')}</div> : null}
        {block.fields.length < MAX_PER_ROW ? (
          <Select
            size="small"
            showSearch
            optionFilterProp="label"
            className="tg-pr-row-add"
            placeholder={
              <span>
                <PlusOutlined /> {t('addField')}
              </span>
            }
            value={null}
            disabled={free.length === 0}
            onChange={(id: string) => addToRow(id)}
            options={free.map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
            data-testid={`print-row-fields-${index}`}
          />
        ) : null}
      </>,
    );
  }
  if (block.kind === 'subform') {
    const sub = subforms.find((f) => f.id === block.field);
    const columns = sub?.type === 'subform' ? sub.config.fields : [];
    return shell(
      t('subform'),
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          style={{ width: '100%' }}
          value={block.field}
          onChange={(field: string) => onChange({ kind: 'subform', field })}
          options={subforms.map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
        />
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          placeholder={t('columns')}
          value={block.columns ?? []}
          maxCount={12}
          onChange={(cols: string[]) =>
            onChange(cols.length ? { ...block, columns: cols } : { kind: 'subform', field: block.field })
          }
          options={columns.map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
        />
      </Space>,
    );
  }
  return shell(
    t('text'),
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input
        addonBefore="中文"
        value={block.text['zh-CN'] ?? ''}
        onChange={(e) =>
          onChange({ ...block, text: i18nInput(block.text, 'zh-CN', e.target.value) ?? { en: '' } })
        }
        data-testid={`print-text-zh-${index}`}
      />
      <Input
        addonBefore="EN"
        value={block.text.en ?? ''}
        onChange={(e) =>
          onChange({ ...block, text: i18nInput(block.text, 'en', e.target.value) ?? { 'zh-CN': '' } })
        }
        data-testid={`print-text-en-${index}`}
      />
      <Segmented
        value={block.size ?? 'normal'}
        onChange={(size) => onChange({ ...block, size: size as 'small' | 'normal' | 'large' })}
        options={(['small', 'normal', 'large'] as const).map((v) => ({ value: v, label: t(v) }))}
      />
    </Space>,
  );
}

/**
 * The header's logo: the app icon, none, or an image uploaded through the files API and kept in
 * the template as its file id (decision 0057); the chosen image is shown as the server serves it.
 */
function LogoPicker({ logo, onChange }: { logo: Logo | undefined; onChange(logo: Logo): void }) {
  const { t } = useTranslation('print');
  const client = useClient();
  const { message } = AntApp.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<Logo['kind']>(logo?.kind ?? 'appIcon');
  const [busy, setBusy] = useState(false);
  const pick = async (file: File) => {
    if (file.size > MAX_LOGO_BYTES) {
      void message.error(t('logoTooLarge'));
      return;
    }
    setBusy(true);
    try {
      const info = await client.files.upload(file, file.name, { accept: ['image/png', 'image/jpeg'] });
      onChange({ kind: 'file', fileId: info.id });
    } catch (e) {
      void message.error(t('logoFailed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical">
      <Space>
        <span>{t('logo')}</span>
        <Segmented
          value={mode}
          onChange={(k) => {
            const kind = k as Logo['kind'];
            setMode(kind);
            if (kind !== 'file') onChange({ kind });
            else if (logo?.kind !== 'file') input.current?.click();
          }}
          options={[
            { value: 'appIcon', label: t('logoApp') },
            { value: 'file', label: t('logoFile') },
            { value: 'none', label: t('logoNone') },
          ]}
          data-testid="print-logo-kind"
        />
      </Space>
      {mode === 'file' ? (
        <Space wrap>
          {logo?.kind === 'file' ? (
            <img
              src={client.files.url(logo.fileId)}
              alt={t('logo')}
              style={{ height: 32, maxWidth: 120, objectFit: 'contain', border: '1px solid #f0f0f0' }}
              data-testid="print-logo-image"
            />
          ) : null}
          <Button
            size="small"
            icon={<UploadOutlined />}
            loading={busy}
            onClick={() => input.current?.click()}
            data-testid="print-logo-upload"
          >
            {t('logoUpload')}
          </Button>
          <Typography.Text type="secondary">{t('logoHint')}</Typography.Text>
        </Space>
      ) : null}
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg"
        hidden
        data-testid="print-logo-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void pick(file);
        }}
      />
    </Space>
  );
}

function TemplateEditor({ template }: { template: PrintTemplate }) {
  const { t } = useTranslation('print');
  const store = usePrintStore();
  const form = usePrint(selectForm);
  const { modal } = AntApp.useApp();
  const set = (next: PrintTemplate, key?: string) =>
    store
      .getState()
      .dispatch({ type: 'setTemplate', formId: form.id, template: next }, key ? { coalesceKey: key } : {});
  const page = template.page ?? {};
  const margins = page.margins ?? {};
  const header = template.header ?? {};
  const footer = template.footer ?? {};
  const setBody = (body: Block[]) => set({ ...template, body });
  // Up and down are the keyboard path of dragging a block: the same command.
  const move = (i: number, delta: number) =>
    store.getState().dispatch({
      type: 'moveBlock',
      formId: form.id,
      templateId: template.id,
      from: i,
      to: delta < 0 ? i - 1 : i + 2,
    });
  // New rows and tables start with a field not on the page yet (each field prints once).
  const firstField = form.fields.find(
    (f) => f.type !== 'subform' && !NO_VALUE.has(f.type) && !isPlaced(template.body, f.id),
  );
  const firstSub = form.fields.find((f) => f.type === 'subform' && !isPlaced(template.body, f.id));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="print-template-editor">
      <Card
        size="small"
        title={t('name')}
        extra={
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            onClick={() =>
              modal.confirm({
                title: t('removeConfirm'),
                onOk: () =>
                  store
                    .getState()
                    .dispatch({ type: 'removeTemplate', formId: form.id, templateId: template.id }),
              })
            }
          >
            {t('remove')}
          </Button>
        }
      >
        <Space wrap>
          <Input
            addonBefore={t('nameZh')}
            value={template.name['zh-CN'] ?? ''}
            onChange={(e) =>
              set(
                { ...template, name: i18nInput(template.name, 'zh-CN', e.target.value) ?? template.name },
                'name-zh',
              )
            }
            data-testid="print-name-zh"
          />
          <Input
            addonBefore={t('nameEn')}
            value={template.name.en ?? ''}
            onChange={(e) =>
              set(
                { ...template, name: i18nInput(template.name, 'en', e.target.value) ?? template.name },
                'name-en',
              )
            }
            data-testid="print-name-en"
          />
        </Space>
      </Card>
      {/* The body first: it is what fields are dragged onto, next to the field list. */}
      <Card size="small" title={t('body')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <div className="tg-pr-body" data-testid="print-body">
            {template.body.map((block, i) => (
              <Fragment key={i}>
                <GapLine index={i} />
                <BlockEditor
                  index={i}
                  count={template.body.length}
                  block={block}
                  onChange={(b) => setBody(template.body.map((x, j) => (j === i ? b : x)))}
                  onMove={(d) => move(i, d)}
                  onDelete={() => setBody(template.body.filter((_, j) => j !== i))}
                />
              </Fragment>
            ))}
            <EndDrop count={template.body.length} />
          </div>
          <Space wrap>
            <Button
              icon={<PlusOutlined />}
              disabled={!firstField || template.body.length >= 200}
              onClick={() =>
                firstField && setBody([...template.body, { kind: 'fields', fields: [firstField.id] }])
              }
              data-testid="print-add-row"
            >
              {t('addRow')}
            </Button>
            <Button
              icon={<PlusOutlined />}
              disabled={!firstSub || template.body.length >= 200}
              onClick={() => firstSub && setBody([...template.body, { kind: 'subform', field: firstSub.id }])}
            >
              {t('addTable')}
            </Button>
            <Button
              icon={<PlusOutlined />}
              disabled={template.body.length >= 200}
              onClick={() =>
                setBody([{ kind: 'text', text: { 'zh-CN': '', en: '' }, size: 'large' }, ...template.body])
              }
              data-testid="print-add-text"
            >
              {t('addText')}
            </Button>
          </Space>
        </Space>
      </Card>
      <Card size="small" title={t('page')}>
        <Space wrap>
          <span>{t('size')}</span>
          <Select
            value={page.size ?? 'A4'}
            style={{ width: 100 }}
            onChange={(size: 'A4' | 'A5' | 'Letter') => set({ ...template, page: { ...page, size } })}
            options={['A4', 'A5', 'Letter'].map((v) => ({ value: v, label: v }))}
            data-testid="print-size"
          />
          <Segmented
            value={page.orientation ?? 'portrait'}
            onChange={(o) =>
              set({ ...template, page: { ...page, orientation: o as 'portrait' | 'landscape' } })
            }
            options={[
              { value: 'portrait', label: t('portrait') },
              { value: 'landscape', label: t('landscape') },
            ]}
            data-testid="print-orientation"
          />
        </Space>
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('margins')}</Typography.Text>
          <Space wrap>
            {(['top', 'right', 'bottom', 'left'] as const).map((side) => (
              <InputNumber
                key={side}
                addonBefore={t(side)}
                min={0}
                max={60}
                value={margins[side] ?? 15}
                style={{ width: 120 }}
                onChange={(v) =>
                  set(
                    { ...template, page: { ...page, margins: { ...margins, [side]: v ?? 15 } } },
                    `margin-${side}`,
                  )
                }
              />
            ))}
          </Space>
        </div>
      </Card>
      <Card size="small" title={t('header')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Checkbox
            checked={header.companyName !== false}
            onChange={(e) => set({ ...template, header: { ...header, companyName: e.target.checked } })}
          >
            {t('companyName')}
          </Checkbox>
          <LogoPicker
            key={template.id}
            logo={header.logo}
            onChange={(logo) => set({ ...template, header: { ...header, logo } })}
          />
          <Typography.Text type="secondary">{t('title')}</Typography.Text>
          <Space wrap>
            {(['zh-CN', 'en'] as const).map((lang) => (
              <Input
                key={lang}
                addonBefore={lang === 'en' ? 'EN' : '中文'}
                value={header.title?.[lang] ?? ''}
                onChange={(e) => {
                  const title = i18nInput(header.title, lang, e.target.value);
                  const { title: _, ...rest } = header;
                  set({ ...template, header: title ? { ...rest, title } : rest }, `title-${lang}`);
                }}
                data-testid={`print-title-${lang}`}
              />
            ))}
          </Space>
        </Space>
      </Card>
      <Card size="small" title={t('footer')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            {(['zh-CN', 'en'] as const).map((lang) => (
              <Input
                key={lang}
                addonBefore={lang === 'en' ? 'EN' : '中文'}
                placeholder={t('footerText')}
                value={footer.text?.[lang] ?? ''}
                onChange={(e) => {
                  const text = i18nInput(footer.text, lang, e.target.value);
                  const { text: _, ...rest } = footer;
                  set({ ...template, footer: text ? { ...rest, text } : rest }, `footer-${lang}`);
                }}
                data-testid={`print-footer-${lang}`}
              />
            ))}
          </Space>
          <Checkbox
            checked={footer.pageNumbers !== false}
            onChange={(e) => set({ ...template, footer: { ...footer, pageNumbers: e.target.checked } })}
          >
            {t('pageNumbers')}
          </Checkbox>
        </Space>
      </Card>
    </Space>
  );
}

function PreviewPane({ appId, template }: { appId: string; template: PrintTemplate }) {
  const { t, i18n } = useTranslation('print');
  const client = useClient();
  const form = usePrint(selectForm);
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const render = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const page = await client.records.list({ appId, formId: form.id }, { limit: 1 });
      const first = page.items[0];
      if (!first) {
        setProblem(t('noRecord'));
        return;
      }
      const file = await client.print.pdf(
        { appId, formId: form.id },
        { ids: [first.id], template, locale: i18n.language === 'en' ? 'en' : 'zh-CN' },
      );
      setUrl(URL.createObjectURL(file.blob));
    } catch (e) {
      setProblem(t('previewFailed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('preview')}
      extra={
        <Button
          size="small"
          icon={<EyeOutlined />}
          loading={busy}
          onClick={() => void render()}
          data-testid="print-preview-run"
        >
          {t('preview')}
        </Button>
      }
    >
      {problem ? <Alert type="warning" message={problem} /> : null}
      {url ? (
        <iframe
          title={t('preview')}
          src={url}
          data-testid="print-designer-preview"
          style={{ width: '100%', height: '70vh', border: 0 }}
        />
      ) : (
        <Typography.Text type="secondary">{t('previewHint')}</Typography.Text>
      )}
    </Card>
  );
}

function Designer({ appId, onBack }: { appId: string; onBack(): void }) {
  const { t, i18n } = useTranslation('print');
  const store = usePrintStore();
  const form = usePrint(selectForm);
  const template = usePrint(selectTemplate);
  const dirty = usePrint((s) => s.dirty);
  const { save, saving } = useAppSave(store, { savedText: (version) => t('saved', { version }) });
  useDesignerShortcuts(store, () => void save());
  useLeaveGuard(store, 'print');
  const issues = usePrint((s) => s.issues);
  return (
    <div style={{ padding: 16 }} data-testid="print-designer">
      <Space style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 12 }}>
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('back')} />
          <Typography.Text strong>
            {pickText(form.name, i18n.language)} · {t('tab')}
          </Typography.Text>
        </Space>
        <Space>
          <UndoRedoButtons store={store} namespace="designer" testIdPrefix="print-" />
          <Badge dot={dirty} offset={[-4, 4]}>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              loading={saving}
              onClick={() => void save()}
              data-testid="print-save"
            >
              {t('save')}
            </Button>
          </Badge>
        </Space>
      </Space>
      {issues.length ? (
        <Alert
          type="error"
          style={{ marginBottom: 12 }}
          message={issues.map((i) => `${i.path}: ${i.message}`).join('\n')}
          data-testid="print-issues"
        />
      ) : null}
      <PrintDnd>
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'minmax(200px, 250px) minmax(320px, 1fr) minmax(320px, 1fr)',
            gap: 12,
            alignItems: 'start',
          }}
        >
          <Space direction="vertical" className="tg-pr-side">
            <TemplateList />
            {template ? (
              <Card size="small" title={t('fields')}>
                <FieldList template={template} />
              </Card>
            ) : null}
          </Space>
          {template ? <TemplateEditor template={template} /> : <Empty description={t('none')} />}
          {template ? <PreviewPane appId={appId} template={template} /> : <div />}
        </div>
      </PrintDnd>
    </div>
  );
}

/** `/studio/apps/:appId/forms/:formId/print`: the form's print templates. */
export function PrintDesignerPage({ appId, formId }: { appId: string; formId: string }) {
  const { t } = useTranslation('print');
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
  const { app, version } = result.data;
  if (!app.forms.some((f) => f.id === formId))
    return <Result status="404" extra={<Button onClick={back}>{t('back')}</Button>} />;
  return (
    <PrintStoreProvider app={app} version={version} formId={formId}>
      <Designer appId={appId} onBack={back} />
    </PrintStoreProvider>
  );
}
