import type { PrintTemplate } from '@tangram/schema';
import type { DownloadedFile, Transport } from './transport';

const enc = encodeURIComponent;

export interface PrintRequest {
  /** One record or a selection (at most 200), printed in this order into one PDF. */
  ids: string[];
  /** A print template of the form; `default` or none: the first designed one, else the default. */
  templateId?: string;
  /** An unsaved template (the studio's preview). */
  template?: PrintTemplate;
  locale?: 'zh-CN' | 'en';
}

/** `POST /apps/:app/forms/:form/print` (decision 0045): the PDF as a Blob. */
export function createPrintApi(http: Transport) {
  return {
    pdf: (ref: { appId: string; formId: string }, request: PrintRequest): Promise<DownloadedFile> =>
      http.requestFile('POST', `/apps/${enc(ref.appId)}/forms/${enc(ref.formId)}/print`, { body: request }),
  };
}
