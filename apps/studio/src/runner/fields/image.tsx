/** Images: photos kept with the record (a visit's photo), shown as thumbnails with a preview. */
import type { ImageField } from '@pipewright/metadata';
import type { ComponentType } from 'react';
import { defineWidget, type InputProps } from './field-widget.ts';
import { FileListDisplay, FileUpload } from './file-list.tsx';

export const image = defineWidget<ImageField>({
  type: 'image',
  width: 180,
  Display: FileListDisplay,
  Input: FileUpload as ComponentType<InputProps<ImageField>>,
});
