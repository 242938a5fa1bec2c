import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { App as AntApp, Alert, Button, Drawer, Empty, Segmented, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppDefinition, CalendarSettings, Filter, FormDefinition, RecordDto } from '@tangram/client';
import { FormRenderer } from '../../form';
import { pickText } from '../../core/i18n-text';
import { useClient, useSession } from '../../react/context';
import { browserTimeZone } from '../../core/locale';
import type { Directory } from '../core/format-cell';
import {
  dayValue,
  eventSpan,
  eventsByDay,
  movePatch,
  refusalText,
  ruleMessageOf,
  stepAnchor,
  today,
  visibleDays,
  type CalendarMode,
} from '../core/view-kinds';
import { useKindTexts } from './kind-texts';
import { recordTitle } from './record-drawer';
import { fill, useViewTexts } from './texts';

/** Events one visible range loads at most (pages of 500): beyond it the user narrows with a filter. */
const MAX_EVENTS = 2000;
const EVENTS_PAGE = 500;
/** Events a month cell lists before "+N". */
const CELL_EVENTS = 3;
/** Scroll while dragging only near the very edge, so a drop on a visible day never scrolls it away. */
const AUTO_SCROLL = { threshold: { x: 0.08, y: 0.12 } };

export interface CalendarViewProps {
  appId: string;
  form: FormDefinition;
  /** The app definition: the "+" on a day renders the form (absent in previews: no "+"). */
  app?: AppDefinition;
  settings: CalendarSettings;
  filter: Filter | undefined;
  directory: Directory;
  canEdit: boolean;
  canCreate: boolean;
  /** Phone width: an agenda list by day instead of a grid. */
  wide: boolean;
  onOpen(record: RecordDto): void;
  reloadKey: number;
}

interface Loaded {
  key: string;
  items: RecordDto[];
  truncated: boolean;
  error?: Error;
}

/**
 * A month or week calendar of a date field (to an end field for spans): only the visible days'
 * records are read (the server's range filter), a drag to another day moves the dates through the
 * records API (a refusal puts the event back), a click opens the record, "+" creates one on a day.
 */
