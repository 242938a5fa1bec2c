export { ExportDialog, type ExportDialogProps } from './react/export-dialog';
export { exportRequest, showsSubform, type ShownView } from './core/export-request';
export { useExportTexts } from './texts';
