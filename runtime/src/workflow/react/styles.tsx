/**
 * CSS of the approval pages. The flow chart is plain flexbox (a column of nodes; a branch is a row
 * of columns), so it reflows on a phone without a chart library. Below 576px the inbox rows become
 * cards and the action bar is fixed to the bottom of the screen.
 */
const css = `
.tg-wf-page { max-width: 1200px; margin: 0 auto; padding: 20px 24px 96px; box-sizing: border-box; width: 100%; }
.tg-wf-head { display: flex; align-items: center; gap: 8px; margin-bottom: 16px; min-width: 0; }
.tg-wf-head h4 { margin: 0 !important; min-width: 0; }
.tg-wf-meta { color: #667085; font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: -8px 0 16px 40px; }
.tg-wf-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 16px; align-items: start; }
.tg-wf-grid.tg-wf-narrow { grid-template-columns: minmax(0, 1fr); }
.tg-wf-card { background: #fff; border: 1px solid #eef0f4; border-radius: 12px; padding: 16px; min-width: 0; }
.tg-wf-card + .tg-wf-card { margin-top: 16px; }
.tg-wf-card-title { font-weight: 600; margin-bottom: 12px; display: flex; align-items: center; justify-content: space-between; gap: 8px; }

.tg-flow { display: flex; flex-direction: column; align-items: center; padding: 4px 0; }
.tg-flow-link { width: 2px; height: 18px; background: #d0d5dd; flex: none; }
.tg-flow-link.tg-flow-link-done { background: #52c41a; }
.tg-flow-node { position: relative; width: 220px; max-width: 100%; box-sizing: border-box; border-radius: 10px; background: #fff;
  border: 1px solid #d0d5dd; padding: 8px 12px 8px 14px; box-shadow: 0 1px 2px rgba(16, 24, 40, .05); overflow: hidden; }
.tg-flow-node::before { content: ''; position: absolute; left: 0; top: 0; bottom: 0; width: 4px; background: #d0d5dd; }
.tg-flow-node-head { display: flex; align-items: center; gap: 6px; min-width: 0; }
.tg-flow-node-name { font-weight: 600; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-flow-node-state { font-size: 12px; flex: none; }
.tg-flow-node-people { margin-top: 4px; font-size: 12px; color: #667085; display: flex; flex-wrap: wrap; gap: 2px 8px; }
.tg-flow-person-done { color: #389e0d; }
.tg-flow-person-rejected { color: #cf1322; }
.tg-flow-node.tg-flow-done { border-color: #b7eb8f; }
.tg-flow-node.tg-flow-done::before { background: #52c41a; }
.tg-flow-node.tg-flow-done .tg-flow-node-state { color: #389e0d; }
.tg-flow-node.tg-flow-current { border-color: #4263eb; box-shadow: 0 0 0 3px rgba(66, 99, 235, .15); }
.tg-flow-node.tg-flow-current::before { background: #4263eb; }
.tg-flow-node.tg-flow-current .tg-flow-node-state { color: #4263eb; font-weight: 600; }
.tg-flow-node.tg-flow-rejected { border-color: #ffa39e; }
.tg-flow-node.tg-flow-rejected::before { background: #f5222d; }
.tg-flow-node.tg-flow-rejected .tg-flow-node-state { color: #cf1322; }
.tg-flow-node.tg-flow-pending .tg-flow-node-state { color: #98a2b3; }
.tg-flow-node.tg-flow-skipped { border-style: dashed; opacity: .55; box-shadow: none; }
.tg-flow-node.tg-flow-skipped .tg-flow-node-state { color: #98a2b3; }
.tg-flow-node.tg-flow-round { width: auto; min-width: 96px; border-radius: 999px; text-align: center; padding: 4px 16px; }
.tg-flow-node.tg-flow-round::before { display: none; }
.tg-flow-node.tg-flow-round .tg-flow-node-head { justify-content: center; }
.tg-flow-node.tg-flow-round .tg-flow-node-name { flex: none; }
.tg-flow-split { display: flex; flex-direction: column; align-items: center; width: 100%; }
.tg-flow-split-node { font-size: 12px; color: #475467; background: #f2f4f7; border-radius: 999px; padding: 2px 12px; border: 1px solid #e4e7ec; }
.tg-flow-split-node.tg-flow-done { background: #f6ffed; border-color: #b7eb8f; color: #389e0d; }
.tg-flow-paths { display: flex; gap: 10px; width: 100%; overflow-x: auto; padding: 0 2px 4px; box-sizing: border-box;
  border-top: 2px solid #d0d5dd; border-bottom: 2px solid #d0d5dd; border-radius: 12px; }
.tg-flow-path { flex: 1 1 0; min-width: 150px; display: flex; flex-direction: column; align-items: center; }
.tg-flow-path .tg-flow-node { width: 100%; }
.tg-flow-path-grow { flex: 1; width: 2px; min-height: 18px; background: #d0d5dd; }
.tg-flow-path-label { font-size: 12px; margin-top: 8px; padding: 1px 8px; border-radius: 999px; background: #f0f5ff; color: #2f54eb;
  max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-flow-path.tg-flow-path-skipped { opacity: .55; }
.tg-flow-path.tg-flow-path-skipped .tg-flow-path-label { background: #f2f4f7; color: #667085; }
.tg-flow-path.tg-flow-path-taken .tg-flow-path-label { background: #f6ffed; color: #389e0d; }

.tg-wf-log .ant-timeline-item-content { min-width: 0; }
.tg-wf-log-line { display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; }
.tg-wf-log-time { color: #98a2b3; font-size: 12px; }
.tg-wf-log-comment { margin-top: 4px; background: #f8f9fc; border-radius: 8px; padding: 6px 10px; white-space: pre-wrap; word-break: break-word; }
.tg-wf-log-signature { margin-top: 6px; max-width: 200px; max-height: 90px; border: 1px solid #eef0f4; border-radius: 6px; background: #fff; }

.tg-wf-actionbar { position: sticky; bottom: 0; z-index: 5; margin-top: 16px; background: rgba(255, 255, 255, .96);
  border-top: 1px solid #eef0f4; padding: 10px 16px; display: flex; justify-content: flex-end; gap: 8px; flex-wrap: wrap;
  box-shadow: 0 -4px 12px rgba(16, 24, 40, .06); border-radius: 12px 12px 0 0; }
.tg-wf-dialog-section { margin-bottom: 14px; }
.tg-wf-dialog-label { display: block; margin-bottom: 6px; font-weight: 500; }
.tg-wf-dialog-label .tg-required { color: #f5222d; margin-right: 4px; }

.tg-wf-inbox-tabs .ant-tabs-nav { margin-bottom: 12px; }
.tg-wf-list { display: flex; flex-direction: column; gap: 8px; }
.tg-wf-item { display: grid; grid-template-columns: minmax(0, 2.2fr) minmax(0, 1.3fr) minmax(0, 1fr) 150px auto; gap: 12px; align-items: center;
  background: #fff; border: 1px solid #eef0f4; border-radius: 10px; padding: 12px 16px; color: inherit; text-decoration: none;
  transition: border-color .15s, box-shadow .15s; }
.tg-wf-item:hover { border-color: #bac8ff; box-shadow: 0 2px 8px rgba(66, 99, 235, .08); }
.tg-wf-item-title { font-weight: 600; color: #1f2329; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-wf-item-form { font-size: 12px; color: #667085; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tg-wf-item-cell { font-size: 13px; color: #475467; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.tg-wf-item-label { display: none; color: #98a2b3; margin-right: 4px; }
.tg-wf-more { display: flex; justify-content: center; padding: 12px 0; }

.tg-wf-bell-list { width: min(380px, calc(100vw - 24px)); max-height: min(480px, 70vh); overflow-y: auto; }
.tg-wf-bell-head { display: flex; align-items: center; justify-content: space-between; padding: 4px 4px 8px; border-bottom: 1px solid #f0f0f0; }
.tg-wf-bell-item { display: flex; gap: 10px; padding: 10px 6px; border-bottom: 1px solid #f5f5f5; cursor: pointer; border-radius: 6px; }
.tg-wf-bell-item:hover { background: #f8f9fc; }
.tg-wf-bell-dot { width: 8px; height: 8px; border-radius: 50%; background: #f5222d; margin-top: 7px; flex: none; }
.tg-wf-bell-dot.tg-wf-read { background: transparent; }
.tg-wf-bell-text { font-size: 13px; line-height: 1.45; word-break: break-word; }
.tg-wf-bell-kind { margin-inline-end: 6px; font-size: 11px; line-height: 16px; padding-inline: 4px; }
.tg-wf-bell-message.ant-typography { margin: 2px 0 0; font-size: 12px; color: rgba(0,0,0,0.55); }
.tg-wf-bell-time { font-size: 12px; color: #98a2b3; }

@media (max-width: 900px) {
  .tg-wf-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 575px) {
  .tg-wf-page { padding: 12px 10px 96px; }
  .tg-wf-meta { margin-left: 0; }
  .tg-wf-card { padding: 12px; border-radius: 10px; }
  .tg-wf-item { grid-template-columns: minmax(0, 1fr) auto; grid-template-areas: 'title tag' 'node node' 'who who' 'time time';
    gap: 4px 8px; padding: 12px 14px; border-radius: 12px; box-shadow: 0 1px 3px rgba(16, 24, 40, .06); }
  .tg-wf-item-main { grid-area: title; }
  .tg-wf-item-node { grid-area: node; }
  .tg-wf-item-who { grid-area: who; }
  .tg-wf-item-time { grid-area: time; }
  .tg-wf-item-tag { grid-area: tag; align-self: start; }
  .tg-wf-item-label { display: inline; }
  .tg-wf-inbox-tabs .ant-tabs-tab + .ant-tabs-tab { margin-inline-start: 14px; }
  .tg-wf-inbox-tabs .ant-tabs-tab { font-size: 13px; }
  .tg-wf-actionbar { position: fixed; left: 0; right: 0; bottom: 0; margin: 0; border-radius: 0; z-index: 1001;
    padding: 10px 12px calc(10px + env(safe-area-inset-bottom)); flex-wrap: nowrap; }
  .tg-wf-actionbar > .ant-btn { flex: 1 1 0; min-width: 0; }
}
`;

export function WorkflowStyles() {
  return <style>{css}</style>;
}
