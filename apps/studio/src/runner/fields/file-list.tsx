/**
 * The display and input shared by attachment, image and signature fields. A value is the list
 * of stored files (`{ id, name, size, mimeType }`); each is a link that downloads it through
 * `GET /api/apps/:app/files/:id` (images and signatures as thumbnails). The inputs upload
 * through `POST /api/apps/:app/files` and are loaded the first time a form draws one
 * (`file-upload.tsx`, `signature-pad.tsx`), so lists stay within their script budget (decision 053).
 */
import { Space } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import type { AttachmentField, Field, ImageField } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import type { DisplayProps, InputProps } from './field-widget.ts';
import { later } from './lazy-inputs.tsx';

export interface StoredFile {
  id: string;
  name: string;
  size?: number;
  mimeType?: string;
}

export const filesOf = (value: unknown): StoredFile[] =>
  Array.isArray(value) ? (value.filter((f) => typeof f === 'object' && f !== null && typeof (f as StoredFile).id === 'string' && typeof (f as StoredFile).name === 'string') as StoredFile[]) : [];

export function sizeText(size: number | undefined): string {
  if (size === undefined) return '';
  return size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** Where a stored file downloads from. */
export const fileUrl = (appKey: string, id: string) => `/api/apps/${encodeURIComponent(appKey)}/files/${encodeURIComponent(id)}`;

/** The upload input of attachment and image fields, loaded when a form first draws one. */
export const FileUpload = later<InputProps<AttachmentField | ImageField>>(() => import('./file-upload.tsx'));

const isPicture = (field: Field, file: StoredFile) => (field.type === 'image' || field.type === 'signature') && (file.mimeType ?? '').startsWith('image/');

export function FileListDisplay({ field, value }: DisplayProps) {
  const { app } = useRunner();
  const files = filesOf(value);
  if (!files.length) return null;
  return (
    <Space direction="vertical" size={2} className="pw-file-list">
      {files.map((f) => (
        <a key={f.id} className="pw-file" href={fileUrl(app.key, f.id)} download={f.name}>
          {isPicture(field, f) ? (
            <img className={field.type === 'signature' ? 'pw-file-signature' : 'pw-file-thumb'} src={fileUrl(app.key, f.id)} alt={f.name} loading="lazy" />
          ) : (
            <PaperClipOutlined aria-hidden />
          )}{' '}
          <span className="pw-file-name">{f.name}</span> <span className="pw-secondary-text">{sizeText(f.size)}</span>
        </a>
      ))}
    </Space>
  );
}
