/** A signature: one image drawn by the signer. */
import type { SignatureField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { FileListDisplay, FileListInput } from './file-list.tsx';

export const signature = defineWidget<SignatureField>({
  type: 'signature',
  width: 180,
  Display: FileListDisplay,
  Input: FileListInput,
});
