/** Images: photos kept with the record (a visit's photo). */
import type { ImageField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { FileListDisplay, FileListInput } from './file-list.tsx';

export const image = defineWidget<ImageField>({
  type: 'image',
  width: 180,
  Display: FileListDisplay,
  Input: FileListInput,
});
