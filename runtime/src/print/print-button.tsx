import { DownOutlined, PrinterOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown } from 'antd';
import { useState } from 'react';
import type { FormDefinition } from '@tangram/client';
import { pickText } from '../core/i18n-text';
import { useClient } from '../react/context';
import { PdfPreview } from './pdf-preview';
import { usePrintTexts } from './texts';

/** The server's bound on one printout (decision 0045). */
export const MAX_PRINT_RECORDS = 200;

export interface PrintButtonProps {
  appId: string;
  form: FormDefinition;
  /** The record, or the selection, to print into one PDF. */
  ids: readonly string[];
  size?: 'small' | 'middle';
  /** Label "Print selected" instead of "Print". */
  selection?: boolean;
}

/**
 * Print one record or a selection (decision 0045): one button when the form has at most one
 * template, a menu of templates otherwise. The PDF opens in a preview modal.
 */
export function PrintButton({ appId, form, ids, size = 'middle', selection }: PrintButtonProps) {
  const { tx, lang } = usePrintTexts();
  const client = useClient();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [pdf, setPdf] = useState<{ blob: Blob; filename: string } | null>(null);
  const templates = form.printTemplates ?? [];
  const run = async (templateId?: string) => {
    if (ids.length > MAX_PRINT_RECORDS) {
      void message.warning(tx.tooMany.replace('{{max}}', String(MAX_PRINT_RECORDS)));
      return;
    }
    setBusy(true);
    try {
      const file = await client.print.pdf(
        { appId, formId: form.id },
        { ids: [...ids], locale: lang, ...(templateId ? { templateId } : {}) },
      );
      setPdf({ blob: file.blob, filename: file.filename ?? 'print.pdf' });
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const label = selection ? tx.printSelected : tx.print;
  const button =
    templates.length > 1 ? (
      <Dropdown
        trigger={['click']}
        menu={{
          items: templates.map((t) => ({
            key: t.id,
            label: <span data-testid={`print-template-${t.id}`}>{pickText(t.name, lang)}</span>,
          })),
          onClick: ({ key }) => void run(key),
        }}
      >
        <Button size={size} icon={<PrinterOutlined />} loading={busy} data-testid="print-button">
          {label} <DownOutlined />
        </Button>
      </Dropdown>
    ) : (
      <Button
        size={size}
        icon={<PrinterOutlined />}
        loading={busy}
        onClick={() => void run(templates[0]?.id)}
        data-testid="print-button"
      >
        {label}
      </Button>
    );
  return (
    <>
      {button}
      <PdfPreview pdf={pdf} onClose={() => setPdf(null)} />
    </>
  );
}
