/**
 * The outbound policy: where webhooks and group robots may send. A URL must be `http:` or
 * `https:`, carry no user name or password, and every address its host resolves to (a literal
 * address, or each address DNS answers) must be public (see address-ranges.ts), unless an
 * administrator allow-lists it. The allow list is `PIPEWRIGHT_WEBHOOK_ALLOW`, comma-separated:
 *
 * | entry                          | allows                                                 |
 * | ------------------------------ | ------------------------------------------------------ |
 * | `10.1.2.3`, `fd00::5`          | that address, any port                                 |
 * | `10.0.0.0/8`, `fd00::/8`       | that network, any port                                 |
 * | `127.0.0.1:8080`, `[::1]:8080` | that address on that port                              |
 * | `erp.internal`, `erp.internal:8443` | that host name (whatever it resolves to), optionally only that port |
 *
 * The check runs on the address the connection is made to (after DNS, so a name that resolves to
 * a private address is refused, and a second lookup cannot swap in another one), and again for
 * every redirect (see outbound-request.ts).
 *
 * @example
 * const policy = OutboundPolicy.fromEnvironment(process.env);   // PIPEWRIGHT_WEBHOOK_ALLOW=127.0.0.1:9000
 * policy.checkUrl('http://169.254.169.254/latest/meta-data', '/url');   // throws OutboundRefusedError (400 at /url)
 * await policy.resolve(new URL('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'));  // [{ address, family }]
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { PipewrightError } from '@pipewright/engines';
import { ipv6Groups, isPublicAddress } from './address-ranges.ts';

/** A URL or address the policy refuses: 400 `outbound.refused` at the path of the URL. */
export class OutboundRefusedError extends PipewrightError {
  constructor(message: string, path = '/url') {
    super('outbound.refused', message, [{ path, code: 'outbound.refused', message }]);
    this.name = 'OutboundRefusedError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Answers the addresses of a host name (default: the system resolver, every address). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

interface PortRule {
  port: number | undefined;
}

export class OutboundPolicy {
  private readonly networks = new BlockList();
  private readonly addresses: { address: string; family: 4 | 6; port: number }[] = [];
  private readonly hosts: (PortRule & { host: string })[] = [];

  /** `allow`: entries as in `PIPEWRIGHT_WEBHOOK_ALLOW`; `resolver`: for tests, a DNS of their own. */
  constructor(allow: readonly string[] = [], private readonly resolver: Resolver = systemResolver) {
    for (const raw of allow) this.add(raw.trim());
  }

  /** The policy of `PIPEWRIGHT_WEBHOOK_ALLOW`; throws an Error naming a bad entry. */
  static fromEnvironment(env: Readonly<Record<string, string | undefined>>, resolver?: Resolver): OutboundPolicy {
    const entries = (env.PIPEWRIGHT_WEBHOOK_ALLOW ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
    return new OutboundPolicy(entries, resolver);
  }

  private add(entry: string): void {
    if (entry === '') return;
    const bad = () => new Error(`PIPEWRIGHT_WEBHOOK_ALLOW: "${entry}" is not an address, a network (a.b.c.d/n), address:port, [v6]:port or host[:port]`);
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const family = isIP(cidr[1]!);
      const prefix = Number(cidr[2]);
      if (family === 0 || prefix > (family === 4 ? 32 : 128)) throw bad();
      this.networks.addSubnet(cidr[1]!, prefix, family === 4 ? 'ipv4' : 'ipv6');
      return;
    }
    if (isIP(entry) === 4) return this.networks.addAddress(entry, 'ipv4');
    if (isIP(entry) === 6) return this.networks.addAddress(entry, 'ipv6');
    const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(entry);
    if (bracketed) {
      if (isIP(bracketed[1]!) !== 6) throw bad();
      if (bracketed[2] === undefined) return this.networks.addAddress(bracketed[1]!, 'ipv6');
      this.addresses.push({ address: normalise(bracketed[1]!), family: 6, port: port(bracketed[2], bad) });
      return;
    }
    const withPort = /^([^:\s]+):(\d{1,5})$/.exec(entry);
    const host = withPort ? withPort[1]! : entry;
    const portNumber = withPort ? port(withPort[2]!, bad) : undefined;
    if (isIP(host) === 4) {
      this.addresses.push({ address: host, family: 4, port: portNumber! });
      return;
    }
    if (!/^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/i.test(host)) throw bad();
    this.hosts.push({ host: host.toLowerCase(), port: portNumber });
  }

  /**
   * Parses and checks a URL's form (scheme, credentials, a literal address that is not allowed)
   * without DNS; throws {@link OutboundRefusedError} at `path`. For the settings form: the full
   * check happens at every send.
   */
  checkUrl(text: string, path = '/url'): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new OutboundRefusedError('is not an absolute URL', path);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefusedError(`uses ${url.protocol.replace(':', '')}: only http and https are allowed`, path);
    if (url.username !== '' || url.password !== '') throw new OutboundRefusedError('may not carry a user name or password', path);
    const literal = literalAddress(url);
    if (literal && !this.allows(url, literal)) throw new OutboundRefusedError(refusal(url, literal.address), path);
    return url;
  }

  /**
   * The addresses a request to `url` may connect to: every address of its host, which must all
   * be allowed (a name that answers one private address among public ones is refused whole).
   */
  async resolve(url: URL, path = '/url'): Promise<ResolvedAddress[]> {
    this.checkUrl(url.href, path);
    const literal = literalAddress(url);
    if (literal) return [literal];
    let answers: ResolvedAddress[];
    try {
      answers = await this.resolver(url.hostname);
    } catch (error) {
      throw new OutboundRefusedError(`${url.hostname} does not resolve (${error instanceof Error ? error.message : String(error)})`, path);
    }
    if (answers.length === 0) throw new OutboundRefusedError(`${url.hostname} does not resolve`, path);
    const refused = answers.find((a) => !this.allows(url, a));
    if (refused) throw new OutboundRefusedError(refusal(url, refused.address), path);
    return answers;
  }

  /** Whether a connection to `address` for `url` is allowed: public, or allow-listed. */
  allows(url: URL, { address, family }: ResolvedAddress): boolean {
    if (isPublicAddress(address)) return true;
    const portNumber = portOf(url);
    if (this.networks.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const normal = family === 6 ? normalise(address) : address;
    if (this.addresses.some((a) => a.family === family && a.address === normal && a.port === portNumber)) return true;
    const host = url.hostname.toLowerCase();
    return this.hosts.some((h) => h.host === host && (h.port === undefined || h.port === portNumber));
  }
}

function refusal(url: URL, address: string): string {
  return `${url.host} is ${address === url.hostname.replace(/^\[|\]$/g, '') ? '' : `${address}, `}a private, loopback or link-local address: an administrator must allow it (PIPEWRIGHT_WEBHOOK_ALLOW)`;
}

function literalAddress(url: URL): ResolvedAddress | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  return family === 0 ? undefined : { address: host, family: family === 6 ? 6 : 4 };
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function port(text: string, bad: () => Error): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw bad();
  return n;
}

function normalise(ipv6: string): string {
  return (ipv6Groups(ipv6) ?? []).map((g) => g.toString(16)).join(':');
}
