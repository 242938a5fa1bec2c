/** Layout CSS of the data views (antd covers the components themselves). */
const css = `
.tg-dataview { display: flex; flex-direction: column; min-width: 0; }
.tg-dv-toolbar { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
/* The search line-breaks at 160px and grows to 260px: the buttons stay on one line at 1280px. */
.tg-dv-search { flex: 1 1 160px; max-width: 260px; }
.tg-dv-status { min-height: 32px; display: flex; align-items: center; margin-bottom: 4px; }
.tg-vt, .tg-cards { background: #fff; border: 1px solid #eef0f4; border-radius: 12px; overflow: hidden; }
.tg-vt-scroll { height: calc(100vh - 300px); height: calc(100dvh - 300px); min-height: 320px; overflow: auto; position: relative; }
.tg-vt-head { position: sticky; top: 0; z-index: 2; background: #fafbfc; border-bottom: 1px solid #eef0f4; }
.tg-vt-row { display: flex; align-items: stretch; }
/* Body rows have a fixed size (inline width and height), so containment keeps each row's layout and paint to itself while scrolling. */
.tg-vt-body-row { position: absolute; top: 0; left: 0; border-bottom: 1px solid #f2f3f6; cursor: pointer; background: #fff; contain: strict; }
.tg-vt-body-row:hover { background: #f7f9ff; }
.tg-vt-selected, .tg-vt-selected:hover { background: #eef2ff; }
.tg-vt-check { flex: none; display: flex; align-items: center; justify-content: center; }
.tg-vt-cell, .tg-vt-th { flex: none; box-sizing: border-box; padding: 0 12px; display: flex; align-items: center; min-width: 0;
  overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font-size: 14px; }
.tg-vt-cell { display: block; line-height: 40px; }
.tg-vt-placeholder { display: inline-block; height: 12px; border-radius: 4px; background: rgba(0, 0, 0, 0.06); vertical-align: middle; }
.tg-vt-th { height: 42px; font-weight: 600; color: #344054; position: relative; user-select: none; gap: 4px; font-size: 13px; }
.tg-vt-th-text { overflow: hidden; text-overflow: ellipsis; }
.tg-vt-sortable { cursor: pointer; }
.tg-vt-sortable:hover { background: #f0f2f7; }
.tg-vt-right { text-align: right; justify-content: flex-end; }
.tg-vt-sort { color: #4263eb; font-size: 12px; flex: none; }
.tg-vt-resize { position: absolute; right: 0; top: 8px; bottom: 8px; width: 8px; cursor: col-resize; border-right: 1px solid #e4e7ee; }
.tg-vt-resize:hover { border-right: 2px solid #4263eb; }
.tg-vt-empty { padding: 64px 0; }
.tg-cards .tg-vt-scroll { background: #f5f7fb; height: calc(100dvh - 300px); }
.tg-cards { border: none; background: transparent; }
.tg-card-slot { position: absolute; top: 0; left: 0; width: 100%; padding-bottom: 8px; box-sizing: border-box; }
.tg-card { height: 100%; box-sizing: border-box; background: #fff; border: 1px solid #eef0f4; border-radius: 12px; padding: 10px 14px; overflow: hidden; }
.tg-card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 4px; }
.tg-card-title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-card-line { display: flex; gap: 8px; font-size: 13px; line-height: 20px; }
.tg-card-label { color: #667085; flex: none; width: 96px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-card-value { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-filter-builder { width: min(680px, calc(100vw - 48px)); max-height: 60vh; overflow: auto; }
.tg-filter-group { display: flex; flex-direction: column; gap: 8px; }
.tg-filter-nested { border-left: 3px solid #dbe4ff; padding: 8px 0 4px 12px; background: #f8f9fc; border-radius: 8px; }
.tg-filter-group-head { display: flex; justify-content: space-between; align-items: center; }
.tg-filter-row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.tg-filter-field { width: 150px; }
.tg-filter-op { width: 130px; }
.tg-filter-value { flex: 1; min-width: 180px; display: flex; gap: 6px; }
.tg-filter-dynamic { width: 120px; flex: none; }
.tg-col-settings { max-height: 60vh; overflow: auto; min-width: 240px; }
.tg-col-row { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 2px 0; }
.tg-save-view { display: flex; flex-direction: column; gap: 10px; width: 260px; }
.tg-bulk-edit { display: flex; flex-direction: column; gap: 8px; }
/* The drawer's fields: a fixed label column, whatever a value holds. In an auto-layout table a wide
   value (a lines table of long product names) would take the labels' width; fixed layout keeps the
   column and the value cell is a box its content scrolls in (the lines table sideways, by itself). */
/* (antd sets the bordered table to auto layout; fixed layout also needs a definite width.) */
.tg-record-fields.ant-descriptions.ant-descriptions-bordered > .ant-descriptions-view > table { table-layout: fixed; width: 100%; }
.tg-record-fields .ant-descriptions-item-label { width: 160px; }
.tg-record-fields .ant-descriptions-item-content { min-width: 0; overflow-wrap: anywhere; }
.tg-record-fields .tg-subform-preview { max-width: 100%; }
.tg-record-fields .tg-subform-preview .ant-table-cell { overflow-wrap: normal; }
.tg-history-change { display: flex; gap: 6px; flex-wrap: wrap; font-size: 13px; margin-top: 4px; }
.tg-history-field { color: #667085; }
.tg-history-from { text-decoration: line-through; color: #98a2b3; }
.tg-history-arrow { color: #98a2b3; }
.tg-history-to { color: #1d2939; font-weight: 500; }
.tg-history-sub { flex-direction: column; gap: 2px; }
.tg-history-rows { list-style: none; margin: 0; padding: 0 0 0 2px; display: flex; flex-direction: column; gap: 4px; }
.tg-history-row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
.tg-history-row .ant-tag { margin-inline-end: 0; }
.tg-history-cell { display: inline-flex; gap: 4px; align-items: baseline; }
.tg-comment { display: flex; gap: 10px; padding: 10px 0; border-bottom: 1px solid #f2f3f6; }
.tg-comment-body { white-space: pre-wrap; word-break: break-word; margin-top: 2px; }
/* Kanban, calendar, gallery (decision 0039) */
.tg-kanban-hint { display: block; font-size: 12px; margin-bottom: 6px; }
.tg-kanban { display: flex; gap: 12px; overflow-x: auto; padding-bottom: 8px; align-items: flex-start; scroll-snap-type: x mandatory; }
.tg-kcol { flex: 0 0 280px; background: #f4f6fa; border-radius: 12px; display: flex; flex-direction: column; max-height: calc(100dvh - 260px); min-height: 160px; scroll-snap-align: start; transition: background .15s; }
.tg-kcol-collapsed { flex-basis: 200px; min-height: 0; }
.tg-kcol-over { background: #e7edff; outline: 2px dashed #4263eb; outline-offset: -2px; }
.tg-kcol-head { display: flex; align-items: center; gap: 6px; padding: 8px 10px 6px 4px; border-top: 3px solid #c5cbd6; border-radius: 12px 12px 0 0; flex-wrap: wrap; }
.tg-kcol-name { font-weight: 600; color: #1d2939; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 150px; }
.tg-kcol-count { background: #e4e7ee; color: #475467; border-radius: 10px; padding: 0 8px; font-size: 12px; line-height: 20px; }
.tg-kcol-sum { margin-left: auto; color: #475467; font-size: 12px; font-variant-numeric: tabular-nums; }
.tg-kcol-body { overflow-y: auto; padding: 0 8px 8px; display: flex; flex-direction: column; gap: 8px; }
.tg-kcol-empty { margin: 12px 0; }
.tg-kcard { background: #fff; border: 1px solid #eaecf0; border-radius: 10px; padding: 10px 12px; cursor: pointer; box-shadow: 0 1px 2px rgba(16,24,40,.04); touch-action: manipulation; }
.tg-kcard:hover { border-color: #b4c2f8; }
.tg-kcard:focus-visible { outline: 2px solid #4263eb; }
.tg-kcard-movable { cursor: grab; }
.tg-kcard-dragging { opacity: .35; }
.tg-kcard-overlay { cursor: grabbing; box-shadow: 0 12px 24px rgba(16,24,40,.18); transform: rotate(2deg); width: 256px; }
.tg-kcard-title { font-weight: 600; color: #1d2939; margin-bottom: 4px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-kcard-line { display: flex; gap: 8px; font-size: 12px; line-height: 20px; }
.tg-kcard-label { color: #667085; flex: none; max-width: 40%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-kcard-value { color: #344054; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.tg-kset { display: flex; flex-direction: column; gap: 10px; width: 100%; min-width: 240px; }
.tg-kset-row { display: flex; flex-direction: column; gap: 4px; }
.tg-kset-row .ant-select { width: 100%; }
.tg-vt-frozen { position: sticky; z-index: 1; background: inherit; }
.tg-vt-head .tg-vt-frozen { background: #fafbfc; }
.tg-vt-body-row .tg-vt-frozen { background: #fff; }
.tg-vt-selected .tg-vt-frozen { background: #eef2ff; }
.tg-inline { min-height: 100%; outline: none; overflow: hidden; text-overflow: ellipsis; cursor: text; }
.tg-inline:focus-visible { box-shadow: inset 0 0 0 2px #4263eb; }
.tg-inline-editing { display: flex; align-items: center; height: 100%; line-height: normal; cursor: default; }
.tg-inline-editing > div { width: 100%; }
/* One horizontal scroll for the column titles and every group, so they stay in line. */
.tg-grid-groups { display: flex; flex-direction: column; gap: 8px; overflow-x: auto; }
.tg-grid-groups > * { width: max-content; min-width: 100%; box-sizing: border-box; }
/* clip, not hidden: hidden would make each group its own scroll box and unstick the frozen columns. */
.tg-grid-group { background: #fff; border: 1px solid #eef0f4; border-radius: 12px; overflow: clip; }
.tg-grid-group { background: #fafbfc; }
/* The group's title stays in view while the rows scroll sideways. */
.tg-grid-group-head { display: flex; align-items: center; gap: 12px; width: fit-content; position: sticky; left: 0; padding: 8px 12px; background: transparent; border: none; font: inherit; cursor: pointer; text-align: left; }
.tg-grid-group-rows { background: #fff; border-top: 1px solid #eef0f4; }
.tg-grid-group-columns { overflow: clip; background: #fafbfc; border: 1px solid #eef0f4; border-radius: 12px; }
.tg-grid-group-columns .tg-vt-frozen { background: #fafbfc; }
.tg-grid-group-more { padding: 6px 12px; }
.tg-grid-groups-cards > * { width: auto; min-width: 0; }
.tg-grid-groups-cards .tg-grid-group-head { flex-wrap: wrap; row-gap: 2px; width: 100%; box-sizing: border-box; }
.tg-grid-group-cards { display: flex; flex-direction: column; gap: 8px; padding: 8px; border-top: 1px solid #eef0f4; background: #f5f7fb; }
.tg-grid-group-cards .tg-card { height: auto; cursor: pointer; }
.tg-gantt-frame { background: #fff; border: 1px solid #eef0f4; border-radius: 12px; overflow: hidden; }
.tg-gantt-scroll { overflow: auto; max-height: calc(100dvh - 300px); min-height: 240px; }
.tg-gantt-inner { position: relative; }
.tg-gantt-head { display: flex; position: sticky; top: 0; z-index: 3; background: #fafbfc; border-bottom: 1px solid #eef0f4; }
.tg-gantt-corner { width: var(--tg-gantt-label); flex: none; position: sticky; left: 0; background: #fafbfc; z-index: 4; border-right: 1px solid #eef0f4; }
.tg-gantt-ticks { position: relative; flex: none; }
.tg-gantt-tick { position: absolute; top: 8px; padding-left: 4px; font-size: 11px; color: #667085; white-space: nowrap; }
.tg-gantt-body { display: flex; position: relative; }
.tg-gantt-labels { width: var(--tg-gantt-label); flex: none; position: sticky; left: 0; z-index: 2; background: #fff; border-right: 1px solid #eef0f4; }
.tg-gantt-label { display: flex; align-items: center; padding: 0 12px; font-size: 13px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; border-bottom: 1px solid #f6f7f9; }
.tg-gantt-lane { position: relative; flex: none; }
.tg-gantt-grid { position: absolute; top: 0; bottom: 0; border-left: 1px solid #f2f3f6; }
.tg-gantt-today { position: absolute; top: 0; bottom: 0; border-left: 2px solid #f04438; z-index: 1; }
.tg-gantt-arrows { position: absolute; inset: 0; pointer-events: none; z-index: 1; }
.tg-gantt-bar { position: absolute; box-sizing: border-box; border: 1px solid; border-radius: 6px; overflow: hidden; z-index: 2; display: flex; align-items: center; font-size: 12px; touch-action: none; user-select: none; }
.tg-gantt-movable { cursor: grab; }
.tg-gantt-dragging { cursor: grabbing; opacity: 0.85; box-shadow: 0 4px 12px rgba(16, 24, 40, 0.18); }
.tg-gantt-progress { position: absolute; left: 0; top: 0; bottom: 0; opacity: 0.35; }
.tg-gantt-bar-text { position: relative; padding: 0 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tg-gantt-handle { position: absolute; top: 0; bottom: 0; width: 8px; cursor: ew-resize; z-index: 1; }
.tg-gantt-handle-start { left: 0; }
.tg-gantt-handle-end { right: 0; }
.tg-gantt-handle:hover { background: rgba(66, 99, 235, 0.25); }
.tg-gantt-list { display: flex; flex-direction: column; gap: 8px; }
.tg-gantt-item { display: flex; flex-direction: column; gap: 2px; text-align: left; background: #fff; border: 1px solid #eef0f4; border-left: 4px solid #4263eb; border-radius: 10px; padding: 10px 12px; font: inherit; cursor: pointer; }
.tg-gantt-item-title { font-weight: 600; }
.tg-cal-bar { display: flex; align-items: center; gap: 12px; margin-bottom: 8px; flex-wrap: wrap; }
.tg-cal-title.ant-typography { margin: 0; flex: 1; min-width: 140px; }
.tg-cal-grid { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); background: #fff; border: 1px solid #eef0f4; border-radius: 12px; overflow: hidden; }
.tg-cal-wd { padding: 6px 8px; font-size: 12px; color: #667085; background: #fafbfc; border-bottom: 1px solid #eef0f4; }
.tg-cal-day { min-height: 112px; border-right: 1px solid #f2f3f6; border-bottom: 1px solid #f2f3f6; padding: 4px 6px 6px; display: flex; flex-direction: column; gap: 3px; min-width: 0; }
.tg-cal-week .tg-cal-day { min-height: 360px; }
.tg-cal-day:nth-child(7n) { border-right: none; }
.tg-cal-outside { background: #fafbfc; }
.tg-cal-outside .tg-cal-num { color: #c0c5d0; }
.tg-cal-over { background: #eef2ff; }
.tg-cal-day-head { display: flex; align-items: center; justify-content: space-between; height: 24px; }
.tg-cal-num { font-size: 13px; color: #344054; width: 24px; height: 24px; line-height: 24px; text-align: center; border-radius: 12px; }
.tg-cal-today .tg-cal-num { background: #4263eb; color: #fff; font-weight: 600; }
.tg-cal-add { opacity: 0; }
.tg-cal-day:hover .tg-cal-add, .tg-cal-add:focus-visible { opacity: 1; }
.tg-cal-event { font-size: 12px; line-height: 20px; padding: 0 6px; border-radius: 4px; border-left: 3px solid #4263eb; background: #eef2ff; color: #1d2939; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; touch-action: manipulation; }
.tg-cal-event:hover { filter: brightness(.97); }
.tg-cal-cont { border-left-style: dotted; opacity: .8; }
.tg-cal-dragging { opacity: .7; box-shadow: 0 6px 16px rgba(16,24,40,.18); position: relative; }
.tg-cal-more.ant-btn { padding: 0; height: 20px; align-self: flex-start; }
.tg-agenda { display: flex; flex-direction: column; gap: 10px; }
.tg-agenda-day { background: #fff; border: 1px solid #eef0f4; border-radius: 12px; padding: 8px 12px; display: flex; flex-direction: column; gap: 6px; }
.tg-agenda-head { display: flex; justify-content: space-between; align-items: center; font-weight: 600; color: #344054; }
.tg-agenda .tg-cal-event { font-size: 14px; line-height: 32px; }
.tg-gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
.tg-gcard { padding: 0 0 10px; overflow: hidden; }
.tg-gcard .tg-kcard-title, .tg-gcard .tg-kcard-line { padding: 0 12px; }
.tg-gcard .tg-kcard-title { margin-top: 8px; }
.tg-gcover { height: 150px; background: #f2f4f7; display: flex; align-items: center; justify-content: center; }
.tg-gcover img { width: 100%; height: 100%; object-fit: cover; display: block; }
.tg-gcover-none { font-size: 32px; color: #c0c5d0; }
@media (max-width: 767px) {
  .tg-dv-search { flex: 1; width: auto; min-width: 120px; max-width: none; }
  .tg-dv-views { width: 100%; }
  .tg-dv-views .ant-select { flex: 1; }
  .tg-kcol { flex-basis: calc(100vw - 64px); max-height: calc(100dvh - 240px); }
  .tg-kcol-collapsed { flex-basis: 160px; }
  .tg-gallery { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .tg-gcover { height: 110px; }
  /* A full-width drawer on a phone: a narrower label column leaves the values room. */
  .tg-record-fields .ant-descriptions-item-label { width: 112px; }
}
`;

export function DataViewStyles() {
  return <style>{css}</style>;
}
