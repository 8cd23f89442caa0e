/**
 * The words of the upload and signature inputs in zh-CN and en. They live with those inputs, in
 * the script loaded when a form first draws one, not in the runner's table (decision 053).
 */
import { useRunner } from '../app/runner-context.tsx';

const zh = {
  'file.drop': '点击或拖拽文件到这里上传',
  'file.limit': '每个文件不超过 {size}',
  'file.tooLarge': '{name} 超过 {size}，未上传',
  'file.typeRefused': '{name} 不是这个字段接受的文件类型',
  'file.failed': '{name} 上传失败：{reason}',
  'image.add': '添加图片',
  'image.preview': '图片预览',
  'signature.pad': '签名区域：用鼠标、触控笔或手指在此书写',
  'signature.clear': '清除',
  'signature.save': '确认签名',
  'signature.redo': '重新签名',
  'signature.empty': '请先在签名区域书写',
  'signature.image': '{name} 的签名',
  'common.cancel': '取消',
};

export type FileMessageKey = keyof typeof zh;

const en: Record<FileMessageKey, string> = {
  'file.drop': 'Click or drag files here to upload',
  'file.limit': 'Up to {size} per file',
  'file.tooLarge': '{name} is larger than {size}; not uploaded',
  'file.typeRefused': '{name} is not a type this field takes',
  'file.failed': '{name} could not be uploaded: {reason}',
  'image.add': 'Add image',
  'image.preview': 'Image preview',
  'signature.pad': 'Signature pad: write here with a mouse, pen or finger',
  'signature.clear': 'Clear',
  'signature.save': 'Use this signature',
  'signature.redo': 'Sign again',
  'signature.empty': 'Write in the pad first',
  'signature.image': 'Signature: {name}',
  'common.cancel': 'Cancel',
};

export type FileText = (key: FileMessageKey, values?: Record<string, string | number>) => string;

export function useFileText(): FileText {
  const dictionary = useRunner().locale === 'en' ? en : zh;
  return (key, values) => {
    const text = dictionary[key];
    return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;
  };
}
