/**
 * The upload input of attachment and image fields, on antd's `Upload`: drop files on the box or
 * click it, watch each upload's progress, remove files, see why one was refused. Each file goes to
 * `POST /api/apps/:app/files` with the entity, field and record it is for; the answer joins the
 * value, which the record's save then writes. Images show as cards with a preview. Loaded the
 * first time a form draws it (see `file-list.tsx`).
 */
import { useRef, useState } from 'react';
import { Modal, Upload, type UploadFile, type UploadProps } from 'antd';
import { InboxOutlined, PlusOutlined } from '@ant-design/icons';
import type { AttachmentField, ImageField } from '@pipewright/metadata';
import { csrfHeaders } from '../../api/client.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useFileText, type FileText } from './file-messages.ts';
import type { InputProps } from './field-widget.ts';
import { entityOfField } from './upload-target.ts';
import { fileUrl, filesOf, sizeText, type StoredFile } from './file-list.tsx';

const imageTypes = 'image/png,image/jpeg,image/gif,image/webp';
const defaultMaxMb = 20;

function refusal(t: FileText, name: string, response: unknown, maxMb: number): string {
  const problem = typeof response === 'object' && response !== null ? (response as { code?: string; detail?: string }) : {};
  if (problem.code === 'file.tooLarge') return t('file.tooLarge', { name, size: `${maxMb} MB` });
  if (problem.code === 'file.typeNotAccepted') return t('file.typeRefused', { name });
  return t('file.failed', { name, reason: problem.detail ?? '—' });
}

export default function FileUpload({ field, value, onChange, id, disabled, record }: InputProps<AttachmentField | ImageField>) {
  const { app } = useRunner();
  const t = useFileText();
  const files = filesOf(value);
  const current = useRef(files);
  current.current = files;
  const [pending, setPending] = useState<UploadFile[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [preview, setPreview] = useState<StoredFile | undefined>();
  const entity = entityOfField(app, field);
  const image = field.type === 'image';
  const maxFiles = field.maxFiles ?? (image ? 9 : 20);
  const maxMb = field.maxFileSizeMb ?? defaultMaxMb;
  const recordId = typeof record?.id === 'number' ? record.id : undefined;
  const accept = image ? imageTypes : field.type === 'attachment' && field.accept?.length ? field.accept.join(',') : undefined;

  const shown: UploadFile[] = [
    ...files.map((f): UploadFile => ({ uid: f.id, name: f.name, status: 'done', url: fileUrl(app.key, f.id), thumbUrl: image ? fileUrl(app.key, f.id) : undefined, size: f.size, type: f.mimeType })),
    ...pending.filter((p) => p.status !== 'error'),
  ];

  const change = (next: StoredFile[]) => {
    current.current = next;
    onChange(next.length ? next : null);
  };

  const props: UploadProps = {
    name: 'file',
    action: `/api/apps/${encodeURIComponent(app.key)}/files`,
    data: { entity: entity?.key ?? '', field: field.key, ...(recordId !== undefined ? { record: String(recordId) } : {}) },
    headers: csrfHeaders(),
    withCredentials: true,
    multiple: maxFiles > 1,
    accept,
    disabled: disabled || files.length + pending.length >= maxFiles,
    fileList: shown,
    listType: image ? 'picture-card' : 'text',
    beforeUpload(file) {
      if (file.size > maxMb * 1024 * 1024) {
        setErrors((e) => [...e, t('file.tooLarge', { name: file.name, size: `${maxMb} MB` })]);
        return Upload.LIST_IGNORE;
      }
      if (current.current.length + pending.length >= maxFiles) return Upload.LIST_IGNORE;
      setErrors([]);
      return true;
    },
    onChange({ file }) {
      if (file.status === 'done') {
        setPending((list) => list.filter((p) => p.uid !== file.uid));
        change([...current.current, file.response as StoredFile]);
      } else if (file.status === 'error') {
        setPending((list) => list.filter((p) => p.uid !== file.uid));
        setErrors((e) => [...e, refusal(t, file.name, file.response, maxMb)]);
      } else if (file.status === 'uploading') {
        setPending((list) => [...list.filter((p) => p.uid !== file.uid), file]);
      }
    },
    onRemove(file) {
      if (current.current.some((f) => f.id === file.uid)) change(current.current.filter((f) => f.id !== file.uid));
      else setPending((list) => list.filter((p) => p.uid !== file.uid));
      return false;
    },
    onPreview(file) {
      const stored = current.current.find((f) => f.id === file.uid);
      if (stored && image) setPreview(stored);
      else if (stored) window.open(fileUrl(app.key, stored.id), '_blank', 'noopener');
    },
    showUploadList: { showPreviewIcon: image, showDownloadIcon: !image, showRemoveIcon: !disabled },
    onDownload(file) {
      window.location.assign(fileUrl(app.key, String(file.uid)));
    },
  };

  return (
    <div id={id} className="pw-file-input" data-field-input={field.key}>
      {image ? (
        <Upload {...props}>
          {files.length + pending.length < maxFiles && (
            <button type="button" className="pw-upload-card" disabled={disabled}>
              <PlusOutlined aria-hidden />
              <div>{t('image.add')}</div>
            </button>
          )}
        </Upload>
      ) : (
        <Upload.Dragger {...props}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('file.drop')}</p>
          <p className="ant-upload-hint">{t('file.limit', { size: `${maxMb} MB` })}{accept ? ` · ${accept}` : ''}</p>
        </Upload.Dragger>
      )}
      {errors.length > 0 && (
        <div role="alert" className="pw-file-errors">
          {errors.map((e, i) => (
            <div key={i}>{e}</div>
          ))}
        </div>
      )}
      <Modal open={preview !== undefined} title={preview?.name ?? t('image.preview')} footer={null} onCancel={() => setPreview(undefined)}>
        {preview && <img className="pw-image-preview" src={fileUrl(app.key, preview.id)} alt={preview.name} />}
        {preview && <div className="pw-secondary-text">{sizeText(preview.size)}</div>}
      </Modal>
    </div>
  );
}
