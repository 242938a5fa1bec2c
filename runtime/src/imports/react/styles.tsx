/** Layout CSS of the import wizard (antd covers the components themselves). */
const css = `
.tg-import-preview { overflow: auto; max-height: 320px; border: 1px solid #f0f0f0; border-radius: 6px; }
.tg-import-preview table { border-collapse: collapse; font-size: 13px; min-width: 100%; }
.tg-import-preview td { padding: 4px 8px; border-bottom: 1px solid #f5f5f5; white-space: nowrap; max-width: 220px; overflow: hidden; text-overflow: ellipsis; }
.tg-import-preview tr.is-header td { background: #eef2ff; font-weight: 600; }
.tg-import-preview .tg-import-rownum { color: #8c8c8c; text-align: right; }
.tg-import-options { display: grid; gap: 12px; margin-top: 16px; }
.tg-import-options .ant-radio-group { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 4px 0; }
.tg-import-progress { display: grid; gap: 6px; padding: 12px 0; }
.tg-import-footer { display: flex; justify-content: flex-end; margin-top: 16px; }
@media (max-width: 600px) {
  .tg-import-wizard .ant-steps-item-title { font-size: 12px; }
}
`;

export function ImportStyles() {
  return <style>{css}</style>;
}
