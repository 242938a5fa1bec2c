/** Layout CSS shared by the player and the studio (antd covers the components themselves). */
const css = `
html, body, #root { height: 100%; margin: 0; }
body { background: #f5f7fb; -webkit-font-smoothing: antialiased; }
.tg-header { position: sticky; top: 0; z-index: 10; display: flex; align-items: center; justify-content: space-between;
  gap: 12px; border-bottom: 1px solid #eef0f4; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04); }
.tg-header-brand { display: flex; align-items: center; gap: 10px; min-width: 0; color: inherit; text-decoration: none; }
.tg-header-org { font-size: 16px; max-width: 40vw; }
.tg-header-actions { display: flex; align-items: center; gap: 4px; flex: none; }
.tg-user-button { display: inline-flex; align-items: center; gap: 8px; padding-inline: 6px; }
.tg-user-card { display: flex; flex-direction: column; min-width: 160px; cursor: default; }
.tg-page { max-width: 1200px; margin: 0 auto; padding: 28px 24px 48px; box-sizing: border-box; width: 100%; }
.tg-page-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 20px; flex-wrap: wrap; }
.tg-page-head :is(h1, h2, h3, h4, h5) { margin: 0 !important; }
.tg-auth { min-height: 100vh; min-height: 100dvh; display: flex; flex-direction: column; align-items: center; justify-content: center; padding: 72px 16px 40px;
  box-sizing: border-box; background: radial-gradient(1200px 600px at 10% -10%, #e7ecff 0%, transparent 60%),
  radial-gradient(900px 500px at 110% 110%, #e6fcf5 0%, transparent 55%), #f5f7fb; position: relative; }
.tg-auth-lang { position: absolute; top: 16px; right: 16px; }
.tg-auth-card { width: 100%; max-width: 440px; box-shadow: 0 12px 32px rgba(16, 24, 40, 0.08); }
.tg-auth-brand { display: flex; align-items: center; gap: 10px; margin-bottom: 20px; }
.tg-auth-brand-name { font-size: 18px; font-weight: 600; }
.tg-app-card { height: 100%; }
.tg-app-card .ant-card-body { display: flex; align-items: center; gap: 14px; padding: 18px; }
.tg-app-card-text { min-width: 0; flex: 1; display: flex; flex-direction: column; gap: 2px; }
.tg-empty { background: #fff; border-radius: 12px; padding: 56px 24px; border: 1px dashed #d9dee8; }
.tg-empty .ant-empty-description { max-width: 460px; margin: 0 auto; }
.tg-app-layout { min-height: calc(100vh - 56px); background: transparent; }
.tg-form-sider { border-right: 1px solid #eef0f4; }
.tg-form-sider .ant-menu { border-inline-end: none !important; }
.tg-sider-title { padding: 16px 20px 8px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tg-content { padding: 24px; min-width: 0; }
.tg-center { display: flex; align-items: center; justify-content: center; min-height: 50vh; }
@media (max-width: 575px) {
  .tg-hide-xs { display: none !important; }
  .ant-layout-header.tg-header { padding-inline: 12px; }
  .tg-header-org { max-width: 52vw; }
  .tg-page { padding: 20px 12px 32px; }
  .tg-content { padding: 16px 12px; }
  .tg-auth { padding-top: 64px; justify-content: flex-start; }
  .tg-app-card-stack .ant-card-body { flex-direction: column; align-items: flex-start; gap: 10px; padding: 14px; }
}
`;

export function GlobalStyles() {
  return <style>{css}</style>;
}
