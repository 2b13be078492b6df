import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './env.schema';

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
