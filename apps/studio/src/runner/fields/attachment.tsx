/** Attachments: files kept with the record. */
import type { AttachmentField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { FileListDisplay, FileListInput } from './file-list.tsx';

export const attachment = defineWidget<AttachmentField>({
  type: 'attachment',
  width: 180,
  Display: FileListDisplay,
  Input: FileListInput,
});
