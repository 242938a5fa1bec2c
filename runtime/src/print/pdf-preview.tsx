import { Button, Modal, Space } from 'antd';
import { useEffect, useState } from 'react';
import { usePrintTexts } from './texts';

/**
 * A printed PDF in a modal: the browser's own viewer in an iframe (print from there) and a
 * download link. The blob URL lives as long as the modal.
 */
export function PdfPreview({
  pdf,
  onClose,
}: {
  pdf: { blob: Blob; filename: string } | null;
  onClose(): void;
}) {
  const { tx } = usePrintTexts();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!pdf) return;
    const next = URL.createObjectURL(pdf.blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [pdf]);
  return (
    <Modal
      open={pdf !== null}
      onCancel={onClose}
      title={tx.title}
      width="min(960px, 96vw)"
      destroyOnHidden
      footer={
        <Space>
          {url && pdf ? (
            <a href={url} download={pdf.filename} data-testid="print-download">
              {tx.download}
            </a>
          ) : null}
          <Button onClick={onClose}>{tx.close}</Button>
        </Space>
      }
    >
      {url ? (
        <iframe
          title={tx.title}
          src={url}
          data-testid="print-preview"
          style={{ width: '100%', height: '70vh', border: '1px solid #eee' }}
        />
      ) : null}
    </Modal>
  );
}
