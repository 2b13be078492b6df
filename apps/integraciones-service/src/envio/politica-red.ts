import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** The destination is refused by the outbound policy (a private, loopback, link-local or metadata address). */
export class DestinoNoPermitido extends Error {
  override name = 'DestinoNoPermitido';
  readonly code = 'DESTINO_NO_PERMITIDO';
  constructor() {
    super('destino no permitido por la política de red');
  }
}

/**
 * Addresses an integration may not reach: this network, loopback, private (RFC 1918, CGNAT,
 * unique local), link-local (with the cloud metadata service at 169.254.169.254 and
 * fd00:ec2::254), documentation, benchmarking, multicast and reserved ranges; and IPv6 forms
 * that carry an IPv4 address (compatible, NAT64, 6to4), whatever that address is. IPv4-mapped
 * addresses (::ffff:127.0.0.1) need no rule of their own: BlockList checks them against the
 * IPv4 rules (and an IPv6 rule for ::ffff:0:0/96 would match every IPv4 address).
 */
const PROHIBIDAS = new BlockList();
for (const [red, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PROHIBIDAS.addSubnet(red, bits, 'ipv4');
}
for (const [red, bits] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  PROHIBIDAS.addSubnet(red, bits, 'ipv6');
}

const familia = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** `[::1]` in a URL is `::1` to the resolver. */
const sinCorchetes = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * INTEGRATIONS_ALLOWED_HOSTS as a check: entries are host names (every address they resolve to
 * is then allowed), IP addresses or CIDRs. Throws on an entry that is none of them.
 */
export function listaPermitida(valor: string | undefined): { nombres: Set<string>; redes: BlockList } {
  const nombres = new Set<string>();
  const redes = new BlockList();
  for (const entrada of (valor ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const [direccion, bits, sobra] = sinCorchetes(entrada).split('/');
    const tipo = isIP(direccion);
    if (tipo && bits === undefined) redes.addAddress(direccion, familia(direccion));
    else if (tipo && /^\d+$/.test(bits) && Number(bits) <= (tipo === 6 ? 128 : 32) && sobra === undefined) {
      redes.addSubnet(direccion, Number(bits), familia(direccion));
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entrada)) nombres.add(entrada);
    else throw new Error(`INTEGRATIONS_ALLOWED_HOSTS: '${entrada}' is not a host name, an address or a CIDR`);
  }
  return { nombres, redes };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Where outbound calls may go. The check is made on the addresses a name resolves to, inside
 * the connection's own `lookup`: the socket connects to the very addresses that were checked,
 * so a name that answers a public address to a first query and 127.0.0.1 to a second (DNS
 * rebinding) gains nothing. Literal addresses are checked before connecting (Node does not
 * look them up). Hosts on the allow-list (INTEGRATIONS_ALLOWED_HOSTS) are exempt.
 */
export class PoliticaRed {
  private readonly permitidas: ReturnType<typeof listaPermitida>;

  constructor(
    listaHosts: string | undefined,
    private readonly resolver: typeof dnsLookup = dnsLookup,
  ) {
    this.permitidas = listaPermitida(listaHosts);
  }

  /** Whether `host` (as written in the URL) may be reached at `ip`. */
  permite(host: string, ip: string): boolean {
    if (this.permitidas.nombres.has(sinCorchetes(host))) return true;
    if (this.permitidas.redes.check(ip, familia(ip))) return true;
    return !PROHIBIDAS.check(ip, familia(ip));
  }

  /** Throws DestinoNoPermitido when the URL's host is a literal address the policy refuses. */
  verificarLiteral(url: URL): void {
    const host = sinCorchetes(url.hostname);
    if (isIP(host) && !this.permite(host, host)) throw new DestinoNoPermitido();
  }

  /** The `lookup` of the connection: resolves, and fails with DestinoNoPermitido when any address is refused. */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    this.resolver(hostname, { ...options, all: true }, (err, direcciones) => {
      if (err) return callback(err, []);
      const todas = direcciones as LookupAddress[];
      if (!todas.length || todas.some((d) => !this.permite(hostname, d.address))) return callback(new DestinoNoPermitido(), []);
      if (options.all) callback(null, todas);
      else callback(null, todas[0].address, todas[0].family);
    });
  };

  /**
   * The check of a URL when an integration is written: refused when its host is, or resolves to,
   * a refused address. A name that does not resolve now is accepted (its sends will fail, and
   * are checked again when they connect).
   */
  async verificar(url: string): Promise<void> {
    const u = new URL(url);
    this.verificarLiteral(u);
    const host = sinCorchetes(u.hostname);
    if (isIP(host)) return;
    await new Promise<void>((resolve, reject) =>
      this.lookup(host, {}, (err) => (err instanceof DestinoNoPermitido ? reject(err) : resolve())),
    );
  }
}
