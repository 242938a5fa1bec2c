import {
  BarChartOutlined,
  DatabaseOutlined,
  DeleteOutlined,
  EditOutlined,
  FileTextOutlined,
  FolderOutlined,
  HolderOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { AppDefinition } from '@tangram/client';
import { pickText } from '@tangram/runtime';
import type { I18NText, NavItem } from '@tangram/schema';
import { Button, Empty, Form, Input, Modal, Tooltip, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  bodyKey,
  groupKey,
  linkKey,
  moveNav,
  withGroupLabel,
  withNavGroup,
  withNavigation,
  withoutGroup,
} from '../core/nav-edit';

type NavLink = Exclude<NavItem, { kind: 'group' }>;
type NavGroup = Extract<NavItem, { kind: 'group' }>;

/** Pointer over nested targets (a link inside a group): the smallest wins; keyboard: closest centre. */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  if (within.length) {
    const area = (id: string | number) => {
      const r = args.droppableRects.get(id);
      return r ? r.width * r.height : Infinity;
    };
    return [...within].sort((a, b) => area(a.id) - area(b.id));
  }
  return closestCenter(args);
};

function Row({
  id,
  icon,
  children,
  actions,
  testId,
}: {
  id: string;
  icon: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation('studio');
  const s = useSortable({ id });
  return (
    <div
      ref={s.setNodeRef}
      className="tg-nav-row"
      data-testid={testId}
      data-dragging={s.isDragging || undefined}
      style={{ transform: CSS.Translate.toString(s.transform), transition: s.transition }}
    >
      <button
        type="button"
        className="tg-nav-handle"
        aria-label={t('nav.drag')}
        data-testid={`${testId}-handle`}
        {...s.attributes}
        {...s.listeners}
      >
        <HolderOutlined />
      </button>
      {icon}
      <span className="tg-nav-label">{children}</span>
      {actions}
    </div>
  );
}

function GroupBlock({
  group,
  name,
  onEdit,
  onRemove,
  busy,
}: {
  group: NavGroup;
  name(l: NavLink): string;
  onEdit(): void;
  onRemove(): void;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation('studio');
  const body = useDroppable({ id: bodyKey(group.id) });
  return (
    <div className="tg-nav-group" data-testid={`nav-group-${group.id}`}>
      <Row
        id={groupKey(group)}
        testId={`nav-item-group-${group.id}`}
        icon={<FolderOutlined />}
        actions={
          <>
            <Tooltip title={t('nav.renameGroup')}>
              <Button
                size="small"
                type="text"
                icon={<EditOutlined />}
                disabled={busy}
                aria-label={t('nav.renameGroup')}
                data-testid={`nav-rename-${group.id}`}
                onClick={onEdit}
              />
            </Tooltip>
            <Tooltip title={t('nav.removeGroup')}>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                disabled={busy}
                aria-label={t('nav.removeGroup')}
                data-testid={`nav-remove-${group.id}`}
                onClick={onRemove}
              />
            </Tooltip>
          </>
        }
      >
        <Typography.Text strong>{pickText(group.label, i18n.language)}</Typography.Text>
      </Row>
      <div ref={body.setNodeRef} className="tg-nav-group-body" data-over={body.isOver || undefined}>
        <SortableContext items={group.items.map(linkKey)} strategy={verticalListSortingStrategy}>
          {group.items.map((l) => (
            <LinkRow key={linkKey(l)} link={l} name={name(l)} />
          ))}
        </SortableContext>
        {group.items.length === 0 ? (
          <Typography.Text type="secondary" className="tg-nav-empty">
            {t('nav.dropIntoGroup')}
          </Typography.Text>
        ) : null}
      </div>
    </div>
  );
}

function LinkRow({ link, name }: { link: NavLink; name: string }) {
  return (
    <Row
      id={linkKey(link)}
      testId={`nav-item-${link.kind}-${link.target}`}
      icon={
        link.kind === 'dashboard' ? (
          <BarChartOutlined />
        ) : link.kind === 'aggregate' ? (
          <DatabaseOutlined />
        ) : (
          <FileTextOutlined />
        )
      }
    >
      {name}
    </Row>
  );
}

type GroupDialog = { id?: string; label: I18NText } | null;

/**
 * The app's navigation: drag entries and groups to reorder them, drag a form into or out of a
 * group (mouse, touch or keyboard: Space, arrows, Space); create, rename and remove groups.
 * Every change is saved through `change` (PUT /apps/:app with the base version).
 */
export function NavigationEditor({
  app,
  busy,
  change,
}: {
  app: AppDefinition;
  busy: boolean;
  change(make: (app: AppDefinition) => AppDefinition): Promise<AppDefinition | null>;
}) {
  const { t, i18n } = useTranslation('studio');
  const lang = i18n.language;
  const [local, setLocal] = useState<NavItem[] | null>(null);
  const [dialog, setDialog] = useState<GroupDialog>(null);
  useEffect(() => setLocal(null), [app]);
  const nav = local ?? app.navigation ?? [];
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const name = (l: NavLink) => {
    const lists = { form: app.forms, dashboard: app.dashboards ?? [], aggregate: app.aggregates ?? [] };
    const list: { id: string; name: I18NText }[] = lists[l.kind];
    const found = list.find((x) => x.id === l.target);
    return found ? pickText(found.name, lang) : l.target;
  };

  const onEnd = (e: DragEndEvent) => {
    if (!e.over) return;
    const active = String(e.active.id);
    const over = String(e.over.id);
    const next = moveNav(nav, active, over);
    if (JSON.stringify(next) === JSON.stringify(nav)) return;
    setLocal(next);
    void change((a) => withNavigation(a, moveNav(a.navigation ?? [], active, over)));
  };

  const saveGroup = async () => {
    if (!dialog) return;
    const { id, label } = dialog;
    const ok = await change((a) =>
      withNavigation(
        a,
        id ? withGroupLabel(a.navigation ?? [], id, label) : withNavGroup(a.navigation ?? [], label).nav,
      ),
    );
    if (ok) setDialog(null);
  };

  return (
    <div data-testid="nav-list">
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragEnd={onEnd}
        accessibility={{ screenReaderInstructions: { draggable: t('nav.instructions') } }}
      >
        <SortableContext
          items={nav.map((i) => (i.kind === 'group' ? groupKey(i) : linkKey(i)))}
          strategy={verticalListSortingStrategy}
        >
          {nav.map((item) =>
            item.kind === 'group' ? (
              <GroupBlock
                key={groupKey(item)}
                group={item}
                name={name}
                busy={busy}
                onEdit={() => setDialog({ id: item.id, label: item.label })}
                onRemove={() =>
                  void change((a) => withNavigation(a, withoutGroup(a.navigation ?? [], item.id)))
                }
              />
            ) : (
              <LinkRow key={linkKey(item)} link={item} name={name(item)} />
            ),
          )}
        </SortableContext>
      </DndContext>
      {nav.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('nav.empty')} /> : null}
      <Button
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        disabled={busy}
        data-testid="nav-new-group"
        onClick={() => setDialog({ label: { 'zh-CN': '', en: '' } })}
      >
        {t('nav.newGroup')}
      </Button>
      <Modal
        open={dialog !== null}
        title={dialog?.id ? t('nav.renameGroup') : t('nav.newGroup')}
        okButtonProps={{
          disabled: !dialog?.label['zh-CN']?.trim() && !dialog?.label.en?.trim(),
          id: 'nav-group-ok',
        }}
        confirmLoading={busy}
        onOk={() => void saveGroup()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form layout="vertical">
          {(['zh-CN', 'en'] as const).map((l) => (
            <Form.Item key={l} label={t(l === 'zh-CN' ? 'nav.groupNameZh' : 'nav.groupNameEn')}>
              <Input
                value={dialog?.label[l] ?? ''}
                data-testid={`nav-group-name-${l}`}
                onChange={(e) =>
                  setDialog((d) => (d ? { ...d, label: { ...d.label, [l]: e.target.value } } : d))
                }
              />
            </Form.Item>
          ))}
        </Form>
      </Modal>
      <style>{NAV_CSS}</style>
    </div>
  );
}

const NAV_CSS = `
.tg-nav-row { display: flex; align-items: center; gap: 8px; padding: 6px 8px; margin: 2px 0;
  border: 1px solid #eef0f3; border-radius: 6px; background: #fff; }
.tg-nav-row[data-dragging] { opacity: 0.6; box-shadow: 0 4px 12px rgba(0,0,0,0.12); position: relative; z-index: 2; }
.tg-nav-handle { border: 0; background: none; cursor: grab; color: #868e96; padding: 2px; display: inline-flex; }
.tg-nav-handle:focus-visible { outline: 2px solid #4263eb; border-radius: 4px; }
.tg-nav-label { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-nav-group { margin: 6px 0; }
.tg-nav-group > .tg-nav-row { background: #f8f9fb; }
.tg-nav-group-body { margin-left: 24px; padding: 2px 0 4px; min-height: 32px; border-left: 2px solid #eef0f3; padding-left: 8px; }
.tg-nav-group-body[data-over] { border-left-color: #4263eb; background: #f4f6ff; }
.tg-nav-empty { display: block; padding: 6px 4px; font-size: 12px; }
`;
