/** A signature: one image drawn by the signer on a pad and stored as a PNG. */
import type { SignatureField } from '@pipewright/metadata';
import { defineWidget, type InputProps } from './field-widget.ts';
import { FileListDisplay } from './file-list.tsx';
import { later } from './lazy-inputs.tsx';

const SignaturePad = later<InputProps<SignatureField>>(() => import('./signature-pad.tsx'));

export const signature = defineWidget<SignatureField>({
  type: 'signature',
  width: 180,
  Display: FileListDisplay,
  Input: SignaturePad,
});
