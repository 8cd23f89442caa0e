/**
 * E-mail over SMTP with nodemailer, when `PIPEWRIGHT_SMTP_URL` is set:
 *
 * | variable                | example                                          | meaning |
 * | ----------------------- | ------------------------------------------------ | ------- |
 * | `PIPEWRIGHT_SMTP_URL`   | `smtps://crm%40example.com:密码@smtp.exmail.qq.com:465` | the server, as nodemailer's connection URL (`smtp://` with STARTTLS when offered, `smtps://` for TLS from the start) |
 * | `PIPEWRIGHT_SMTP_FROM`  | `销售管理 <crm@example.com>`                     | the From address (default: the URL's user name) |
 *
 * Messages are UTF-8, as plain text and as HTML (the text escaped, lines kept).
 *
 * @example
 * const settings = readMailSettings(process.env);     // undefined without PIPEWRIGHT_SMTP_URL
 * const mailer = settings && new Mailer(settings);
 * await mailer?.send({ to: 'wang.lei@example.com', subject: '新线索：星辰科技', text: '请在 3 天内跟进。' });
 */
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailSettings {
  url: string;
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The SMTP settings of the environment, or undefined when `PIPEWRIGHT_SMTP_URL` is unset; throws naming a bad variable. */
export function readMailSettings(env: Readonly<Record<string, string | undefined>>): MailSettings | undefined {
  const url = env.PIPEWRIGHT_SMTP_URL?.trim();
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('PIPEWRIGHT_SMTP_URL must be a URL such as smtps://user:password@smtp.example.com:465');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`PIPEWRIGHT_SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  const user = decodeURIComponent(parsed.username);
  const from = env.PIPEWRIGHT_SMTP_FROM?.trim() || (user.includes('@') ? user : '');
  if (!from) throw new Error('PIPEWRIGHT_SMTP_FROM must be set (the From address) when the SMTP user name is not an e-mail address');
  return { url, from };
}

export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: MailSettings) {
    this.transport = nodemailer.createTransport(settings.url, { from: settings.from });
  }

  /** Sends one message; throws when the server refuses it or cannot be reached. */
  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: `<!doctype html><html><head><meta charset="utf-8"></head><body><div style="white-space:pre-wrap">${escapeHtml(message.text)}</div></body></html>`,
      textEncoding: 'base64',
    });
  }

  close(): void {
    this.transport.close();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
