/** Layout CSS of dashboards: a 24-column grid of widget cards, one column on phones. */
const css = `
.tg-dashboard { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.tg-db-toolbar { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.tg-db-toolbar .tg-db-spacer { flex: 1; }
.tg-db-filter { display: flex; align-items: center; gap: 6px; }
.tg-db-grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 40px; gap: 12px; }
.tg-db-grid.tg-db-stack { grid-template-columns: minmax(0, 1fr); grid-auto-rows: auto; }
.tg-widget { background: #fff; border: 1px solid #eef0f4; border-radius: 12px; display: flex; flex-direction: column;
  min-width: 0; min-height: 0; height: 100%; box-sizing: border-box; overflow: hidden; }
.tg-widget-head { display: flex; align-items: center; gap: 8px; padding: 8px 8px 0 14px; min-height: 36px; }
.tg-widget-title { flex: 1; min-width: 0; }
.tg-widget-tools { display: flex; align-items: center; gap: 2px; flex: none; }
.tg-widget-body { flex: 1; min-height: 0; padding: 4px 12px 12px; position: relative; display: flex; flex-direction: column; }
.tg-widget-body > * { flex: 1; min-height: 0; }
.tg-widget-spin, .tg-widget-spin > .ant-spin-container { height: 100%; }
.tg-widget-center { margin: auto; display: flex; flex-direction: column; justify-content: center; align-items: center; }
.tg-widget-full { position: fixed; inset: 24px; z-index: 1001; height: auto; box-shadow: 0 12px 48px rgba(15, 23, 42, .25); }
.tg-widget-backdrop { position: fixed; inset: 0; z-index: 1000; background: rgba(15, 23, 42, .45); }
.tg-widget-placeholder { height: 100%; border-radius: 12px; background: #f5f6f8; }
.tg-widget-text { white-space: pre-wrap; overflow: auto; color: rgba(0, 0, 0, .75); }
.tg-kpi { display: flex; align-items: center; gap: 24px; flex-wrap: wrap; height: 100%; padding: 0 4px; }
.tg-kpi-value { font-size: 30px; font-weight: 600; line-height: 1.2; font-variant-numeric: tabular-nums; color: #1f2937; }
.tg-kpi-extra .tg-kpi-value { font-size: 20px; color: #4b5563; }
.tg-kpi-label { color: rgba(0, 0, 0, .5); font-size: 13px; }
.tg-db-stack .tg-widget-full, .tg-widget-full { inset: 12px; }
@media (max-width: 767px) { .tg-widget-full { inset: 8px; } .tg-kpi-value { font-size: 26px; } }
`;

/** Mount once where dashboards render (player page, studio editor). */
export function DashboardStyles() {
  return <style>{css}</style>;
}
