/**
 * The group robots' own message formats, exactly as their webhooks take them:
 *
 * - 企业微信 (WeCom) group robot, `POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`:
 *   `{"msgtype":"markdown","markdown":{"content":"…"}}` (at most 4096 bytes) or
 *   `{"msgtype":"text","text":{"content":"…"}}` (at most 2048 bytes).
 * - 钉钉 (DingTalk) custom robot, `POST https://oapi.dingtalk.com/robot/send?access_token=…`:
 *   `{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}` or
 *   `{"msgtype":"text","text":{"content":"…"}}`; with a signing secret ("加签") the URL also
 *   carries `timestamp` (milliseconds) and `sign` = base64(HMAC-SHA256(secret,
 *   `${timestamp}\n${secret}`)), URL-encoded.
 *
 * Both answer HTTP 200 with `{"errcode":0,"errmsg":"ok"}` on success and a non-zero `errcode`
 * otherwise (a bad key, a wrong signature, too many messages): that is a failed send.
 * Values from records are escaped for markdown (`escapeMarkdown`), so a customer named
 * `[点这里](http://…)` shows as text, not as a link.
 *
 * @example
 * robotMessage('wecom', 'markdown', { title: '新线索', text: '星辰科技', link: 'https://crm.example.com/apps/crm/records/lead/12', linkLabel: '查看记录' });
 * // { msgtype: 'markdown', markdown: { content: '**新线索**\n星辰科技\n[查看记录](https://crm.example.com/apps/crm/records/lead/12)' } }
 * signedDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t', 'SEC…', 1733000000000);
 */
import { createHmac } from 'node:crypto';

export type RobotKind = 'wecom' | 'dingtalk';
export type RobotFormat = 'markdown' | 'text';

export interface RobotContent {
  title: string;
  /** Already filled; record values in it escaped for markdown when the format is markdown. */
  text: string;
  link?: string | undefined;
  linkLabel?: string | undefined;
}

const limits: Record<RobotKind, Record<RobotFormat, number>> = {
  wecom: { markdown: 4096, text: 2048 },
  dingtalk: { markdown: 20_000, text: 20_000 },
};

export function robotMessage(kind: RobotKind, format: RobotFormat, content: RobotContent): object {
  const limit = limits[kind][format];
  if (format === 'markdown') {
    const link = content.link ? `\n[${content.linkLabel ?? content.link}](${content.link})` : '';
    const heading = kind === 'dingtalk' ? `### ${content.title}` : `**${content.title}**`;
    const text = `${heading}\n${truncateBytes(content.text, limit - byteLength(heading) - byteLength(link) - 2)}${link}`;
    return kind === 'wecom' ? { msgtype: 'markdown', markdown: { content: text } } : { msgtype: 'markdown', markdown: { title: truncateBytes(content.title, 100) || '通知', text } };
  }
  const link = content.link ? `\n${content.link}` : '';
  const text = `${content.title}\n${truncateBytes(content.text, limit - byteLength(content.title) - byteLength(link) - 2)}${link}`;
  return { msgtype: 'text', text: { content: text } };
}

/** The DingTalk webhook URL with `timestamp` and `sign` for a robot that has a signing secret. */
export function signedDingtalkUrl(url: string, secret: string, timestamp: number = Date.now()): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestamp));
  signed.searchParams.set('sign', sign);
  return signed.href;
}

/** Whether a robot's answer says the message was taken; otherwise why not. */
export function robotAnswerError(status: number, body: string): string | undefined {
  if (status < 200 || status >= 300) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return `the answer is not JSON: ${body.slice(0, 200)}`;
  }
  const { errcode, errmsg } = (answer ?? {}) as { errcode?: unknown; errmsg?: unknown };
  if (errcode === 0) return undefined;
  return `errcode ${String(errcode)}: ${typeof errmsg === 'string' ? errmsg : 'no message'}`;
}

/** Markdown's special characters in a value, backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()<>#~|!]/g, (c) => `\\${c}`);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** `text` cut to at most `bytes` UTF-8 bytes on a character boundary, with `…` when cut. */
export function truncateBytes(text: string, bytes: number): string {
  if (byteLength(text) <= bytes) return text;
  let out = '';
  let used = 0;
  const budget = Math.max(0, bytes - 3);
  for (const ch of text) {
    const size = byteLength(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return `${out}…`;
}
