/**
 * The confirmation dialogs of `FeedbackProvider`, loaded the first time a page asks for one:
 * antd's `Modal.useModal`, whose dialogs take the theme and locale of the page around them.
 */
import { Modal, type ModalFuncProps } from 'antd';
import { useEffect } from 'react';

export interface ConfirmApi {
  confirm: (config: ModalFuncProps) => void;
}

export default function ConfirmHolder({ onReady }: { onReady: (api: ConfirmApi) => void }) {
  const [modal, holder] = Modal.useModal();
  useEffect(() => onReady({ confirm: (config) => void modal.confirm(config) }), [modal, onReady]);
  return holder;
}
