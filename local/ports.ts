// The local stack's ports. Fixed by default, so that its addresses (the dashboard, the endpoints
// `leakscan serve` writes to .leakscan/env.json, the presigned URLs it hands out) are the same from
// one start to the next; checked before anything starts, so that a taken port is named, and the
// stack starts whole or not at all.
import { createServer } from 'node:net';

export const LOCAL_SERVERS = { dashboard: 'the dashboard', s3: 'S3', sqs: 'SQS', dynamodb: 'DynamoDB', ses: 'SES', site: 'the example site' } as const;
export type LocalPorts = Record<keyof typeof LOCAL_SERVERS, number>;

export const DEFAULT_DASHBOARD_PORT = 8080;

/** The dashboard on `first` and the other servers on the ports after it, in LOCAL_SERVERS's order; 0: any free port for each. */
export function localPorts(first: number): LocalPorts {
  const names = Object.keys(LOCAL_SERVERS) as Array<keyof LocalPorts>;
  return Object.fromEntries(names.map((name, i) => [name, first === 0 ? 0 : first + i])) as LocalPorts;
}

const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

export class PortsTaken extends Error {}

/** Throws PortsTaken naming every taken port, with what to do. */
export async function ensurePortsFree(ports: LocalPorts): Promise<void> {
  const entries = Object.entries(ports) as Array<[keyof LocalPorts, number]>;
  const taken = [];
  for (const [name, port] of entries) if (port !== 0 && !(await isFree(port))) taken.push(`${port} (${LOCAL_SERVERS[name]})`);
  if (taken.length === 0) return;
  const others = entries.length - 1;
  throw new PortsTaken(
    `port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} ${taken.length > 1 ? 'are' : 'is'} in use on 127.0.0.1: stop what uses ${taken.length > 1 ? 'them' : 'it'} (another leakscan serve?), or start with --port <n> (the dashboard's; the ${others} local servers take the ${others} ports after it; 0 for any free ports)`,
  );
}
