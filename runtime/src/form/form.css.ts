/** Styles of the form renderer (injected once by <FormStyles />). */
export const FORM_CSS = `
.tg-form { max-width: 960px; container-type: inline-size; container-name: tg-form; }
.tg-field { margin-bottom: 18px; min-width: 0; }
.tg-field-label { display: block; font-weight: 500; margin-bottom: 6px; line-height: 1.4; }
.tg-required { color: #ff4d4f; margin-inline-end: 4px; }
.tg-field-help { display: block; font-size: 12px; margin-top: 4px; }
.tg-field-error { color: #ff4d4f; font-size: 12px; margin-top: 4px; line-height: 1.4; }
.tg-readonly-value { min-height: 32px; padding: 4px 11px; border-radius: 6px; background: rgba(0,0,0,0.03); line-height: 24px; word-break: break-word; }
.tg-option { display: inline-flex; align-items: center; gap: 6px; }
.tg-option-dot { width: 8px; height: 8px; border-radius: 50%; display: inline-block; }
.tg-richtext { border: 1px solid #d9d9d9; border-radius: 6px; }
.tg-richtext.tg-invalid, .tg-signature-pad.tg-invalid { border-color: #ff4d4f; }
.tg-richtext-toolbar { padding: 2px 4px; border-bottom: 1px solid #f0f0f0; width: 100%; }
.tg-richtext-body { min-height: 96px; padding: 6px 11px; outline: none; }
.tg-richtext-body ul { padding-inline-start: 20px; }
.tg-signature-pad { border: 1px dashed #bfbfbf; border-radius: 6px; background: #fff; display: block; }
.tg-subform .ant-table-cell { vertical-align: top; }
.tg-cell { min-width: 120px; }
.tg-subform-totals { display: none; flex-wrap: wrap; gap: 4px 12px; margin-top: 6px; font-size: 13px; color: rgba(0,0,0,0.65); }
.tg-subform-cards .tg-subform-totals { display: flex; }
.tg-subform-card { border: 1px solid #e6e8ee; border-radius: 10px; padding: 10px 12px 2px; margin-bottom: 10px; background: #fff; }
.tg-subform-card-head { display: flex; align-items: center; justify-content: space-between; margin-bottom: 8px; }
.tg-subform-card-field { display: block; margin-bottom: 10px; }
.tg-subform-card-field .tg-cell { min-width: 0; }
.tg-form-section { margin-bottom: 16px; }
.tg-form-actions { margin-top: 8px; }
/* Phone width, measured on the form itself (a phone or the studio's phone preview; a 560px drawer is not one):
   layout rows stack to one column; the subform table scrolls sideways, its add button and totals stay. */
@container tg-form (max-width: 480px) {
  .tg-form-row > .ant-col { flex: 0 0 100%; max-width: 100%; }
  .tg-subform .ant-table-wrapper { max-width: 100%; }
  .tg-subform-totals { display: flex; }
  .tg-cell { min-width: 96px; }
  .tg-form-actions, .tg-form-actions .ant-space-item, .tg-form-actions button { width: 100%; }
}
@media (max-width: 767px) {
  .tg-form-actions, .tg-form-actions .ant-space-item, .tg-form-actions button { width: 100%; }
}
`;
