export { PrintButton, MAX_PRINT_RECORDS, type PrintButtonProps } from './print-button';
export { PdfPreview } from './pdf-preview';
export { usePrintTexts } from './texts';
