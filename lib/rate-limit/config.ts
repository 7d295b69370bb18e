/**
 * Limits on failed authentication, from the environment (README "Rate limiting and security
 * headers"). `*_FAILURES=0` turns a limiter off. Read once per limiter; server.ts reads it at
 * start-up (through lib/auth-api/app.ts), so an invalid value stops the server, not a request.
 */
export type FailureLimits = {
  /** Refused attempts allowed within `windowS`; the next attempt is refused with a wait. 0 = off. */
  failures: number;
  /** Seconds over which failures are counted, from the first one. */
  windowS: number;
  /** Seconds a client stays refused once it has used up `failures`. */
  blockS: number;
};

export type RateLimitConfig = { authApi: FailureLimits; signIn: FailureLimits };

// The authentication API: one Opik backend is one address for all of its users, so the default
// leaves room for misconfigured clients (each distinct refused key counts once per window).
// Sign-in: a person mistypes a few times, a password guesser does not stop at five.
const DEFAULTS = {
  AUTH_RATE_LIMIT_FAILURES: 30,
  AUTH_RATE_LIMIT_WINDOW_S: 60,
  AUTH_RATE_LIMIT_BLOCK_S: 60,
  LOGIN_RATE_LIMIT_FAILURES: 5,
  LOGIN_RATE_LIMIT_WINDOW_S: 900,
  LOGIN_RATE_LIMIT_BLOCK_S: 900,
} as const;

type Variable = keyof typeof DEFAULTS;

const MAX_FAILURES = 1_000_000;
/** One day: longer blocks belong in a firewall, and Node timers cap out at ~24.8 days anyway. */
const MAX_SECONDS = 86_400;

export function readRateLimitConfig(env: Record<string, string | undefined> = process.env): RateLimitConfig {
  const problems: string[] = [];
  const read = (name: Variable, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") return DEFAULTS[name];
    const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw.slice(0, 20)}"`);
      return DEFAULTS[name];
    }
    return value;
  };
  const config: RateLimitConfig = {
    authApi: {
      failures: read("AUTH_RATE_LIMIT_FAILURES", 0, MAX_FAILURES),
      windowS: read("AUTH_RATE_LIMIT_WINDOW_S", 1, MAX_SECONDS),
      blockS: read("AUTH_RATE_LIMIT_BLOCK_S", 1, MAX_SECONDS),
    },
    signIn: {
      failures: read("LOGIN_RATE_LIMIT_FAILURES", 0, MAX_FAILURES),
      windowS: read("LOGIN_RATE_LIMIT_WINDOW_S", 1, MAX_SECONDS),
      blockS: read("LOGIN_RATE_LIMIT_BLOCK_S", 1, MAX_SECONDS),
    },
  };
  if (problems.length) throw new Error(`Invalid rate limit settings: ${problems.join("; ")}`);
  return config;
}
