/**
 * A popover opened by clicking its button, whose script (antd's Popover) is loaded on the first
 * click, so a list's toolbar costs the first page nothing for it (decision 053). Until then the
 * button is drawn alone; a failed load (offline) leaves it so, and the next click tries again.
 */
import type { PopoverProps } from 'antd';
import type AntPopover from 'antd/es/popover';
import { cloneElement, useState, type MouseEvent, type ReactElement } from 'react';

let loaded: typeof AntPopover | undefined;

export function ClickPopover({ children, ...props }: Omit<PopoverProps, 'children' | 'trigger' | 'open' | 'onOpenChange'> & { children: ReactElement<{ onClick?: (event: MouseEvent) => void }> }) {
  const [Popover, setPopover] = useState(() => loaded);
  const [open, setOpen] = useState(false);
  if (!Popover) {
    const load = () =>
      import('antd/es/popover').then(
        (module) => {
          loaded = module.default;
          setPopover(() => module.default);
          setOpen(true);
        },
        () => undefined,
      );
    return cloneElement(children, { onClick: () => void load() });
  }
  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} {...props}>
      {children}
    </Popover>
  );
}
