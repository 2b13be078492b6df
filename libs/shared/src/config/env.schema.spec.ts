import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, trustProxyOption } from './env.schema';

const clave = () => randomBytes(32).toString('base64');

describe('loadConfig: ENCRYPTION_KEYS_PREVIOUS', () => {
  it('takes the earlier keys, comma-separated', () => {
    const [a, b] = [clave(), clave()];
    expect(loadConfig({ ENCRYPTION_KEYS_PREVIOUS: `${a},${b}` }).ENCRYPTION_KEYS_PREVIOUS).toBe(`${a},${b}`);
    expect(loadConfig({}).ENCRYPTION_KEYS_PREVIOUS).toBeUndefined();
  });

  it.each([
    ['a key of 16 bytes', randomBytes(16).toString('base64')],
    ['a space after the comma', `${clave()}, ${clave()}`],
    ['a trailing comma', `${clave()},`],
  ])('refuses %s with a message naming the variable', (_name, value) => {
    expect(() => loadConfig({ ENCRYPTION_KEYS_PREVIOUS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ENCRYPTION_KEYS_PREVIOUS: value })).toThrow(/ENCRYPTION_KEYS_PREVIOUS: .*base64 keys of 32 bytes/);
  });
});

describe('loadConfig: TRUSTED_PROXIES', () => {
  it('trusts no proxy by default, so X-Forwarded-For is never read', () => {
    expect(trustProxyOption(loadConfig({}).TRUSTED_PROXIES)).toBe(false);
    expect(trustProxyOption('  ')).toBe(false);
  });

  it('takes a hop count, or addresses, CIDRs and proxy-addr names', () => {
    expect(trustProxyOption('1')).toBe(1);
    expect(trustProxyOption('10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses anything else, naming the entry', () => {
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/2', '*']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES/);
    }
  });
});
