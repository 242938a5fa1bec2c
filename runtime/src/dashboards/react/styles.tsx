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
.tg-widget-error { gap: 6px; text-align: center; padding: 8px; max-width: 100%; }
.tg-widget-error-icon { font-size: 22px; color: #f59f00; }
.tg-widget-error-detail { font-size: 12px; max-width: 100%; overflow: hidden; text-overflow: ellipsis; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.tg-widget-skeleton { display: flex; flex-direction: column; justify-content: center; gap: 10px; height: 100%; padding: 4px; }
.tg-widget-skeleton-bars { flex-direction: row; align-items: flex-end; justify-content: space-around; gap: 8%; padding: 12px 8% 8px; }
.tg-widget-skeleton-bars > span { flex: 1; border-radius: 4px 4px 0 0; background: linear-gradient(90deg, #f0f2f5 25%, #e6e9ef 37%, #f0f2f5 63%);
  background-size: 400% 100%; animation: tg-shimmer 1.4s ease infinite; }
@keyframes tg-shimmer { 0% { background-position: 100% 50%; } 100% { background-position: 0 50%; } }
.tg-widget-md { white-space: normal; line-height: 1.6; }
.tg-md > :first-child { margin-top: 0; }
.tg-md > :last-child { margin-bottom: 0; }
.tg-md h1, .tg-md h2, .tg-md h3 { margin: 0.6em 0 0.3em; line-height: 1.3; color: #1f2937; }
.tg-md h1 { font-size: 20px; } .tg-md h2 { font-size: 17px; } .tg-md h3 { font-size: 15px; }
.tg-md p, .tg-md ul, .tg-md ol { margin: 0 0 0.5em; }
.tg-md ul, .tg-md ol { padding-left: 1.4em; }
.tg-md table { border-collapse: collapse; margin: 0.4em 0; font-size: 13px; }
.tg-md th, .tg-md td { border: 1px solid #e4e7ec; padding: 4px 8px; }
.tg-md th { background: #fafbfc; }
.tg-md code { background: #f2f4f7; border-radius: 4px; padding: 0 4px; font-size: 12px; }
.tg-md img { max-width: 100%; }
.tg-md blockquote { margin: 0 0 0.5em; padding-left: 10px; border-left: 3px solid #e4e7ec; color: rgba(0, 0, 0, .6); }
.tg-db-status { display: flex; align-items: center; gap: 8px; }
.tg-db-auto { color: #4263eb; }
.tg-db-filter-label { white-space: nowrap; }
.tg-db-org-picker { display: inline-block; min-width: 180px; }
.tg-kpi-change { display: flex; align-items: baseline; gap: 8px; margin-top: 4px; font-size: 12px; white-space: nowrap; }
.tg-kpi-delta { font-weight: 600; font-variant-numeric: tabular-nums; padding: 0 6px; border-radius: 10px; }
.tg-kpi-good .tg-kpi-delta { color: #0f9d58; background: #e8f6ee; }
.tg-kpi-bad .tg-kpi-delta { color: #d93025; background: #fdecea; }
.tg-kpi-neutral .tg-kpi-delta { color: #667085; background: #f2f4f7; }
.tg-kpi-prev { color: rgba(0, 0, 0, .45); }
.tg-widget-crumbs { display: flex; align-items: center; flex-wrap: wrap; gap: 2px; padding: 2px 14px 0; font-size: 12px; }
.tg-widget-crumb { display: inline-flex; align-items: center; gap: 2px; }
.tg-widget-crumb-sep { font-size: 9px; color: #98a2b3; margin: 0 2px; }
.tg-widget-crumb-link { border: none; background: none; padding: 0; color: #4263eb; cursor: pointer; font: inherit; }
.tg-widget-crumb-link:hover { text-decoration: underline; }
.tg-widget-crumb-current { color: rgba(0, 0, 0, .65); font-weight: 500; }
.tg-pivot { overflow: auto; max-height: 100%; align-self: flex-start; width: 100%; box-sizing: border-box; border: 1px solid #eef0f4; border-radius: 8px; }
.tg-pivot table { border-collapse: separate; border-spacing: 0; font-size: 13px; min-width: 100%; }
.tg-pivot th, .tg-pivot td { padding: 6px 10px; border-bottom: 1px solid #eef0f4; border-right: 1px solid #f2f4f7; white-space: nowrap; }
.tg-pivot thead th { position: sticky; top: 0; background: #f7f8fa; font-weight: 600; color: #344054; text-align: center; z-index: 2; }
.tg-pivot thead tr:nth-child(2) th { top: 31px; }
.tg-pivot thead tr:nth-child(3) th { top: 62px; }
.tg-pivot thead th.tg-pivot-corner { z-index: 3; text-align: left; vertical-align: bottom; }
.tg-pivot thead th.tg-pivot-measure { font-weight: 500; color: #667085; font-size: 12px; }
.tg-pivot thead th.tg-pivot-subtotal, .tg-pivot thead th.tg-pivot-total { background: #eef1f6; }
.tg-pivot td { text-align: right; font-variant-numeric: tabular-nums; background: #fff; }
.tg-pivot .tg-pivot-rowhead { text-align: left; font-weight: 500; color: #344054; background: #fff; max-width: 140px; min-width: 80px;
  width: 140px; overflow: hidden; text-overflow: ellipsis; box-sizing: border-box; }
.tg-pivot tbody tr:hover td, .tg-pivot tbody tr:hover .tg-pivot-rowhead { background: #f7f9ff; }
.tg-pivot td.tg-pivot-subcol { background: #f9fafb; font-weight: 500; }
.tg-pivot .tg-pivot-row-subtotal td, .tg-pivot .tg-pivot-row-subtotal th { background: #f5f7fa; font-weight: 600; }
.tg-pivot .tg-pivot-row-total td, .tg-pivot .tg-pivot-row-total th { background: #eef1f6; font-weight: 700; position: sticky; bottom: 0; }
.tg-pivot .tg-pivot-row-total th { z-index: 2; }
@media (max-width: 767px) {
  .tg-db-toolbar .tg-db-filter { width: 100%; }
  .tg-db-toolbar .tg-db-filter > :last-child { flex: 1; min-width: 0; }
  .tg-db-toolbar .tg-db-spacer { display: none; }
  .tg-db-status { width: 100%; justify-content: flex-end; }
  .tg-db-org-picker { min-width: 0; }
  .tg-kpi { gap: 16px; }
}
.tg-db-stack .tg-widget-full, .tg-widget-full { inset: 12px; }
@media (max-width: 767px) { .tg-widget-full { inset: 8px; } .tg-kpi-value { font-size: 26px; } }
`;

/** Mount once where dashboards render (player page, studio editor). */
export function DashboardStyles() {
  return <style>{css}</style>;
}
