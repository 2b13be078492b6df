import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DEV_JWT_PRIVATE_KEY, DEV_JWT_PUBLIC_KEY, parsePublicKey, sameKey } from '../auth/token-keys';
import { tokenVerificationKey } from '../auth/access-token';
import { ConfigError, enRedOperativa, EnvSchema, loadConfig, redesOperativas, trustProxyOption } from './env.schema';

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

describe('loadConfig: OPERATOR_NETWORKS', () => {
  it('by default lets loopback and private networks in, and keeps the internet out', () => {
    const redes = redesOperativas(loadConfig({}).OPERATOR_NETWORKS);
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.9', 'fd12::1']) {
      expect([ip, enRedOperativa(redes, ip)]).toEqual([ip, true]);
    }
    for (const ip of ['203.0.113.7', '8.8.8.8', '2001:db8::1', '172.32.0.1', 'nonsense']) {
      expect([ip, enRedOperativa(redes, ip)]).toEqual([ip, false]);
    }
  });

  it('refuses what is not a CIDR', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/40', 'private', '::1/129']) {
      expect(() => loadConfig({ OPERATOR_NETWORKS: bad })).toThrow(/OPERATOR_NETWORKS/);
    }
  });
});

describe('loadConfig: token keys and lifetimes', () => {
  const pair = () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return { priv: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), pub: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
  };

  it('caps access tokens at 15 minutes', () => {
    expect(loadConfig({}).JWT_EXPIRES_IN_SECONDS).toBe(900);
    expect(() => loadConfig({ JWT_EXPIRES_IN_SECONDS: '901' })).toThrow(/JWT_EXPIRES_IN_SECONDS/);
  });

  it('has no shared HMAC secret any more', () => {
    expect(Object.keys(new EnvSchema())).not.toContain('JWT_SECRET');
  });

  it('takes Ed25519 PEM keys (also with \\n for line breaks) and refuses other keys, naming the variable', () => {
    const { priv, pub } = pair();
    expect(() => loadConfig({ JWT_PRIVATE_KEY: priv.replace(/\n/g, '\\n'), JWT_PUBLIC_KEY: pub })).not.toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadConfig({ JWT_PRIVATE_KEY: rsa })).toThrow(/JWT_PRIVATE_KEY: not an Ed25519 key/);
    expect(() => loadConfig({ JWT_PUBLIC_KEY: priv })).toThrow(/JWT_PUBLIC_KEY: not an Ed25519 key/);
    expect(() => loadConfig({ JWT_PUBLIC_KEY: 'REPLACE_ME' })).toThrow(/JWT_PUBLIC_KEY/);
    expect(() => loadConfig({ JWT_PRIVATE_KEY: priv, JWT_PUBLIC_KEY: pair().pub })).toThrow(/JWT_PUBLIC_KEY: is not the public key of JWT_PRIVATE_KEY/);
  });

  it('refuses the development key pair in production, and a verifier without a public key', () => {
    const prod = { NODE_ENV: 'production', ENCRYPTION_KEY: clave(), TRACKING_CODE_SECRET: 'x'.repeat(40) };
    expect(() => loadConfig({ ...prod, JWT_PRIVATE_KEY: DEV_JWT_PRIVATE_KEY })).toThrow(/JWT_PRIVATE_KEY: the development key is refused in production/);
    expect(() => loadConfig({ ...prod, JWT_PUBLIC_KEY: DEV_JWT_PUBLIC_KEY })).toThrow(/JWT_PUBLIC_KEY: the development key is refused in production/);
    expect(() => tokenVerificationKey(loadConfig(prod))).toThrow(/JWT_PUBLIC_KEY: required in production/);
    const { pub } = pair();
    expect(sameKey(tokenVerificationKey(loadConfig({ ...prod, JWT_PUBLIC_KEY: pub })), parsePublicKey(pub))).toBe(true);
    // Outside production the development pair is the default.
    expect(sameKey(tokenVerificationKey(loadConfig({})), parsePublicKey(DEV_JWT_PUBLIC_KEY))).toBe(true);
  });
});
