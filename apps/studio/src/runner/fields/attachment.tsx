/** Attachments: files kept with the record, uploaded by dropping or picking them. */
import type { AttachmentField } from '@pipewright/metadata';
import type { ComponentType } from 'react';
import { defineWidget, type InputProps } from './field-widget.ts';
import { FileListDisplay, FileUpload } from './file-list.tsx';

export const attachment = defineWidget<AttachmentField>({
  type: 'attachment',
  width: 180,
  Display: FileListDisplay,
  Input: FileUpload as ComponentType<InputProps<AttachmentField>>,
});
