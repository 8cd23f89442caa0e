/** Whether the window is phone-sized (at most 576 px wide, antd's `xs`/`sm` break). */
import { useEffect, useState } from 'react';

const query = '(max-width: 576px)';

export function usePhone(): boolean {
  const [phone, setPhone] = useState(() => typeof window !== 'undefined' && window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const listener = () => setPhone(media.matches);
    media.addEventListener('change', listener);
    return () => media.removeEventListener('change', listener);
  }, []);
  return phone;
}