export function CalendarView(props: CalendarViewProps) {
  const { appId, form, settings, filter } = props;
  const client = useClient();
  const { message } = AntApp.useApp();
  const { kx, lang } = useKindTexts();
  const { tx } = useViewTexts();
  const timeZone = useSession((s) => s.session?.org.timeZone) ?? browserTimeZone();
  const [mode, setMode] = useState<CalendarMode>('month');
  const [anchor, setAnchor] = useState(() => today(timeZone));
  const days = useMemo(() => visibleDays(anchor, mode), [anchor, mode]);
  const from = days[0]!;
  const to = days[days.length - 1]!;
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  const queryKey = JSON.stringify([
    from,
    to,
    settings.dateField,
    settings.endField ?? null,
    filter ?? null,
    props.reloadKey,
  ]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [tick, setTick] = useState(0);
  const [creating, setCreating] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const items: RecordDto[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.views.calendarEvents(ref, {
          dateField: settings.dateField,
          ...(settings.endField ? { endField: settings.endField } : {}),
          from,
          to,
          ...(filter ? { filter } : {}),
          limit: EVENTS_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < MAX_EVENTS && live);
      return { items, truncated: cursor !== undefined };
    };
    load().then(
      (r) => live && setLoaded({ key: queryKey, ...r }),
      (error: unknown) =>
        live && setLoaded({ key: queryKey, items: [], truncated: false, error: error as Error }),
    );
    return () => {
      live = false;
    };
    // queryKey stands for the range, the settings and the filter.
  }, [client, ref, queryKey, tick]);

  const records = loaded?.key === queryKey ? loaded.items : null;
  const [local, setLocal] = useState<Map<string, RecordDto>>(new Map());
  useEffect(() => setLocal(new Map()), [loaded]);
  const shown = useMemo(() => (records ?? []).map((r) => local.get(r.id) ?? r), [records, local]);
  const byDay = useMemo(
    () => eventsByDay(shown, settings, days, timeZone),
    [shown, settings, days, timeZone],
  );

  const dateFieldDef = form.fields?.find((f) => f.id === settings.dateField);
  const movable = props.canEdit && dateFieldDef !== undefined && dateFieldDef.readOnly !== true;
  const canAdd =
    props.canCreate &&
    props.app !== undefined &&
    dateFieldDef !== undefined &&
    dateFieldDef.readOnly !== true;
  const colorOf = useCallback(
    (r: RecordDto): string | undefined => {
      const field = settings.colorField ? form.fields?.find((f) => f.id === settings.colorField) : undefined;
      if (!field || (field.type !== 'select' && field.type !== 'radio')) return undefined;
      return field.config.options.find((o) => o.value === r.data[field.id])?.color;
    },
    [form, settings.colorField],
  );
  const titleOf = (r: RecordDto) => {
    const v = settings.titleField ? r.data[settings.titleField] : undefined;
    return typeof v === 'string' && v.trim()
      ? v
      : recordTitle(form, r, lang, props.directory, tx.noAccess) || kx.untitled;
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );
  const onDragEnd = (e: DragEndEvent) => {
    const record = e.active.data.current?.record as RecordDto | undefined;
    const fromDay = e.active.data.current?.day as string | undefined;
    const toDay = e.over?.id as string | undefined;
    if (!record || !fromDay || !toDay) return;
    const patch = movePatch(record, settings, fromDay, toDay, timeZone);
    if (!patch) return;
    // Optimistic: the event moves at once; a refusal puts it back.
    setLocal((m) => new Map(m).set(record.id, { ...record, data: { ...record.data, ...patch } }));
    client.records.update(ref, record.id, patch, record.version).then(
      (saved) => {
        setLocal((m) => new Map(m).set(record.id, saved));
        void message.success(fill(kx.movedTo, { day: formatDay(toDay, lang) }));
      },
      (error: unknown) => {
        setLocal((m) => {
          const next = new Map(m);
          next.delete(record.id);
          return next;
        });
        void message.error(
          fill(kx.moveRefused, {
            message: refusalText(
              error,
              ruleMessageOf(form, (t) => pickText(t as never, lang)),
            ),
          }),
        );
      },
    );
  };

  const todayDay = today(timeZone);
  const month = anchor.slice(0, 7);
  const heading =
    mode === 'month'
      ? fill(kx.monthTitle, {
          year: anchor.slice(0, 4),
          month: String(Number(anchor.slice(5, 7))),
          monthName: new Date(`${month}-15T00:00:00Z`).toLocaleString(lang, {
            month: 'long',
            timeZone: 'UTC',
          }),
        })
      : `${formatDay(from, lang)} – ${formatDay(to, lang)}`;

  const eventChip = (r: RecordDto, day: string) => (
    <EventChip
      key={`${r.id}@${day}`}
      record={r}
      day={day}
      title={titleOf(r)}
      color={colorOf(r)}
      continued={eventSpan(r, settings, timeZone)?.start !== day}
      movable={movable && props.wide}
      onOpen={props.onOpen}
    />
  );

  return (
    <div className="tg-cal" data-testid="calendar">
      <div className="tg-cal-bar">
        <Space size={4}>
          <Button
            icon={<LeftOutlined />}
            aria-label={kx.previous}
            onClick={() => setAnchor((a) => stepAnchor(a, mode, -1))}
          />
          <Button onClick={() => setAnchor(todayDay)}>{kx.today}</Button>
          <Button
            icon={<RightOutlined />}
            aria-label={kx.next}
            onClick={() => setAnchor((a) => stepAnchor(a, mode, 1))}
          />
        </Space>
        <Typography.Title level={5} className="tg-cal-title" data-testid="calendar-title">
          {heading}
        </Typography.Title>
        <Segmented<CalendarMode>
          value={mode}
          onChange={setMode}
          options={[
            { value: 'month', label: kx.month },
            { value: 'week', label: kx.week },
          ]}
        />
      </div>
      {loaded?.truncated && loaded.key === queryKey ? (
        <Alert
          type="warning"
          showIcon
          message={fill(kx.tooMany, { count: MAX_EVENTS })}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      {loaded?.error ? (
        <Typography.Text type="danger">{loaded.error.message}</Typography.Text>
      ) : records === null ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : props.wide ? (
        <DndContext sensors={sensors} onDragEnd={onDragEnd} autoScroll={AUTO_SCROLL}>
          <div className={`tg-cal-grid tg-cal-${mode}`} role="grid" aria-label={heading}>
            {kx.weekdays.map((w) => (
              <div key={w} className="tg-cal-wd" role="columnheader">
                {w}
              </div>
            ))}
            {days.map((day) => (
              <DayCell
                key={day}
                day={day}
                outside={mode === 'month' && day.slice(0, 7) !== month}
                isToday={day === todayDay}
                events={byDay.get(day) ?? []}
                limit={mode === 'month' ? CELL_EVENTS : Infinity}
                render={eventChip}
                {...(canAdd ? { onAdd: () => setCreating(day) } : {})}
                addLabel={fill(kx.addOn, { day: formatDay(day, lang) })}
              />
            ))}
          </div>
        </DndContext>
      ) : (
        <Agenda
          days={days.filter((d) => mode === 'week' || d.slice(0, 7) === month)}
          byDay={byDay}
          todayDay={todayDay}
          render={eventChip}
          {...(canAdd ? { onAdd: (d: string) => setCreating(d) } : {})}
        />
      )}
      {props.app && creating ? (
        <Drawer
          open
          title={fill(kx.newRecordOn, { day: formatDay(creating, lang) })}
          width={props.wide ? 640 : '100%'}
          onClose={() => setCreating(null)}
          destroyOnHidden
        >
          <FormRenderer
            app={props.app}
            form={form}
            mode="create"
            initial={{ [settings.dateField]: dayValue(dateFieldDef, creating, timeZone) }}
            onSubmit={async (data) => {
              await client.records.create(ref, data);
              setCreating(null);
              setTick((n) => n + 1);
              void message.success(kx.created);
            }}
          />
        </Drawer>
      ) : null}
    </div>
  );
}

const formatDay = (day: string, lang: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(lang, {
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  });

function DayCell(props: {
  day: string;
  outside: boolean;
  isToday: boolean;
  events: RecordDto[];
  limit: number;
  render(r: RecordDto, day: string): React.ReactNode;
  onAdd?(): void;
  addLabel: string;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: props.day });
  const [all, setAll] = useState(false);
  const shown = all ? props.events : props.events.slice(0, props.limit);
  const more = props.events.length - shown.length;
  return (
    <div
      ref={setNodeRef}
      role="gridcell"
      data-testid="calendar-day"
      data-day={props.day}
      className={`tg-cal-day${props.outside ? ' tg-cal-outside' : ''}${props.isToday ? ' tg-cal-today' : ''}${isOver ? ' tg-cal-over' : ''}`}
    >
      <div className="tg-cal-day-head">
        <span className="tg-cal-num">{Number(props.day.slice(8))}</span>
        {props.onAdd ? (
          <Button
            className="tg-cal-add"
            type="text"
            size="small"
            icon={<PlusOutlined />}
            aria-label={props.addLabel}
            data-testid="calendar-add"
            onClick={props.onAdd}
          />
        ) : null}
      </div>
      {shown.map((r) => props.render(r, props.day))}
      {more > 0 ? (
        <Button type="link" size="small" className="tg-cal-more" onClick={() => setAll(true)}>
          +{more}
        </Button>
      ) : null}
    </div>
  );
}

function EventChip(props: {
  record: RecordDto;
  day: string;
  title: string;
  color: string | undefined;
  continued: boolean;
  movable: boolean;
  onOpen(r: RecordDto): void;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: `${props.record.id}@${props.day}`,
    data: { record: props.record, day: props.day },
    disabled: !props.movable,
  });
  const style: React.CSSProperties = {
    ...(props.color ? { borderLeftColor: props.color, background: `${props.color}1f` } : {}),
    ...(transform ? { transform: `translate(${transform.x}px, ${transform.y}px)`, zIndex: 10 } : {}),
  };
  return (
    <div
      ref={setNodeRef}
      className={`tg-cal-event${props.continued ? ' tg-cal-cont' : ''}${isDragging ? ' tg-cal-dragging' : ''}`}
      style={style}
      data-testid="calendar-event"
      data-record={props.record.id}
      title={props.title}
      {...(props.movable ? { ...attributes, ...listeners } : { role: 'button', tabIndex: 0 })}
      onClick={() => props.onOpen(props.record)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') props.onOpen(props.record);
        else listeners?.onKeyDown?.(e);
      }}
    >
      {props.title}
    </div>
  );
}

