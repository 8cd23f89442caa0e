import { describe, expect, it } from 'vitest';
import { robotAnswerError, robotMessage, signedDingtalkUrl } from './robot-messages.ts';

describe('group robot messages', () => {
  it('keeps a 企业微信 message within its byte limits, cutting on a character boundary', () => {
    const long = '线索'.repeat(2000); // 12,000 bytes
    const markdown = robotMessage('wecom', 'markdown', { title: '提醒', text: long, link: 'https://crm.example.com/apps/crm/records/lead/1', linkLabel: '查看记录' }) as { markdown: { content: string } };
    expect(Buffer.byteLength(markdown.markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(markdown.markdown.content).toMatch(/…\n\[查看记录\]\(https:\/\/crm\.example\.com\/apps\/crm\/records\/lead\/1\)$/);
    expect(markdown.markdown.content).not.toContain('\uFFFD');
    const text = robotMessage('wecom', 'text', { title: '提醒', text: long }) as { msgtype: string; text: { content: string } };
    expect(text.msgtype).toBe('text');
    expect(Buffer.byteLength(text.text.content, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('signs a 钉钉 URL with timestamp and the URL-encoded HMAC-SHA256 of "timestamp\\nsecret"', () => {
    // Worked example (computed with Python's hmac): secret "SECabc", timestamp 1700000000011.
    const url = new URL(signedDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t', 'SECabc', 1700000000011));
    expect(url.searchParams.get('access_token')).toBe('t');
    expect(url.searchParams.get('timestamp')).toBe('1700000000011');
    expect(url.searchParams.get('sign')).toBe('xExLZuBAxaIrop0wGL20/+du634TRY5oq4uQ3Y9B5rw=');
    expect(url.search).toContain('sign=xExLZuBAxaIrop0wGL20%2F%2Bdu634TRY5oq4uQ3Y9B5rw%3D');
  });

  it('reads a robot\'s answer: errcode 0 is success, anything else names the error', () => {
    expect(robotAnswerError(200, '{"errcode":0,"errmsg":"ok"}')).toBeUndefined();
    expect(robotAnswerError(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toBe('errcode 93000: invalid webhook url');
    expect(robotAnswerError(502, 'Bad Gateway')).toBe('HTTP 502: Bad Gateway');
    expect(robotAnswerError(200, '<html>')).toMatch(/not JSON/);
  });
});
