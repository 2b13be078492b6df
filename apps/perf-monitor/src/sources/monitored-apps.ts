export interface MonitoredApp {
  /** The process's name (`documentos-service-2` for a second replica): the instance. */
  name: string;
  /** The app it runs (`documentos-service`): the job, as in the Prometheus configuration. */
  job: string;
  url: string;
}

/** The six apps on their default ports, when MONITORED_APPS is not set. */
const DEFAULT_APPS =
  'gateway=http://127.0.0.1:3000,documentos-service=http://127.0.0.1:3001,derivaciones-service=http://127.0.0.1:3002,integraciones-service=http://127.0.0.1:3003,reportes-worker=http://127.0.0.1:3004,perf-monitor=http://127.0.0.1:3005';

/** MONITORED_APPS: comma-separated name=url pairs; a replica's name ends in -<n>. */
export function parseMonitoredApps(value: string | undefined): MonitoredApp[] {
  return (value?.trim() ? value : DEFAULT_APPS)
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`MONITORED_APPS: "${pair}" is not name=url`);
      const name = pair.slice(0, at).trim();
      return {
        name,
        job: name.replace(/-\d+$/, ''),
        url: pair
          .slice(at + 1)
          .trim()
          .replace(/\/$/, ''),
      };
    });
}
