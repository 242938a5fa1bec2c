export { ImportWizard, type ImportWizardProps } from './react/import-wizard';
export { useImportTexts } from './texts';