/** The phone calendar: the visible days that have events (and today), each with its events. */
function Agenda(props: {
  days: string[];
  byDay: Map<string, RecordDto[]>;
  todayDay: string;
  render(r: RecordDto, day: string): React.ReactNode;
  onAdd?(day: string): void;
}) {
  const { kx, lang } = useKindTexts();
  const days = props.days.filter((d) => (props.byDay.get(d)?.length ?? 0) > 0 || d === props.todayDay);
  if (days.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={kx.noEvents} />;
  return (
    <div className="tg-agenda" data-testid="calendar-agenda">
      {days.map((day) => (
        <section
          key={day}
          className={`tg-agenda-day${day === props.todayDay ? ' tg-cal-today' : ''}`}
          data-day={day}
        >
          <header className="tg-agenda-head">
            <span>{formatDay(day, lang)}</span>
            {props.onAdd ? (
              <Button
                type="text"
                size="small"
                icon={<PlusOutlined />}
                aria-label={fill(kx.addOn, { day: formatDay(day, lang) })}
                onClick={() => props.onAdd?.(day)}
              />
            ) : null}
          </header>
          {(props.byDay.get(day) ?? []).map((r) => props.render(r, day))}
          {(props.byDay.get(day)?.length ?? 0) === 0 ? (
            <Typography.Text type="secondary">{kx.noEventsDay}</Typography.Text>
          ) : null}
        </section>
      ))}
    </div>
  );
}
