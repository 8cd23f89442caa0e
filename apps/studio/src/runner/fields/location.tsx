/** A place: latitude and longitude, with an optional address. */
import { Input, Space } from 'antd';
import type { LocationField } from '@pipewright/metadata';
import { useText } from '../messages.ts';
import { defineWidget } from './field-widget.ts';
import { InputNumber } from './lazy-inputs.tsx';

interface Place { lat: number; lng: number; address?: string }

const placeOf = (value: unknown): Place | undefined =>
  typeof value === 'object' && value !== null && typeof (value as Place).lat === 'number' && typeof (value as Place).lng === 'number' ? (value as Place) : undefined;

export const location = defineWidget<LocationField>({
  type: 'location',
  width: 200,
  Display: ({ value }) => {
    const place = placeOf(value);
    if (!place) return null;
    return <span>{place.address ? `${place.address} ` : ''}<span className="pw-secondary">({place.lat.toFixed(5)}, {place.lng.toFixed(5)})</span></span>;
  },
  Input: function LocationInput({ value, onChange, id, disabled, invalid }) {
    const t = useText();
    const place = placeOf(value);
    const set = (part: Partial<Place>) => {
      const next = { lat: place?.lat, lng: place?.lng, address: place?.address, ...part };
      if (typeof next.lat !== 'number' || typeof next.lng !== 'number') return onChange(next.lat === undefined && next.lng === undefined ? null : next);
      onChange({ lat: next.lat, lng: next.lng, ...(next.address ? { address: next.address } : {}) });
    };
    return (
      <Space.Compact block id={id}>
        <InputNumber aria-label={t('location.lat')} placeholder={t('location.lat')} min={-90} max={90} value={place?.lat ?? null} disabled={disabled} status={invalid ? 'error' : undefined} onChange={(lat) => set({ lat: lat ?? undefined })} style={{ width: '30%' }} />
        <InputNumber aria-label={t('location.lng')} placeholder={t('location.lng')} min={-180} max={180} value={place?.lng ?? null} disabled={disabled} status={invalid ? 'error' : undefined} onChange={(lng) => set({ lng: lng ?? undefined })} style={{ width: '30%' }} />
        <Input aria-label={t('location.address')} placeholder={t('location.address')} value={place?.address ?? ''} disabled={disabled} onChange={(e) => set({ address: e.target.value })} style={{ width: '40%' }} />
      </Space.Compact>
    );
  },
});
