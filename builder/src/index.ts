// The studio is an app, not a library; this entry exposes its pure helpers for tests.
export { newApp, withBasics, basicsOf } from './core/app-draft';
export type { AppBasics } from './core/app-draft';
