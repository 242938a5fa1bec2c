/** Layout CSS of the template gallery (kept with it rather than in the shared global styles). */
const css = `
.tg-template-section { margin-top: 28px; }
.tg-template-card { height: 100%; display: flex; flex-direction: column; }
.tg-template-card .ant-card-body { display: flex; flex-direction: column; gap: 10px; flex: 1; }
.tg-template-shot { aspect-ratio: 16 / 9; object-fit: cover; object-position: top left; background: #f0f3f9; }
.tg-template-head { display: flex; align-items: center; gap: 12px; }
.tg-template-desc { flex: 1; margin-bottom: 4px !important; }
.tg-template-card .ant-card-body > .ant-btn { align-self: flex-start; }
.tg-template-role { display: flex; align-items: center; gap: 12px; margin-bottom: 10px; }
@media (max-width: 575px) {
  .tg-template-role { flex-direction: column; align-items: stretch; gap: 4px; }
}
`;

export function TemplateStyles() {
  return <style>{css}</style>;
}
