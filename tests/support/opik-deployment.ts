import type { Db } from "@/db/client";
import { administrators, apiKeys, personWorkspaces, serviceAccounts, workspaces } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { generateApiKey, hashApiKey, keyHint } from "@/lib/keys";
import { freePort, startContractServer, type ContractServer } from "./contract-server";
import { startOpikStandIn, type OpikStandIn } from "./opik-standin";
import { startProxy, type ProxyKind, type RunningProxy } from "./proxies";

/**
 * A whole deployment of the README's "Use with Opik" on loopback, for e2e/opik-web-ui.spec.ts:
 * the browser talks to the proxy (the Opik host, http://localhost:<port>) and to this service
 * (http://127.0.0.1:<port>: another cookie host); the proxy sends pages and /api/ to the stand-in
 * Opik's frontend and asks this service about each request; the stand-in backend asks this
 * service's /opik/auth. The service is the production build (`npm start`) on a fresh PGlite
 * directory, seeded before it starts.
 */
export const PASSWORD = "opik web ui password 2026";

export type Person = { id: string; email: string; password: string };
export type DeploymentFixtures = {
  ws: Record<"teamA" | "teamB" | "teamC", { id: string; name: string }>;
  /** role admin: changes people in the dashboard */
  admin: Person;
  /** role member; default team-a, authorized team-a and team-b */
  alice: Person;
  /** role member; default team-b; removed by an admin mid-test */
  bob: Person;
  /** role member; default team-c; their password is reset by an admin mid-test */
  carol: Person;
  serviceAccount: { name: string; key: string };
};

export type Deployment = {
  kind: ProxyKind;
  /** The Opik host: http://localhost:<proxy port> */
  opikUrl: string;
  /** This service: http://127.0.0.1:<port> */
  serviceUrl: string;
  fixtures: DeploymentFixtures;
  opik: OpikStandIn;
  proxy: RunningProxy;
  service: ContractServer<DeploymentFixtures>;
  stop: () => Promise<void>;
};

async function seed(db: Db): Promise<DeploymentFixtures> {
  const [teamA, teamB, teamC] = await db
    .insert(workspaces)
    .values([{ name: "team-a" }, { name: "team-b" }, { name: "team-c" }])
    .returning({ id: workspaces.id, name: workspaces.name });
  const passwordHash = await hashPassword(PASSWORD);
  const person = async (email: string, role: "admin" | "member", defaultWorkspaceId: string | null, authorized: string[]): Promise<Person> => {
    const [row] = await db.insert(administrators).values({ email, name: email.split("@")[0]!, role, passwordHash, defaultWorkspaceId }).returning({ id: administrators.id });
    for (const workspaceId of authorized) await db.insert(personWorkspaces).values({ personId: row!.id, workspaceId });
    return { id: row!.id, email, password: PASSWORD };
  };
  const admin = await person("admin@example.test", "admin", null, []);
  const alice = await person("alice@example.test", "member", teamA!.id, [teamA!.id, teamB!.id]);
  const bob = await person("bob@example.test", "member", teamB!.id, [teamB!.id]);
  const carol = await person("carol@example.test", "member", teamC!.id, [teamC!.id]);
  const [account] = await db.insert(serviceAccounts).values({ name: "svc-ci-bot", defaultWorkspaceId: teamA!.id }).returning({ id: serviceAccounts.id, name: serviceAccounts.name });
  const key = generateApiKey();
  await db.insert(apiKeys).values({ serviceAccountId: account!.id, name: "ci", hash: hashApiKey(key), hint: keyHint(key) });
  return { ws: { teamA: teamA!, teamB: teamB!, teamC: teamC! }, admin, alice, bob, carol, serviceAccount: { name: account!.name, key } };
}

/**
 * Options for single sign-on (e2e/sso-opik-host.spec.ts): the ports chosen beforehand (the
 * identity provider registers the callback first), extra environment, and the hosts swapped —
 * with SSO, AUTH_URL must be on localhost (README "Single sign-on"), so the Opik host is 127.0.0.1.
 */
export type DeploymentOptions = { proxyPort?: number; servicePort?: number; env?: Record<string, string>; swapHosts?: boolean; seed?: (db: Db, fixtures: DeploymentFixtures) => Promise<void> };

export async function startDeployment(kind: ProxyKind, options: DeploymentOptions = {}): Promise<Deployment> {
  const [proxyPort, servicePort] = [options.proxyPort ?? (await freePort()), options.servicePort ?? (await freePort())];
  const [opikHost, serviceHost] = options.swapHosts ? ["127.0.0.1", "localhost"] : ["localhost", "127.0.0.1"];
  const opikUrl = `http://${opikHost}:${proxyPort}`;
  const serviceUrl = `http://${serviceHost}:${servicePort}`;
  const opik = await startOpikStandIn(`http://127.0.0.1:${servicePort}`);
  const stops: (() => Promise<void>)[] = [() => opik.close()];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const seedAll = async (db: Db) => {
      const fixtures = await seed(db);
      await options.seed?.(db, fixtures);
      return fixtures;
    };
    const service = await startContractServer(seedAll, {
      port: servicePort,
      env: { OPIK_UI_URL: opikUrl, AUTH_URL: serviceUrl, ...options.env },
    });
    stops.push(() => service.dispose());
    const proxy = await startProxy(kind, { opikUpstream: opik.frontendHostPort, authUpstream: `127.0.0.1:${servicePort}`, authPublicUrl: serviceUrl, port: proxyPort });
    stops.push(() => proxy.stop());
    return { kind, opikUrl, serviceUrl, fixtures: service.fixtures, opik, proxy, service, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
