import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from "jose";

/**
 * A small OpenID-style identity provider for the Keyless CI tests (issue 29): a discovery document
 * and a JWKS endpoint over http on a loopback port, signing tokens with jose as GitHub Actions or
 * GitLab CI would. In its default settings it behaves like a real issuer (RS256, a `kid` on every
 * token, 5-minute tokens with `jti`, `iat` and `nbf`, keys published before they sign). Modes
 * for the refusals: `rotate()` (a new key signs, the old one leaves the JWKS), `slowJwksMs`,
 * `hugeJwksBytes`, `stop()` (unreachable).
 */
export type TestIssuer = {
  issuer: string;
  port: number;
  /** How often its documents were fetched. */
  fetches: { discovery: number; jwks: number };
  /** Answer the JWKS after this many ms (0: at once). */
  slowJwksMs: number;
  /** Pad the JWKS to this many bytes (0: its natural size). */
  hugeJwksBytes: number;
  /** A token with these claims over the defaults (iss, iat, nbf, exp in 5 minutes, jti). `exp: undefined` etc. drop one. */
  sign: (claims: Record<string, unknown>, options?: { alg?: "RS256"; kid?: string; nowS?: number }) => Promise<string>;
  /** GitHub Actions' claims for a workflow run of `repository` on `ref` (or in `environment`). */
  github: (input: { repository: string; ref?: string; environment?: string; ownerId?: string; aud: string; workflowRef?: string }) => Record<string, unknown>;
  /** GitLab CI's claims for a job of `project` on `ref`. */
  gitlab: (input: { project: string; ref?: string; aud: string; namespaceId?: string }) => Record<string, unknown>;
  /** An unsigned token (`alg: none`) with these claims. */
  unsigned: (claims: Record<string, unknown>) => string;
  /** An HS256 token whose "secret" is the issuer's public key (the algorithm-confusion attack). */
  hmacWithPublicKey: (claims: Record<string, unknown>) => Promise<string>;
  /** A new signing key; the old one leaves the JWKS (after a rotation a stale cache finds no match). */
  rotate: () => Promise<void>;
  stop: () => Promise<void>;
};

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK; spki: string };

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }, spki: await exportSPKI(publicKey) };
}

export async function startTestIssuer(): Promise<TestIssuer> {
  let current = await newKey();
  let server: Server;
  const state = { slowJwksMs: 0, hugeJwksBytes: 0 };
  const fetches = { discovery: 0, jwks: 0 };
  const port = await new Promise<number>((resolve) => {
    server = createServer((req, res) => {
      const send = (body: string) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      };
      if (req.url === "/.well-known/openid-configuration") {
        fetches.discovery++;
        return send(JSON.stringify({ issuer: base, jwks_uri: `${base}/.well-known/jwks`, subject_types_supported: ["public"], response_types_supported: ["id_token"], id_token_signing_alg_values_supported: ["RS256"] }));
      }
      if (req.url === "/.well-known/jwks") {
        fetches.jwks++;
        const keys: Record<string, unknown> = { keys: [current.jwk] };
        if (state.hugeJwksBytes > 0) keys.padding = "x".repeat(state.hugeJwksBytes);
        const body = JSON.stringify(keys);
        if (state.slowJwksMs > 0) {
          const timer = setTimeout(() => send(body), state.slowJwksMs);
          res.on("close", () => clearTimeout(timer));
          return;
        }
        return send(body);
      }
      res.writeHead(404).end();
    });
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
  const base = `http://127.0.0.1:${port}`;
  const nowS = () => Math.floor(Date.now() / 1000);
  const claimsOf = (claims: Record<string, unknown>, at = nowS()) => {
    const all: Record<string, unknown> = { iss: base, iat: at, nbf: at - 5, exp: at + 300, jti: randomUUID(), ...claims };
    for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
    return all;
  };
  const issuer: TestIssuer = {
    issuer: base,
    port,
    fetches,
    get slowJwksMs() {
      return state.slowJwksMs;
    },
    set slowJwksMs(ms: number) {
      state.slowJwksMs = ms;
    },
    get hugeJwksBytes() {
      return state.hugeJwksBytes;
    },
    set hugeJwksBytes(n: number) {
      state.hugeJwksBytes = n;
    },
    sign: (claims, options = {}) =>
      new SignJWT(claimsOf(claims, options.nowS))
        .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? current.kid, typ: "JWT" })
        .sign(current.privateKey),
    github: ({ repository, ref = "refs/heads/main", environment, ownerId = "1001", aud, workflowRef }) => {
      const [owner] = repository.split("/");
      return {
        aud,
        sub: environment ? `repo:${repository}:environment:${environment}` : `repo:${repository}:ref:${ref}`,
        ref,
        ref_type: "branch",
        repository,
        repository_id: "7001",
        repository_owner: owner,
        repository_owner_id: ownerId,
        repository_visibility: "private",
        actor: "octocat",
        actor_id: "583231",
        workflow: "CI",
        workflow_ref: workflowRef ?? `${repository}/.github/workflows/ci.yml@${ref}`,
        event_name: "push",
        run_id: "123456789",
        run_number: "42",
        run_attempt: "1",
        runner_environment: "github-hosted",
        ...(environment ? { environment } : {}),
      };
    },
    gitlab: ({ project, ref = "main", aud, namespaceId = "2001" }) => {
      const namespace = project.split("/").slice(0, -1).join("/");
      return {
        aud,
        sub: `project_path:${project}:ref_type:branch:ref:${ref}`,
        namespace_id: namespaceId,
        namespace_path: namespace,
        project_id: "3001",
        project_path: project,
        user_id: "4001",
        user_login: "gitlab-user",
        pipeline_id: "5001",
        pipeline_source: "push",
        job_id: "6001",
        ref,
        ref_type: "branch",
        ref_protected: "true",
        runner_environment: "gitlab-hosted",
      };
    },
    unsigned: (claims) => new UnsecuredJWT(claimsOf(claims)).encode(),
    hmacWithPublicKey: (claims) =>
      new SignJWT(claimsOf(claims)).setProtectedHeader({ alg: "HS256", kid: current.kid, typ: "JWT" }).sign(new TextEncoder().encode(current.spki)),
    rotate: async () => {
      current = await newKey();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return issuer;
}
