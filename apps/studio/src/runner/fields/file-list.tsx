/**
 * The display shared by attachment, image and signature fields: the stored file list
 * (`{ id, name, size, mimeType }`) by name and size. The server has no upload route yet, so the
 * input shows the same list and says so instead of offering an upload that would fail.
 */
import { Space } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useText } from '../messages.ts';
import type { DisplayProps, InputProps } from './field-widget.ts';

interface StoredFile { id: string; name: string; size?: number; mimeType?: string }

const filesOf = (value: unknown): StoredFile[] =>
  Array.isArray(value) ? (value.filter((f) => typeof f === 'object' && f !== null && typeof (f as StoredFile).name === 'string') as StoredFile[]) : [];

function sizeText(size: number | undefined): string {
  if (size === undefined) return '';
  return size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export function FileListDisplay({ value }: DisplayProps) {
  const files = filesOf(value);
  if (!files.length) return null;
  return (
    <Space direction="vertical" size={2}>
      {files.map((f) => (
        <span key={f.id} className="pw-file">
          <PaperClipOutlined aria-hidden /> {f.name} <span className="pw-secondary-text">{sizeText(f.size)}</span>
        </span>
      ))}
    </Space>
  );
}

export function FileListInput({ field, value, id }: InputProps) {
  const t = useText();
  const files = filesOf(value);
  return (
    <div id={id}>
      {files.length ? <FileListDisplay field={field} value={value} /> : <span className="pw-secondary-text">{t('file.none')}</span>}
      <div>
        <span className="pw-secondary-text pw-hint">{t('file.uploadUnavailable')}</span>
      </div>
    </div>
  );
}
