export { PublicFormPage } from './public-form-page';
export { solveProof, leadingZeroBits, type Proof } from './proof-of-work';
