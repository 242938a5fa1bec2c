import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Empty, Progress, Segmented, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Filter, FormDefinition, GanttSettings, GanttZoom, RecordDto } from '@tangram/client';
import { pickText } from '../../core/i18n-text';
import { browserTimeZone } from '../../core/locale';
import { useClient, useSession } from '../../react/context';
import type { Directory } from '../core/format-cell';
import {
  DAY_WIDTH,
  barSpan,
  daysBetween,
  dragPatch,
  ganttRange,
  ganttTicks,
  predecessorIds,
  progressOf,
  stepGantt,
  type DragEdge,
} from '../core/gantt';
import { refusalText, ruleMessageOf, today } from '../core/view-kinds';
import { useKindTexts } from './kind-texts';
import { recordTitle } from './record-drawer';
import { fill, useViewTexts } from './texts';

/** Bars one visible range loads at most (pages of 500), like the calendar's events. */
const MAX_BARS = 2000;
const BARS_PAGE = 500;
const ROW = 36;
const HEAD = 32;
const LABEL_WIDTH = 200;

export interface GanttViewProps {
  appId: string;
  form: FormDefinition;
  settings: GanttSettings;
  filter: Filter | undefined;
  directory: Directory;
  canEdit: boolean;
  /** Phone width: a list of bars with their dates and progress instead of the chart. */
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

interface Drag {
  id: string;
  edge: DragEdge;
  x0: number;
  delta: number;
  moved: boolean;
}

/**
 * A gantt chart (decision 0048): a bar per record from its start to its end field, filled to its
 * progress, with arrows from its predecessors; only the visible range's records are read. Dragging
 * a bar moves it, dragging an end resizes it, both writing through the records API with the
 * record's version; a refusal shows the server's message and the bar goes back. Plain DOM and SVG:
 * see the decision for why no gantt library.
 */
export function GanttView(props: GanttViewProps) {
  const { appId, form, settings, filter } = props;
  const client = useClient();
  const { message } = AntApp.useApp();
  const { kx, lang } = useKindTexts();
  const { tx } = useViewTexts();
  const timeZone = useSession((s) => s.session?.org.timeZone) ?? browserTimeZone();
  const [zoom, setZoom] = useState<GanttZoom>(settings.zoom ?? 'week');
  const [anchor, setAnchor] = useState(() => today(timeZone));
  const range = useMemo(() => ganttRange(anchor, zoom), [anchor, zoom]);
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  const queryKey = JSON.stringify([
    range.from,
    range.to,
    settings.startField,
    settings.endField,
    filter ?? null,
    props.reloadKey,
  ]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const items: RecordDto[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.views.ganttBars(ref, {
          startField: settings.startField,
          endField: settings.endField,
          from: range.from,
          to: range.to,
          ...(filter ? { filter } : {}),
          limit: BARS_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < MAX_BARS && live);
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
  }, [client, ref, queryKey]);

  const records = loaded?.key === queryKey ? loaded.items : null;
  const [local, setLocal] = useState<Map<string, RecordDto>>(new Map());
  useEffect(() => setLocal(new Map()), [loaded]);
  const shown = useMemo(() => (records ?? []).map((r) => local.get(r.id) ?? r), [records, local]);

  const fieldOf = (id: string | undefined) => (id ? form.fields?.find((f) => f.id === id) : undefined);
  const writable = (id: string) => {
    const f = fieldOf(id);
    return f !== undefined && f.readOnly !== true;
  };
  const movable = props.canEdit && writable(settings.startField) && writable(settings.endField);
  const progressField = fieldOf(settings.progressField);
  const colorField = fieldOf(settings.colorField);
  const colorOf = (r: RecordDto): string | undefined =>
    colorField && (colorField.type === 'select' || colorField.type === 'radio')
      ? colorField.config.options.find((o) => o.value === r.data[colorField.id])?.color
      : undefined;
  const titleOf = (r: RecordDto) => {
    const v = settings.titleField ? r.data[settings.titleField] : undefined;
    return typeof v === 'string' && v.trim()
      ? v
      : recordTitle(form, r, lang, props.directory, tx.noAccess) || kx.untitled;
  };

  const save = (record: RecordDto, patch: Record<string, unknown>) => {
    // Optimistic: the bar moves at once; a refusal puts it back.
    setLocal((m) => new Map(m).set(record.id, { ...record, data: { ...record.data, ...patch } }));
    client.records.update(ref, record.id, patch, record.version).then(
      (saved) => {
        setLocal((m) =>
          new Map(m).set(record.id, {
            ...saved,
            ...('display' in record ? { display: record.display } : {}),
          }),
        );
        void message.success(kx.barMoved);
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

  const heading = `${formatDay(range.from, lang)} – ${formatDay(range.to, lang)}`;
  const bar = (
    <div className="tg-cal-bar">
      <Space size={4}>
        <Button
          icon={<LeftOutlined />}
          aria-label={kx.previous}
          onClick={() => setAnchor((a) => stepGantt(a, zoom, -1))}
        />
        <Button onClick={() => setAnchor(today(timeZone))}>{kx.today}</Button>
        <Button
          icon={<RightOutlined />}
          aria-label={kx.next}
          onClick={() => setAnchor((a) => stepGantt(a, zoom, 1))}
        />
      </Space>
      <Typography.Title level={5} className="tg-cal-title" data-testid="gantt-title">
        {heading}
      </Typography.Title>
      <Segmented<GanttZoom>
        value={zoom}
        onChange={setZoom}
        data-testid="gantt-zoom"
        options={[
          { value: 'day', label: kx.day },
          { value: 'week', label: kx.week },
          { value: 'month', label: kx.month },
        ]}
      />
    </div>
  );

  return (
    <div className="tg-gantt" data-testid="gantt">
      {bar}
      {loaded?.truncated && loaded.key === queryKey ? (
        <Alert
          type="warning"
          showIcon
          message={fill(kx.tooMany, { count: MAX_BARS })}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      {loaded?.error ? (
        <Typography.Text type="danger">{loaded.error.message}</Typography.Text>
      ) : records === null ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={kx.noEvents} />
      ) : props.wide ? (
        <GanttChart
          records={shown}
          settings={settings}
          from={range.from}
          days={range.days}
          zoom={zoom}
          timeZone={timeZone}
          movable={movable}
          titleOf={titleOf}
          colorOf={colorOf}
          progressOf={(r) => progressOf(r, progressField)}
          onOpen={props.onOpen}
          onDrop={(r, edge, delta) => {
            const patch = dragPatch(r, settings, edge, delta, timeZone);
            if (patch) save(r, patch);
          }}
          labels={{ move: kx.barDragHint, start: kx.barStart, end: kx.barEnd, today: kx.today }}
        />
      ) : (
        <div className="tg-gantt-list" data-testid="gantt-list">
          {shown.map((r) => {
            const span = barSpan(r, settings, timeZone);
            const p = progressOf(r, progressField);
            return (
              <button
                type="button"
                key={r.id}
                className="tg-gantt-item"
                data-testid="gantt-item"
                data-record={r.id}
                style={colorOf(r) ? { borderLeftColor: colorOf(r) } : undefined}
                onClick={() => props.onOpen(r)}
              >
                <span className="tg-gantt-item-title">{titleOf(r)}</span>
                <Typography.Text type="secondary">
                  {span
                    ? span.start === span.end
                      ? formatDay(span.start, lang)
                      : `${formatDay(span.start, lang)} – ${formatDay(span.end, lang)} · ${fill(kx.daysCount, { count: daysBetween(span.start, span.end) + 1 })}`
                    : ''}
                </Typography.Text>
                {p !== null ? <Progress percent={Math.round(p * 100)} size="small" /> : null}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

const formatDay = (day: string, lang: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function GanttChart(props: {
  records: RecordDto[];
  settings: GanttSettings;
  from: string;
  days: number;
  zoom: GanttZoom;
  timeZone: string;
  movable: boolean;
  titleOf(r: RecordDto): string;
  colorOf(r: RecordDto): string | undefined;
  progressOf(r: RecordDto): number | null;
  onOpen(r: RecordDto): void;
  onDrop(r: RecordDto, edge: DragEdge, delta: number): void;
  labels: { move: string; start: string; end: string; today: string };
}) {
  const { records, settings, from, days, zoom, timeZone } = props;
  const dw = DAY_WIDTH[zoom];
  const width = days * dw;
  const [drag, setDrag] = useState<Drag | null>(null);
  const dragRef = useRef<Drag | null>(null);
  dragRef.current = drag;
  const rows = useMemo(
    () =>
      records
        .map((r) => ({ r, span: barSpan(r, settings, timeZone) }))
        .filter((x): x is { r: RecordDto; span: { start: string; end: string } } => x.span !== null),
    [records, settings, timeZone],
  );
  const index = new Map(rows.map((x, i) => [x.r.id, i]));
  // A bar's box in the chart, with the drag preview applied.
  const box = (id: string, span: { start: string; end: string }) => {
    let a = daysBetween(from, span.start);
    let b = daysBetween(from, span.end) + 1;
    const d = drag?.id === id ? drag : null;
    if (d?.edge === 'move') [a, b] = [a + d.delta, b + d.delta];
    else if (d?.edge === 'start') a = Math.min(a + d.delta, b - 1);
    else if (d?.edge === 'end') b = Math.max(b + d.delta, a + 1);
    return { left: a * dw, width: (b - a) * dw };
  };
  const todayOffset = daysBetween(from, today(timeZone));
  const ticks = ganttTicks(from, days, zoom);

  const start = (e: React.PointerEvent, r: RecordDto, edge: DragEdge) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag({ id: r.id, edge, x0: e.clientX, delta: 0, moved: false });
  };
  const move = (e: React.PointerEvent) => {
    const d = dragRef.current;
    if (!d) return;
    const dx = e.clientX - d.x0;
    const delta = Math.round(dx / dw);
    if (delta !== d.delta || (!d.moved && Math.abs(dx) > 4))
      setDrag({ ...d, delta, moved: d.moved || Math.abs(dx) > 4 });
  };
  const end = (r: RecordDto) => {
    const d = dragRef.current;
    setDrag(null);
    if (!d) return;
    if (!d.moved) props.onOpen(r);
    else if (d.delta !== 0) props.onDrop(r, d.edge, d.delta);
  };
  const onKey = (e: React.KeyboardEvent, r: RecordDto) => {
    if (e.key === 'Enter') return props.onOpen(r);
    if (!props.movable || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
    e.preventDefault();
    // Arrows move the bar a day; with Shift they move its end (resize).
    props.onDrop(r, e.shiftKey ? 'end' : 'move', e.key === 'ArrowLeft' ? -1 : 1);
  };

  return (
    <div className="tg-gantt-frame" style={{ '--tg-gantt-label': `${LABEL_WIDTH}px` } as React.CSSProperties}>
      <div className="tg-gantt-scroll">
        <div className="tg-gantt-inner" style={{ width: LABEL_WIDTH + width }}>
          <div className="tg-gantt-head" style={{ height: HEAD }}>
            <div className="tg-gantt-corner" />
            <div className="tg-gantt-ticks" style={{ width }}>
              {ticks.map((t) => (
                <span key={t.day} className="tg-gantt-tick" style={{ left: t.offset * dw }}>
                  {zoom === 'month'
                    ? t.day.slice(0, 7)
                    : zoom === 'week'
                      ? t.day.slice(5)
                      : Number(t.day.slice(8))}
                </span>
              ))}
            </div>
          </div>
          <div className="tg-gantt-body" style={{ height: rows.length * ROW }}>
            <div className="tg-gantt-labels">
              {rows.map(({ r }) => (
                <div key={r.id} className="tg-gantt-label" style={{ height: ROW }} title={props.titleOf(r)}>
                  {props.titleOf(r)}
                </div>
              ))}
            </div>
            <div className="tg-gantt-lane" style={{ width, height: rows.length * ROW }}>
              {ticks.map((t) => (
                <span key={t.day} className="tg-gantt-grid" style={{ left: t.offset * dw }} />
              ))}
              {todayOffset >= 0 && todayOffset < days ? (
                <span
                  className="tg-gantt-today"
                  data-testid="gantt-today"
                  title={props.labels.today}
                  style={{ left: todayOffset * dw + dw / 2 }}
                />
              ) : null}
              <svg className="tg-gantt-arrows" width={width} height={rows.length * ROW} aria-hidden>
                <defs>
                  <marker id="tg-gantt-head" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">
                    <path d="M0,0 L8,4 L0,8 z" fill="#98a2b3" />
                  </marker>
                </defs>
                {rows.flatMap(({ r, span }, i) =>
                  predecessorIds(r, settings.dependencyField).flatMap((pid) => {
                    const j = index.get(pid);
                    if (j === undefined) return [];
                    const p = rows[j]!;
                    const a = box(p.r.id, p.span);
                    const b = box(r.id, span);
                    const x1 = a.left + a.width;
                    const y1 = j * ROW + ROW / 2;
                    const x2 = b.left;
                    const y2 = i * ROW + ROW / 2;
                    const mid = x1 + 8;
                    return [
                      <path
                        key={`${pid}>${r.id}`}
                        data-testid="gantt-arrow"
                        d={`M${x1},${y1} H${mid} V${y2} H${x2 - 1}`}
                        fill="none"
                        stroke="#98a2b3"
                        strokeWidth="1.5"
                        markerEnd="url(#tg-gantt-head)"
                      />,
                    ];
                  }),
                )}
              </svg>
              {rows.map(({ r, span }, i) => {
                const b = box(r.id, span);
                const p = props.progressOf(r);
                const color = props.colorOf(r) ?? '#4263eb';
                return (
                  <div
                    key={r.id}
                    className={`tg-gantt-bar${props.movable ? ' tg-gantt-movable' : ''}${drag?.id === r.id ? ' tg-gantt-dragging' : ''}`}
                    data-testid="gantt-bar"
                    data-record={r.id}
                    data-start={span.start}
                    data-end={span.end}
                    role="button"
                    tabIndex={0}
                    aria-label={`${props.titleOf(r)} ${span.start} – ${span.end}`}
                    title={props.movable ? props.labels.move : props.titleOf(r)}
                    style={{
                      left: b.left,
                      width: b.width,
                      top: i * ROW + 6,
                      height: ROW - 12,
                      background: `${color}33`,
                      borderColor: color,
                    }}
                    onPointerDown={props.movable ? (e) => start(e, r, 'move') : undefined}
                    onPointerMove={move}
                    onPointerUp={() => (props.movable ? end(r) : undefined)}
                    onPointerCancel={() => setDrag(null)}
                    onClick={props.movable ? undefined : () => props.onOpen(r)}
                    onKeyDown={(e) => onKey(e, r)}
                  >
                    {p !== null ? (
                      <span
                        className="tg-gantt-progress"
                        style={{ width: `${p * 100}%`, background: color }}
                      />
                    ) : null}
                    <span className="tg-gantt-bar-text">{props.titleOf(r)}</span>
                    {props.movable ? (
                      <>
                        <span
                          className="tg-gantt-handle tg-gantt-handle-start"
                          data-testid="gantt-handle-start"
                          title={props.labels.start}
                          onPointerDown={(e) => start(e, r, 'start')}
                          onPointerMove={move}
                          onPointerUp={(e) => {
                            e.stopPropagation();
                            end(r);
                          }}
                        />
                        <span
                          className="tg-gantt-handle tg-gantt-handle-end"
                          data-testid="gantt-handle-end"
                          title={props.labels.end}
                          onPointerDown={(e) => start(e, r, 'end')}
                          onPointerMove={move}
                          onPointerUp={(e) => {
                            e.stopPropagation();
                            end(r);
                          }}
                        />
                      </>
                    ) : null}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
