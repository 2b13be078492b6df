import { execFileSync } from 'node:child_process';
import { AppName, fromRoot } from './suite.apps';

export const REDIS_ACL_GENERATOR = fromRoot('deploy', 'redis', 'acl.mjs');

/** Each app's Redis password variable, as deploy/redis/acl.mjs names it (REDIS_PASSWORD_GATEWAY…). */
export const REDIS_PASSWORD_VARIABLES = JSON.parse(
  execFileSync(process.execPath, [REDIS_ACL_GENERATOR, '--variables'], { encoding: 'utf8' }),
) as Record<AppName, string>;
