/**
 * Ready-to-paste configuration for the Opik SDKs, filled in with the new key and, when OPIK_URL is
 * set, the real Opik API URL (without it the SDKs would send the key to Comet's cloud, so the
 * placeholder says where it goes).
 */
export function usageSnippet(key: string, workspace: string | null, opikUrl: string | null): string {
  const ws = workspace ?? "your-workspace";
  return [
    "# Environment (recommended)",
    opikUrl ? `export OPIK_URL_OVERRIDE=${opikUrl}` : "export OPIK_URL_OVERRIDE=https://your-opik-host/api  # your Opik backend's API URL",
    `export OPIK_API_KEY=${key}`,
    `export OPIK_WORKSPACE=${ws}`,
    "",
    "# Python",
    "import opik",
    opikUrl ? `client = opik.Opik(host="${opikUrl}", api_key="${key}", workspace="${ws}")` : `client = opik.Opik(api_key="${key}", workspace="${ws}")`,
    "",
    "// TypeScript",
    'import { Opik } from "opik";',
    opikUrl
      ? `const client = new Opik({ apiUrl: "${opikUrl}", apiKey: "${key}", workspaceName: "${ws}" });`
      : `const client = new Opik({ apiKey: "${key}", workspaceName: "${ws}" });`,
  ].join("\n");
}
