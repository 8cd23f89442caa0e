/**
 * The signature input: a canvas to write on with a mouse, pen or finger (pointer events), then
 * "use this signature" uploads it as a PNG through `POST /api/apps/:app/files` and the value
 * becomes that one file. A stored signature shows as its image with "sign again". Loaded the
 * first time a form draws it (see `file-list.tsx`).
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Space } from 'antd';
import type { SignatureField } from '@pipewright/metadata';
import { csrfHeaders } from '../../api/client.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useFileText } from './file-messages.ts';
import type { InputProps } from './field-widget.ts';
import { entityOfField } from './upload-target.ts';
import { fileUrl, filesOf, type StoredFile } from './file-list.tsx';

const width = 360;
const height = 140;

export default function SignaturePad({ field, value, onChange, id, disabled, record }: InputProps<SignatureField>) {
  const { app } = useRunner();
  const t = useFileText();
  const [stored] = filesOf(value);
  const [signing, setSigning] = useState(!stored);
  const [drawn, setDrawn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | undefined>(undefined);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.lineWidth = 2.5;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#1f1f1f';
  }, [signing]);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * width) / box.width, y: ((event.clientY - box.top) * height) / box.height };
  };
  const down = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    last.current = point(event);
  };
  const move = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const from = last.current;
    const context = canvas.current?.getContext('2d');
    if (!from || !context) return;
    const to = point(event);
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    last.current = to;
    setDrawn(true);
  };
  const up = () => {
    last.current = undefined;
  };
  const clear = () => {
    canvas.current?.getContext('2d')?.clearRect(0, 0, width, height);
    setDrawn(false);
    setError(undefined);
  };

  const save = async () => {
    if (!drawn || !canvas.current) return setError(t('signature.empty'));
    setBusy(true);
    setError(undefined);
    try {
      const blob = await new Promise<Blob | null>((resolve) => canvas.current!.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('toBlob');
      const form = new FormData();
      form.set('entity', entityOfField(app, field)?.key ?? '');
      form.set('field', field.key);
      if (typeof record?.id === 'number') form.set('record', String(record.id));
      form.set('file', blob, `${field.key}.png`);
      const response = await fetch(`/api/apps/${encodeURIComponent(app.key)}/files`, { method: 'POST', body: form, credentials: 'same-origin', headers: csrfHeaders() });
      const body = (await response.json()) as StoredFile & { detail?: string };
      if (!response.ok) throw new Error(body.detail ?? response.statusText);
      onChange([{ id: body.id, name: body.name, size: body.size, mimeType: body.mimeType }]);
      setSigning(false);
      setDrawn(false);
    } catch (failure) {
      setError(t('file.failed', { name: t('signature.save'), reason: (failure as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  if (stored && !signing) {
    return (
      <div id={id} className="pw-signature" data-field-input={field.key}>
        <img className="pw-file-signature" src={fileUrl(app.key, stored.id)} alt={t('signature.image', { name: stored.name })} />
        {!disabled && (
          <div>
            <Button size="small" onClick={() => setSigning(true)}>{t('signature.redo')}</Button>
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="pw-signature" data-field-input={field.key}>
      <canvas
        id={id}
        ref={canvas}
        className="pw-signature-pad"
        width={width}
        height={height}
        role="img"
        aria-label={t('signature.pad')}
        tabIndex={0}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <Space size="small" wrap>
        <Button size="small" onClick={clear} disabled={disabled || busy}>{t('signature.clear')}</Button>
        <Button size="small" type="primary" onClick={() => void save()} loading={busy} disabled={disabled}>{t('signature.save')}</Button>
        {stored && <Button size="small" type="link" onClick={() => setSigning(false)}>{t('common.cancel')}</Button>}
      </Space>
      {error && <div role="alert" className="pw-file-errors">{error}</div>}
    </div>
  );
}
