import { PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Image, Space, Upload, message } from 'antd';
import type { UploadFile } from 'antd';
import { isApiError } from '@tangram/client';
import SignaturePad from 'signature_pad';
import { useEffect, useRef, useState } from 'react';
import { fill } from '../form-texts';
import { useFormEnv } from '../react/form-context';
import type { WidgetProps } from './widget';

interface StoredFile {
  fileId: string;
  name?: string;
  size?: number;
  mime?: string;
}

const asFiles = (v: unknown): StoredFile[] => (Array.isArray(v) ? (v as StoredFile[]) : []);

/** `image/*`, `image/png`, `.pdf` against a File. */
function accepted(file: File, accept: readonly string[] | undefined): boolean {
  if (!accept?.length) return true;
  const name = file.name.toLowerCase();
  return accept.some((a) =>
    a.startsWith('.')
      ? name.endsWith(a.toLowerCase())
      : a.endsWith('/*')
        ? file.type.startsWith(a.slice(0, -1))
        : file.type === a,
  );
}

/**
 * Image and attachment fields: antd Upload sending each file to the files API, with the field's
 * count, size and type limits checked before upload (the server checks again).
 */
function FileList({
  field,
  value,
  onChange,
  id,
  disabled,
  images,
}: WidgetProps<'image' | 'attachment'> & { images: boolean }) {
  const { client, texts } = useFormEnv();
  const files = asFiles(value);
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const config = field.config ?? {};
  const maxFiles = config.maxFiles ?? (images ? 9 : 20);
  const maxMb = config.maxSizeMb ?? 20;
  const accept =
    config.accept ?? (images ? ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] : undefined);
  const latest = useRef(files);
  latest.current = files;

  const list: UploadFile[] = [
    ...files.map((f) => ({
      uid: f.fileId,
      name: f.name ?? f.fileId,
      status: 'done' as const,
      url: client?.files.url(f.fileId),
      thumbUrl: images ? client?.files.url(f.fileId) : undefined,
    })),
    ...uploading,
  ];

  const upload = async (file: File) => {
    if (!client) return;
    const uid = `${Date.now()}-${file.name}`;
    setUploading((u) => [...u, { uid, name: file.name, status: 'uploading', percent: 50 }]);
    try {
      const info = await client.files.upload(file, file.name, { accept: images ? ['image/*'] : undefined });
      const next = [
        ...latest.current,
        { fileId: info.id, name: info.name, size: info.size, mime: info.mime },
      ];
      onChange(next);
    } catch (e) {
      void message.error(fill(texts.uploadFailed, { message: isApiError(e) ? e.message : String(e) }));
    } finally {
      setUploading((u) => u.filter((x) => x.uid !== uid));
    }
  };

  return (
    <Upload
      id={id}
      listType={images ? 'picture-card' : 'text'}
      fileList={list}
      multiple={maxFiles > 1}
      accept={accept?.join(',')}
      disabled={disabled}
      beforeUpload={(file) => {
        if (latest.current.length + uploading.length >= maxFiles) {
          void message.warning(fill(texts.tooMany, { n: maxFiles }));
          return Upload.LIST_IGNORE;
        }
        if (file.size > maxMb * 1024 * 1024) {
          void message.warning(fill(texts.tooLarge, { mb: maxMb }));
          return Upload.LIST_IGNORE;
        }
        if (!accepted(file, accept)) {
          void message.warning(texts.wrongType);
          return Upload.LIST_IGNORE;
        }
        void upload(file);
        return false;
      }}
      onRemove={(f) => {
        const next = latest.current.filter((x) => x.fileId !== f.uid);
        onChange(next.length ? next : null);
        return true;
      }}
      onPreview={(f) => {
        if (f.url) window.open(f.url, '_blank', 'noopener');
      }}
    >
      {disabled || files.length + uploading.length >= maxFiles ? null : images ? (
        <div>
          <PlusOutlined />
          <div style={{ marginTop: 4 }}>{texts.upload}</div>
        </div>
      ) : (
        <Button icon={<UploadOutlined />}>{texts.upload}</Button>
      )}
    </Upload>
  );
}

export const ImageWidget = (p: WidgetProps<'image'>) => <FileList {...p} images />;
export const AttachmentWidget = (p: WidgetProps<'attachment'>) => <FileList {...p} images={false} />;

/** A signature drawn on a canvas (signature_pad), uploaded as a PNG file when confirmed. */
export function SignatureWidget({ value, onChange, id, disabled, invalid }: WidgetProps<'signature'>) {
  const { client, texts } = useFormEnv();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [busy, setBusy] = useState(false);
  const signed = value && typeof value === 'object' ? (value as { fileId: string }) : null;

  useEffect(() => {
    const el = canvas.current;
    if (!el || signed || disabled) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    el.width = (el.offsetWidth || 320) * ratio;
    el.height = (el.offsetHeight || 160) * ratio;
    el.getContext('2d')?.scale(ratio, ratio);
    let instance: SignaturePad | null = null;
    try {
      instance = new SignaturePad(el, { penColor: '#1f1f1f' });
    } catch {
      instance = null; // no canvas support (e.g. a test DOM): the pad stays inert
    }
    pad.current = instance;
    return () => instance?.off();
  }, [signed, disabled]);

  const confirm = async () => {
    const el = canvas.current;
    if (!el || !client || !pad.current || pad.current.isEmpty()) return;
    setBusy(true);
    try {
      const blob = await new Promise<Blob | null>((resolve) => el.toBlob(resolve, 'image/png'));
      if (!blob) return;
      const info = await client.files.upload(blob, 'signature.png', { accept: ['image/png'] });
      onChange({ fileId: info.id, signedAt: new Date().toISOString() });
    } catch (e) {
      void message.error(fill(texts.uploadFailed, { message: isApiError(e) ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  if (signed) {
    return (
      <Space direction="vertical" id={id}>
        {client ? (
          <Image
            src={client.files.url(signed.fileId)}
            alt="signature"
            width={240}
            className="tg-signature-image"
          />
        ) : (
          <PaperClipOutlined />
        )}
        {disabled ? null : (
          <Button size="small" onClick={() => onChange(null)}>
            {texts.resign}
          </Button>
        )}
      </Space>
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <canvas
        id={id}
        ref={canvas}
        aria-label={texts.signHere}
        className={`tg-signature-pad${invalid ? ' tg-invalid' : ''}`}
        style={{ width: '100%', maxWidth: 420, height: 160, touchAction: 'none' }}
      />
      {disabled ? null : (
        <Space>
          <Button size="small" onClick={() => pad.current?.clear()}>
            {texts.clear}
          </Button>
          <Button size="small" type="primary" loading={busy} onClick={() => void confirm()}>
            {texts.sign}
          </Button>
        </Space>
      )}
    </Space>
  );
}
